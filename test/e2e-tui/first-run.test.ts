/** The offline first run: `costlab` with no arguments on a terminal opens the TUI on the bundled sets, no keys. */
import { afterEach, describe, expect, it } from 'vitest';
import { SKIP_NO_TMUX, TuiSession, hasTmux } from './tmux.ts';

const sessions: TuiSession[] = [];
afterEach(() => {
  for (const s of sessions.splice(0)) s.kill();
});

describe.skipIf(!hasTmux())(`the TUI in tmux${hasTmux() ? '' : ` (skipped: ${SKIP_NO_TMUX})`}`, () => {
  it('opens offline on the tabs and the bundled prompt sets, counted and priced, and switches screens', async () => {
    const tui = new TuiSession({ columns: 100, rows: 40 }); // tall enough to list every set beside code-review's 17 cases
    sessions.push(tui);
    // Counts appear model by model (each tokenizer loads in turn); wait for the last default model's.
    let screen = await tui.waitFor((s) => s.includes('[1 Prompts]') && /gpt-4o-mini\s+\d/.test(s) && /llama-3\.1-8b-instruct\s+\d/.test(s), 'the Prompts screen with counts');
    for (const tab of ['2 Compress', '3 Run', '4 Results']) expect(screen).toContain(tab);
    for (const set of ['code-review', 'essay-grading-zh', 'math-cot', 'rag-answer', 'support-bot', 'ticket-triage']) expect(screen).toContain(set);
    expect(screen).toMatch(/claude-sonnet-4-5\s+≈\d/); // an estimate, marked
    tui.send(['3']);
    screen = await tui.waitFor((s) => s.includes('[3 Run]') && s.includes('needs OPENAI_API_KEY'), 'the Run screen without keys');
    tui.send(['?']);
    screen = await tui.waitFor((s) => s.includes('q, Ctrl-C'), 'the help overlay');
    tui.send(['Escape']);
    await tui.waitFor((s) => !s.includes('q, Ctrl-C'), 'the overlay closed');
    tui.send(['q']);
    await tui.waitFor((s) => s.includes('[costlab exited with code 0]'), 'the app to quit');
  });

  it('paints live frames where CI=true is set, as build machines and some shells set it (ink would hold them back)', async () => {
    const tui = new TuiSession({ columns: 100, rows: 30, env: { CI: 'true', CONTINUOUS_INTEGRATION: '1' } });
    sessions.push(tui);
    await tui.waitFor((s) => s.includes('[1 Prompts]') && /gpt-4o-mini\s+\d/.test(s), 'the Prompts screen while the app runs');
    tui.send(['q']);
    await tui.waitFor((s) => s.includes('[costlab exited with code 0]'), 'the app to quit');
  });
});
