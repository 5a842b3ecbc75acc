/**
 * The Route screen's arithmetic, apart from its rendering: slider positions over a routing curve, the monthly
 * bill at a request volume, and the router export request.
 *
 * The slider's positions are the points of the default threshold sweep (core/analysis routingCurve): position 0
 * is threshold +∞ (everything to the weak model), each next position lowers the threshold to the next distinct
 * score, so every step changes the strong-call share. A big step is a twentieth of the positions.
 */
import type { RoutingPoint } from '../core/index.ts';
import type { RouteDemo, RouterScores } from './demo-data.ts';

/** Requests per day the +/- keys step through (1-2-5 steps). */
export const REQUEST_STEPS = [
  100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000, 2_000_000, 5_000_000,
] as const;
export const DEFAULT_REQUESTS_STEP = REQUEST_STEPS.indexOf(10_000);
/** The bill's month: 30 days of the same daily volume. */
export const DAYS_PER_MONTH = 30;

/** USD a month: cost per 1,000 requests × requests per day / 1,000 × 30 days. */
export function monthlyUsd(costPer1k: number, requestsPerDay: number): number {
  return (costPer1k / 1000) * requestsPerDay * DAYS_PER_MONTH;
}

/** A big slider step: a twentieth of the positions, at least 1. */
export function bigStep(positions: number): number {
  return Math.max(1, Math.round(positions / 20));
}

/** Clamps a position to the curve. */
export function clampPosition(position: number, positions: number): number {
  return Math.max(0, Math.min(positions - 1, Math.round(position)));
}

/** The position whose strong share is closest to `share` (ties: the lower share). */
export function positionNearShare(curve: readonly RoutingPoint[], share: number): number {
  let best = 0;
  curve.forEach((point, i) => {
    const here = Math.abs(point.strongShare - share);
    const there = Math.abs((curve[best] as RoutingPoint).strongShare - share);
    if (here < there - 1e-12) best = i;
  });
  return best;
}

/**
 * What the Route screen asks the CLI to write: the fields of core's router config (core/analysis
 * router-config.ts, `buildRouterConfig`) except `asOf`, which the CLI stamps with today's date.
 */
export interface RouterExport {
  score: 'heuristic' | 'length' | 'random';
  /** +∞ routes nothing to the strong model. */
  threshold: number;
  weak: string;
  strong: string;
  expected: { strongShare: number; quality: number; costPer1k: number | null; items: number };
  createdFrom: { recorded: 'routellm'; file: string };
  length?: { unit: 'characters' };
  random?: { seed: number };
}

export const DEMO_ROUTELLM_PATH = 'prompts/demo/recorded/routellm-gsm8k.json';

/** The export request for a router at a curve point; throws a plain Error for the oracle, which cannot be exported. */
export function routerExport(demo: RouteDemo, router: RouterScores, point: RoutingPoint): RouterExport {
  if (router.id === 'oracle') {
    throw new Error('the oracle cannot be exported: its score is the answers\' correctness, which no application has before the call');
  }
  return {
    score: router.id,
    threshold: point.threshold,
    weak: demo.weak.name,
    strong: demo.strong.name,
    expected: { strongShare: point.strongShare, quality: point.quality, costPer1k: point.costPer1k, items: demo.rows.length },
    createdFrom: { recorded: 'routellm', file: DEMO_ROUTELLM_PATH },
    ...(router.id === 'length' ? { length: { unit: 'characters' as const } } : {}),
    ...(router.id === 'random' ? { random: { seed: router.seed ?? 0 } } : {}),
  };
}
