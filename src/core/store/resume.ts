/** Resume: a run's pending trials are the trials of its plan that have no result yet. */
import { CostlabError } from '../errors.ts';
import type { Trial, TrialResult } from '../runner/trial.ts';
import type { RunRecord } from './result-store.ts';

const STORE_BUG = 'this is a bug in the store: please report it, with the run folder';

/**
 * The trials of `run` with no result, in plan order. A trial is done when it has exactly one result;
 * two results for one trial, or a result for a trial or run the plan does not have, is a CostlabError.
 */
export function pendingTrials(run: Pick<RunRecord, 'id' | 'trials'>, results: readonly TrialResult[]): Trial[] {
  const planned = new Set(run.trials.map((trial) => trial.id));
  const done = new Set<string>();
  for (const result of results) {
    if (result.runId !== run.id) {
      throw new CostlabError('store-inconsistent', `a result of run ${result.runId} was given for run ${run.id}`, { hint: STORE_BUG });
    }
    if (!planned.has(result.trialId)) {
      throw new CostlabError('store-inconsistent', `run ${run.id} has a result for trial ${result.trialId}, which its plan does not have`, { hint: STORE_BUG });
    }
    if (done.has(result.trialId)) {
      throw new CostlabError('store-inconsistent', `trial ${result.trialId} of run ${run.id} has more than one result`, { hint: STORE_BUG });
    }
    done.add(result.trialId);
  }
  return run.trials.filter((trial) => !done.has(trial.id));
}
