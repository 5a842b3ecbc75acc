/**
 * Resume: a run's pending trials are the trials of its plan without a result (store/resume.ts). A trial the
 * run stopped in the middle of (abort) got no result, so it is pending; a trial that finished — succeeded,
 * failed with a typed error, or refused by the budget — has its one result and is not run again.
 */
import { CostlabError } from '../errors.ts';
import type { ResultStore, RunRecord } from '../store/result-store.ts';
import { pendingTrials } from '../store/resume.ts';
import type { Trial } from './trial.ts';

/** The stored run and its pending trials, ready for runPlan; throws `unknown-run` when the store has no such run. */
export async function loadPending(store: ResultStore, runId: string): Promise<{ run: RunRecord; trials: Trial[] }> {
  const run = await store.getRun(runId);
  if (!run) throw new CostlabError('unknown-run', `there is no run ${runId} in the store`, { hint: 'list the runs to see their ids' });
  return { run, trials: pendingTrials(run, await store.results(runId)) };
}
