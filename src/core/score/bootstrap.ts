/**
 * The mean of a sample with a percentile-bootstrap confidence interval. Randomness comes in as a
 * `Random` (core/ports.ts), so a seeded generator gives the same interval every time.
 */
import type { Random } from '../ports.ts';

export interface BootstrapOptions {
  /** Number of resamples B (default 1000). */
  resamples?: number;
  /** Confidence level (default 0.95). */
  confidence?: number;
}

export interface MeanInterval {
  n: number;
  mean: number;
  low: number;
  high: number;
}

export const DEFAULT_RESAMPLES = 1000;
export const DEFAULT_CONFIDENCE = 0.95;

export function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** The q-quantile (0 ≤ q ≤ 1) of sorted values, interpolating linearly between order statistics. */
export function quantileSorted(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  const lo = sorted[below] ?? 0;
  const hi = sorted[above] ?? lo;
  return lo + (hi - lo) * (position - below);
}

/** An index in [0, n) from a Random, safe against a generator that returns exactly 1. */
function pick(random: Random, n: number): number {
  return Math.min(n - 1, Math.floor(random() * n));
}

/**
 * The sample mean and a percentile-bootstrap interval: B resamples with replacement, the (1−c)/2 and
 * (1+c)/2 quantiles of their means. The interval is widened, if need be, to contain the sample mean
 * (with few resamples the percentiles can miss it). null for an empty sample; one value gives [v, v].
 */
export function bootstrapMean(values: readonly number[], random: Random, options: BootstrapOptions = {}): MeanInterval | null {
  const n = values.length;
  if (n === 0) return null;
  const m = mean(values);
  const resamples = Math.max(1, Math.floor(options.resamples ?? DEFAULT_RESAMPLES));
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  if (n === 1 || values.every((v) => v === values[0])) return { n, mean: m, low: m, high: m };
  const means = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[pick(random, n)] ?? 0;
    means[b] = sum / n;
  }
  means.sort();
  const sorted = Array.from(means);
  const alpha = (1 - confidence) / 2;
  return {
    n,
    mean: m,
    low: Math.min(m, quantileSorted(sorted, alpha)),
    high: Math.max(m, quantileSorted(sorted, 1 - alpha)),
  };
}
