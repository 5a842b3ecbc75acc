/**
 * Token distributions of a route's requests: what a profile says (a number, {p50, p90}, {p10, p50, p90})
 * or what was measured (a prompt set's rendered cases, a run's recorded usage). The bill uses the mean
 * (the expected cost of a request); the range uses p10 and p90.
 *
 * Assumptions, each named in the README:
 * - `{p50, p90}`: the size is log-normal through those two points. With z90 = 1.2815515655446004 (the
 *   standard normal's 90th percentile), μ = ln p50 and σ = ln(p90 / p50) / z90; then p10 = p50² / p90 (the
 *   distribution is symmetric in log space) and mean = p50 · e^(σ²/2).
 * - `{p10, p50, p90}`: the three points as given; the mean is that of a log-normal with μ = ln p50 and
 *   σ = ln(p90 / p10) / (2 · z90).
 * - measured samples: p10, p50 and p90 by linear interpolation between the sorted samples (position
 *   q · (n − 1), the common "type 7" rule), the mean as the arithmetic mean.
 * - Every figure is rounded to a whole token, halves up: a request is billed in whole tokens.
 */
import { CostlabError } from '../errors.ts';

export const Z90 = 1.2815515655446004;

export interface TokenDistribution {
  p10: number;
  p50: number;
  p90: number;
  /** The expected tokens per request (what the monthly bill uses). */
  mean: number;
  /** How the figures were obtained, in words (shown beside the bill). */
  source: string;
  /** How many samples a measured distribution has. */
  samples?: number;
}

/** A fixed size: every percentile and the mean are the number itself. */
export function fixedDistribution(tokens: number): TokenDistribution {
  checkTokens(tokens, 'tokens');
  return { p10: tokens, p50: tokens, p90: tokens, mean: tokens, source: 'fixed' };
}

/** A log-normal through p50 and p90 (see the module comment). */
export function lognormalDistribution(p50: number, p90: number): TokenDistribution {
  checkTokens(p50, 'p50');
  checkTokens(p90, 'p90');
  if (p50 <= 0 || p90 < p50) {
    throw new CostlabError('bad-distribution', `a log-normal needs 0 < p50 ≤ p90, got p50 ${p50} and p90 ${p90}`, {
      hint: 'give the median (p50) and the 90th percentile (p90) of the tokens per request',
    });
  }
  const sigma = Math.log(p90 / p50) / Z90;
  return {
    p10: Math.round((p50 * p50) / p90),
    p50,
    p90,
    mean: Math.round(p50 * Math.exp((sigma * sigma) / 2)),
    source: 'log-normal through p50/p90',
  };
}

/** Three given percentiles; the mean of the log-normal they suggest (see the module comment). */
export function percentileDistribution(p10: number, p50: number, p90: number): TokenDistribution {
  for (const [value, name] of [[p10, 'p10'], [p50, 'p50'], [p90, 'p90']] as const) checkTokens(value, name);
  if (p10 <= 0 || p10 > p50 || p50 > p90) {
    throw new CostlabError('bad-distribution', `percentiles need 0 < p10 ≤ p50 ≤ p90, got ${p10}, ${p50}, ${p90}`, {
      hint: 'give the 10th, 50th and 90th percentiles of the tokens per request, smallest first',
    });
  }
  const sigma = Math.log(p90 / p10) / (2 * Z90);
  return { p10, p50, p90, mean: Math.round(p50 * Math.exp((sigma * sigma) / 2)), source: 'p10/p50/p90 as given' };
}

/** The q-quantile (0 ≤ q ≤ 1) of sorted numbers by linear interpolation at position q · (n − 1). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of no samples');
  const position = q * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const a = sorted[lower] ?? 0;
  const b = sorted[upper] ?? a;
  return a + (b - a) * (position - lower);
}

/** The distribution of measured token counts; throws when there are none. */
export function distributionFromSamples(samples: readonly number[], source: string): TokenDistribution {
  if (samples.length === 0) {
    throw new CostlabError('no-samples', `no token counts to measure (${source})`, {
      hint: 'measure from a prompt set with cases, or a run with succeeded trials',
    });
  }
  for (const value of samples) checkTokens(value, 'sample');
  const sorted = [...samples].sort((a, b) => a - b);
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    p10: Math.round(quantile(sorted, 0.1)),
    p50: Math.round(quantile(sorted, 0.5)),
    p90: Math.round(quantile(sorted, 0.9)),
    mean: Math.round(total / sorted.length),
    source,
    samples: sorted.length,
  };
}

/** Which figure of a distribution a bill is computed at. */
export type TokenPoint = 'mean' | 'p10' | 'p90';

export function tokensAt(distribution: TokenDistribution, point: TokenPoint): number {
  return distribution[point];
}

function checkTokens(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new CostlabError('bad-distribution', `${what} must be a whole number of tokens (0 or more), got ${value}`);
  }
}
