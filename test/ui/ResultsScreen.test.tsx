import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { Candidate, RunRecord, TrialResult } from '../../src/core/index.ts';
import { App } from '../../src/ui/App.tsx';
import type { RunView, StoreAccess, UiRating } from '../../src/ui/app-data.ts';
import { SORTS, candidateSummary, trialRows } from '../../src/ui/screens/ResultsScreen.tsx';
import { KEY, appData, lineWith, press, smallSets, until } from './ui-helpers.tsx';

afterEach(() => cleanup());

const cand = (id: string): Candidate => ({ id, variant: 'base', model: id.split('@')[1]!, target: id.split('@')[1]!, params: { maxOutputTokens: 1024 } });
const A = 'base@openai:gpt-4o-mini';
const B = 'base@openai:gpt-4.1';
const result = (candidateId: string, caseId: string, output: string, costUsd: string, latencyMs: number): TrialResult => ({
  runId: 'r1', trialId: `${candidateId}|${caseId}|1`, candidateId, caseId, repeat: 1, status: 'succeeded', cached: false, output,
  usage: { input: 10, output: 2, reasoning: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0 }, usageSource: 'reported', costUsd, latencyMs,
  ttftMs: null, attempts: 1, error: null, finishedAt: '2026-11-22T10:00:00Z',
});

/** Run r1: two candidates × cases alpha, beta, gamma; qualities and costs chosen so that each sort orders differently. */
function runView(ratings: Map<string, UiRating>): RunView {
  const results = [
    result(A, 'alpha', 'Paris is the capital.', '0.0003', 900),
    result(A, 'beta', 'Forty-two.', '0.0001', 300),
    result(A, 'gamma', 'I do not know.', '0.0002', 600),
    result(B, 'alpha', 'The capital of France is Paris.', '0.003', 1200),
    result(B, 'beta', '42', '0.002', 800),
    result(B, 'gamma', 'Blue whale.', '0.001', 400),
  ];
  const quality: Record<string, number> = { [`${A}|alpha|1`]: 1, [`${A}|beta|1`]: 0.5, [`${A}|gamma|1`]: 0, [`${B}|alpha|1`]: 1, [`${B}|beta|1`]: 1, [`${B}|gamma|1`]: 0.75 };
  const run: RunRecord = {
    id: 'r1', createdAt: '2026-11-22T10:00:00Z', setName: 'quiz', setFile: null, candidates: [cand(A), cand(B)],
    trials: results.map((r) => ({ id: r.trialId, candidateId: r.candidateId, caseId: r.caseId, repeat: 1, messages: [{ role: 'user', content: r.caseId }] })),
    options: {}, status: 'finished', origin: 'live',
  };
  return {
    run, warnings: [],
    trials: results.map((r) => {
      const rating = ratings.get(r.trialId) ?? null;
      return { trial: run.trials.find((t) => t.id === r.trialId)!, result: r, quality: rating === '+' ? 1 : rating === '-' ? 0 : quality[r.trialId]!, source: rating ? 'rating' : 'assertions', rating };
    }),
  };
}

function fakeStore() {
  const ratings = new Map<string, UiRating>();
  const saved: Array<[string, string, UiRating]> = [];
  const store: StoreAccess = {
    dir: '.costlab',
    listRuns: async () => [{ id: 'r1', createdAt: '2026-11-22T10:00:00Z', setName: 'quiz', setFile: null, options: {}, status: 'finished', origin: 'live', trialCount: 6, candidateCount: 2 }],
    loadRun: async () => runView(ratings),
  };
  const saveRating = async (runId: string, trialId: string, rating: UiRating) => {
    saved.push([runId, trialId, rating]);
    ratings.set(trialId, rating);
  };
  return { store, saveRating, saved };
}

