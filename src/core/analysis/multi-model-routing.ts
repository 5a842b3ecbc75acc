/**
 * N-model routing: K models in tier order (tier 0 the cheapest, K − 1 the strongest), each with a quality and a
 * cost per item, and one router score per item (higher = needs a stronger model).
 *
 * (a) Tiered thresholds. A vector t₁ ≤ t₂ ≤ … ≤ t_{K−1} sends an item with score s to tier
 *     j = #{m : s ≥ t_m} — with K = 2 the two-model rule "strong when s ≥ t". Every threshold vector gives one
 *     (cost, quality) point. Thresholds only matter at the boundaries between distinct scores, but all vectors
 *     of those are O(n^{K−1}), so the sweep takes cut points on a quantile grid: for `steps` S, the strong-side
 *     counts round(n·m/S), m = 0…S, each moved up to the next boundary between distinct scores (tied items
 *     move together), and evaluates every non-increasing choice of counts c₁ ≥ … ≥ c_{K−1} from that grid,
 *     c_m = #{s ≥ t_m}: C(G + K − 2, K − 1) points for G distinct grid counts. Each point is O(K) from prefix
 *     sums over the items sorted by score. The frontier is the Pareto set of those points (lower cost, higher
 *     quality; equal points: the first).
 * (b) Per-item oracle: each item goes to the model with the best quality on it, ties to the cheaper model, then
 *     to the lower tier: the best quality reachable at the lowest cost that reaches it — the bound no router
 *     exceeds on this data.
 *
 * Quality is the mean over items; `costPer1k` is 1,000 × the mean cost per request, as in routing.ts.
 * RouterBench's AIQ of the tiered router family is `averageImprovementInQuality` (aiq.ts) of its points.
 */
import { CostlabError } from '../errors.ts';
import { descendingOrder } from './routing-sort.ts';

export interface TierModel {
  id: string;
  /** Quality per item (same order as the scores). */
  quality: readonly number[];
  /** Cost of one request per item. */
  cost: readonly number[];
}

export interface TierPoint {
  /** t₁ ≤ … ≤ t_{K−1}; +∞ routes nothing to that tier or above. */
  thresholds: number[];
  /** Items per model, in tier order. */
  counts: number[];
  shares: number[];
  quality: number;
  costPer1k: number;
}

export interface TierRoutingOptions {
  /** Quantile grid size (default 20: cuts at every 5 % of items). */
  steps?: number;
  /** Refuse to enumerate more points than this (default 250,000). */
  maxPoints?: number;
}

export interface ItemOracle {
  /** The chosen model's tier per item. */
  choice: number[];
  counts: number[];
  quality: number;
  costPer1k: number;
}

function fail(message: string, field?: string, hint?: string): never {
  throw new CostlabError('bad-routing-input', message, { ...(hint ? { hint } : {}), ...(field ? { location: { field } } : {}) });
}

