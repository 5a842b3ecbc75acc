/**
 * `costlab frontier RUN_ID [--json]`: the quality-versus-cost Pareto frontier of a run's candidates (cost per
 * 1,000 requests, mean quality with its 95 % interval), dominated candidates marked with who dominates them, the
 * knee named; then the same for quality versus median latency. Candidates without a quality or without a known
 * cost are listed apart, never placed on the frontier with a made-up figure.
 */
import { formatScaled, paretoFrontier } from '../../core/index.ts';
import type { CandidateScore, FrontierResult } from '../../core/index.ts';
import { formatInteger, plural, renderTable } from '../format/table.ts';
import { storeDir } from '../run-store.ts';
import { loadScoredRun } from '../scored-run.ts';
import { candidateJson, scoreCard, usdPer1k } from './score.ts';

interface FrontierCommandOptions {
  store?: string;
  judge?: string;
  seed?: number;
  json?: boolean;
}

type Axis = 'cost' | 'latency';

function axisValue(c: CandidateScore, axis: Axis): number | null {
  if (axis === 'latency') return c.latencyMedianMs;
  return c.costPer1kPico === null ? null : Number(formatScaled(c.costPer1kPico, 12));
}

function frontierOn(card: readonly CandidateScore[], axis: Axis): { result: FrontierResult<CandidateScore & { id: string }>; left: CandidateScore[] } {
  const placed = card.filter((c) => c.quality !== null && axisValue(c, axis) !== null).map((c) => ({ ...c, id: c.candidateId }));
  const left = card.filter((c) => c.quality === null || axisValue(c, axis) === null);
  const result = paretoFrontier(placed, { cost: (c) => axisValue(c, axis) as number, quality: (c) => c.quality?.mean as number });
  return { result, left };
}

function frontierJson(result: FrontierResult<CandidateScore & { id: string }>, left: readonly CandidateScore[]) {
  return {
    frontier: result.frontier.map((e) => e.id),
    knee: result.knee ? { id: result.knee.entry.id, distance: result.knee.distance } : null,
    candidates: result.entries.map((e) => ({ ...candidateJson(e.candidate), onFrontier: e.onFrontier, dominatedBy: e.dominatedBy })),
    unplaced: left.map((c) => ({ candidateId: c.candidateId, reason: c.quality === null ? 'no quality' : 'no known cost or latency' })),
  };
}

function frontierLines(title: string, axis: Axis, result: FrontierResult<CandidateScore & { id: string }>, left: readonly CandidateScore[]): string[] {
  const kneeId = result.knee?.entry.id;
  const rows = [...result.frontier, ...result.entries.filter((e) => !e.onFrontier)].map((e) => {
    const c = e.candidate;
    const q = c.quality;
    return [
      e.onFrontier ? (e.id === kneeId ? '◆ knee' : '● frontier') : '○',
      e.id,
      axis === 'cost' ? usdPer1k(c.costPer1kPico) : `${formatInteger(Math.round(c.latencyMedianMs ?? 0))} ms`,
      q === null ? '—' : `${q.mean.toFixed(3)} (${q.low.toFixed(3)}–${q.high.toFixed(3)})`,
      e.onFrontier ? '' : `dominated by ${e.dominatedBy.join(', ')}`,
    ];
  });
  const lines = [title, renderTable([{ header: '' }, { header: 'candidate' }, { header: axis === 'cost' ? 'cost/1k req' : 'latency p50', align: 'right' }, { header: 'quality (95% CI)', align: 'right' }, { header: '' }], rows)];
  for (const c of left) lines.push(`  not placed: ${c.candidateId} (${c.quality === null ? 'no quality: score the run first' : axis === 'cost' ? 'cost unknown' : 'no latency'})`);
  return lines;
}

export async function runFrontier(runId: string, options: FrontierCommandOptions): Promise<void> {
  const scored = await loadScoredRun(storeDir(options.store), runId, options.judge ? { judge: options.judge } : {});
  const card = scoreCard(scored, options.seed ?? 1);
  const cost = frontierOn(card, 'cost');
  const latency = frontierOn(card, 'latency');
  if (options.json) {
    const json = { runId, ...frontierJson(cost.result, cost.left), latency: frontierJson(latency.result, latency.left), warnings: scored.warnings };
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    return;
  }
  const lines = [
    `run ${runId} · set ${scored.run.setName} · ${plural(card.length, 'candidate')}`,
    '',
    ...frontierLines('quality vs cost per 1,000 requests', 'cost', cost.result, cost.left),
    '',
    ...frontierLines('quality vs median latency', 'latency', latency.result, latency.left),
    '',
    'dominated: another candidate costs no more and scores no less (one of them strictly); the knee is the frontier point furthest above the cheapest–best chord',
  ];
  for (const w of scored.warnings) lines.push(`warning: ${w}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
