/** The fast sweep (sort once, running totals, binary search) against the O(n·T) reference. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { routingCurve, routingCurveNaive } from '../../../src/core/analysis/routing.ts';
import type { RoutingPoint } from '../../../src/core/analysis/routing.ts';
import { descendingOrder, sortRouting, strongCount } from '../../../src/core/analysis/routing-sort.ts';

// Dyadic values (multiples of 1/8, small integers) add exactly in floating point, so fast and naive must agree
// bit for bit whatever order they sum in; scores come from a small set so ties are common.
const dyadicItem = fc.record({
  weakQuality: fc.integer({ min: 0, max: 8 }).map((k) => k / 8),
  strongQuality: fc.integer({ min: 0, max: 8 }).map((k) => k / 8),
  weakCost: fc.integer({ min: 0, max: 20 }),
  strongCost: fc.integer({ min: 0, max: 200 }),
  score: fc.constantFrom(-2, -0.5, -0, 0, 0.25, 0.5, 1, 3),
});
const threshold = fc.oneof(
  fc.constantFrom(Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, -0, 0.5, 1, 3, -2),
  fc.double({ min: -3, max: 4, noNaN: true }),
);

describe('fast threshold sweep = the naive one', () => {
  it('exactly, on dyadic tables with ties and ±∞ thresholds', () => {
    fc.assert(
      fc.property(fc.array(dyadicItem, { minLength: 1, maxLength: 60 }), fc.array(threshold, { maxLength: 30 }), (items, thresholds) => {
        expect(routingCurve(items, { thresholds })).toEqual(routingCurveNaive(items, thresholds));
      }),
      { numRuns: 400 },
    );
  });

  it('to rounding, on arbitrary doubles', () => {
    const item = fc.record({
      weakQuality: fc.double({ min: 0, max: 1, noNaN: true }),
      strongQuality: fc.double({ min: 0, max: 1, noNaN: true }),
      weakCost: fc.double({ min: 0, max: 0.01, noNaN: true }),
      strongCost: fc.double({ min: 0, max: 0.1, noNaN: true }),
      score: fc.double({ min: -1e6, max: 1e6, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 80 }), fc.array(fc.double({ noNaN: true }), { maxLength: 20 }), (items, thresholds) => {
        const fast = routingCurve(items, { thresholds });
        const naive = routingCurveNaive(items, thresholds);
        expect(fast.map((p) => [p.threshold, p.strongCalls, p.strongShare])).toEqual(naive.map((p) => [p.threshold, p.strongCalls, p.strongShare]));
        fast.forEach((p, k) => {
          expect(p.quality).toBeCloseTo((naive[k] as RoutingPoint).quality, 9);
          expect(p.costPer1k).toBeCloseTo((naive[k] as RoutingPoint).costPer1k, 6);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('the default sweep agrees with the naive one at its own thresholds', () => {
    fc.assert(
      fc.property(fc.array(dyadicItem, { minLength: 1, maxLength: 60 }), (items) => {
        const sweep = routingCurve(items);
        expect(routingCurveNaive(items, sweep.map((p) => p.threshold))).toEqual(sweep);
      }),
    );
  });
});

describe('descendingOrder (radix sort of the scores\' bits)', () => {
  it('is the stable comparator sort: descending, ties in input order, negatives and ±∞ included', () => {
    const scores = fc.array(
      fc.oneof(fc.double({ noNaN: true }), fc.constantFrom(0, -0, 1, -1, 1e-300, -1e-300, 5e-324, Number.MAX_VALUE)),
      { maxLength: 200 },
    );
    fc.assert(
      fc.property(scores, (values) => {
        const expected = values.map((_, i) => i).sort((a, b) => (values[b] as number) - (values[a] as number) || a - b);
        // −0 and +0 are one key, as the comparator sees them
        expect(Array.from(descendingOrder(Float64Array.from(values, (v) => v + 0)))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('worked example: [0.5, -1, 2, 0.5, 0] → 2, 0.5 (item 0), 0.5 (item 3), 0, -1', () => {
    expect(Array.from(descendingOrder(Float64Array.from([0.5, -1, 2, 0.5, 0])))).toEqual([2, 0, 3, 4, 1]);
  });

  it('strongCount counts scores ≥ t by binary search', () => {
    // scores 3, 1, 1, 0 (descending): t = 1 → 3 items; t = 1.5 → 1; t = +∞ → 0; t = −∞ → 4
    const sorted = sortRouting([3, 1, 0, 1].map((score) => ({ weakQuality: 0, strongQuality: 1, weakCost: 1, strongCost: 2, score })));
    expect([1, 1.5, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, 3.1].map((t) => strongCount(sorted, t))).toEqual([3, 1, 0, 4, 4, 0]);
    // running totals: all weak 0 quality, cost 4; each switch adds quality 1 and cost 1
    expect(Array.from(sorted.runQuality)).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(sorted.runCost)).toEqual([4, 5, 6, 7, 8]);
  });
});
