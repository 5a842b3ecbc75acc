import { describe, expect, it } from 'vitest';
import {
  averagePgr,
  calibrateForQuality,
  calibrateForStrongShare,
  callPerformanceThreshold,
  oracleCurve,
  randomRouterCurve,
  routingCurve,
  routingMetrics,
} from '../../../src/core/analysis/routing.ts';
import type { RoutingItem } from '../../../src/core/analysis/routing.ts';
import { catchError } from '../../helpers/catch-error.ts';

// Four items with known 0/1 correctness; weak costs 1 a request, strong 10.
//   A: both right   B: only strong right   C: both wrong   D: only strong right
// q_weak = 1/4, q_strong = 3/4, gap 1/2. The "perfect" scores rank B, D (the only items where strong helps) first.
const item = (weakQuality: number, strongQuality: number, score: number): RoutingItem => ({ weakQuality, strongQuality, weakCost: 1, strongCost: 10, score });
const perfect: RoutingItem[] = [item(1, 1, 0.1), item(0, 1, 0.9), item(0, 0, 0.5), item(0, 1, 0.8)];
const reversed: RoutingItem[] = [item(1, 1, 0.9), item(0, 1, 0.1), item(0, 0, 0.8), item(0, 1, 0.5)];

const rows = (curve: ReturnType<typeof routingCurve>) => curve.map((p) => [p.threshold, p.strongShare, p.strongCalls, p.quality, p.costPer1k]);

describe('routingCurve', () => {
  it('sweeps +∞ then every distinct score: exact points for the perfect router', () => {
    expect(rows(routingCurve(perfect))).toEqual([
      [Number.POSITIVE_INFINITY, 0, 0, 0.25, 1000],
      [0.9, 0.25, 1, 0.5, 3250],
      [0.8, 0.5, 2, 0.75, 5500],
      [0.5, 0.75, 3, 0.75, 7750],
      [0.1, 1, 4, 0.75, 10000],
    ]);
  });

  it('moves tied scores together', () => {
    const tied = [item(0, 1, 0.5), item(0, 1, 0.5), item(1, 1, 0.2)];
    expect(routingCurve(tied).map((p) => [p.threshold, p.strongCalls])).toEqual([
      [Number.POSITIVE_INFINITY, 0],
      [0.5, 2],
      [0.2, 3],
    ]);
  });

  it('evaluates chosen thresholds, sorted by strong share', () => {
    expect(rows(routingCurve(perfect, { thresholds: [0.3, 0.85] }))).toEqual([
      [0.85, 0.25, 1, 0.5, 3250],
      [0.3, 0.75, 3, 0.75, 7750],
    ]);
  });
});

describe('RouteLLM metrics', () => {
  it('perfect router: PGR per point, APGR 0.75, CPT(20/50/80 %)', () => {
    const m = routingMetrics(perfect);
    expect([m.weakQuality, m.strongQuality, m.weakCostPer1k, m.strongCostPer1k]).toEqual([0.25, 0.75, 1000, 10000]);
    expect(m.pgr).toEqual([0, 0.5, 1, 1, 1]);
    // trapezoids of width 1/4: (0+.5)/2 + (.5+1)/2 + 1 + 1, times 1/4 = 0.75
    expect(m.apgr).toBe(0.75);
    expect(m.cpt20).toBeCloseTo(0.1, 12); // 0.25 × 0.2/0.5 on the first segment
    expect(m.cpt50).toBe(0.25);
    expect(m.cpt80).toBeCloseTo(0.4, 12); // 0.25 + 0.25 × 0.3/0.5
  });

  it('reversed router: APGR 0.25, CPT(50 %) = 75 %', () => {
    const m = routingMetrics(reversed);
    expect(m.pgr).toEqual([0, 0, 0, 0.5, 1]);
    expect(m.apgr).toBe(0.25);
    expect(m.cpt50).toBe(0.75);
  });

  it('random router expected curve: quality linear in share, APGR exactly 0.5', () => {
    const curve = randomRouterCurve(perfect, 4);
    expect(curve.map((p) => [p.strongShare, p.quality, p.costPer1k])).toEqual([
      [0, 0.25, 1000],
      [0.25, 0.375, 3250],
      [0.5, 0.5, 5500],
      [0.75, 0.625, 7750],
      [1, 0.75, 10000],
    ]);
    expect(averagePgr(curve, 0.25, 0.75)).toBe(0.5);
    expect(averagePgr(randomRouterCurve(perfect), 0.25, 0.75)).toBeCloseTo(0.5, 12);
    expect(callPerformanceThreshold(curve, 0.25, 0.75, 0.5)).toBe(0.5);
  });

  it('oracle: routes only where weak fails and strong succeeds; flat past the budget that helps', () => {
    const curve = oracleCurve(perfect);
    expect(curve.map((p) => [p.strongShare, p.strongCalls, p.quality, p.costPer1k])).toEqual([
      [0, 0, 0.25, 1000],
      [0.25, 1, 0.5, 3250],
      [0.5, 2, 0.75, 5500],
      [0.75, 2, 0.75, 5500],
      [1, 2, 0.75, 5500],
    ]);
    expect(averagePgr(curve, 0.25, 0.75)).toBe(0.75);
  });

  it('APGR over a partial sweep is normalised by its share range, as RouteLLM', () => {
    // points at share 0.25 (PGR 0.5) and 0.75 (PGR 1): trapz = 0.5 × 0.75 = 0.375, over a range of 0.5
    const curve = routingCurve(perfect, { thresholds: [0.85, 0.3] });
    expect(averagePgr(curve, 0.25, 0.75)).toBe(0.75);
  });

  it('CPT is undefined when the target is never reached', () => {
    expect(callPerformanceThreshold(routingCurve(perfect), 0.25, 0.75, 1.01)).toBeUndefined();
  });

  it('rejects a zero gap, an empty set and non-finite values', () => {
    expect(catchError(() => routingMetrics([item(1, 1, 0.5)]))).toMatchObject({ code: 'bad-routing-input' });
    expect(catchError(() => routingCurve([]))).toMatchObject({ code: 'bad-routing-input' });
    expect(catchError(() => routingCurve([item(0, 1, Number.NaN)]))).toMatchObject({ code: 'bad-routing-input' });
    expect(catchError(() => averagePgr(routingCurve(perfect).slice(0, 1), 0.25, 0.75))).toMatchObject({ code: 'bad-routing-input' });
  });
});

describe('calibration', () => {
  it('for a strong-call budget: the largest share not above it', () => {
    expect(calibrateForStrongShare(perfect, 0.6)).toMatchObject({ threshold: 0.8, strongShare: 0.5, quality: 0.75 });
    expect(calibrateForStrongShare(perfect, 0.5)).toMatchObject({ threshold: 0.8, strongShare: 0.5 });
    expect(calibrateForStrongShare(perfect, 0.1)).toMatchObject({ threshold: Number.POSITIVE_INFINITY, strongShare: 0 });
    expect(catchError(() => calibrateForStrongShare(perfect, 1.5))).toMatchObject({ code: 'bad-routing-input' });
  });

  it('for a target quality: the fewest strong calls reaching it, or undefined', () => {
    expect(calibrateForQuality(perfect, 0.7)).toMatchObject({ threshold: 0.8, strongShare: 0.5, costPer1k: 5500 });
    expect(calibrateForQuality(perfect, 0.25)).toMatchObject({ strongShare: 0 });
    expect(calibrateForQuality(perfect, 0.8)).toBeUndefined();
  });
});
