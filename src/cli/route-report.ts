/**
 * `costlab route`'s figures and how they print. `analyseRoute` turns a weak/strong pair and its router scores into
 * the sweep (core routingCurve), the RouteLLM metrics (APGR, CPT(50 %), CPT(80 %)), RouterBench's AIQ on the
 * curve's (cost per 1k, quality) points, the baselines (weak, strong, and the per-item oracle) and the chosen
 * point for --threshold / --target-share / --target-quality. Costs are null throughout when a price is unknown.
 *
 * JSON (`--json`): {"weakQuality","strongQuality","oracleQuality","apgr","cpt50","cpt80",
 * "curve":[{"threshold","strongShare","quality","costPer1k"}…]} — the contract — plus "aiq", "chosen", "score",
 * "weak", "strong", "items", the cost baselines, "prices", "source", "exported" and "warnings". A threshold of +∞
 * (nothing to strong) is null, since JSON has no Infinity.
 */
import {
  averageImprovementInQuality, calibrateForQuality, calibrateForStrongShare, oracleCurve, routingCurve, routingMetrics,
} from '../core/index.ts';
import type { RoutingItem, RoutingPoint } from '../core/index.ts';
import type { AnalysisOrigin, SourceCandidate } from './analysis-source.ts';
import { formatInteger, renderTable } from './format/table.ts';
import type { RoutePair } from './route-pair.ts';
import { sideCostPer1k } from './route-pair.ts';
import type { RouterCost, ScoreSpec } from './route-scores.ts';
import { SCORE_DESCRIPTIONS } from './route-scores.ts';

export type Choice = { by: 'threshold' | 'target-share' | 'target-quality'; value: number };

export interface CurvePointJson {
  threshold: number | null;
  strongShare: number;
  strongCalls: number;
  quality: number;
  costPer1k: number | null;
  pgr: number;
}

export interface PriceNote {
  model: string;
  source: string | null;
  asOf: string | null;
}

export interface RouteReport {
  source: AnalysisOrigin;
  weak: { id: string; model: string; target: string; name: string };
  strong: { id: string; model: string; target: string; name: string };
  score: { kind: ScoreSpec['kind']; description: string; note: string; seed?: number; file?: string; embedder?: string; k?: number };
  /** What computing the score cost per request (kNN embeddings); null for scores computed locally for free. */
  routerCost: RouterCost | null;
  items: number;
  skipped: number;
  weakQuality: number;
  strongQuality: number;
  oracleQuality: number;
  weakCostPer1k: number | null;
  strongCostPer1k: number | null;
  oracleCostPer1k: number | null;
  apgr: number;
  cpt50: number | null;
  cpt80: number | null;
  aiq: number | null;
  curve: CurvePointJson[];
  chosen: ({ by: Choice['by']; target: number } & CurvePointJson) | null;
  /** Why no point was chosen for a --target-quality nothing reaches. */
  unreachable: string | null;
  prices: PriceNote[];
  exported: string | null;
  warnings: string[];
}

function candidateJson(c: SourceCandidate) {
  return { id: c.id, model: c.model, target: c.target, name: c.name };
}

/** A recorded model by its dataset name (and the catalog model it is priced as); a run's candidate by its id. */
function candidateText(c: RouteReport['weak']): string {
  if (!c.target.startsWith('recorded:')) return c.id;
  return c.model === c.target ? c.name : `${c.name} (catalog: ${c.model})`;
}

function pointJson(p: RoutingPoint, weak: number, strong: number, costsKnown: boolean): CurvePointJson {
  return {
    threshold: p.threshold === Number.POSITIVE_INFINITY ? null : p.threshold,
    strongShare: p.strongShare,
    strongCalls: p.strongCalls,
    quality: p.quality,
    costPer1k: costsKnown ? p.costPer1k : null,
    pgr: (p.quality - weak) / (strong - weak),
  };
}

function chosenPoint(items: RoutingItem[], choice: Choice): { point: RoutingPoint | undefined; unreachable: string | null } {
  if (choice.by === 'threshold') return { point: routingCurve(items, { thresholds: [choice.value] })[0], unreachable: null };
  if (choice.by === 'target-share') return { point: calibrateForStrongShare(items, choice.value), unreachable: null };
  const point = calibrateForQuality(items, choice.value);
  if (point) return { point, unreachable: null };
  const best = routingCurve(items).reduce((a, b) => (b.quality > a.quality ? b : a));
  return { point: undefined, unreachable: `no threshold reaches quality ${percent(choice.value)}: the best this score gets is ${percent(best.quality)} (strong share ${percent(best.strongShare, 1)})` };
}

