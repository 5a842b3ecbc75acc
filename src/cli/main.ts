/**
 * The costlab command line. Commands load lazily, so `costlab --help` starts fast.
 * Bad input: one line naming the file, line and field and what to do, exit code 2, nothing written.
 */
import { buildProgram } from './program.ts';

export const EXIT_BAD_INPUT = 2;

/** An error the user can fix: printed as one line, exit 2. */
interface DescribedError {
  describe(): string;
}

function isDescribed(error: unknown): error is DescribedError {
  return typeof error === 'object' && error !== null && 'describe' in error && (error as { name?: string }).name === 'CostlabError';
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') return 0;
    if (typeof code === 'string' && code.startsWith('commander.')) return EXIT_BAD_INPUT; // commander printed it
    if (isDescribed(error)) {
      process.stderr.write(`costlab: ${error.describe()}\n`);
      return EXIT_BAD_INPUT;
    }
    process.stderr.write(`costlab: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}
