/**
 * Self-hosting on rented GPUs against paying per token. Definitions (each named in the README):
 *
 * - A deployment is `gpus` GPUs serving `throughput` tokens per second in total (input and output tokens
 *   together, all GPUs of the deployment together).
 * - Hours per month = 24 × days_per_month (30 unless given: 720 hours).
 * - GPU cost per month G = gpus × $/GPU-hour × hours; fixed cost of one deployment = G + ops per month.
 * - Capacity per month C = throughput × 3,600 × hours × utilization ÷ peak factor: capacity is sized for
 *   the peak, run at the target utilization there, and the average traffic is the peak ÷ peak factor.
 *   Rounded down to whole tokens.
 * - Self-hosted $/MTok = (G + ops) ÷ C × 10^6: the price of a token when the deployment carries its planned
 *   load.
 * - API blended price p = input_share × input rate + (1 − input_share) × output rate (per token).
 * - Volume V beyond one deployment's capacity needs k = ⌈V ÷ C⌉ deployments (a step function) and costs
 *   k × G + ops. Break-even volume: the smallest V with V × p ≥ k × G + ops, i.e. with
 *   k* = max(1, ⌈ops ÷ (p·C − G)⌉) deployments, V* = (k*·G + ops) ÷ p. When p·C ≤ G a full deployment
 *   costs more per token than the API and self-hosting never breaks even. Just past a step the new
 *   deployment may put the API ahead again; self-hosting stays cheaper at every volume from
 *   (m·G + ops) ÷ p with m = max(1, ⌈(G + ops) ÷ (p·C − G)⌉).
 * - Hybrid: serve locally up to the capacity of k deployments and send the rest to the API; cost(k) =
 *   (k > 0 ? k × G + ops : 0) + (V − min(V, k × C)) × p, for k = 0 … ⌈V ÷ C⌉; the cheapest k wins.
 *
 * Money is exact (picodollars): G, ops and every cost are rounded once to the picodollar, halves up.
 */
import { CostlabError } from '../errors.ts';
import type { ModelEntry } from '../catalog/model.ts';
import { modelKey } from '../catalog/model.ts';
import { known } from '../money/money.ts';
import type { Money } from '../money/money.ts';
import { F0, F1, add, ceil, cmp, div, floor, frac, isZero, max, min, mul, roundHalfUp, sub, toNumber } from './fraction.ts';
import type { Fraction } from './fraction.ts';

const PICO = frac(1_000_000_000_000n);
const MILLION = frac(1_000_000n);
/** Deployment counts the hybrid cost curve lists one by one. */
const CURVE_POINTS = 24n;

export interface SelfHostInput {
  /** USD per GPU-hour. */
  gpuHourlyUsd: Fraction;
  /** GPUs in one deployment. */
  gpus: number;
  /** Tokens per second (input + output) one deployment serves. */
  throughputTokensPerSecond: Fraction;
  /** Target utilization at the peak, in (0, 1]. */
  utilization: Fraction;
  /** Peak-to-average traffic, ≥ 1. */
  peakFactor: Fraction;
  /** Fixed operations cost per month, USD (once, whatever the number of deployments). */
  opsMonthlyUsd: Fraction;
  daysPerMonth: Fraction;
}

export interface SelfHostCost {
  input: SelfHostInput;
  hoursPerMonth: Fraction;
  /** GPU rent of one deployment per month (picodollars). */
  gpuMonthlyPico: bigint;
  opsMonthlyPico: bigint;
  /** gpuMonthly + opsMonthly. */
  fixedMonthlyPico: bigint;
  capacityTokensPerMonth: bigint;
  /** fixed ÷ capacity, picodollars per token; null when the capacity is 0. */
  picoPerToken: Fraction | null;
}

