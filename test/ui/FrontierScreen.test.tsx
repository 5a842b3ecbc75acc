import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppData } from '../../src/ui/app-data.ts';
import { parseAlpacaDemo } from '../../src/ui/demo-data-schema.ts';
import { alpacaFrontierSet } from '../../src/ui/demo-data.ts';
import type { FrontierPoint, FrontierSet } from '../../src/ui/demo-data.ts';
import type { ScreenProps } from '../../src/ui/screen.ts';
import { FrontierScreen, frontierRows, nothingToPlot, plotLabel } from '../../src/ui/screens/FrontierScreen.tsx';
import { KEY, bareAppData, catalog, renderScreen, until } from './ui-helpers.tsx';

const DEMO = fileURLToPath(new URL('../../prompts/demo/recorded/alpaca-eval.json', import.meta.url));

function point(id: string, costPer1k: number | null, quality: number, latencyMs: number | null = null): FrontierPoint {
  return {
    id, label: id, role: 'model', costPer1k, quality, low: quality - 0.02, high: quality + 0.02, latencyMs,
    pricedAs: costPer1k === null ? 'unpriced' : `${id} rates, 2026-01-02 example.com`, priceNote: '',
  };
}

/**
 * A cost ($0.1 … $10) and quality set worked by hand: C ($2, 0.20) is dominated by B ($1, 0.30); A, B and D are the
 * frontier. Knee: normalised cost (c − 0.1) / 9.9 and quality (q − 0.1) / 0.25 give A (0, 0), B (0.091, 0.8),
 * D (1, 1); B is furthest above the chord q = c, (0.8 − 0.091) / √2 = 0.50. E has no price.
 */
const HAND: FrontierSet = {
  id: 'hand', title: 'Hand-made set', qualityName: 'pass rate', attribution: 'made for a test',
  points: [point('A', 0.1, 0.1, 900), point('B', 1, 0.3, 400), point('C', 2, 0.2, 300), point('D', 10, 0.35, 2000), point('E', null, 0.25, 100)],
};

const appData = (sets: FrontierSet[]) => bareAppData({ frontierSets: sets });
const screen = (data: AppData, overrides: Partial<ScreenProps> = {}) => renderScreen(FrontierScreen, data, overrides);

const row = (frame: string, id: string) => frame.split('\n').find((l) => new RegExp(`^[ ›][●◆○–]${id} `).test(l)) ?? '';

afterEach(() => cleanup());

describe('frontierRows', () => {
  it('finds the frontier, the knee and who dominates whom (worked example above)', () => {
    const { rows, result } = frontierRows(HAND.points, 'cost');
    expect(rows.map((r) => [r.point.id, r.status])).toEqual([['A', 'frontier'], ['B', 'knee'], ['C', 'dominated'], ['D', 'frontier'], ['E', 'unplotted']]);
    expect(rows[2]?.dominatedBy).toEqual(['B']);
    expect(result?.knee?.distance).toBeCloseTo((0.8 - 0.9 / 9.9) / Math.SQRT2, 12);
  });

  it('on latency, E (100 ms, 0.25), B (400 ms, 0.30) and D are the frontier; E and B dominate A, E dominates C', () => {
    const { rows } = frontierRows(HAND.points, 'latency');
    const status = Object.fromEntries(rows.map((r) => [r.point.id, [r.status, r.dominatedBy]]));
    expect(status['E']?.[0]).toBe('frontier');
    expect(status['C']).toEqual(['dominated', ['E']]);
    // Knee: latency (l − 100) / 1900 and quality (q − 0.25) / 0.10 put B at (0.158, 0.5), above the chord.
    expect(status['B']?.[0]).toBe('knee');
    // A (900 ms, 0.10): dominated by both, listed fastest first.
    expect(status['A']).toEqual(['dominated', ['E', 'B']]);
    expect(status['D']).toEqual(['frontier', []]);
  });
});

