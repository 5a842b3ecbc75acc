/**
 * End to end, as a person would: the real binary (`costlab` with no command, what `npm start` runs) in an 80×24
 * tmux pane, offline, no keys. Switch to the Route screen, press → a few times and see the strong-call share
 * change; press ← back; export the router and find the file; quit.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/run-cli.ts';
import { SKIP_NO_TMUX, TuiSession, hasTmux } from './tmux.ts';

const tmux = hasTmux();
const share = (text: string) => /strong calls (\d+\.\d)% \((\d[\d,]*) of 1,319\)/.exec(text);
const calls = (match: RegExpExecArray) => Number(match[2]!.replace(/,/g, ''));

describe.skipIf(!tmux)(`the Route screen in tmux${tmux ? '' : ` (${SKIP_NO_TMUX})`}`, () => {
  const cwd = tempDir('costlab-tui-');
  let session: TuiSession | undefined;

  afterAll(() => session?.kill());

  it('moves the threshold with → and shows the share change, then exports the router', async () => {
    session = new TuiSession({ columns: 80, rows: 24, cwd, env: { NO_COLOR: '1' } });
    await session.waitFor((t) => t.includes('1 Prompts'), 'the app');
    session.send(['6']);
    const before = await session.waitFor((t) => share(t) !== null, 'the Route screen');
    expect(before).toContain('priced as GPT-4o mini');
    const start = share(before)!;

    session.send(['Right', 'Right', 'Right']);
    const after = await session.waitFor((t) => share(t) !== null && share(t)![2] !== start[2], 'the share to move');
    const moved = share(after)!;
    // Each → lowers the threshold to the next prompt length: more calls go to the strong model.
    expect(calls(moved)).toBeGreaterThan(calls(start));
    expect(Number(moved[1])).toBeGreaterThan(Number(start[1]));
    session.send(['Left', 'Left', 'Left']);
    await session.waitFor((t) => share(t)?.[2] === start[2], 'the share to come back');

    session.send(['e']);
    const path = join(cwd, 'costlab-router.json');
    await session.waitFor((t) => t.includes(`✓ wrote ${path}`), 'the export');
    const config = JSON.parse(readFileSync(path, 'utf8')) as { score: string; expected: { items: number; strongShare: number } };
    expect(config.score).toBe('length');
    expect(config.expected.items).toBe(1319);
    expect((config.expected.strongShare * 100).toFixed(1)).toBe(start[1]);

    session.send(['q']);
    await session.waitFor((t) => t.includes('[costlab exited with code 0]'), 'q to quit');
  });
});