function checkInput(input: SelfHostInput): void {
  const bad = (field: string, message: string) => new CostlabError('bad-breakeven', `${field} ${message}`, { location: { field } });
  if (cmp(input.gpuHourlyUsd, F0) < 0) throw bad('gpu-hourly', 'cannot be negative');
  if (!Number.isSafeInteger(input.gpus) || input.gpus < 1) throw bad('gpus', 'must be a whole number of 1 or more');
  if (cmp(input.throughputTokensPerSecond, F0) <= 0) throw bad('throughput', 'must be above 0 tokens per second');
  if (cmp(input.utilization, F0) <= 0 || cmp(input.utilization, F1) > 0) throw bad('utilization', 'must be above 0 and at most 1');
  if (cmp(input.peakFactor, F1) < 0) throw bad('peak-factor', 'must be 1 or more (peak ÷ average)');
  if (cmp(input.opsMonthlyUsd, F0) < 0) throw bad('ops-monthly', 'cannot be negative');
  if (cmp(input.daysPerMonth, F0) <= 0) throw bad('days', 'must be above 0');
}

/** The monthly fixed cost and capacity of one deployment, and its price per token at planned load. */
export function selfHostCost(input: SelfHostInput): SelfHostCost {
  checkInput(input);
  const hoursPerMonth = mul(frac(24n), input.daysPerMonth);
  const gpuMonthlyPico = roundHalfUp(mul(frac(BigInt(input.gpus)), input.gpuHourlyUsd, hoursPerMonth, PICO));
  const opsMonthlyPico = roundHalfUp(mul(input.opsMonthlyUsd, PICO));
  const capacityTokensPerMonth = floor(div(mul(input.throughputTokensPerSecond, frac(3600n), hoursPerMonth, input.utilization), input.peakFactor));
  const fixedMonthlyPico = gpuMonthlyPico + opsMonthlyPico;
  return {
    input, hoursPerMonth, gpuMonthlyPico, opsMonthlyPico, fixedMonthlyPico, capacityTokensPerMonth,
    picoPerToken: capacityTokensPerMonth === 0n ? null : frac(fixedMonthlyPico, capacityTokensPerMonth),
  };
}

/** Picodollars per token → USD per million tokens (a JS number, for display and JSON). */
export function perMTokUsd(picoPerToken: Fraction): number {
  return toNumber(div(mul(picoPerToken, MILLION), PICO));
}

export interface ApiPrice {
  model: string;
  /** Blended picodollars per token, or null when a rate it needs is unknown. */
  picoPerToken: Fraction | null;
  missing: string[];
  source: string;
  asOf: string;
}

/** The API's blended price per token for a mix of input and output tokens (standard rates). */
export function apiBlendedPrice(model: ModelEntry, inputShare: Fraction): ApiPrice {
  if (cmp(inputShare, F0) < 0 || cmp(inputShare, F1) > 0) {
    throw new CostlabError('bad-breakeven', 'input-share must be between 0 and 1', { location: { field: 'input-share' } });
  }
  const key = modelKey(model);
  const base = { model: key, source: model.source, asOf: model.asOf };
  if (model.rates === null) return { ...base, picoPerToken: null, missing: [`${key} per-token price (self-hosted)`] };
  const outputShare = sub(F1, inputShare);
  const missing: string[] = [];
  if (!isZero(inputShare) && model.rates.input === null) missing.push(`${key} input`);
  if (!isZero(outputShare) && model.rates.output === null) missing.push(`${key} output`);
  if (missing.length > 0) return { ...base, picoPerToken: null, missing };
  const price = add(mul(inputShare, frac(model.rates.input ?? 0n)), mul(outputShare, frac(model.rates.output ?? 0n)));
  return { ...base, picoPerToken: price, missing: [] };
}

export interface BreakEven {
  api: ApiPrice;
  /** The smallest monthly volume (tokens) from which self-hosting is no dearer; null when it never is. */
  breakEvenTokens: Fraction | null;
  /** Deployments needed at the break-even volume. */
  deployments: number | null;
  /** From this monthly volume on, self-hosting is cheaper at every volume (past every step); null when never. */
  cheaperFromTokens: Fraction | null;
  /** Why there is no break-even, in words. */
  reason: string | null;
}

