/**
 * AIQ — Average Improvement in Quality, as RouterBench defines it: Hu et al., "RouterBench: A Benchmark for
 * Multi-LLM Routing System", arXiv:2403.12031, §3 (code: github.com/withmartian/routerbench,
 * evaluation/AIQ.py).
 *
 * A router family R_θ (one router per setting θ: a threshold, a willingness to pay) is a set of points in the
 * cost–quality plane. Two observations turn the points into a curve:
 * - Interpolation: routing a fraction p of requests with θ₁ and the rest with θ₂ reaches the point on the
 *   segment between them, so every point of the points' convex hull is reachable.
 * - Paying more never has to lower quality: beyond the best point the curve stays flat.
 * The non-decreasing convex hull R̃_θ is therefore the upper convex hull of the points from the cheapest one up
 * to the best one, then a horizontal line at the best quality. RouterBench's AIQ is its mean height over a
 * cost range [c_min, c_max]:
 *
 *     AIQ(R_θ) = 1 / (c_max − c_min) · ∫_{c_min}^{c_max} R̃_θ(c) dc
 *
 * By default [c_min, c_max] is the points' own cost range; to compare several routers, give all of them the
 * same range (say, from the cheapest to the dearest model). The hull is not defined left of the family's
 * cheapest point, so c_min may not lie below it. (RouterBench's AIQ.py extends each hull flat to the largest
 * cost among the routers compared and divides the area by that cost; with a common range starting at a
 * family's cheapest point this is the paper's formula above.)
 *
 * Worked example (test/core/analysis/aiq.test.ts): points (1, 0.5), (2, 0.6), (3, 0.9), (4, 0.8). The upper
 * hull drops (2, 0.6) (below the chord from (1, 0.5) to (3, 0.9), which is 0.7 at cost 2); past (3, 0.9) the
 * curve is flat. Area on [1, 4] = (0.5 + 0.9)/2 × 2 + 0.9 × 1 = 2.3; AIQ = 2.3 / 3 ≈ 0.7667.
 */
import { CostlabError } from '../errors.ts';

export interface CostQualityPoint {
  cost: number;
  quality: number;
}

function fail(message: string, field?: string): never {
  throw new CostlabError('bad-routing-input', message, field ? { location: { field } } : {});
}

/** (b − a) × (c − a): positive when a → b → c turns left (counter-clockwise). */
function cross(a: CostQualityPoint, b: CostQualityPoint, c: CostQualityPoint): number {
  return (b.cost - a.cost) * (c.quality - a.quality) - (b.quality - a.quality) * (c.cost - a.cost);
}

/**
 * The non-decreasing convex hull's vertices, cheapest first (see the module comment): the upper hull from the
 * cheapest point (the best of the points at that cost) to the best point (the cheapest of those at the best
 * quality). Quality is non-decreasing along it; beyond the last vertex the curve is flat.
 */
export function nonDecreasingConvexHull(points: readonly CostQualityPoint[]): CostQualityPoint[] {
  if (points.length === 0) fail('AIQ needs at least one (cost, quality) point');
  points.forEach((p, i) => {
    if (!Number.isFinite(p.cost)) fail(`point ${i} has a non-finite cost`, `points[${i}].cost`);
    if (!Number.isFinite(p.quality)) fail(`point ${i} has a non-finite quality`, `points[${i}].quality`);
  });
  const sorted = [...points].sort((a, b) => a.cost - b.cost || b.quality - a.quality);
  // Andrew's monotone chain, upper half: keep only right turns (clockwise), drop collinear middles.
  const hull: CostQualityPoint[] = [];
  for (const p of sorted) {
    const last = hull[hull.length - 1];
    if (last !== undefined && last.cost === p.cost) continue; // same cost, lower or equal quality
    while (hull.length >= 2 && cross(hull[hull.length - 2] as CostQualityPoint, hull[hull.length - 1] as CostQualityPoint, p) >= 0) hull.pop();
    hull.push({ cost: p.cost, quality: p.quality });
  }
  // The upper hull rises to its highest vertex and falls after it: cut it there (the flat extension follows).
  let best = 0;
  hull.forEach((p, i) => {
    if (p.quality > (hull[best] as CostQualityPoint).quality) best = i;
  });
  return hull.slice(0, best + 1);
}

/** The hull's height at `cost` (linear between vertices, flat past the last one). */
function heightAt(hull: readonly CostQualityPoint[], cost: number): number {
  const last = hull[hull.length - 1] as CostQualityPoint;
  if (cost >= last.cost) return last.quality;
  for (let k = 1; k < hull.length; k++) {
    const a = hull[k - 1] as CostQualityPoint;
    const b = hull[k] as CostQualityPoint;
    if (cost <= b.cost) return a.quality + ((b.quality - a.quality) * (cost - a.cost)) / (b.cost - a.cost);
  }
  return last.quality;
}

/** ∫ of the hull from `from` to `to` (from ≥ the first vertex's cost), by the exact trapezoids of a polyline. */
function areaUnder(hull: readonly CostQualityPoint[], from: number, to: number): number {
  const xs = [from, ...hull.map((p) => p.cost).filter((c) => c > from && c < to), to];
  let area = 0;
  for (let k = 1; k < xs.length; k++) {
    const a = xs[k - 1] as number;
    const b = xs[k] as number;
    area += ((b - a) * (heightAt(hull, a) + heightAt(hull, b))) / 2;
  }
  return area;
}

/**
 * RouterBench's AIQ of a router family's (cost, quality) points over `range` (default: the points' own cost
 * range). Undefined when the range has no width (every point at one cost).
 */
export function averageImprovementInQuality(
  points: readonly CostQualityPoint[],
  range?: { min: number; max: number },
): number | undefined {
  const hull = nonDecreasingConvexHull(points);
  const min = range?.min ?? Math.min(...points.map((p) => p.cost));
  const max = range?.max ?? Math.max(...points.map((p) => p.cost));
  if (!Number.isFinite(min) || !Number.isFinite(max) || max < min) fail(`cost range [${min}, ${max}] is not a finite interval`, 'range');
  const first = hull[0] as CostQualityPoint;
  if (min < first.cost) {
    fail(`cost range starts at ${min}, below the router's cheapest point (${first.cost}): the hull is not defined there`, 'range.min');
  }
  if (max === min) return undefined;
  return areaUnder(hull, min, max) / (max - min);
}
