/** Editing a prompt in the TUI changes its token count, as a person typing sees it. */
import { afterEach, describe, expect, it } from 'vitest';
import { SKIP_NO_TMUX, TuiSession, hasTmux } from './tmux.ts';

const sessions: TuiSession[] = [];
afterEach(() => {
  for (const s of sessions.splice(0)) s.kill();
});

const miniCount = (screen: string): number | null => {
  const match = /openai:gpt-4o-mini\s+([\d,]+)\s/.exec(screen);
  return match ? Number(match[1]!.replace(/,/g, '')) : null;
};

describe.skipIf(!hasTmux())(`editing in the TUI${hasTmux() ? '' : ` (skipped: ${SKIP_NO_TMUX})`}`, () => {
  it('typing into the prompt raises the count, deleting it brings the count back', async () => {
    const tui = new TuiSession({ columns: 100, rows: 30, env: { NO_COLOR: '1' } });
    sessions.push(tui);
    const start = await tui.waitFor((s) => miniCount(s) !== null, 'the first count');
    const before = miniCount(start)!;
    tui.send(['Enter']);
    await tui.waitFor((s) => s.includes('editing: Esc leaves'), 'the editor');
    // Five words typed at the start of the prompt: each " word" (and the first "word") is one o200k token or more.
    tui.send(['alpha bravo charlie delta echo '], { literal: true });
    const typed = await tui.waitFor((s) => s.includes('alpha bravo charlie delta echo') && (miniCount(s) ?? 0) > before, 'the count to rise');
    expect(miniCount(typed)! - before).toBeGreaterThanOrEqual(5);
    expect(typed).toContain('edited (r resets)');
    tui.send(['Escape']); // apart from the next key: Esc and a key at once read as Alt-key
    await tui.waitFor((s) => !s.includes('editing: Esc leaves'), 'the editor left');
    tui.send(['r']);
    const reset = await tui.waitFor((s) => !s.includes('alpha bravo') && miniCount(s) === before, 'the count back after the reset');
    expect(reset).not.toMatch(/\u001b\[/);
  });
});
