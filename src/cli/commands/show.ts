/**
 * `costlab show RUN_ID [--store DIR] [--json]`: every trial of a run in plan order — candidate, case, repeat,
 * status, output, usage, costUsd, latencyMs and the typed error of a failed one; a trial with no result yet is
 * `pending`. `--json` prints `{"run": {...}, "trials": [...]}`. Reads the store without its lock; writes nothing.
 */
import type { TrialResult, Usage } from '../../core/index.ts';
import { formatScaled, parseScaled } from '../../core/index.ts';
import { formatInteger } from '../format/table.ts';
import { exactUsd } from '../run-report.ts';
import { displayStatus, readRun, spendOf, storeDir } from '../run-store.ts';

type TrialRow = Omit<TrialResult, 'runId' | 'status' | 'trialId'> & { trialId: string; status: TrialResult['status'] | 'pending' };

export async function runShow(runId: string, options: { store?: string; json?: boolean }): Promise<void> {
  const dir = storeDir(options.store);
  const { run, results } = await readRun(dir, runId);
  const byTrial = new Map(results.map((r) => [r.trialId, r]));
  const trials: TrialRow[] = run.trials.map((trial) => {
    const result = byTrial.get(trial.id);
    if (result) {
      const { runId: _runId, ...rest } = result;
      return rest;
    }
    return {
      trialId: trial.id, candidateId: trial.candidateId, caseId: trial.caseId, repeat: trial.repeat, status: 'pending', cached: false, output: null,
      usage: null, usageSource: null, costUsd: null, latencyMs: null, ttftMs: null, attempts: 0, error: null, finishedAt: '',
    };
  });
  const status = await displayStatus(dir, run.status);
  const spend = spendOf(results);
  if (options.json) {
    const { trials: _plan, ...summary } = run;
    const json = { run: { ...summary, status, trialCount: run.trials.length, done: results.length, spentUsd: formatScaled(spend.pico, 12), unpriced: spend.unpriced }, trials };
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    return;
  }
  const count = (s: TrialRow['status']) => trials.filter((t) => t.status === s).length;
  const lines = [
    `run ${run.id} · set ${run.setName}${run.setFile ? ` (${run.setFile})` : ''} · created ${run.createdAt.replace('T', ' ').slice(0, 19)} UTC · ${status}`,
    `${formatInteger(trials.length)} trials: ${count('succeeded')} succeeded, ${count('failed')} failed, ${count('pending')} pending · spent ${exactUsd(spend.pico)}${spend.unpriced > 0 ? ` + ${spend.unpriced} unpriced` : ''}`,
    '',
  ];
  for (const trial of trials) lines.push(...trialLines(trial), '');
  process.stdout.write(`${lines.join('\n')}`);
}

function trialLines(t: TrialRow): string[] {
  const head = [`${t.candidateId} · ${t.caseId} · repeat ${t.repeat}`, t.status + (t.cached ? ' (cached)' : '')];
  if (t.usage) head.push(usageText(t.usage));
  if (t.status !== 'pending') head.push(t.costUsd === null ? (t.usage ? 'cost unknown' : '$0.00') : exactUsd(parseScaled(t.costUsd, 12)));
  if (t.latencyMs !== null) head.push(`${formatInteger(Math.round(t.latencyMs))} ms${t.ttftMs === null ? '' : ` (first token ${formatInteger(Math.round(t.ttftMs))} ms)`}`);
  if (t.attempts > 1) head.push(`${t.attempts} attempts`);
  const lines = [head.join(' · ')];
  if (t.error) lines.push(`  error: ${t.error.code}${t.error.status === undefined ? '' : ` (HTTP ${t.error.status})`}: ${t.error.message}`);
  if (t.output !== null) lines.push(...t.output.split('\n').map((line) => `  ${line}`));
  return lines;
}

function usageText(u: Usage): string {
  const parts = [`${formatInteger(u.input)} in`, `${formatInteger(u.output)} out`];
  if (u.reasoning > 0) parts.push(`${formatInteger(u.reasoning)} reasoning`);
  if (u.cacheRead > 0) parts.push(`${formatInteger(u.cacheRead)} cache read`);
  if (u.cacheWrite5m + u.cacheWrite1h > 0) parts.push(`${formatInteger(u.cacheWrite5m + u.cacheWrite1h)} cache write`);
  return `${parts.join(' / ')} tokens`;
}