/** The break-even volume of a self-hosted deployment against one API price (see the module comment). */
export function breakEven(cost: SelfHostCost, api: ApiPrice): BreakEven {
  const p = api.picoPerToken;
  if (p === null) return { api, breakEvenTokens: null, deployments: null, cheaperFromTokens: null, reason: `unknown API price (no ${api.missing.join(', ')} rate)` };
  if (isZero(p)) return { api, breakEvenTokens: null, deployments: null, cheaperFromTokens: null, reason: 'the API price is $0' };
  const G = frac(cost.gpuMonthlyPico);
  const ops = frac(cost.opsMonthlyPico);
  const margin = sub(mul(p, frac(cost.capacityTokensPerMonth)), G); // what a full deployment saves before ops
  if (cmp(margin, F0) <= 0) {
    return { api, breakEvenTokens: null, deployments: null, cheaperFromTokens: null, reason: 'a fully loaded deployment costs more per token than the API' };
  }
  const k = max(F1, frac(ceil(div(ops, margin))));
  const m = max(F1, frac(ceil(div(add(G, ops), margin))));
  return {
    api,
    breakEvenTokens: div(add(mul(k, G), ops), p),
    deployments: Number(k.n),
    cheaperFromTokens: div(add(mul(m, G), ops), p),
    reason: null,
  };
}

export interface HybridOption {
  deployments: number;
  localTokens: Fraction;
  apiTokens: Fraction;
  /** localTokens ÷ volume (0 when the volume is 0). */
  localShare: Fraction;
  selfHost: Money;
  api: Money;
  total: Money;
}

export interface HybridSplit {
  volumeTokens: Fraction;
  api: ApiPrice;
  /** k = 0 (all API) … ⌈V ÷ C⌉ (all local): the cost curve. */
  options: HybridOption[];
  best: HybridOption;
}

/** Serve locally up to the capacity of k deployments, the rest by API, for every k; the cheapest wins. */
export function hybridSplit(cost: SelfHostCost, api: ApiPrice, volumeTokens: Fraction): HybridSplit {
  if (api.picoPerToken === null) {
    throw new CostlabError('unknown-price', `cannot split traffic with ${api.model}: no ${api.missing.join(', ')} rate`, {
      hint: 'pick an API model with known input and output prices (costlab models)',
    });
  }
  if (cost.capacityTokensPerMonth === 0n) throw new CostlabError('bad-breakeven', 'the deployment has no capacity (0 tokens per month)');
  const p = api.picoPerToken;
  const capacity = frac(cost.capacityTokensPerMonth);
  // Between 1 and ⌊V ÷ C⌋ deployments the cost is linear in k, so the cheapest is among 0, 1, ⌊V ÷ C⌋ and
  // ⌈V ÷ C⌉: the curve lists every k up to CURVE_POINTS and those four beyond it.
  const whole = floor(div(volumeTokens, capacity));
  const most = ceil(div(volumeTokens, capacity));
  const counts = new Set<bigint>([whole, most]);
  for (let k = 0n; k <= most && k <= CURVE_POINTS; k++) counts.add(k);
  const options: HybridOption[] = [];
  for (const k of [...counts].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))) {
    const localTokens = min(volumeTokens, mul(frac(k), capacity));
    const apiTokens = sub(volumeTokens, localTokens);
    const selfHostPico = k === 0n ? 0n : k * cost.gpuMonthlyPico + cost.opsMonthlyPico;
    const apiPico = roundHalfUp(mul(apiTokens, p));
    options.push({
      deployments: Number(k), localTokens, apiTokens, localShare: isZero(volumeTokens) ? F0 : div(localTokens, volumeTokens),
      selfHost: known(selfHostPico), api: known(apiPico), total: known(selfHostPico + apiPico),
    });
  }
  const pico = (o: HybridOption): bigint => (o.total.known ? o.total.pico : 0n);
  const best = options.reduce((a, b) => (pico(b) < pico(a) ? b : a));
  return { volumeTokens, api, options, best };
}
