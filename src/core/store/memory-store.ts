/**
 * An in-memory ResultStore for tests and dry runs: the same checks as the file store (unknown run or
 * trial, a second result for a trial, a closed store), nothing written anywhere. Values go in and come
 * out as copies, so a caller cannot change what the store holds.
 */
import { CostlabError } from '../errors.ts';
import type { TrialResult } from '../runner/trial.ts';
import { checkCacheEntry, checkNewRun, checkResult, runNotFound, storeClosed } from './checks.ts';
import type { CachedResponse, ResultStore, RunRecord, RunSummary } from './result-store.ts';
import type { PlanFile } from './schemas.ts';

interface StoredRun {
  summary: RunSummary;
  plan: PlanFile;
  results: TrialResult[];
  trialIds: Set<string>;
  done: Set<string>;
}

export class MemoryStore implements ResultStore {
  private readonly runs = new Map<string, StoredRun>();
  private readonly cache = new Map<string, CachedResponse>();
  private closed = false;

  async createRun(run: RunRecord): Promise<void> {
    this.assertOpen();
    const { summary, plan } = checkNewRun(run);
    if (this.runs.has(run.id)) throw new CostlabError('run-exists', `a run named ${run.id} already exists`, { hint: 'pick another run id, or resume that run' });
    this.runs.set(run.id, { summary, plan, results: [], trialIds: new Set(plan.trials.map((t) => t.id)), done: new Set() });
  }

  async setRunStatus(runId: string, status: RunRecord['status']): Promise<void> {
    this.assertOpen();
    this.run(runId).summary = { ...this.run(runId).summary, status };
  }

  async getRun(runId: string): Promise<RunRecord | undefined> {
    this.assertOpen();
    const run = this.runs.get(runId);
    return run === undefined ? undefined : record(run);
  }

  async listRuns(): Promise<RunRecord[]> {
    this.assertOpen();
    return [...this.runs.values()].map(record);
  }

  async runSummaries(): Promise<RunSummary[]> {
    this.assertOpen();
    return [...this.runs.values()].map((run) => structuredClone(run.summary));
  }

  async appendResult(result: TrialResult): Promise<void> {
    this.assertOpen();
    const checked = checkResult(result);
    const run = this.run(checked.runId);
    if (!run.trialIds.has(checked.trialId)) {
      throw new CostlabError('unknown-trial', `run ${checked.runId} has no trial ${checked.trialId}`, { hint: 'append results only for trials of the run plan' });
    }
    if (run.done.has(checked.trialId)) {
      throw new CostlabError('duplicate-result', `trial ${checked.trialId} of run ${checked.runId} already has a result`, { hint: 'resume runs only the pending trials' });
    }
    run.done.add(checked.trialId);
    run.results.push(checked);
  }

  async results(runId: string): Promise<TrialResult[]> {
    this.assertOpen();
    return structuredClone(this.run(runId).results);
  }

  async cacheGet(key: string): Promise<CachedResponse | undefined> {
    this.assertOpen();
    const value = this.cache.get(key);
    return value === undefined ? undefined : structuredClone(value);
  }

  async cachePut(key: string, value: CachedResponse): Promise<void> {
    this.assertOpen();
    this.cache.set(key, checkCacheEntry(key, value));
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private run(runId: string): StoredRun {
    const run = this.runs.get(runId);
    if (run === undefined) throw runNotFound(runId);
    return run;
  }

  private assertOpen(): void {
    if (this.closed) throw storeClosed();
  }
}

function record(run: StoredRun): RunRecord {
  const { trialCount: _t, candidateCount: _c, ...rest } = run.summary;
  return structuredClone({ ...rest, candidates: run.plan.candidates, trials: run.plan.trials });
}
