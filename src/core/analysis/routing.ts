/**
 * Two-model routing: each item has a weak and a strong model's quality and cost, and a router score
 * (higher = more reason to pay for the strong model). A threshold t routes an item to the strong model when
 * score ≥ t, the same convention as RouteLLM's `threshold` (route to strong when the predicted strong win
 * rate is at least the threshold).
 *
 * Metrics follow RouteLLM — Ong et al., "RouteLLM: Learning to Route LLMs with Preference Data",
 * arXiv:2406.18665, and the code at github.com/lm-sys/RouteLLM (routellm/evals/evaluate.py,
 * routellm/evals/benchmarks.py):
 *
 * - q_weak, q_strong: the mean quality when every item goes to the weak / strong model.
 * - PGR (performance gap recovered) of a router at some threshold: (q − q_weak) / (q_strong − q_weak).
 * - APGR (average performance gap recovered): the area under the PGR-versus-strong-call-share curve, strong
 *   share measured as a fraction in [0,1]. As RouteLLM's `apgr_metric` does, the integral is the trapezoid
 *   rule over the sweep's own points (np.trapz), normalised by the sweep's share range:
 *     APGR = (AUC(q) − AUC(q_weak)) / (AUC(q_strong) − AUC(q_weak)) = trapz(PGR, share) / (share_max − share_min).
 *   The default sweep here always contains share 0 (threshold +∞) and share 1 (the lowest score), so the
 *   divisor is 1 and APGR is exactly the area. The random router's expected curve is PGR = share, so its APGR
 *   is 0.5; the oracle's is the upper bound.
 * - CPT(x) (call-performance threshold): the minimum strong-call share at which the router reaches
 *   PGR ≥ x (x a fraction: 0.5 for the paper's CPT(50%)). Between sweep points the curve is read linearly,
 *   as RouteLLM's `pct_call_metric` does with np.interp; here the first crossing is taken, which is the same
 *   thing for a monotone curve and still well defined for a non-monotone one. Undefined when never reached.
 * - Random baseline: routes a share s of items to the strong model at random; its expected quality and cost
 *   are linear in s: q(s) = q_weak + s(q_strong − q_weak).
 * - Oracle bound (RouteLLM `get_optimal_accuracy`): with a budget of k strong calls, route to the strong
 *   model only where it helps — for 0/1 correctness, only where the weak model fails and the strong one
 *   succeeds; for graded quality, the items with the largest positive gain (strong − weak) first. Past the
 *   number of items that gain anything the curve is flat. Its `strongShare` is the budget k/n, as RouteLLM
 *   plots it; `strongCalls` and `costPer1k` count only the calls it actually makes.
 *
 * Costs are per request; `costPer1k` is 1,000 × the mean cost per request of the routed mix (a routed item
 * pays only the model it went to; cascades are a separate analysis).
 *
 * Speed: every sweep sorts the items by score once (routing-sort.ts: a stable radix sort, then running totals
 * of quality and cost as items switch to the strong model in score order). The default sweep walks those
 * totals; explicit thresholds are one binary search each — O(n log n + T log n) in all, where evaluating each
 * threshold over every item (`routingCurveNaive`, kept as the reference) is O(n·T). 1,000,000 items × 1,000
 * thresholds take well under a second (benchmarks/routing.bench.ts).
 */
import { CostlabError } from '../errors.ts';
import { sortRouting, strongCount } from './routing-sort.ts';
import type { SortedRouting } from './routing-sort.ts';

export interface RoutingItem {
  /** Weak model's quality on this item: 0/1 correctness or a score in [0,1]. */
  weakQuality: number;
  strongQuality: number;
  /** Cost of one request on each model. */
  weakCost: number;
  strongCost: number;
  /** Router score: higher = route to the strong model. */
  score: number;
}

export interface RoutingPoint {
  /** Items with score ≥ threshold go to the strong model; +∞ routes none. */
  threshold: number;
  /** Fraction of items routed to the strong model, in [0,1]. */
  strongShare: number;
  strongCalls: number;
  /** Mean quality of the routed mix. */
  quality: number;
  /** 1,000 × mean cost per request of the routed mix. */
  costPer1k: number;
}

export interface RoutingBaselines {
  items: number;
  weakQuality: number;
  strongQuality: number;
  weakCostPer1k: number;
  strongCostPer1k: number;
}

export interface RoutingMetrics extends RoutingBaselines {
  /** PGR of each curve point, same order as the curve. */
  pgr: number[];
  apgr: number;
  /** CPT(20 %), CPT(50 %), CPT(80 %) as strong-call shares; undefined when never reached. */
  cpt20: number | undefined;
  cpt50: number | undefined;
  cpt80: number | undefined;
}

function fail(message: string, field?: string, hint?: string): never {
  throw new CostlabError('bad-routing-input', message, { ...(hint ? { hint } : {}), ...(field ? { location: { field } } : {}) });
}

const KEYS = ['weakQuality', 'strongQuality', 'weakCost', 'strongCost', 'score'] as const;

