/** Token distributions and the exact fractions the bill computes with. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distributionFromSamples, lognormalDistribution, percentileDistribution, quantile } from '../../../src/core/economics/distribution.ts';
import { add, ceil, cmp, div, floor, frac, fromDecimal, mul, pow, roundHalfUp, sub, toNumber } from '../../../src/core/economics/fraction.ts';

describe('distributions', () => {
  it('log-normal through p50/p90: p10 = p50²/p90, mean = p50·e^(σ²/2)', () => {
    // p50 250, p90 600: σ = ln(2.4)/1.2815516 = 0.875469/1.2815516 = 0.683131; σ²/2 = 0.233334;
    // mean = 250 × e^0.233334 = 250 × 1.262808 = 315.70 → 316; p10 = 62,500/600 = 104.17 → 104.
    expect(lognormalDistribution(250, 600)).toEqual({ p10: 104, p50: 250, p90: 600, mean: 316, source: 'log-normal through p50/p90' });
    // p50 = p90: no spread.
    expect(lognormalDistribution(800, 800)).toMatchObject({ p10: 800, mean: 800 });
    expect(() => lognormalDistribution(900, 200)).toThrow('0 < p50 ≤ p90');
  });

  it('three percentiles as given; the mean of the log-normal they span', () => {
    // σ = ln(400/100)/(2 × 1.2815516) = 1.386294/2.563103 = 0.540868; mean = 200 × e^0.146269 = 200 × 1.157502 = 231.5 → 232 (half up)
    expect(percentileDistribution(100, 200, 400)).toMatchObject({ p10: 100, p50: 200, p90: 400, mean: 232 });
    expect(() => percentileDistribution(300, 200, 400)).toThrow('0 < p10 ≤ p50 ≤ p90');
  });

  it('measured samples: linear interpolation at q·(n − 1), arithmetic mean', () => {
    // Sorted 10, 20, 30, 40, 100: p10 at 0.4 → 14; p50 at 2 → 30; p90 at 3.6 → 40 + 0.6 × 60 = 76; mean 200/5 = 40.
    expect(distributionFromSamples([40, 10, 100, 30, 20], 'five')).toEqual({ p10: 14, p50: 30, p90: 76, mean: 40, source: 'five', samples: 5 });
    expect(quantile([7], 0.9)).toBe(7);
    expect(() => distributionFromSamples([], 'none')).toThrow('no token counts');
  });

  it('percentiles of samples are ordered and within the samples', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 50 }), (samples) => {
      const d = distributionFromSamples(samples, 's');
      expect(d.p10).toBeLessThanOrEqual(d.p50);
      expect(d.p50).toBeLessThanOrEqual(d.p90);
      expect(d.p10).toBeGreaterThanOrEqual(Math.min(...samples));
      expect(d.p90).toBeLessThanOrEqual(Math.max(...samples));
    }));
  });
});

describe('fractions', () => {
  it('reads decimals exactly, as written', () => {
    expect(fromDecimal(0.3)).toEqual(frac(3n, 10n));
    expect(fromDecimal('1.25')).toEqual(frac(5n, 4n));
    expect(fromDecimal(1e-7)).toEqual(frac(1n, 10_000_000n));
    expect(fromDecimal('2.5e3')).toEqual(frac(2500n));
    expect(() => fromDecimal('abc')).toThrow('not a decimal number');
  });

  it('rounds half away from zero; floors and ceils toward the right side of negatives', () => {
    expect(roundHalfUp(frac(5n, 2n))).toBe(3n);
    expect(roundHalfUp(frac(-5n, 2n))).toBe(-3n);
    expect(roundHalfUp(frac(7n, 3n))).toBe(2n);
    expect(floor(frac(-7n, 2n))).toBe(-4n);
    expect(ceil(frac(7n, 2n))).toBe(4n);
    expect(ceil(frac(-7n, 2n))).toBe(-3n);
    expect(toNumber(frac(1n, 3n))).toBeCloseTo(0.333333333, 9);
    expect(pow(frac(11n, 10n), 2)).toEqual(frac(121n, 100n));
  });

  it('arithmetic is exact: (a + b) − b = a, (a × b) ÷ b = a, ordering agrees with numbers', () => {
    const f = fc.tuple(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.bigInt({ min: 1n, max: 10n ** 9n })).map(([n, d]) => frac(n, d));
    fc.assert(fc.property(f, f, (a, b) => {
      expect(sub(add(a, b), b)).toEqual(a);
      if (b.n !== 0n) expect(div(mul(a, b), b)).toEqual(a);
      expect(cmp(a, b)).toBe(Math.sign(toNumber(a) - toNumber(b)) || cmp(a, b));
    }));
  });
});
