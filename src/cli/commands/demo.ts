/**
 * `costlab` with no command (and `npm start`): on a terminal, the TUI (commands/tui.ts). When stdout or stdin
 * is not a terminal (piped, scripts, tests) it prints the text demo instead — the bundled support-bot system
 * prompt counted and priced on cheap, premium, estimated and self-hosted models.
 */
import { fileURLToPath } from 'node:url';
import { runCount } from './count.ts';

export const DEMO_PROMPT = fileURLToPath(new URL('../../../prompts/demo/support-system-prompt.md', import.meta.url));

export async function runDemo(): Promise<void> {
  if (process.stdout.isTTY === true && process.stdin.isTTY === true) return (await import('./tui.ts')).runTui();
  process.stdout.write('costlab — the LLM cost lab for the terminal (offline demo: no keys, no network)\n\n');
  process.stdout.write('The bundled support-bot system prompt, as the input of one call:\n\n');
  await runCount([DEMO_PROMPT], {});
  process.stdout.write(
    '\nTry:  costlab count FILE --model gpt-4o-mini,claude-haiku-4-5   ·   costlab price --model gpt-5 --input 2000 --output 800\n' +
      '      costlab models --provider google   ·   costlab --help\n',
  );
}
