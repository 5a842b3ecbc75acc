/** A mistyped command is an error with a did-you-mean (exit 2); `costlab` alone still opens the demo. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.ts';

describe('the root command takes no arguments', () => {
  it("`costlab cout README.md`: unknown command 'cout' (did you mean count?), exit 2, nothing on stdout", () => {
    const result = runCli(['cout', 'README.md']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain("unknown command 'cout' (did you mean count?)");
    expect(result.stderr).not.toContain('too many arguments');
  });

  it('a word close to no command gets no suggestion; `help COMMAND` is a command', () => {
    const far = runCli(['xyzzy-plugh']);
    expect(far.code).toBe(2);
    expect(far.stderr).toContain("unknown command 'xyzzy-plugh'");
    expect(far.stderr).not.toContain('did you mean');
    const help = runCli(['help', 'count']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: costlab count');
  });

  it("`costlab models imprt …`: unknown command 'models imprt' (did you mean models import?); `models` alone still lists", () => {
    const typo = runCli(['models', 'imprt', 'litellm', 'prices.json']);
    expect([typo.code, typo.stdout]).toEqual([2, '']);
    expect(typo.stderr).toContain("unknown command 'models imprt' (did you mean models import?)");
    const list = runCli(['models', '--provider', 'anthropic']);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('anthropic:claude-sonnet-4-5');
  });

  it('`costlab` with no arguments (stdin and stdout not a terminal) still prints the text demo, exit 0', () => {
    const result = runCli([]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('offline demo');
  });
});
