/**
 * Pareto frontier on (cost, quality): lower cost is better, higher quality is better.
 *
 * The default axes are (cost per 1,000 requests, quality); pass `axes` to use any other "lower is better"
 * measure against quality, e.g. (p50 latency, quality) — the algorithm does not care what the x axis is.
 *
 * Definitions
 * - A dominates B when cost(A) ≤ cost(B) and quality(A) ≥ quality(B), with at least one strict.
 *   Two candidates with exactly the same (cost, quality) do not dominate each other: both can be on the frontier.
 * - The frontier is the set of candidates nobody dominates, sorted by cost ascending (ties: quality descending,
 *   then input order). On a frontier sorted by cost, quality is non-decreasing.
 * - `dominatedBy` lists the frontier members that dominate a candidate (sorted like the frontier). It is never
 *   empty for a dominated candidate, because dominance is a strict partial order on a finite set.
 * - The knee: normalise the frontier's own points to [0,1] on both axes (cost: (c − cmin)/(cmax − cmin),
 *   quality: (q − qmin)/(qmax − qmin), the min and max taken over the frontier), so the cheapest frontier
 *   point sits at (0,0) and the best at (1,1). The chord joining them is the line q = c, and a point's
 *   perpendicular distance from it is (q − c)/√2. The knee is the frontier point with the largest such
 *   distance on the "good" side (q > c: more of the quality range than of the cost range), ties to the cheaper
 *   point. It is undefined when the frontier has fewer than 3 points or no point lies strictly above the chord
 *   (a straight or convex frontier has no bend worth recommending). This is the Kneedle idea
 *   (Satopää et al., 2011) applied to the frontier's points without smoothing.
 * - `low` / `high` (a confidence interval on quality) are carried through untouched; they do not take part
 *   in dominance.
 */
import { CostlabError } from '../errors.ts';

export interface FrontierCandidate {
  id: string;
  /** Cost of 1,000 requests (any currency unit, the same for all candidates). */
  costPer1k: number;
  quality: number;
  /** Optional confidence interval on quality, carried through. */
  low?: number;
  high?: number;
}

/** How to read the two axes of a candidate: x is "lower is better" (cost, latency), y is quality. */
export interface FrontierAxes<T> {
  cost(candidate: T): number;
  quality(candidate: T): number;
}

export interface FrontierEntry<T> {
  candidate: T;
  id: string;
  cost: number;
  quality: number;
  onFrontier: boolean;
  /** Frontier members dominating this one, cheapest first; empty when on the frontier. */
  dominatedBy: string[];
}

export interface FrontierKnee<T> {
  entry: FrontierEntry<T>;
  /** Normalised coordinates in [0,1]² (see the module comment). */
  normalisedCost: number;
  normalisedQuality: number;
  /** Perpendicular distance from the cheapest–best chord in normalised space, (q − c)/√2. */
  distance: number;
}

export interface FrontierResult<T> {
  /** One entry per candidate, in input order. */
  entries: FrontierEntry<T>[];
  /** The non-dominated entries sorted by cost ascending. */
  frontier: FrontierEntry<T>[];
  knee: FrontierKnee<T> | undefined;
}

export const costQualityAxes: FrontierAxes<FrontierCandidate> = {
  cost: (c) => c.costPer1k,
  quality: (c) => c.quality,
};

export function paretoFrontier(candidates: readonly FrontierCandidate[]): FrontierResult<FrontierCandidate>;
export function paretoFrontier<T extends { id: string }>(candidates: readonly T[], axes: FrontierAxes<T>): FrontierResult<T>;
export function paretoFrontier<T extends { id: string }>(candidates: readonly T[], axes?: FrontierAxes<T>): FrontierResult<T> {
  const read = axes ?? (costQualityAxes as unknown as FrontierAxes<T>);
  const seen = new Set<string>();
  const entries: FrontierEntry<T>[] = candidates.map((candidate, index) => {
    const cost = read.cost(candidate);
    const quality = read.quality(candidate);
    if (!Number.isFinite(cost) || !Number.isFinite(quality)) {
      throw new CostlabError('bad-frontier-input', `candidate ${candidate.id} has a non-finite cost or quality`, {
        hint: 'drop candidates without results before computing the frontier',
        location: { field: `candidates[${index}]` },
      });
    }
    if (seen.has(candidate.id)) {
      throw new CostlabError('bad-frontier-input', `duplicate candidate id ${candidate.id}`, { location: { field: `candidates[${index}].id` } });
    }
    seen.add(candidate.id);
    return { candidate, id: candidate.id, cost, quality, onFrontier: false, dominatedBy: [] };
  });

  const order = entries.map((_, i) => i).sort((a, b) => {
    const ea = entries[a] as FrontierEntry<T>;
    const eb = entries[b] as FrontierEntry<T>;
    return ea.cost - eb.cost || eb.quality - ea.quality || a - b;
  });
  // One sweep in (cost ascending, quality descending) order: an entry is dominated exactly when a strictly cheaper
  // one scores at least as well, or one of the same cost scores strictly better (the first of its cost group).
  const frontier: FrontierEntry<T>[] = [];
  let bestCheaper = Number.NEGATIVE_INFINITY;
  let k = 0;
  while (k < order.length) {
    const groupCost = (entries[order[k] as number] as FrontierEntry<T>).cost;
    const groupBest = (entries[order[k] as number] as FrontierEntry<T>).quality;
    let end = k;
    while (end < order.length && (entries[order[end] as number] as FrontierEntry<T>).cost === groupCost) {
      const entry = entries[order[end] as number] as FrontierEntry<T>;
      if (entry.quality === groupBest && entry.quality > bestCheaper) {
        entry.onFrontier = true;
        frontier.push(entry);
      }
      end += 1;
    }
    bestCheaper = Math.max(bestCheaper, groupBest);
    k = end;
  }
  // The frontier runs cost ascending with quality non-decreasing, so a dominated entry's dominators are one run of
  // it: those no dearer (a prefix) that score no less (a suffix). Two binary searches find it.
  for (const entry of entries) {
    if (entry.onFrontier) continue;
    const hi = firstIndex(frontier, (f) => f.cost > entry.cost);
    const lo = firstIndex(frontier, (f) => f.quality >= entry.quality);
    entry.dominatedBy = frontier.slice(lo, hi).map((f) => f.id);
  }
  return { entries, frontier, knee: findKnee(frontier) };
}

/** The first index whose entry satisfies `test`, for a test that is false then true along the array. */
function firstIndex<E>(sorted: readonly E[], test: (e: E) => boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (test(sorted[mid] as E)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function findKnee<T>(frontier: readonly FrontierEntry<T>[]): FrontierKnee<T> | undefined {
  if (frontier.length < 3) return undefined;
  const costs = frontier.map((e) => e.cost);
  const qualities = frontier.map((e) => e.quality);
  const cMin = Math.min(...costs);
  const cMax = Math.max(...costs);
  const qMin = Math.min(...qualities);
  const qMax = Math.max(...qualities);
  if (cMax === cMin || qMax === qMin) return undefined;
  let best: FrontierKnee<T> | undefined;
  for (const entry of frontier) {
    const normalisedCost = (entry.cost - cMin) / (cMax - cMin);
    const normalisedQuality = (entry.quality - qMin) / (qMax - qMin);
    const distance = (normalisedQuality - normalisedCost) / Math.SQRT2;
    if (distance > 0 && (best === undefined || distance > best.distance)) best = { entry, normalisedCost, normalisedQuality, distance };
  }
  return best;
}
