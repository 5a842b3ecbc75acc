/**
 * `costlab route (RUN_ID | --recorded routellm:PATH) [--weak M --strong M] [--score S] [--seed N]
 * [--embedder REF] [--k N] [--threshold T | --target-share S | --target-quality Q] [--export PATH] [--store DIR] [--json]`
 *
 * Two-model routing on real results: each case gets a router score (route-scores.ts), a threshold sends the
 * cases scoring at least it to the strong model, and the sweep over every threshold gives the curve of
 * (strong-call share, quality, cost per 1,000 requests) with RouteLLM's APGR and CPT and RouterBench's AIQ
 * (route-report.ts). A --threshold, --target-share or --target-quality picks one point; --export writes it as a
 * router config application code can load (core/analysis/router-config.ts), atomically.
 *
 * Reads only: a stored run without the store's lock, or a recorded file imported in memory. Bad input exits 2
 * with nothing written.
 */
import { CostlabError, buildRouterConfig, serializeRouterConfig } from '../../core/index.ts';
import type { Catalog, ModelEntry, RouterConfigInput } from '../../core/index.ts';
import { today, writeTextAtomic } from '../../platform/node.ts';
import { loadAnalysisSource } from '../analysis-source.ts';
import { pickPair } from '../route-pair.ts';
import type { RoutePair } from '../route-pair.ts';
import { analyseRoute, routeJson, routeText } from '../route-report.ts';
import type { Choice, PriceNote, RouteReport } from '../route-report.ts';
import { computeScores, parseScoreSpec } from '../route-scores.ts';
import type { ComputedScores, ScoreSpec } from '../route-scores.ts';

export interface RouteOptions {
  recorded?: string;
  store?: string;
  weak?: string;
  strong?: string;
  score?: string;
  seed?: number;
  embedder?: string;
  k?: number;
  threshold?: string;
  targetShare?: string;
  targetQuality?: string;
  export?: string;
  json?: boolean;
}

function number(value: string, flag: string, range?: [number, number]): number {
  const x = Number(value.trim());
  if (value.trim() === '' || !Number.isFinite(x) || (range && (x < range[0] || x > range[1]))) {
    throw new CostlabError('bad-option', `${flag} must be ${range ? `a number from ${range[0]} to ${range[1]}` : 'a finite number'}, got "${value}"`, {
      location: { field: flag },
      hint: flag === '--threshold' ? 'a score: heuristic scores are 0, 0.333, 0.667 or 1; length scores are token counts' : 'a fraction, e.g. 0.3 for 30 %',
    });
  }
  return x;
}

export function parseChoice(options: RouteOptions): Choice | undefined {
  const given = [
    options.threshold === undefined ? null : ({ by: 'threshold', value: number(options.threshold, '--threshold') } as const),
    options.targetShare === undefined ? null : ({ by: 'target-share', value: number(options.targetShare, '--target-share', [0, 1]) } as const),
    options.targetQuality === undefined ? null : ({ by: 'target-quality', value: number(options.targetQuality, '--target-quality', [0, 1]) } as const),
  ].filter((c) => c !== null);
  if (given.length > 1) {
    throw new CostlabError('bad-option', 'give one of --threshold, --target-share and --target-quality', { hint: 'each picks one point of the curve' });
  }
  return given[0];
}

/** Where each model's price comes from and as of when (null for a model the catalog does not price). */
function priceNotes(pair: RoutePair, catalog: Catalog): PriceNote[] {
  return [pair.weak, pair.strong].map((c) => {
    let entry: ModelEntry | undefined;
    try {
      entry = catalog.tryResolve(c.model);
    } catch {
      entry = undefined;
    }
    if (entry === undefined || entry.rates === null) return { model: c.model, source: null, asOf: null };
    return { model: c.model, source: entry.source, asOf: entry.asOf };
  });
}

function exportInput(report: RouteReport, spec: ScoreSpec, scores: ComputedScores, pair: RoutePair): RouterConfigInput {
  const chosen = report.chosen;
  if (!chosen) {
    throw new CostlabError('bad-option', report.unreachable ? `nothing to export: ${report.unreachable}` : '--export needs a point: give --threshold, --target-share or --target-quality', {
      location: { field: '--export' },
    });
  }
  const origin = report.source;
  return {
    score: spec.kind,
    threshold: chosen.threshold ?? Number.POSITIVE_INFINITY,
    weak: pair.weak.model,
    strong: pair.strong.model,
    expected: { strongShare: chosen.strongShare, quality: chosen.quality, costPer1k: chosen.costPer1k, items: report.items },
    createdFrom: origin.kind === 'run' ? { run: origin.runId, store: origin.store } : { recorded: origin.format, file: origin.path },
    asOf: today(),
    ...scores.exportable,
  };
}

export async function runRoute(runId: string | undefined, options: RouteOptions): Promise<void> {
  const spec = parseScoreSpec(options.score, options.seed, {
    ...(options.embedder === undefined ? {} : { embedder: options.embedder }),
    ...(options.k === undefined ? {} : { k: options.k }),
  });
  const choice = parseChoice(options);
  if (options.export !== undefined && choice === undefined) {
    throw new CostlabError('bad-option', '--export needs a point: give --threshold, --target-share or --target-quality', { location: { field: '--export' } });
  }
  if (options.export !== undefined && spec.kind === 'oracle') {
    throw new CostlabError('bad-option', 'the oracle router cannot be exported: its score is the answers\' quality, which no application has before the call', {
      location: { field: '--export' },
      hint: 'export a router whose score comes from the prompt: --score heuristic, length, file:PATH or random',
    });
  }
  const source = await loadAnalysisSource({
    ...(runId === undefined ? {} : { runId }),
    ...(options.recorded === undefined ? {} : { recorded: options.recorded }),
    ...(options.store === undefined ? {} : { store: options.store }),
  });
  const pair = pickPair(source, options.weak, options.strong);
  const scores = await computeScores(spec, pair);
  const report = analyseRoute(source.origin, pair, spec, scores, choice, priceNotes(pair, source.catalog));
  report.warnings = [...source.warnings, ...report.warnings];

  if (options.export !== undefined) {
    const config = buildRouterConfig(exportInput(report, spec, scores, pair));
    await writeTextAtomic(options.export, serializeRouterConfig(config));
    report.exported = options.export;
  }
  for (const warning of report.warnings) process.stderr.write(`warning: ${warning}\n`);
  process.stdout.write(options.json ? routeJson(report) : routeText(report));
}
