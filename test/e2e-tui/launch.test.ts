/** `costlab` with no command: the TUI on a terminal (see first-run.test.ts), the text demo when piped. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.ts';

describe('costlab with no command, piped', () => {
  it('prints the text demo (not the TUI) so scripts keep working', () => {
    const { code, stdout, stderr } = runCli([]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('costlab — the LLM cost lab for the terminal (offline demo: no keys, no network)');
    expect(stdout).toMatch(/openai:gpt-4o-mini\s+856\s/); // the bundled support-bot system prompt, as the README shows
    expect(stdout).not.toMatch(/\u001b\[/);
  });
});
