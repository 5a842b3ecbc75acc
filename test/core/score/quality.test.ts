import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bootstrapMean, quantileSorted } from '../../../src/core/score/bootstrap.ts';
import { candidateQuality, trialQuality, type ScoredResult } from '../../../src/core/score/quality.ts';
import { lcg } from './lcg.ts';

const ok = (output: string, extra: Partial<ScoredResult> = {}): ScoredResult => ({
  status: 'succeeded', output, costUsd: '0.001', latencyMs: 500, ...extra,
});

describe('trialQuality', () => {
  it('prefers the recorded quality', () => {
    const q = trialQuality(ok('x', { quality: 0.25 }), { reference: 'x', assert: [{ type: 'contains', value: 'x' }] });
    expect(q).toEqual({ quality: 0.25, source: 'recorded', assertions: [] });
  });

  it('else the weighted mean of the evaluated assertions', () => {
    const q = trialQuality(ok('Refund in 5 days'), {
      reference: 'unused',
      assert: [
        { type: 'icontains', value: 'refund', weight: 2 }, // pass
        { type: 'cost', threshold: 0.0005 }, // fail: 0.001 > 0.0005
        { type: 'llm-rubric', value: 'polite' }, // not evaluated
      ],
    });
    expect(q.source).toBe('assertions');
    expect(q.quality).toBeCloseTo(2 / 3, 12);
    expect(q.assertions).toHaveLength(3);
  });

  it('else the reference metric: token F1 by default, numeric when asked', () => {
    expect(trialQuality(ok('the cat sat'), { reference: 'a cat sat down' }).quality).toBeCloseTo(0.8, 12);
    const onlyJudge = { reference: '#### 3450', assert: [{ type: 'llm-rubric' as const, value: 'shows work' }] };
    const q = trialQuality(ok('The answer is 3,450.'), onlyJudge, { metric: 'numeric' });
    expect(q).toMatchObject({ quality: 1, source: 'reference' });
  });

  it('is unknown with nothing to score by', () => {
    expect(trialQuality(ok('x'), {})).toEqual({ quality: null, source: null, assertions: [] });
  });

  it('scores a failed trial 0, or skips it', () => {
    const failed = ok('', { status: 'failed', output: null });
    expect(trialQuality(failed, { reference: 'x' })).toMatchObject({ quality: 0, source: 'failed' });
    expect(trialQuality(failed, { reference: 'x' }, { failed: 'skip' }).quality).toBeNull();
  });
});

describe('bootstrapMean', () => {
  it('is null for no values and a point for one value or constant values', () => {
    expect(bootstrapMean([], lcg(1))).toBeNull();
    expect(bootstrapMean([0.7], lcg(1))).toEqual({ n: 1, mean: 0.7, low: 0.7, high: 0.7 });
    expect(bootstrapMean([1, 1, 1], lcg(1))).toEqual({ n: 3, mean: 1, low: 1, high: 1 });
  });

  it('interpolates quantiles between order statistics', () => {
    expect(quantileSorted([0, 10, 20, 30], 0.5)).toBe(15);
    expect(quantileSorted([0, 10, 20, 30], 0.025)).toBeCloseTo(0.75, 12);
    expect(quantileSorted([0, 10, 20, 30], 1)).toBe(30);
  });

  it('is deterministic for a seeded generator and plausible for a 0/1 sample', () => {
    const values = Array.from({ length: 100 }, (_, i) => (i % 4 === 0 ? 0 : 1)); // mean 0.75
    const a = bootstrapMean(values, lcg(42), { resamples: 2000 });
    const b = bootstrapMean(values, lcg(42), { resamples: 2000 });
    expect(a).toEqual(b);
    expect(a?.mean).toBe(0.75);
    // normal approximation: 0.75 ± 1.96·sqrt(0.75·0.25/100) = 0.75 ± 0.085
    expect(a?.low).toBeGreaterThan(0.62);
    expect(a?.low).toBeLessThan(0.7);
    expect(a?.high).toBeGreaterThan(0.8);
    expect(a?.high).toBeLessThan(0.88);
  });

  it('contains the mean and lies within the sample range (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.integer({ min: 1, max: 300 }),
        (values, seed, resamples) => {
          const r = bootstrapMean(values, lcg(seed), { resamples });
          expect(r).not.toBeNull();
          if (!r) return;
          const lo = Math.min(...values);
          const hi = Math.max(...values);
          expect(r.low).toBeLessThanOrEqual(r.mean);
          expect(r.mean).toBeLessThanOrEqual(r.high);
          expect(r.low).toBeGreaterThanOrEqual(lo - 1e-12);
          expect(r.high).toBeLessThanOrEqual(hi + 1e-12);
        },
      ),
    );
  });
});

describe('candidateQuality', () => {
  it('groups by candidate in first-seen order, counting unscored trials', () => {
    const summary = candidateQuality(
      [
        { candidateId: 'b', quality: 1 },
        { candidateId: 'a', quality: 0.5 },
        { candidateId: 'b', quality: 0 },
        { candidateId: 'a', quality: null },
        { candidateId: 'c', quality: null },
      ],
      lcg(7),
      { resamples: 200 },
    );
    expect(summary.map((s) => [s.candidateId, s.scored, s.unscored, s.interval?.mean ?? null])).toEqual([
      ['b', 2, 0, 0.5],
      ['a', 1, 1, 0.5],
      ['c', 0, 1, null],
    ]);
    expect(summary[1]?.interval).toEqual({ n: 1, mean: 0.5, low: 0.5, high: 0.5 });
  });
});

describe('trialQuality: who decides', () => {
  const testCase = { reference: 'x', assert: [{ type: 'contains' as const, value: 'x' }] };
  it('a person\'s rating beats a judge, a judge beats a recorded label, which beats assertions', () => {
    const result = ok('x', { quality: 0.25 });
    expect(trialQuality(result, testCase, { rating: 0.75, judgeScore: 0.5 })).toMatchObject({ quality: 0.75, source: 'rating' });
    expect(trialQuality(result, testCase, { rating: null, judgeScore: 0.5 })).toMatchObject({ quality: 0.5, source: 'judge' });
    expect(trialQuality(result, testCase, { judgeScore: null })).toMatchObject({ quality: 0.25, source: 'recorded' });
    expect(trialQuality(ok('x'), testCase, {})).toMatchObject({ quality: 1, source: 'assertions' });
  });
  it('a rating also scores a failed trial (the person saw it)', () => {
    expect(trialQuality({ status: 'failed', output: null, costUsd: null, latencyMs: null }, {}, { rating: 1 })).toMatchObject({ quality: 1, source: 'rating' });
  });
});
