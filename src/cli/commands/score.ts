/**
 * `costlab score RUN_ID [--judge M [--pairwise BASELINE] [--rubric TEXT|@FILE]] [--json]`: every candidate's mean
 * quality with a bootstrap 95 % interval, cost per 1,000 requests and latency, and where each trial's quality came
 * from (rating, judge, recorded label, assertions, reference). With `--judge`, first has the judge grade the
 * trials it has not graded yet, recording each verdict and its cost in the run's annotations log.
 */
import type { CandidateScore, Catalog, ReferenceMetric } from '../../core/index.ts';
import { CostlabError, formatScaled, formatUsd, known, scoreCandidates, seededRandom, sumJudgeSpend } from '../../core/index.ts';
import { readTextFile } from '../../platform/node.ts';
import { loadCatalog } from '../catalog-loader.ts';
import { formatInteger, renderTable } from '../format/table.ts';
import { judgeTrials } from '../judge-trials.ts';
import type { JudgeRunSummary } from '../judge-trials.ts';
import { storeDir } from '../run-store.ts';
import { createEmbedder } from '../embedder-factory.ts';
import { referenceSimilarities } from '../embedding-similarity.ts';
import type { ReferenceSimilarities } from '../embedding-similarity.ts';
import { loadScoredRun, rescoreRun } from '../scored-run.ts';
import type { ScoredRun } from '../scored-run.ts';

export interface ScoreCommandOptions {
  store?: string;
  judge?: string;
  pairwise?: string;
  rubric?: string;
  concurrency?: number;
  rejudge?: boolean;
  metric?: string;
  embedder?: string;
  failed?: string;
  seed?: number;
  json?: boolean;
}

const METRICS = ['exact', 'f1', 'rouge-l', 'numeric'] as const;

function metricOption(value: string | undefined): ReferenceMetric | undefined {
  if (value === undefined || value === 'embedding') return undefined;
  if ((METRICS as readonly string[]).includes(value)) return value as ReferenceMetric;
  throw new CostlabError('bad-option', `--metric ${value} is not a reference metric`, { location: { field: '--metric' }, hint: `use one of: ${METRICS.join(', ')}, embedding (with --embedder)` });
}

function failedOption(value: string | undefined): 'zero' | 'skip' | undefined {
  if (value === undefined || value === 'zero' || value === 'skip') return value;
  throw new CostlabError('bad-option', `--failed ${value} must be zero or skip`, { location: { field: '--failed' } });
}

async function rubricText(value: string | undefined): Promise<string | undefined> {
  if (value === undefined || !value.startsWith('@')) return value;
  return readTextFile(value.slice(1));
}

/** Cost per 1,000 requests for a table: four significant digits (the JSON keeps the exact figure). */
export function usdPer1k(pico: bigint | null): string {
  return pico === null ? 'unknown' : formatUsd(known(pico), 4);
}

export function candidateJson(c: CandidateScore) {
  return {
    candidateId: c.candidateId, model: c.model, variant: c.variant, trials: c.trials, done: c.done, failed: c.failed, scored: c.scored,
    quality: c.quality === null ? null : { mean: c.quality.mean, low: c.quality.low, high: c.quality.high, n: c.quality.n },
    costPer1kUsd: c.costPer1kPico === null ? null : Number(formatScaled(c.costPer1kPico, 12)),
    costPer1kExact: c.costPer1kPico === null ? null : formatScaled(c.costPer1kPico, 12),
    unpriced: c.unpriced, latencyMeanMs: c.latencyMeanMs, latencyMedianMs: c.latencyMedianMs,
  };
}

export function scoreCard(scored: ScoredRun, seed: number): CandidateScore[] {
  const inputs = scored.trials.map((t) => ({ candidateId: t.trial.candidateId, result: t.result, quality: t.quality }));
  return scoreCandidates(scored.run.candidates, inputs, seededRandom(seed));
}