export function analyseRoute(
  source: AnalysisOrigin,
  pair: RoutePair,
  spec: ScoreSpec,
  scores: { scores: number[]; note: string; routerCost?: RouterCost },
  choice: Choice | undefined,
  prices: PriceNote[],
): RouteReport {
  const items = pair.items.map((item, i) => ({ ...item, score: scores.scores[i] as number }));
  const curve = routingCurve(items);
  const metrics = routingMetrics(items, curve);
  const oracle = oracleCurve(items);
  const best = oracle[oracle.length - 1] as RoutingPoint;
  const known = pair.costsKnown;
  const aiq = known ? averageImprovementInQuality(curve.map((p) => ({ cost: p.costPer1k, quality: p.quality }))) : undefined;
  const { weakQuality: w, strongQuality: s } = metrics;
  const picked = choice ? chosenPoint(items, choice) : { point: undefined, unreachable: null };
  return {
    source,
    weak: candidateJson(pair.weak),
    strong: candidateJson(pair.strong),
    score: {
      kind: spec.kind, description: SCORE_DESCRIPTIONS[spec.kind], note: scores.note,
      ...(spec.kind === 'random' ? { seed: spec.seed } : {}), ...(spec.kind === 'file' ? { file: spec.path } : {}),
      ...(spec.kind === 'knn' ? { embedder: spec.embedder, k: spec.k } : {}),
    },
    routerCost: scores.routerCost ?? null,
    items: items.length,
    skipped: pair.skipped,
    weakQuality: w,
    strongQuality: s,
    oracleQuality: best.quality,
    weakCostPer1k: sideCostPer1k(pair, 'weak'),
    strongCostPer1k: sideCostPer1k(pair, 'strong'),
    oracleCostPer1k: known ? best.costPer1k : null,
    apgr: metrics.apgr,
    cpt50: metrics.cpt50 ?? null,
    cpt80: metrics.cpt80 ?? null,
    aiq: aiq ?? null,
    curve: curve.map((p) => pointJson(p, w, s, known)),
    chosen: choice && picked.point ? { by: choice.by, target: choice.value, ...pointJson(picked.point, w, s, known) } : null,
    unreachable: picked.unreachable,
    prices,
    exported: null,
    warnings: pair.warnings,
  };
}

export function routeJson(report: RouteReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

function percent(x: number, digits = 2): string {
  return `${(x * 100).toFixed(digits)} %`;
}

function usd(x: number | null): string {
  if (x === null) return 'unknown';
  return `$${x >= 1 ? x.toFixed(2) : x.toPrecision(3)}`;
}

function thresholdText(t: number | null): string {
  if (t === null) return '+∞';
  return Math.abs(t) >= 1e6 || (t !== 0 && Math.abs(t) < 1e-4) ? t.toExponential(3) : String(Number(t.toPrecision(4)));
}

/** About `rows` evenly spaced points, always the first and the last. */
export function downsample<T>(points: readonly T[], rows = 20): T[] {
  if (points.length <= rows + 1) return [...points];
  const picked = new Set<number>();
  for (let k = 0; k <= rows; k++) picked.add(Math.round((k * (points.length - 1)) / rows));
  return [...picked].sort((a, b) => a - b).map((i) => points[i] as T);
}

function originText(origin: AnalysisOrigin): string {
  return origin.kind === 'run' ? `run ${origin.runId} (store ${origin.store})` : `${origin.format} file ${origin.path} (imported in memory; the store is not touched)`;
}

export function routeText(report: RouteReport): string {
  const r = report;
  const cost = (x: number | null) => `${usd(x)} per 1k`;
  const lines = [
    `route: ${originText(r.source)} · ${formatInteger(r.items)} items${r.skipped > 0 ? ` (${r.skipped} left out)` : ''}`,
    `score: ${r.score.kind} — ${r.score.description}${r.score.note ? ` (${r.score.note})` : ''}`,
    '',
    renderTable(
      [{ header: '' }, { header: 'model' }, { header: 'quality', align: 'right' }, { header: 'cost per 1k requests', align: 'right' }],
      [
        ['weak', candidateText(r.weak), percent(r.weakQuality), usd(r.weakCostPer1k)],
        ['strong', candidateText(r.strong), percent(r.strongQuality), usd(r.strongCostPer1k)],
        ['oracle', 'strong only where it does better (the bound)', percent(r.oracleQuality), usd(r.oracleCostPer1k)],
      ],
    ),
    '',
    renderTable(
      [
        { header: 'threshold', align: 'right' }, { header: 'strong share', align: 'right' }, { header: 'quality', align: 'right' },
        { header: 'PGR', align: 'right' }, { header: 'cost per 1k', align: 'right' },
      ],
      downsample(r.curve).map((p) => [thresholdText(p.threshold), percent(p.strongShare, 1), percent(p.quality), p.pgr.toFixed(3), usd(p.costPer1k)]),
    ),
    ...(r.curve.length > 21 ? [`(${formatInteger(r.curve.length)} points, ${downsample(r.curve).length} shown; --json prints them all)`] : []),
    '',
    `APGR ${r.apgr.toFixed(3)} (random router 0.5) · CPT(50%) ${r.cpt50 === null ? 'never' : percent(r.cpt50, 1)} · CPT(80%) ${r.cpt80 === null ? 'never' : percent(r.cpt80, 1)} strong calls · AIQ ${r.aiq === null ? 'unknown (a price is missing)' : r.aiq.toFixed(4)}`,
  ];
  if (r.routerCost) {
    lines.push(`router's own cost: ${formatInteger(r.routerCost.tokens)} embedding tokens with ${r.routerCost.embedder}, ${r.routerCost.perThousand === null ? 'price unknown' : `${usd(r.routerCost.perThousand)} per 1k requests`} (not included in the costs above)`);
  }
  if (r.chosen) {
    const c = r.chosen;
    const target = c.by === 'threshold' ? `--threshold ${c.target}` : c.by === 'target-share' ? `--target-share ${c.target}` : `--target-quality ${c.target}`;
    lines.push(`chosen (${target}): threshold ${thresholdText(c.threshold)} → ${percent(c.strongShare, 1)} strong, quality ${percent(c.quality)} (PGR ${c.pgr.toFixed(3)}), ${cost(c.costPer1k)}`);
  }
  if (r.unreachable) lines.push(`chosen: none — ${r.unreachable}`);
  if (r.exported) lines.push(`exported the router to ${r.exported}`);
  const priced = r.prices.filter((p) => p.source !== null);
  if (priced.length > 0) lines.push(`prices: ${priced.map((p) => `${p.model} — ${p.source}, as of ${p.asOf}`).join('; ')}`);
  return `${lines.join('\n')}\n`;
}