async function openTable() {
  const { store, saveRating, saved } = fakeStore();
  const r = render(<App data={appData(await smallSets(), { store, saveRating })} color={false} width={100} height={24} initialScreen="results" />);
  await until(r.lastFrame, (f) => f.includes('r1'), 'the run list');
  await press(r.stdin, KEY.enter);
  await until(r.lastFrame, (f) => f.includes('candidate 1/2'), 'the table');
  return { r, saved };
}

const order = (frame: string) => ['alpha', 'beta', 'gamma'].sort((x, y) => frame.indexOf(` ${x} `) - frame.indexOf(` ${y} `));

describe('the Results screen', () => {
  it('sums a candidate: mean quality (1 + 0.5 + 0) / 3 = 0.50 and spend $0.0003 + $0.0001 + $0.0002 = $0.0006', () => {
    const s = candidateSummary(runView(new Map()), A);
    expect(s.mean).toBeCloseTo(0.5, 10);
    expect(s.spentPico).toBe(600_000_000n);
    expect(SORTS).toEqual(['case', 'quality', 'cost', 'latency']);
    expect(trialRows(runView(new Map()), A, 'cost', false, '').map((t) => t.trial.caseId)).toEqual(['beta', 'gamma', 'alpha']);
  });

  it('lists runs, opens one per candidate, sorts by column and filters with /', async () => {
    const { r } = await openTable();
    let frame = r.lastFrame()!;
    expect(frame).toContain('quality 0.50 (3 scored) · $0.0006');
    expect(order(frame)).toEqual(['alpha', 'beta', 'gamma']); // by case
    await press(r.stdin, 's'); // quality ↑: gamma 0, beta 0.5, alpha 1
    frame = await until(r.lastFrame, (f) => f.includes('quality↑'), 'the quality sort');
    expect(order(frame)).toEqual(['gamma', 'beta', 'alpha']);
    await press(r.stdin, 's', 'o'); // cost ↓: alpha $0.0003, gamma $0.0002, beta $0.0001
    frame = await until(r.lastFrame, (f) => f.includes('cost↓'), 'the cost sort, reversed');
    expect(order(frame)).toEqual(['alpha', 'gamma', 'beta']);
    await press(r.stdin, KEY.right); // the other candidate
    frame = await until(r.lastFrame, (f) => f.includes('candidate 2/2 base@openai:gpt-4.1'), 'candidate 2');
    expect(frame).toContain('quality 0.92'); // (1 + 1 + 0.75) / 3 = 0.9166…
    await press(r.stdin, '/', 'w', 'h', 'a', 'l', 'e', KEY.enter); // filter on the answer text
    frame = await until(r.lastFrame, (f) => f.includes('filter "whale"'), 'the filter');
    expect(frame).toContain('gamma');
    expect(frame).not.toContain(' alpha ');
  });

  it('shows two candidates side by side on one case', async () => {
    const { r } = await openTable();
    await press(r.stdin, 'c');
    const frame = await until(r.lastFrame, (f) => f.includes('side by side'), 'the comparison');
    expect(frame).toContain('case alpha');
    const row = lineWith(frame, 'Paris is the capital.');
    expect(row).toContain('The capital of France is Paris.');
  });

  it('rates the selected answer with + and with r then 1–5, through saveRating', async () => {
    const { r, saved } = await openTable();
    await press(r.stdin, KEY.down, '-'); // beta of candidate A
    await until(r.lastFrame, () => saved.length === 1, 'the first rating');
    expect(saved[0]).toEqual(['r1', `${A}|beta|1`, '-']);
    let frame = await until(r.lastFrame, (f) => /beta\s+ok\s+0\.00\s+-/.test(f), 'the rating shown and the quality from it');
    await press(r.stdin, KEY.down, 'r', '4');
    await until(r.lastFrame, () => saved.length === 2, 'the star rating');
    expect(saved[1]).toEqual(['r1', `${A}|gamma|1`, 4]);
    frame = await until(r.lastFrame, (f) => f.includes('★★★★'), 'four stars');
    expect(frame).toContain('[4 Results]');
  });
  it('r then a digit only rates: r 3 saves 3 stars and stays on Results (3 is also the Run screen key)', async () => {
    const { r, saved } = await openTable();
    await press(r.stdin, 'r', '3');
    await until(r.lastFrame, () => saved.length === 1, 'the star rating');
    expect(saved[0]).toEqual(['r1', `${A}|alpha|1`, 3]);
    const frame = await until(r.lastFrame, (f) => f.includes('★★★'), 'three stars');
    expect(frame).toContain('[4 Results]');
    expect(frame).toContain('candidate 1/2');
    // The next digit switches screens again: the rating mode has ended.
    await press(r.stdin, '5');
    await until(r.lastFrame, (f) => f.includes('[5 '), 'screen 5');
  });

  it('keeps the cursor on the trial just rated when the quality sort moves it', async () => {
    const { r, saved } = await openTable();
    await press(r.stdin, 's'); // quality ↑: gamma 0, beta 0.5, alpha 1; the cursor stays on row 1 (gamma)
    await until(r.lastFrame, (f) => f.includes('quality↑'), 'the quality sort');
    await press(r.stdin, '+'); // gamma rated + → quality 1: it moves to the end (beta 0.5, alpha 1, gamma 1)
    await until(r.lastFrame, () => saved.length === 1, 'the rating');
    const frame = await until(r.lastFrame, (f) => /gamma\s+ok\s+1\.00\s+\+/.test(f), 'gamma re-sorted');
    expect(order(frame)).toEqual(['beta', 'alpha', 'gamma']);
    expect(lineWith(frame, '› ')).toContain('gamma');
  });

  it('compares two different candidates, whichever candidate the table shows', async () => {
    const { r } = await openTable();
    await press(r.stdin, KEY.right); // candidate 2 (B) in the table
    await until(r.lastFrame, (f) => f.includes('candidate 2/2'), 'candidate 2');
    await press(r.stdin, 'c');
    const frame = await until(r.lastFrame, (f) => f.includes('side by side'), 'the comparison');
    const titles = lineWith(frame, B);
    expect(titles).toContain(A);
  });

  it('wraps compared answers between words', async () => {
    const long = 'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon';
    const { store, saveRating } = fakeStore();
    const view = runView(new Map());
    view.trials[0]!.result = { ...view.trials[0]!.result!, output: long };
    const access: StoreAccess = { ...store, loadRun: async () => view };
    const r = render(<App data={appData(await smallSets(), { store: access, saveRating })} color={false} width={60} height={24} initialScreen="results" />);
    await until(r.lastFrame, (f) => f.includes('r1'), 'the run list');
    await press(r.stdin, KEY.enter);
    await until(r.lastFrame, (f) => f.includes('candidate 1/2'), 'the table');
    await press(r.stdin, 'c');
    const frame = await until(r.lastFrame, (f) => f.includes('side by side'), 'the comparison');
    // Columns of (60 - 3) / 2 = 28: every word of the answer is whole on some line.
    const words = frame.split('\n').flatMap((line) => line.slice(0, 28).trim().split(/\s+/));
    for (const word of long.split(' ')) expect(words).toContain(word);
  });

  it('Esc with a filter on clears the filter first, and leaves the table only on the next Esc', async () => {
    const { r } = await openTable();
    await press(r.stdin, '/', 'b', 'e', 't', 'a', KEY.enter);
    let frame = await until(r.lastFrame, (f) => f.includes('filter "beta"'), 'the filter');
    expect(frame).not.toContain(' alpha ');
    await press(r.stdin, KEY.escape);
    frame = await until(r.lastFrame, (f) => !f.includes('filter "beta"'), 'the filter cleared');
    expect(frame).toContain('candidate 1/2');
    expect(frame).toContain(' alpha ');
    await press(r.stdin, KEY.escape);
    await until(r.lastFrame, (f) => f.includes('Runs in .costlab'), 'the run list');
  });
});
