import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averageImprovementInQuality } from '../../../src/core/analysis/aiq.ts';
import { perItemOracle, tierFrontier, tierRoutingPoints } from '../../../src/core/analysis/multi-model-routing.ts';
import type { TierModel } from '../../../src/core/analysis/multi-model-routing.ts';
import { routingCurve } from '../../../src/core/analysis/routing.ts';
import { catchError } from '../../helpers/catch-error.ts';

// Four items, three tiers (cost 1, 3, 10 a request), scores 0.1, 0.9, 0.5, 0.7.
//   item:   i0  i1  i2  i3
//   cheap:   1   0   0   1
//   mid:     1   0   1   1
//   strong:  1   1   1   0
// By descending score the ranks are i1, i3, i2, i0. A point (c1, c2): the c2 top-ranked items go to strong,
// ranks [c2, c1) to mid, the rest to cheap.
const models: TierModel[] = [
  { id: 'cheap', quality: [1, 0, 0, 1], cost: [1, 1, 1, 1] },
  { id: 'mid', quality: [1, 0, 1, 1], cost: [3, 3, 3, 3] },
  { id: 'strong', quality: [1, 1, 1, 0], cost: [10, 10, 10, 10] },
];
const scores = [0.1, 0.9, 0.5, 0.7];
const INF = Number.POSITIVE_INFINITY;

describe('tiered thresholds', () => {
  it('worked example: 15 threshold vectors on a 4-step grid, each point by hand', () => {
    const points = tierRoutingPoints(models, scores, { steps: 4 });
    expect(points).toHaveLength(15); // C(5 + 1, 2) for grid counts 4, 3, 2, 1, 0
    const byCounts = new Map(points.map((p) => [p.counts.join('/'), p]));
    // all cheap: quality (1+0+0+1)/4 = .5, cost 4 → 1000 per 1k
    expect(byCounts.get('4/0/0')).toMatchObject({ thresholds: [INF, INF], quality: 0.5, costPer1k: 1000, shares: [1, 0, 0] });
    // (c1, c2) = (3, 1): i1 → strong (1), i3, i2 → mid (1 + 1), i0 → cheap (1): quality 1; cost 10 + 3 + 3 + 1 = 17 → 4250
    expect(byCounts.get('1/2/1')).toMatchObject({ thresholds: [0.5, 0.9], quality: 1, costPer1k: 4250 });
    // (3, 0): i1, i3, i2 → mid (0 + 1 + 1), i0 → cheap (1): quality .75; cost 9 + 1 = 10 → 2500
    expect(byCounts.get('1/3/0')).toMatchObject({ thresholds: [0.5, INF], quality: 0.75, costPer1k: 2500 });
    // all strong: (1 + 1 + 1 + 0)/4 = .75, cost 40 → 10000
    expect(byCounts.get('0/0/4')).toMatchObject({ thresholds: [0.1, 0.1], quality: 0.75, costPer1k: 10000 });
  });

  it('worked example: the frontier and its AIQ', () => {
    // sorted by cost: (1000, .5) (1500, .5) (2000, .5) (2500, .75) (3000, .75) (3250, .75) (3750, .75) (4250, 1) …
    const frontier = tierFrontier(tierRoutingPoints(models, scores, { steps: 4 }));
    expect(frontier.map((p) => [p.costPer1k, p.quality])).toEqual([[1000, 0.5], [2500, 0.75], [4250, 1]]);
    // hull (1000,.5)–(2500,.75)–(4250,1), flat to 10000: 937.5 + 1531.25 + 5750 = 8218.75 over 9000
    const points = tierRoutingPoints(models, scores, { steps: 4 }).map((p) => ({ cost: p.costPer1k, quality: p.quality }));
    expect(averageImprovementInQuality(points)).toBeCloseTo(8218.75 / 9000, 12);
  });

  it('per-item oracle: best quality, ties to the cheaper model', () => {
    // i0: all right → cheap; i1: only strong; i2: mid and strong → mid; i3: cheap and mid → cheap.
    // quality 1, cost 1 + 10 + 3 + 1 = 15 → 3750 (cheaper than the best tiered point: i3 outranks i2 by score)
    expect(perItemOracle(models)).toEqual({ choice: [0, 2, 1, 0], counts: [2, 1, 1], quality: 1, costPer1k: 3750 });
  });

  it('with two models and a fine grid it is the two-model sweep', () => {
    const item = fc.record({
      weakQuality: fc.integer({ min: 0, max: 4 }).map((k) => k / 4),
      strongQuality: fc.integer({ min: 0, max: 4 }).map((k) => k / 4),
      weakCost: fc.integer({ min: 0, max: 5 }),
      strongCost: fc.integer({ min: 0, max: 50 }),
      score: fc.integer({ min: 0, max: 6 }),
    });
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 25 }), (items) => {
        const two: TierModel[] = [
          { id: 'weak', quality: items.map((i) => i.weakQuality), cost: items.map((i) => i.weakCost) },
          { id: 'strong', quality: items.map((i) => i.strongQuality), cost: items.map((i) => i.strongCost) },
        ];
        const tiered = tierRoutingPoints(two, items.map((i) => i.score), { steps: items.length })
          .map((p) => [p.thresholds[0], p.counts[1], p.quality, p.costPer1k])
          .sort((a, b) => (a[1] as number) - (b[1] as number));
        const sweep = routingCurve(items).map((p) => [p.threshold, p.strongCalls, p.quality, p.costPer1k]);
        expect(tiered).toEqual(sweep);
      }),
    );
  });

  it('rejects too few models, mismatched lengths and too many points', () => {
    expect(catchError(() => tierRoutingPoints(models.slice(0, 1), scores))).toMatchObject({ code: 'bad-routing-input' });
    expect(catchError(() => tierRoutingPoints(models, scores.slice(1)))).toMatchObject({ code: 'bad-routing-input' });
    const many = Array.from({ length: 6 }, (_, m) => ({ id: `m${m}`, quality: [0, 1, 0, 1], cost: [m, m, m, m] }));
    expect(catchError(() => tierRoutingPoints(many, scores, { steps: 4, maxPoints: 100 }))).toMatchObject({ code: 'bad-routing-input' });
  });
});