function validate(items: readonly RoutingItem[]): void {
  if (items.length === 0) fail('routing analysis needs at least one item', undefined, 'run both models on a prompt set first');
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as RoutingItem;
    if (Number.isFinite(item.weakQuality) && Number.isFinite(item.strongQuality) && Number.isFinite(item.weakCost) && Number.isFinite(item.strongCost) && Number.isFinite(item.score)) continue;
    const key = KEYS.find((k) => !Number.isFinite(item[k])) as (typeof KEYS)[number];
    fail(`item ${i} has a non-finite ${key}`, `items[${i}].${key}`);
  }
}

export function routingBaselines(items: readonly RoutingItem[]): RoutingBaselines {
  validate(items);
  const n = items.length;
  let wq = 0;
  let sq = 0;
  let wc = 0;
  let sc = 0;
  for (const item of items) {
    wq += item.weakQuality;
    sq += item.strongQuality;
    wc += item.weakCost;
    sc += item.strongCost;
  }
  return { items: n, weakQuality: wq / n, strongQuality: sq / n, weakCostPer1k: (1000 * wc) / n, strongCostPer1k: (1000 * sc) / n };
}

/** One threshold evaluated over every item: O(n). The reference the fast sweep is tested against. */
function pointAt(items: readonly RoutingItem[], threshold: number): RoutingPoint {
  let calls = 0;
  let quality = 0;
  let cost = 0;
  for (const item of items) {
    if (item.score >= threshold) {
      calls += 1;
      quality += item.strongQuality;
      cost += item.strongCost;
    } else {
      quality += item.weakQuality;
      cost += item.weakCost;
    }
  }
  const n = items.length;
  return { threshold, strongShare: calls / n, strongCalls: calls, quality: quality / n, costPer1k: (1000 * cost) / n };
}

function pointOf(sorted: SortedRouting, threshold: number, calls: number): RoutingPoint {
  const n = sorted.n;
  return {
    threshold,
    strongShare: calls / n,
    strongCalls: calls,
    quality: (sorted.runQuality[calls] as number) / n,
    costPer1k: (1000 * (sorted.runCost[calls] as number)) / n,
  };
}

function checkThresholds(thresholds: readonly number[]): void {
  thresholds.forEach((t, i) => {
    if (Number.isNaN(t)) fail(`threshold ${i} is NaN`, `thresholds[${i}]`);
  });
}

const byShare = (a: RoutingPoint, b: RoutingPoint) => a.strongShare - b.strongShare || b.threshold - a.threshold;

/**
 * Threshold sweep. By default the thresholds are +∞ (all weak) and every distinct score, highest first, so
 * the curve runs from share 0 to share 1 with one point per distinct score (tied scores move together).
 * Pass `thresholds` to evaluate chosen thresholds instead (±∞ allowed). The curve is sorted by strong share
 * ascending (ties: higher threshold first).
 */
export function routingCurve(items: readonly RoutingItem[], options: { thresholds?: readonly number[] } = {}): RoutingPoint[] {
  validate(items);
  if (options.thresholds !== undefined) checkThresholds(options.thresholds);
  const sorted = sortRouting(items);
  if (options.thresholds !== undefined) {
    return options.thresholds.map((t) => pointOf(sorted, t, strongCount(sorted, t))).sort(byShare);
  }
  const n = sorted.n;
  const curve: RoutingPoint[] = [pointOf(sorted, Number.POSITIVE_INFINITY, 0)];
  let i = 0;
  while (i < n) {
    const score = sorted.scores[i] as number;
    while (i < n && sorted.scores[i] === score) i += 1;
    curve.push(pointOf(sorted, score, i));
  }
  return curve;
}

/** The same points as `routingCurve(items, {thresholds})`, each threshold evaluated over every item: O(n·T). */
export function routingCurveNaive(items: readonly RoutingItem[], thresholds: readonly number[]): RoutingPoint[] {
  validate(items);
  checkThresholds(thresholds);
  return thresholds.map((t) => pointAt(items, t)).sort(byShare);
}

/** PGR = (q − q_weak) / (q_strong − q_weak). Throws when the two models have the same quality. */
export function performanceGapRecovered(quality: number, weakQuality: number, strongQuality: number): number {
  if (strongQuality === weakQuality) {
    fail('PGR is undefined: the weak and strong models have the same quality', undefined, 'routing cannot recover a gap that is not there');
  }
  return (quality - weakQuality) / (strongQuality - weakQuality);
}

/** APGR by RouteLLM's trapezoid rule over the curve's points (see the module comment). */
export function averagePgr(curve: readonly RoutingPoint[], weakQuality: number, strongQuality: number): number {
  const points = [...curve].sort((a, b) => a.strongShare - b.strongShare);
  const first = points[0];
  const last = points[points.length - 1];
  if (first === undefined || last === undefined || last.strongShare === first.strongShare) {
    fail('APGR needs curve points at two or more strong shares');
  }
  let area = 0;
  for (let k = 1; k < points.length; k++) {
    const a = points[k - 1] as RoutingPoint;
    const b = points[k] as RoutingPoint;
    const pa = performanceGapRecovered(a.quality, weakQuality, strongQuality);
    const pb = performanceGapRecovered(b.quality, weakQuality, strongQuality);
    area += ((b.strongShare - a.strongShare) * (pa + pb)) / 2;
  }
  return area / (last.strongShare - first.strongShare);
}

