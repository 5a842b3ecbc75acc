import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { paretoFrontier } from '../../../src/core/analysis/frontier.ts';
import type { FrontierCandidate } from '../../../src/core/analysis/frontier.ts';
import { catchError } from '../../helpers/catch-error.ts';

// Worked example: a, b, d are on the frontier; c (3, 0.7) is beaten by b (2, 0.8); f (10, 0.85) by d (10, 0.9).
const candidates: FrontierCandidate[] = [
  { id: 'a', costPer1k: 1, quality: 0.5 },
  { id: 'c', costPer1k: 3, quality: 0.7, low: 0.6, high: 0.8 },
  { id: 'd', costPer1k: 10, quality: 0.9 },
  { id: 'b', costPer1k: 2, quality: 0.8 },
  { id: 'f', costPer1k: 10, quality: 0.85 },
];

describe('paretoFrontier', () => {
  it('marks each candidate on the frontier or dominated by whom, in input order', () => {
    const { entries } = paretoFrontier(candidates);
    expect(entries.map((e) => [e.id, e.onFrontier, e.dominatedBy])).toEqual([
      ['a', true, []],
      ['c', false, ['b']],
      ['d', true, []],
      ['b', true, []],
      ['f', false, ['d']],
    ]);
    expect(entries[1]?.candidate).toMatchObject({ low: 0.6, high: 0.8 });
  });

  it('sorts the frontier by cost', () => {
    expect(paretoFrontier(candidates).frontier.map((e) => e.id)).toEqual(['a', 'b', 'd']);
  });

  it('finds the knee: largest distance above the cheapest–best chord after normalising to [0,1]', () => {
    // normalised (cost, quality): a (0, 0), b (1/9, 0.75), d (1, 1); distance of b = (0.75 − 1/9)/√2
    const { knee } = paretoFrontier(candidates);
    expect(knee?.entry.id).toBe('b');
    expect(knee?.normalisedCost).toBeCloseTo(1 / 9, 12);
    expect(knee?.normalisedQuality).toBeCloseTo(0.75, 12);
    expect(knee?.distance).toBeCloseTo((0.75 - 1 / 9) / Math.SQRT2, 12);
    expect(knee?.distance).toBeCloseTo(0.451763, 6);
  });

  it('has no knee for a two-point or straight frontier', () => {
    expect(paretoFrontier(candidates.filter((c) => c.id === 'a' || c.id === 'd')).knee).toBeUndefined();
    const straight = [0, 5, 10].map((c) => ({ id: `m${c}`, costPer1k: c, quality: c / 10 }));
    expect(paretoFrontier(straight).frontier).toHaveLength(3);
    expect(paretoFrontier(straight).knee).toBeUndefined();
  });

  it('keeps exact duplicates both on the frontier', () => {
    const { frontier } = paretoFrontier([
      { id: 'x', costPer1k: 1, quality: 0.5 },
      { id: 'y', costPer1k: 1, quality: 0.5 },
    ]);
    expect(frontier.map((e) => e.id)).toEqual(['x', 'y']);
  });

  it('works on (latency, quality) through axes', () => {
    const runs = [
      { id: 'local', p50Ms: 900, score: 0.6 },
      { id: 'mini', p50Ms: 400, score: 0.7 },
      { id: 'big', p50Ms: 1500, score: 0.9 },
      { id: 'slow', p50Ms: 2000, score: 0.8 },
    ];
    const result = paretoFrontier(runs, { cost: (r) => r.p50Ms, quality: (r) => r.score });
    expect(result.frontier.map((e) => e.id)).toEqual(['mini', 'big']);
    expect(result.entries.find((e) => e.id === 'local')?.dominatedBy).toEqual(['mini']);
    expect(result.entries.find((e) => e.id === 'slow')?.dominatedBy).toEqual(['big']);
  });

  it('rejects non-finite values and duplicate ids', () => {
    expect(catchError(() => paretoFrontier([{ id: 'a', costPer1k: Number.NaN, quality: 1 }]))).toMatchObject({ code: 'bad-frontier-input' });
    expect(catchError(() => paretoFrontier([candidates[0] as FrontierCandidate, candidates[0] as FrontierCandidate]))).toMatchObject({ code: 'bad-frontier-input' });
  });
});

describe('paretoFrontier: property', () => {
  const dominates = (a: { costPer1k: number; quality: number }, b: { costPer1k: number; quality: number }) =>
    a.costPer1k <= b.costPer1k && a.quality >= b.quality && (a.costPer1k < b.costPer1k || a.quality > b.quality);
  it('marks exactly the candidates nobody dominates, and lists every frontier dominator of the others, cheapest first', () => {
    // Costs and qualities on a small grid, so ties and exact duplicates are common.
    const grid = fc.array(fc.record({ costPer1k: fc.integer({ min: 0, max: 6 }), quality: fc.integer({ min: 0, max: 6 }) }), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(grid, (points) => {
        const candidates = points.map((p, i) => ({ id: `c${i}`, costPer1k: p.costPer1k, quality: p.quality / 6 }));
        const result = paretoFrontier(candidates);
        const frontier = candidates.filter((a) => !candidates.some((b) => dominates(b, a)));
        expect(new Set(result.frontier.map((e) => e.id))).toEqual(new Set(frontier.map((c) => c.id)));
        for (const entry of result.entries) {
          const expected = entry.onFrontier ? [] : result.frontier.filter((f) => dominates(f.candidate, entry.candidate)).map((f) => f.id);
          expect(entry.dominatedBy).toEqual(expected);
        }
        for (let k = 1; k < result.frontier.length; k++) {
          expect(result.frontier[k]!.cost).toBeGreaterThanOrEqual(result.frontier[k - 1]!.cost);
          expect(result.frontier[k]!.quality).toBeGreaterThanOrEqual(result.frontier[k - 1]!.quality);
        }
      }),
      { numRuns: 500 },
    );
  });
});
