/** Checks shared by the file and memory stores: what goes in must be something the store can give back. */
import type { z } from 'zod';
import { CostlabError } from '../errors.ts';
import type { TrialResult } from '../runner/trial.ts';
import type { CachedResponse, RunRecord, RunSummary } from './result-store.ts';
import { RECORD_VERSION, cachedResponseSchema, planSchema, runSummarySchema, trialResultSchema } from './schemas.ts';
import type { PlanFile } from './schemas.ts';

function checked<T>(schema: z.ZodType<T>, value: unknown, code: string, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.map(String).join('.') || undefined;
  throw new CostlabError(code, `${what} is not valid: ${issue?.message ?? 'invalid'}`, {
    location: field ? { field } : {},
    hint: 'this is a bug in the caller of the store: please report it',
  });
}

/** The summary (for store.json) and the plan (for plan.json) of a new run, checked. */
export function checkNewRun(run: RunRecord): { summary: RunSummary; plan: PlanFile } {
  let options: Record<string, unknown>;
  try {
    options = JSON.parse(JSON.stringify(run.options ?? {})) as Record<string, unknown>;
  } catch (error) {
    throw new CostlabError('bad-run', `the options of run ${run.id} cannot be stored as JSON: ${String(error)}`, { location: { field: 'options' } });
  }
  const summary = checked(runSummarySchema, {
    id: run.id, createdAt: run.createdAt, setName: run.setName, setFile: run.setFile, options, status: run.status, origin: run.origin,
    trialCount: run.trials?.length, candidateCount: run.candidates?.length,
  }, 'bad-run', `run ${run.id}`);
  const plan = checked(planSchema, { v: RECORD_VERSION, runId: run.id, candidates: run.candidates, trials: run.trials }, 'bad-run', `run ${run.id}`);
  const candidateIds = new Set<string>();
  for (const candidate of plan.candidates) {
    if (candidateIds.has(candidate.id)) throw badPlan(run.id, `candidate ${candidate.id} appears twice`);
    candidateIds.add(candidate.id);
  }
  const trialIds = new Set<string>();
  for (const trial of plan.trials) {
    if (trialIds.has(trial.id)) throw badPlan(run.id, `trial ${trial.id} appears twice`);
    if (!candidateIds.has(trial.candidateId)) throw badPlan(run.id, `trial ${trial.id} names candidate ${trial.candidateId}, which the run does not have`);
    trialIds.add(trial.id);
  }
  return { summary, plan };
}

function badPlan(runId: string, message: string): CostlabError {
  return new CostlabError('bad-run', `run ${runId}: ${message}`, { hint: 'this is a bug in the run planner: please report it' });
}

export function checkResult(result: TrialResult): TrialResult {
  return checked(trialResultSchema, result, 'bad-result', `the result of trial ${String(result?.trialId)}`);
}

export function checkCacheEntry(key: string, value: CachedResponse): CachedResponse {
  if (typeof key !== 'string') throw new CostlabError('bad-cache-entry', 'a cache key must be a string');
  return checked(cachedResponseSchema, value, 'bad-cache-entry', `the cache entry ${key}`);
}

export function runNotFound(runId: string): CostlabError {
  return new CostlabError('unknown-run', `there is no run ${runId} in the store`, { hint: 'list the runs to see their ids' });
}

export function storeClosed(): CostlabError {
  return new CostlabError('store-closed', 'the store is closed', { hint: 'open it again' });
}
