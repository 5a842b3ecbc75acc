/**
 * `costlab score --judge M`: an LLM judge's verdict on every succeeded trial of a run that this judge has not yet
 * judged in this mode, each verdict appended to the run's annotations log as it comes back (so a stopped scoring
 * keeps what it paid for, and running it again judges only the rest). Rubric mode grades each answer; pairwise
 * mode compares each answer with the baseline candidate's answer to the same case and repeat.
 */
import { CostlabError, DEFAULT_RUBRIC, appendAnnotation, judgePairwise, judgeRubric, latestJudgements } from '../core/index.ts';
import type { Annotation, Catalog, JudgeVerdict, Judgement, Trial } from '../core/index.ts';
import { nodeStoreFiles } from '../platform/store-files.ts';
import { createJudge } from './judge-model.ts';
import type { ScoredRun } from './scored-run.ts';

export interface JudgeRunOptions {
  judge: string;
  pairwise?: string;
  rubric?: string;
  concurrency: number;
  rejudge: boolean;
  signal: AbortSignal;
  onVerdict?: (done: number, total: number) => void;
}

export interface JudgeRunSummary {
  judged: number;
  failed: number;
  skipped: number;
}

/** The request a trial sent, as text for the judge. */
export function requestText(trial: Trial): string {
  const parts = trial.system ? [`[system]\n${trial.system}`] : [];
  for (const m of trial.messages) parts.push(`[${m.role}]\n${m.content}`);
  return parts.join('\n\n');
}

async function mapConcurrent<T>(items: readonly T[], concurrency: number, signal: AbortSignal, worker: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, async () => {
    while (!signal.aborted && next < items.length) {
      const item = items[next++] as T;
      await worker(item);
    }
  });
  await Promise.all(lanes);
}

export async function judgeTrials(dir: string, scored: ScoredRun, catalog: Catalog, options: JudgeRunOptions): Promise<JudgeRunSummary> {
  const mode: Judgement['mode'] = options.pairwise === undefined ? 'rubric' : 'pairwise';
  const { run } = scored;
  if (options.pairwise !== undefined && !run.candidates.some((c) => c.id === options.pairwise)) {
    throw new CostlabError('bad-option', `--pairwise ${options.pairwise} is not a candidate of run ${run.id}`, {
      location: { field: '--pairwise' },
      hint: `choose the baseline among: ${run.candidates.map((c) => c.id).join(', ')}`,
    });
  }
  const judge = await createJudge(options.judge, catalog);
  const already = options.rejudge ? new Map<string, Judgement>() : latestJudgements(scored.annotations, options.judge, mode);
  const resultOf = new Map(scored.trials.map((t) => [t.trial.id, t.result]));
  const baselineOf = new Map<string, string>();
  if (options.pairwise !== undefined) {
    for (const t of scored.trials) {
      if (t.trial.candidateId === options.pairwise && t.result?.status === 'succeeded' && t.result.output !== null) {
        baselineOf.set(`${t.trial.caseId}|${t.trial.repeat}`, t.trial.id);
      }
    }
  }
  const references = new Map((scored.set?.cases ?? []).flatMap((c) => (c.reference === undefined ? [] : [[c.id, c.reference] as const])));
  const todo: { trial: Trial; answer: string; baselineTrialId?: string }[] = [];
  let skipped = 0;
  for (const { trial, result } of scored.trials) {
    if (trial.candidateId === options.pairwise) continue;
    if (result?.status !== 'succeeded' || result.output === null || already.has(trial.id)) {
      skipped += 1;
      continue;
    }
    const baselineTrialId = options.pairwise === undefined ? undefined : baselineOf.get(`${trial.caseId}|${trial.repeat}`);
    if (options.pairwise !== undefined && baselineTrialId === undefined) {
      skipped += 1;
      continue;
    }
    todo.push({ trial, answer: result.output, ...(baselineTrialId ? { baselineTrialId } : {}) });
  }
  const files = nodeStoreFiles();
  let judged = 0;
  let failed = 0;
  await mapConcurrent(todo, options.concurrency, options.signal, async ({ trial, answer, baselineTrialId }) => {
    const request = requestText(trial);
    const call = { signal: options.signal, call: judge.call };
    let verdict: JudgeVerdict;
    if (baselineTrialId === undefined) {
      const reference = references.get(trial.caseId);
      verdict = await judgeRubric(judge, { request, answer, ...(reference === undefined ? {} : { reference }) }, options.rubric ?? DEFAULT_RUBRIC, call);
    } else {
      const baseline = resultOf.get(baselineTrialId)?.output ?? '';
      verdict = await judgePairwise(judge, request, answer, baseline, call);
    }
    if (verdict.error?.code === 'aborted') return;
    const record: Annotation = {
      kind: 'judgement', trialId: trial.id, judge: options.judge, mode, ...(baselineTrialId ? { baselineTrialId } : {}),
      score: verdict.score, reason: verdict.reason, usage: verdict.usage, costUsd: verdict.costUsd, error: verdict.error, judgedAt: new Date().toISOString(),
    };
    await appendAnnotation(files, dir, run.id, record);
    judged += 1;
    if (verdict.score === null) failed += 1;
    options.onVerdict?.(judged, todo.length);
  });
  return { judged, failed, skipped };
}
