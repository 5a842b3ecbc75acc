import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averageImprovementInQuality, nonDecreasingConvexHull } from '../../../src/core/analysis/aiq.ts';
import type { CostQualityPoint } from '../../../src/core/analysis/aiq.ts';
import { routingCurve } from '../../../src/core/analysis/routing.ts';
import { catchError } from '../../helpers/catch-error.ts';

const pt = (cost: number, quality: number): CostQualityPoint => ({ cost, quality });

describe('non-decreasing convex hull', () => {
  it('worked example: drops points under a chord and everything after the best point', () => {
    // (2, .6) lies under the chord (1, .5)–(3, .9), which is .7 at cost 2; (4, .8) is past the best point.
    expect(nonDecreasingConvexHull([pt(4, 0.8), pt(2, 0.6), pt(1, 0.5), pt(3, 0.9)])).toEqual([pt(1, 0.5), pt(3, 0.9)]);
  });

  it('keeps the best of equal-cost points and the cheapest of equal-quality best points', () => {
    // cost 1: .2 and .4 → .4; best .9 reached at cost 3 and 5 → stop at 3
    expect(nonDecreasingConvexHull([pt(1, 0.2), pt(1, 0.4), pt(2, 0.8), pt(3, 0.9), pt(5, 0.9)])).toEqual([pt(1, 0.4), pt(2, 0.8), pt(3, 0.9)]);
  });

  it('is concave and non-decreasing, and lies on or above every point from the cheapest on', () => {
    const points = fc.array(fc.record({ cost: fc.integer({ min: 0, max: 50 }), quality: fc.integer({ min: 0, max: 100 }).map((q) => q / 100) }), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(points, (ps) => {
        const hull = nonDecreasingConvexHull(ps);
        for (let k = 1; k < hull.length; k++) expect((hull[k] as CostQualityPoint).quality).toBeGreaterThan((hull[k - 1] as CostQualityPoint).quality);
        for (let k = 2; k < hull.length; k++) {
          const [a, b, c] = [hull[k - 2], hull[k - 1], hull[k]] as CostQualityPoint[];
          const slope1 = ((b as CostQualityPoint).quality - (a as CostQualityPoint).quality) / ((b as CostQualityPoint).cost - (a as CostQualityPoint).cost);
          const slope2 = ((c as CostQualityPoint).quality - (b as CostQualityPoint).quality) / ((c as CostQualityPoint).cost - (b as CostQualityPoint).cost);
          expect(slope2).toBeLessThan(slope1 + 1e-12);
        }
        const best = Math.max(...ps.map((p) => p.quality));
        expect((hull[hull.length - 1] as CostQualityPoint).quality).toBe(best);
      }),
    );
  });
});

describe('AIQ (RouterBench)', () => {
  it('worked example: area 2.3 over the cost range [1, 4] → 0.7667', () => {
    // trapezoid 1→3: (0.5 + 0.9)/2 × 2 = 1.4; flat 3→4: 0.9 × 1; (1.4 + 0.9)/3 = 0.76667
    expect(averageImprovementInQuality([pt(1, 0.5), pt(2, 0.6), pt(3, 0.9), pt(4, 0.8)])).toBeCloseTo(2.3 / 3, 12);
  });

  it('over a common range: flat past the best point, and a range wider than the points', () => {
    // range [1, 6]: 1.4 + 0.9 × 3 = 4.1 → 4.1 / 5 = 0.82
    expect(averageImprovementInQuality([pt(1, 0.5), pt(3, 0.9)], { min: 1, max: 6 })).toBeCloseTo(0.82, 12);
    // range [2, 3]: height .7 at 2 and .9 at 3 → 0.8
    expect(averageImprovementInQuality([pt(1, 0.5), pt(3, 0.9)], { min: 2, max: 3 })).toBeCloseTo(0.8, 12);
  });

  it('two-model router: the weak–strong chord gives the mean of the two qualities; a good router beats it', () => {
    // 4 items, weak cost 1 / strong 10 a request. Perfect scores (see routing.test.ts): curve points at
    // costPer1k 1000, 3250, 5500, 7750, 10000 with quality .25, .5, .75, .75, .75.
    const item = (weakQuality: number, strongQuality: number, score: number) => ({ weakQuality, strongQuality, weakCost: 1, strongCost: 10, score });
    const perfect = [item(1, 1, 0.1), item(0, 1, 0.9), item(0, 0, 0.5), item(0, 1, 0.8)];
    const points = routingCurve(perfect).map((p) => pt(p.costPer1k, p.quality));
    // hull: (1000,.25) → (5500,.75) (3250,.5 is on the chord), flat to 10000:
    // area = (0.25 + 0.75)/2 × 4500 + 0.75 × 4500 = 2250 + 3375 = 5625, over 9000 → 0.625
    expect(averageImprovementInQuality(points)).toBeCloseTo(0.625, 12);
    // the all-weak and all-strong points alone: the chord, mean quality (0.25 + 0.75)/2 = 0.5
    expect(averageImprovementInQuality([pt(1000, 0.25), pt(10000, 0.75)])).toBeCloseTo(0.5, 12);
  });

  it('is between the lowest and highest quality, and adding a dominated point changes nothing', () => {
    const points = fc.array(fc.record({ cost: fc.integer({ min: 0, max: 50 }), quality: fc.double({ min: 0, max: 1, noNaN: true }) }), { minLength: 2, maxLength: 20 });
    fc.assert(
      fc.property(points, (ps) => {
        const aiq = averageImprovementInQuality(ps);
        if (aiq === undefined) return;
        expect(aiq).toBeGreaterThanOrEqual(Math.min(...ps.map((p) => p.quality)) - 1e-12);
        expect(aiq).toBeLessThanOrEqual(Math.max(...ps.map((p) => p.quality)) + 1e-12);
        const worst = ps.reduce((a, b) => (a.quality <= b.quality ? a : b));
        const cheapest = Math.min(...ps.map((p) => p.cost));
        const dominated = pt(Math.max(worst.cost, cheapest), Math.min(...ps.map((p) => p.quality)));
        expect(averageImprovementInQuality([...ps, dominated])).toBeCloseTo(aiq, 12);
      }),
    );
  });

  it('is undefined with no cost range; rejects a range below the cheapest point and bad numbers', () => {
    expect(averageImprovementInQuality([pt(2, 0.5), pt(2, 0.7)])).toBeUndefined();
    expect(catchError(() => averageImprovementInQuality([pt(2, 0.5), pt(3, 0.7)], { min: 1, max: 3 }))).toMatchObject({ code: 'bad-routing-input' });
    expect(catchError(() => averageImprovementInQuality([pt(Number.NaN, 0.5)]))).toMatchObject({ code: 'bad-routing-input' });
    expect(catchError(() => averageImprovementInQuality([]))).toMatchObject({ code: 'bad-routing-input' });
  });
});