function sourceCounts(scored: ScoredRun): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const t of scored.trials) {
    const key = t.source ?? (t.result ? 'unscored' : 'pending');
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

function qualityCell(c: CandidateScore): [string, string] {
  if (c.quality === null) return ['—', '—'];
  return [c.quality.mean.toFixed(3), `${c.quality.low.toFixed(3)}–${c.quality.high.toFixed(3)}`];
}

export async function runScore(runId: string, options: ScoreCommandOptions): Promise<void> {
  const dir = storeDir(options.store);
  const metric = metricOption(options.metric);
  const failed = failedOption(options.failed);
  const scoreOptions = { ...(metric ? { metric } : {}), ...(failed ? { failed } : {}) };
  let scored = await loadScoredRun(dir, runId, scoreOptions);
  let judging: JudgeRunSummary | null = null;
  if (options.pairwise !== undefined && options.judge === undefined) {
    throw new CostlabError('bad-option', '--pairwise needs --judge MODEL', { location: { field: '--pairwise' } });
  }
  if (options.judge !== undefined) {
    const catalog: Catalog = await loadCatalog(process.cwd(), [options.judge]);
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once('SIGINT', stop);
    try {
      const rubric = await rubricText(options.rubric);
      judging = await judgeTrials(dir, scored, catalog, {
        judge: options.judge, concurrency: options.concurrency ?? 4, rejudge: options.rejudge === true, signal: controller.signal,
        ...(options.pairwise === undefined ? {} : { pairwise: options.pairwise }),
        ...(rubric === undefined ? {} : { rubric }),
        onVerdict: options.json ? undefined : (done, total) => process.stderr.write(`\rjudged ${done}/${total}`),
      });
      if (!options.json && judging.judged > 0) process.stderr.write('\n');
    } finally {
      process.removeListener('SIGINT', stop);
    }
    scored = await rescoreRun(scored, dir, { ...scoreOptions, judge: options.judge }, true);
  }
  let similarity: ReferenceSimilarities | null = null;
  if (options.metric === 'embedding' || options.embedder !== undefined) {
    if (options.embedder === undefined) {
      throw new CostlabError('bad-option', '--metric embedding needs --embedder MODEL', {
        location: { field: '--embedder' },
        hint: 'e.g. --embedder openai:text-embedding-3-small, ollama:nomic-embed-text or gguf:./models/NAME.gguf',
      });
    }
    const embedder = await createEmbedder(options.embedder, await loadCatalog(process.cwd(), [options.embedder]));
    similarity = await referenceSimilarities(scored, embedder);
    scored = await rescoreRun(scored, dir, { ...scoreOptions, ...(options.judge ? { judge: options.judge } : {}), similarities: similarity.byTrial }, false);
  }
  const card = scoreCard(scored, options.seed ?? 1);
  const spend = sumJudgeSpend(scored.annotations);
  const sources = sourceCounts(scored);
  if (options.json) {
    const json = {
      runId, metric: similarity ? 'embedding' : scored.metric, sources,
      ...(similarity ? { embedding: { embedder: options.embedder, inputTokens: similarity.inputTokens, spentUsd: similarity.cost.known ? formatScaled(similarity.cost.pico, 12) : null } } : {}), candidates: card.map(candidateJson),
      judges: spend.map((s) => ({ judge: s.judge, verdicts: s.verdicts, failed: s.failed, spentUsd: s.unpriced > 0 ? null : formatScaled(s.pico, 12) })),
      ...(judging ? { judged: judging } : {}), warnings: scored.warnings,
    };
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    return;
  }
  const rows = card.map((c) => [
    c.candidateId, `${formatInteger(c.done)}/${formatInteger(c.trials)}`, formatInteger(c.scored), ...qualityCell(c), usdPer1k(c.costPer1kPico),
    c.latencyMedianMs === null ? '—' : `${formatInteger(Math.round(c.latencyMedianMs))} ms`,
  ]);
  const lines = [
    `run ${runId} · set ${scored.run.setName} · quality from ${Object.entries(sources).map(([k, n]) => `${k} ${formatInteger(n)}`).join(', ')}${sources['reference'] ? ` (reference metric ${similarity ? 'embedding cosine' : scored.metric})` : ''}`,
    '',
    renderTable(
      [{ header: 'candidate' }, { header: 'done' }, { header: 'scored', align: 'right' }, { header: 'quality', align: 'right' }, { header: '95% CI', align: 'right' }, { header: 'cost/1k req', align: 'right' }, { header: 'latency p50', align: 'right' }],
      rows,
    ),
  ];
  for (const s of spend) {
    lines.push(`judge ${s.judge}: ${formatInteger(s.verdicts)} verdicts (${formatInteger(s.failed)} failed), spent ${s.unpriced > 0 ? 'unknown (unpriced model)' : `$${formatScaled(s.pico, 12, 2)}`}`);
  }
  if (similarity) lines.push(similarity.summary);
  if (judging) lines.push(`this time: ${formatInteger(judging.judged)} judged, ${formatInteger(judging.skipped)} skipped (already judged, failed or no baseline answer)`);
  for (const w of scored.warnings) lines.push(`warning: ${w}`);
  lines.push('quality: mean per trial in [0, 1] with a 95 % bootstrap interval (1,000 resamples, seed ' + String(options.seed ?? 1) + '); cost per 1k = 1,000 × mean cost per result');
  process.stdout.write(`${lines.join('\n')}\n`);
}