/** CPT(x): the minimum strong share with PGR ≥ x (x a fraction, 0.5 = 50 %), read linearly between points. */
export function callPerformanceThreshold(curve: readonly RoutingPoint[], weakQuality: number, strongQuality: number, target: number): number | undefined {
  if (!Number.isFinite(target)) fail('CPT target must be a finite fraction such as 0.5');
  const points = [...curve].sort((a, b) => a.strongShare - b.strongShare);
  let previous: { share: number; pgr: number } | undefined;
  for (const point of points) {
    const pgr = performanceGapRecovered(point.quality, weakQuality, strongQuality);
    if (pgr >= target) {
      if (previous === undefined || pgr === previous.pgr) return point.strongShare;
      return previous.share + ((point.strongShare - previous.share) * (target - previous.pgr)) / (pgr - previous.pgr);
    }
    previous = { share: point.strongShare, pgr };
  }
  return undefined;
}

/** Baselines, PGR per point, APGR and CPT(20/50/80 %) for a curve (the default sweep when omitted). */
export function routingMetrics(items: readonly RoutingItem[], curve: readonly RoutingPoint[] = routingCurve(items)): RoutingMetrics {
  const base = routingBaselines(items);
  const { weakQuality: w, strongQuality: s } = base;
  return {
    ...base,
    pgr: curve.map((p) => performanceGapRecovered(p.quality, w, s)),
    apgr: averagePgr(curve, w, s),
    cpt20: callPerformanceThreshold(curve, w, s, 0.2),
    cpt50: callPerformanceThreshold(curve, w, s, 0.5),
    cpt80: callPerformanceThreshold(curve, w, s, 0.8),
  };
}

/**
 * The threshold for a strong-call budget: among the default sweep's points, the one with the largest strong
 * share not above `share` (so the budget is never exceeded; ties in scores can make the share land below it).
 * RouteLLM's `calibrate_threshold` takes the (1 − share) quantile of the scores instead, which can fall between
 * two scores; on distinct scores both pick the same routing.
 */
export function calibrateForStrongShare(items: readonly RoutingItem[], share: number): RoutingPoint {
  if (!(share >= 0 && share <= 1)) fail(`strong share ${share} is not in [0,1]`, 'share');
  const curve = routingCurve(items);
  let chosen = curve[0] as RoutingPoint;
  for (const point of curve) if (point.strongShare <= share + 1e-12) chosen = point;
  return chosen;
}

/** The cheapest-in-strong-calls point of the default sweep whose quality reaches `quality`; undefined if none does. */
export function calibrateForQuality(items: readonly RoutingItem[], quality: number): RoutingPoint | undefined {
  if (!Number.isFinite(quality)) fail('target quality must be finite', 'quality');
  return routingCurve(items).find((point) => point.quality >= quality - 1e-12);
}

/**
 * The random router's expected curve at shares 0, 1/steps, …, 1: quality and cost linear in the share.
 * `threshold` is the share itself (a random router has no score). Its APGR is exactly 0.5.
 */
export function randomRouterCurve(items: readonly RoutingItem[], steps = 10): RoutingPoint[] {
  if (!Number.isInteger(steps) || steps < 1) fail(`steps ${steps} must be a positive integer`, 'steps');
  const base = routingBaselines(items);
  const n = base.items;
  return Array.from({ length: steps + 1 }, (_, k) => {
    const s = k / steps;
    return {
      threshold: s,
      strongShare: s,
      strongCalls: s * n,
      quality: base.weakQuality + s * (base.strongQuality - base.weakQuality),
      costPer1k: base.weakCostPer1k + s * (base.strongCostPer1k - base.weakCostPer1k),
    };
  });
}

/**
 * The oracle bound at budgets of k = 0…n strong calls (see the module comment). `threshold` is the gain
 * (strong − weak quality) of the last item the oracle would route at that budget, +∞ at k = 0.
 */
export function oracleCurve(items: readonly RoutingItem[]): RoutingPoint[] {
  validate(items);
  const n = items.length;
  const byGain = [...items].sort((a, b) => b.strongQuality - b.weakQuality - (a.strongQuality - a.weakQuality));
  let quality = items.reduce((sum, item) => sum + item.weakQuality, 0);
  let cost = items.reduce((sum, item) => sum + item.weakCost, 0);
  let calls = 0;
  const curve: RoutingPoint[] = [{ threshold: Number.POSITIVE_INFINITY, strongShare: 0, strongCalls: 0, quality: quality / n, costPer1k: (1000 * cost) / n }];
  byGain.forEach((item, k) => {
    const gain = item.strongQuality - item.weakQuality;
    if (gain > 0) {
      quality += gain;
      cost += item.strongCost - item.weakCost;
      calls += 1;
    }
    curve.push({ threshold: gain, strongShare: (k + 1) / n, strongCalls: calls, quality: quality / n, costPer1k: (1000 * cost) / n });
  });
  return curve;
}