function validate(models: readonly TierModel[], n: number): void {
  if (models.length < 2) fail('N-model routing needs at least two models', 'models');
  if (n === 0) fail('N-model routing needs at least one item', 'items');
  models.forEach((model, m) => {
    for (const key of ['quality', 'cost'] as const) {
      if (model[key].length !== n) fail(`model ${model.id} has ${model[key].length} ${key} values for ${n} items`, `models[${m}].${key}`);
      model[key].forEach((v, i) => {
        if (!Number.isFinite(v)) fail(`model ${model.id} has a non-finite ${key} on item ${i}`, `models[${m}].${key}[${i}]`);
      });
    }
  });
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

/** Every point of the tiered-threshold sweep on the quantile grid (see the module comment). */
export function tierRoutingPoints(models: readonly TierModel[], scores: readonly number[], options: TierRoutingOptions = {}): TierPoint[] {
  const n = scores.length;
  validate(models, n);
  scores.forEach((s, i) => {
    if (!Number.isFinite(s)) fail(`score ${i} is not finite`, `scores[${i}]`);
  });
  const steps = options.steps ?? 20;
  if (!Number.isInteger(steps) || steps < 1) fail(`steps ${steps} must be a whole number of 1 or more`, 'steps');
  const K = models.length;

  const order = descendingOrder(Float64Array.from(scores, (s) => s + 0));
  const sortedScores = Array.from(order, (i) => scores[i] as number);
  // Prefix sums per model over the descending order: prefix[m][c] = Σ of the first c items.
  const prefix = models.map((model) => {
    const q = new Float64Array(n + 1);
    const c = new Float64Array(n + 1);
    for (let k = 0; k < n; k++) {
      const i = order[k] as number;
      q[k + 1] = (q[k] as number) + (model.quality[i] as number);
      c[k + 1] = (c[k] as number) + (model.cost[i] as number);
    }
    return { q, c };
  });
  // Grid of strong-side counts, each moved up to a boundary between distinct scores.
  const grid = new Set<number>();
  for (let m = 0; m <= steps; m++) {
    let c = Math.round((n * m) / steps);
    while (c > 0 && c < n && sortedScores[c] === sortedScores[c - 1]) c++;
    grid.add(c);
  }
  const counts = [...grid].sort((a, b) => b - a); // descending
  const total = binomial(counts.length + K - 2, K - 1);
  const maxPoints = options.maxPoints ?? 250_000;
  if (total > maxPoints) {
    fail(`${total.toLocaleString('en-US')} threshold vectors for ${K} models on a grid of ${counts.length}`, 'steps', `use fewer steps (now ${steps}) or fewer models`);
  }
  const thresholdAt = (c: number) => (c === 0 ? Number.POSITIVE_INFINITY : (sortedScores[c - 1] as number));

  const points: TierPoint[] = [];
  // cut[0] = n ≥ cut[1] ≥ … ≥ cut[K−1] ≥ cut[K] = 0; tier j gets the items ranked [cut[j+1], cut[j]).
  const cut = new Array<number>(K + 1).fill(0);
  cut[0] = n;
  const emit = () => {
    let quality = 0;
    let cost = 0;
    const perTier: number[] = [];
    for (let j = 0; j < K; j++) {
      const hi = cut[j] as number;
      const lo = cut[j + 1] as number;
      const p = prefix[j] as { q: Float64Array; c: Float64Array };
      quality += (p.q[hi] as number) - (p.q[lo] as number);
      cost += (p.c[hi] as number) - (p.c[lo] as number);
      perTier.push(hi - lo);
    }
    points.push({
      thresholds: cut.slice(1, K).map(thresholdAt),
      counts: perTier,
      shares: perTier.map((c) => c / n),
      quality: quality / n,
      costPer1k: (1000 * cost) / n,
    });
  };
  // Grid indices chosen non-decreasing = counts non-increasing, as the thresholds must be.
  const choose = (m: number, from: number): void => {
    if (m === K) return emit();
    for (let g = from; g < counts.length; g++) {
      cut[m] = counts[g] as number;
      choose(m + 1, g);
    }
  };
  choose(1, 0);
  return points;
}

/** The Pareto set of points: lower cost and higher quality; sorted by cost, quality rising. */
export function tierFrontier(points: readonly TierPoint[]): TierPoint[] {
  const sorted = [...points].sort((a, b) => a.costPer1k - b.costPer1k || b.quality - a.quality);
  const frontier: TierPoint[] = [];
  for (const p of sorted) {
    const last = frontier[frontier.length - 1];
    if (last === undefined || p.quality > last.quality) frontier.push(p);
  }
  return frontier;
}

/** Each item to the model with the best quality on it, ties to the cheaper, then the lower tier. */
export function perItemOracle(models: readonly TierModel[]): ItemOracle {
  const n = models[0]?.quality.length ?? 0;
  validate(models, n);
  const counts = new Array<number>(models.length).fill(0);
  let quality = 0;
  let cost = 0;
  const choice = Array.from({ length: n }, (_, i) => {
    let best = 0;
    for (let m = 1; m < models.length; m++) {
      const q = models[m]!.quality[i] as number;
      const bq = models[best]!.quality[i] as number;
      if (q > bq || (q === bq && (models[m]!.cost[i] as number) < (models[best]!.cost[i] as number))) best = m;
    }
    counts[best] = (counts[best] as number) + 1;
    quality += models[best]!.quality[i] as number;
    cost += models[best]!.cost[i] as number;
    return best;
  });
  return { choice, counts, quality: quality / n, costPer1k: (1000 * cost) / n };
}
