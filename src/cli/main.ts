/**
 * The costlab command line. Commands load lazily, so `costlab --help` starts fast.
 * Bad input: one line naming the file, line and field and what to do, exit code 2, nothing written.
 * A reader that goes away (`costlab models | head -1`) ends the command quietly with exit 0, as a pipeline
 * into head expects (git log | head): no stack trace. What was already stored stays stored — a `run` cut off
 * this way is resumable like one stopped by Ctrl-C.
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

/** Error codes of a write to a pipe or terminal whose reader is gone. */
const CLOSED_CODES = new Set(['EPIPE', 'ERR_STREAM_DESTROYED']);

function isClosedPipe(error: unknown): boolean {
  return CLOSED_CODES.has(String((error as { code?: unknown } | null)?.code));
}

let quietOnClosedPipes = false;

/**
 * Once per process: stdout closed by its reader ends the process at once with exit 0 (nothing left to say to
 * anyone); stderr closed is ignored (the command goes on, its messages are lost). Any other stream error is
 * left to Node (a crash is better than silently losing output for a reason nobody knows).
 */
export function endQuietlyOnClosedPipes(stdout: NodeJS.WriteStream = process.stdout, stderr: NodeJS.WriteStream = process.stderr): void {
  if (quietOnClosedPipes) return;
  quietOnClosedPipes = true;
  stdout.on('error', (error: unknown) => {
    if (!isClosedPipe(error)) throw error;
    process.exit(0);
  });
  stderr.on('error', (error: unknown) => {
    if (!isClosedPipe(error)) throw error;
  });
}

export async function main(argv: string[]): Promise<number> {
  endQuietlyOnClosedPipes();
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (isClosedPipe(error)) return 0; // a write that reported the closed pipe by rejecting
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
