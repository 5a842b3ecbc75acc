/** `costlab tui`'s checks before ink loads: a terminal on both ends, and a --screen that exists. */
import { describe, expect, it } from 'vitest';
import { NO_TERMINAL, TUI_SCREENS, screenId } from '../../src/cli/commands/tui.ts';
import { SCREENS } from '../../src/ui/screens/registry.ts';
import { catchError } from '../helpers/catch-error.ts';
import { runCli } from '../helpers/run-cli.ts';

describe('costlab tui without a terminal', () => {
  it('says it needs one in one line and exits 2 (no raw-mode crash, no React stack)', () => {
    const result = runCli(['tui']); // stdin and stdout are pipes here
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`${NO_TERMINAL}\n`);
    expect(NO_TERMINAL).toBe('costlab tui needs a terminal (stdin and stdout a TTY); for scripts use the commands (costlab --help)');
  });

  it('refuses an unknown --screen first, naming the screens (exit 2)', () => {
    const result = runCli(['tui', '--screen', 'bogus']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("no screen 'bogus'");
    expect(result.stderr).toContain('route (6)');
  });
});

describe('--screen', () => {
  it('takes an id (any case) or a number key', () => {
    expect(screenId('route')).toBe('route');
    expect(screenId('6')).toBe('route');
    expect(screenId('Compress')).toBe('compress');
    expect(screenId('8')).toBe('selfhost');
  });

  it('refuses a number with no screen and a typo, with a did-you-mean', () => {
    expect(catchError(() => screenId('9'))).toMatchObject({ code: 'bad-option' });
    expect(catchError(() => screenId('frontir')).hint).toContain("did you mean 'frontier'?");
  });

  it("lists exactly the TUI's screens, ids and number keys in tab order", () => {
    expect(TUI_SCREENS).toEqual(SCREENS.map((s) => ({ id: s.id, key: s.key })));
  });
});