describe('FrontierScreen', () => {
  it('plots the priced candidates, lists all of them and names the knee', async () => {
    const r = screen(appData([HAND]));
    const frame = await until(r.lastFrame, (t) => t.includes('knee'), 'a frame');
    expect(frame).toContain('Hand-made set · pass rate · 5 candidates, 1 unpriced');
    expect(row(frame, 'A')).toMatch(/\$0\.10\s+10\.0% 8\.0–12\.0%\s+on frontier/);
    expect(row(frame, 'B')).toContain('knee (on frontier)');
    expect(row(frame, 'C')).toContain('dominated by B');
    expect(row(frame, 'E')).toMatch(/unpriced\s+25\.0%.*unpriced/);
    expect(frame).toContain('knee ◆ B: $1.00, 30.0%');
    // The chart: a knee marker, a dominated marker and a log cost axis with $1 and $10 ticks.
    expect(frame).toContain('◆');
    expect(frame).toContain('○');
    expect(frame).toMatch(/\$1\s+\$10/);
    for (const line of frame.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    expect(frame.split('\n').length).toBeLessThanOrEqual(22);
  });

  it('↑/↓ select a candidate and show how it is priced', async () => {
    const r = screen(appData([HAND]));
    let frame = await until(r.lastFrame, (t) => t.includes('› A: A rates'), 'A selected');
    expect(row(frame, 'A').startsWith('›')).toBe(true);
    r.stdin.write(KEY.down);
    r.stdin.write(KEY.down);
    frame = await until(r.lastFrame, (t) => t.includes('› C: C rates, 2026-01-02 example.com'), 'C selected');
    expect(row(frame, 'C').startsWith('›')).toBe(true);
    // Without colour, the selected point is drawn ◉.
    expect(frame).toContain('◉');
    r.stdin.write(KEY.up);
    await until(r.lastFrame, (t) => t.includes('› B: B rates'), 'B selected');
  });

  it('l switches to latency when the set has it, and reports when it has none', async () => {
    const r = screen(appData([HAND]));
    await until(r.lastFrame, (t) => t.includes('cost/1k'), 'cost mode');
    r.stdin.write('l');
    const frame = await until(r.lastFrame, (t) => t.includes('latency') && t.includes('median latency'), 'latency mode');
    expect(row(frame, 'E')).toContain('100 ms');
    expect(row(frame, 'C')).toContain('dominated by E');

    const demo = { ...HAND, points: HAND.points.map((p) => ({ ...p, latencyMs: null })) };
    const s = screen(appData([demo]));
    await until(s.lastFrame, (t) => t.includes('cost/1k'), 'cost mode');
    s.stdin.write('l');
    await until(() => String((s.props.report as ReturnType<typeof vi.fn>).mock.calls.length), (t) => t === '1', 'the report');
    expect((s.props.report as ReturnType<typeof vi.fn>).mock.calls[0]?.[0].message).toBe('Hand-made set has no latency figures');
  });

  it('d switches between sets; the / filter narrows the candidates', async () => {
    const other: FrontierSet = { ...HAND, id: 'run', title: 'Run 2026-01-01', points: [point('Z', 1, 0.5)] };
    const r = screen(appData([HAND, other]));
    await until(r.lastFrame, (t) => t.includes('d: set 1/2'), 'set 1');
    r.stdin.write('d');
    const frame = await until(r.lastFrame, (t) => t.includes('Run 2026-01-01'), 'set 2');
    expect(frame).toMatch(/· 1 candidate(?!s)/);
    const f = screen(appData([HAND]), { filter: 'b' });
    const filtered = await until(f.lastFrame, (t) => t.includes('candidate'), 'filtered');
    expect(filtered).toMatch(/· 1 candidate(?!s)/);
    expect(row(filtered, 'B')).not.toBe('');
    expect(row(filtered, 'A')).toBe('');
  });

  it('shows the recorded AlpacaEval demo: claude-instant-1.2 is the knee, gpt-3.5 dominated, vicuna unpriced', async () => {
    const set = alpacaFrontierSet(parseAlpacaDemo(JSON.parse(readFileSync(DEMO, 'utf8')), DEMO), catalog, { resamples: 200 });
    const r = screen(appData([set]));
    const frame = await until(r.lastFrame, (t) => t.includes('knee'), 'a frame');
    expect(frame).toContain('AlpacaEval 2.0 demo · win rate vs gpt4_1106_preview · 8 candidates, 1 unpriced');
    expect(frame).toContain('knee ◆ claude-instant-1.2');
    expect(row(frame, 'gpt-3.5-turbo-1106')).toContain('dominated by OpenHermes');
    expect(row(frame, 'vicuna-13b-v1.5')).toMatch(/unpriced\s+6\.7%/);
  });

  it('d reaches the runs in the store: quality as scored, the run\'s own costs and latency', async () => {
    // c1: qualities 1, 0 → 50 %; $0.001 per call → $1.00 per 1,000; latencies 100, 300 → median 200 ms.
    // c2: qualities 1, 1 → 100 %; $0.004 per call → $4.00 per 1,000; latencies 500, 700 → median 600 ms. c3: unscored.
    const candidate = (id: string) => ({ id, variant: 'base', model: 'openai:gpt-4o-mini', target: 'openai:gpt-4o-mini', params: { maxOutputTokens: 10 } });
    const trial = (candidateId: string, n: number) => ({ id: `${candidateId}|c${n}|1`, candidateId, caseId: `c${n}`, repeat: 1, messages: [] });
    const result = (candidateId: string, n: number, costUsd: string, latencyMs: number) => ({
      runId: 'r1', trialId: `${candidateId}|c${n}|1`, candidateId, caseId: `c${n}`, repeat: 1, status: 'succeeded' as const, cached: false,
      output: 'x', usage: null, usageSource: null, costUsd, latencyMs, ttftMs: null, attempts: 1, error: null, finishedAt: '2026-01-01T00:00:00Z',
    });
    const run = {
      id: 'r1', createdAt: '2026-01-01T00:00:00Z', setName: 'qa', setFile: null, options: {}, status: 'finished' as const, origin: 'live' as const,
      candidates: [candidate('c1'), candidate('c2'), candidate('c3')],
      trials: [trial('c1', 1), trial('c1', 2), trial('c2', 1), trial('c2', 2), trial('c3', 1)],
    };
    const trials = [
      { trial: run.trials[0]!, result: result('c1', 1, '0.001', 100), quality: 1, source: 'label', rating: null },
      { trial: run.trials[1]!, result: result('c1', 2, '0.001', 300), quality: 0, source: 'label', rating: null },
      { trial: run.trials[2]!, result: result('c2', 1, '0.004', 500), quality: 1, source: 'label', rating: null },
      { trial: run.trials[3]!, result: result('c2', 2, '0.004', 700), quality: 1, source: 'label', rating: null },
      { trial: run.trials[4]!, result: result('c3', 1, '0.002', 100), quality: null, source: null, rating: null },
    ];
    const store = {
      dir: '.costlab',
      listRuns: vi.fn(async () => [{ id: 'r1', createdAt: run.createdAt, setName: 'qa', setFile: null, options: {}, status: 'finished' as const, origin: 'live' as const, trialCount: 5, candidateCount: 3 }]),
      loadRun: vi.fn(async () => ({ run, trials, warnings: [] })),
    };
    const r = screen({ ...appData([HAND]), store });
    await until(r.lastFrame, (t) => t.includes('d: set 1/2'), 'the run listed');
    r.stdin.write('d');
    let frame = await until(r.lastFrame, (t) => t.includes('run r1'), 'the run');
    expect(frame).toContain('qa quality · 2 candidates, 1 unscored (costlab score)');
    expect(row(frame, 'c1')).toMatch(/\$1\.00\s+50\.0%/);
    expect(row(frame, 'c2')).toMatch(/\$4\.00\s+100\.0%/);
    r.stdin.write('l');
    frame = await until(r.lastFrame, (t) => t.includes('median latency'), 'latency');
    expect(row(frame, 'c1')).toContain('200 ms');
    expect(row(frame, 'c2')).toContain('600 ms');
    expect(store.loadRun).toHaveBeenCalledTimes(1);
  });

  it('says what to do when there is nothing to show', async () => {
    const r = screen(appData([]));
    const frame = await until(r.lastFrame, (t) => t.length > 0, 'a frame');
    expect(frame).toContain('No frontier data');
  });
});

describe('chart labels and an empty chart', () => {
  it('drops the default variant and the provider prefix from chart labels, so recorded candidates differ', () => {
    expect(plotLabel('base@recorded:claude-2.1')).toBe('claude-2.1');
    expect(plotLabel('base@recorded:claude-instant-1.2')).toBe('claude-instant-1.2');
    expect(plotLabel('terse@openai:gpt-4o')).toBe('terse@gpt-4o');
    expect(plotLabel('ollama:qwen2.5-coder:7b')).toBe('qwen2.5-coder:7b');
    expect(plotLabel('gpt4_1106_preview')).toBe('gpt4_1106_preview');
  });

  it('says why nothing is plotted: unscored, filtered out, or unpriced', () => {
    expect(nothingToPlot(0, 8, '', 'cost')).toContain('no candidate is scored yet — run costlab score');
    expect(nothingToPlot(0, 0, 'zz', 'cost')).toBe('no candidate matches "zz" (Esc clears the filter).');
    expect(nothingToPlot(3, 0, '', 'cost')).toContain('no candidate has a price');
  });
});
