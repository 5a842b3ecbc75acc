/**
 * runPlan: runs trials of a run through a bounded pool, with per-provider limits, retries, the budget guard
 * and the response cache, and appends exactly one result per finished trial to the store (durable before
 * trial-finished is emitted). A failed call is a result with a typed error, never an exception.
 *
 * Stopping: when `signal` aborts, no new trial starts, waits (backoff, rate limit, budget) end at once, and the
 * in-flight calls are aborted through the request's signal. Trials stopped that way get NO result — the run is
 * marked `stopped` and a resume (pendingTrials) runs exactly the trials without a result. A call that completes
 * despite the abort keeps its result. Billed usage of an aborted call counts in this run's spend but has no row.
 *
 * Only a store failure (or an onEvent listener that throws) is thrown: it stops the run like an abort, marks
 * it `stopped`, and runPlan rejects with it once the in-flight trials have ended.
 */
import type { Catalog } from '../catalog/catalog.ts';
import type { ModelEntry } from '../catalog/model.ts';
import { CostlabError } from '../errors.ts';
import { parseScaled } from '../money/decimal.ts';
import { moneyToUsdString } from '../money/money.ts';
import type { Money } from '../money/money.ts';
import type { Clock, Random, Sleep } from '../ports.ts';
import type { Provider } from '../providers/provider.ts';
import type { ResultStore, RunRecord } from '../store/result-store.ts';
import { BudgetGuard } from './budget.ts';
import { dryRunBill } from './dry-run-bill.ts';
import type { CounterFor, DryRunBill, TrialBill } from './dry-run-bill.ts';
import { billJson, usdJson } from './events.ts';
import type { RunEvent } from './events.ts';
import { executeTrial } from './execute-trial.ts';
import { runPool } from './pool.ts';
import { RateLimiter } from './rate-limit.ts';
import type { RateLimits } from './rate-limit.ts';
import type { HashFn } from './response-cache.ts';
import type { RetryPolicy } from './retry.ts';
import { defaultProviderKey, defaultRequestModel } from './target.ts';
import { RunControl } from './run-control.ts';
import type { Candidate, Trial } from './trial.ts';

export const DEFAULT_CONCURRENCY = 4;

export interface RunPlanOptions {
  run: RunRecord;
  /** The trials to run: all of `run.trials` for a new run, the pending ones (pendingTrials) for a resume. */
  trials: readonly Trial[];
  providers: (candidate: Candidate) => Provider;
  store: ResultStore;
  catalog: Catalog;
  clock: Clock;
  sleep: Sleep;
  random: Random;
  signal?: AbortSignal;
  /** Trials in flight at once, over all providers (default DEFAULT_CONCURRENCY). */
  concurrency?: number;
  /** Limits by provider key (`openai`, `ollama`, …; see target.ts); the key `default` applies to providers not listed. */
  perProvider?: Readonly<Record<string, RateLimits>>;
  /** Exact decimal USD (`"2.50"`); every call reserves its maximum cost first (budget.ts). */
  budgetUsd?: string | number;
  /** Do not answer from the response cache (fresh answers are still stored in it). */
  noCache?: boolean;
  onEvent?: (event: RunEvent) => void;
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
  /** The dry-run bill of these trials, when already computed; else runPlan computes it. */
  bill?: DryRunBill;
  references?: ReadonlyMap<string, string>;
  counterFor?: CounterFor;
  providerKey?: (candidate: Candidate) => string;
  requestModel?: (candidate: Candidate) => string;
  hash?: HashFn;
}

export type RunTotals = Omit<Extract<RunEvent, { type: 'run-finished' }>, 'type'>;

export async function runPlan(options: RunPlanOptions): Promise<RunTotals> {
  const { run, store, clock } = options;
  const candidates = new Map(run.candidates.map((c) => [c.id, c]));
  checkTrials(run, options.trials, candidates);
  const budgetPico = options.budgetUsd === undefined ? null : parseBudget(options.budgetUsd);
  const bill =
    options.bill ??
    (await dryRunBill({ candidates: run.candidates, trials: options.trials, catalog: options.catalog, references: options.references, counterFor: options.counterFor }));
  const bills = new Map(bill.trials.map((t) => [t.trialId, t]));
  for (const trial of options.trials) {
    if (!bills.has(trial.id)) throw new CostlabError('bad-plan', `the bill given to runPlan has no row for trial '${trial.id}'`, { hint: 'compute it with dryRunBill over the same trials' });
  }
  const entries = new Map<string, ModelEntry | undefined>();
  for (const c of run.candidates) if (!entries.has(c.model)) entries.set(c.model, options.catalog.tryResolve(c.model));
  const providerKey = options.providerKey ?? defaultProviderKey;
  const requestModel = options.requestModel ?? defaultRequestModel;
  const providers = new Map<string, Provider>();
  const providerFor = (c: Candidate): Provider => {
    let provider = providers.get(c.id);
    if (!provider) providers.set(c.id, (provider = options.providers(c)));
    return provider;
  };

  /** The first store or listener failure stops the run, and runPlan rejects with it. */
  const control = new RunControl<RunEvent>(options.signal, options.onEvent);
  const { fail, emit } = control;

  const existing = await store.getRun(run.id);
  if (!existing) await store.createRun({ ...run, status: 'running' });
  else if (existing.status !== 'running') await store.setRunStatus(run.id, 'running');

  const budget = new BudgetGuard(budgetPico);
  const { default: defaults, ...perProvider } = options.perProvider ?? {};
  const limiter = new RateLimiter(perProvider, clock, options.sleep, defaults);
  const budgetUsd = budgetPico === null ? null : moneyToUsdString(budgetPico);
  emit({ type: 'run-started', runId: run.id, trials: options.trials.length, candidates: run.candidates, bill: billJson(bill), budgetUsd });

  const total = options.trials.length;
  const counts = { done: 0, succeeded: 0, failed: 0, cached: 0 };
  const started = clock.monotonic();
  /** The expected bill of the trials not finished yet: known part, and how many are unknown. */
  const remaining = { pico: 0n, unknown: 0 };
  const expectedOf = (id: string): Money | undefined => bills.get(id)?.expected;
  for (const trial of options.trials) {
    const expected = expectedOf(trial.id);
    if (expected?.known) remaining.pico += expected.pico;
    else remaining.unknown++;
  }
  let exhausted = false;
  const onBudgetRefused = (trial: Trial, max: Money, message: string) => {
    if (exhausted || budgetUsd === null) return;
    exhausted = true;
    emit({ type: 'budget-exhausted', runId: run.id, budgetUsd, spentUsd: budget.spentUsd(), trialId: trial.id, neededUsd: usdJson(max), message });
  };

  const worker = async (trial: Trial): Promise<void> => {
    const candidate = candidates.get(trial.candidateId) as Candidate;
    const outcome = await executeTrial({
      runId: run.id,
      trial,
      candidate,
      bill: bills.get(trial.id) as TrialBill,
      entry: entries.get(candidate.model),
      provider: providerFor(candidate),
      requestModel: requestModel(candidate),
      limiter: limiter.for(providerKey(candidate)),
      budget,
      store,
      clock,
      sleep: options.sleep,
      random: options.random,
      signal: control.signal,
      retry: options.retry,
      noCache: options.noCache === true,
      hash: options.hash,
      timeoutMs: options.timeoutMs,
      emit,
      onBudgetRefused,
    });
    if (!outcome) return;
    const { result } = outcome;
    await store.appendResult(result);
    if (outcome.cache) await store.cachePut(outcome.cache.key, outcome.cache.value);
    const expected = expectedOf(trial.id);
    if (expected?.known) remaining.pico -= expected.pico;
    else remaining.unknown--;
    counts.done++;
    if (result.status === 'succeeded') counts.succeeded++;
    else counts.failed++;
    if (result.cached) counts.cached++;
    emit({ type: 'trial-finished', runId: run.id, result });
    emit({ type: 'progress', runId: run.id, done: counts.done, total, spentUsd: budget.spentUsd(), ...projection(), unpriced: budget.unpriced });
  };

  const projection = (): { projectedUsd: string | null; etaMs: number | null } => {
    const elapsed = clock.monotonic() - started;
    const etaMs = counts.done === 0 ? null : Math.round((elapsed / counts.done) * (total - counts.done));
    // The run's total is unknown while any trial, done or to come, has no price: never a $0 projection.
    const projectedUsd = remaining.unknown > 0 || budget.unpriced > 0 ? null : moneyToUsdString(budget.spent + remaining.pico);
    return { projectedUsd, etaMs };
  };

  try {
    await runPool(options.trials, {
      concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
      keyOf: (trial) => providerKey(candidates.get(trial.candidateId) as Candidate),
      tryEnter: (key) => limiter.for(key).tryEnter(),
      leave: (key) => limiter.for(key).leave(),
      signal: control.signal,
      worker: (trial) => worker(trial).catch(fail),
    });
  } finally {
    control.detach();
  }

  const notRun = total - counts.done;
  const status = notRun > 0 ? 'stopped' : 'finished';
  await control.rethrowFailure(store, run.id);
  await store.setRunStatus(run.id, status);
  const summary: RunTotals = {
    runId: run.id,
    trials: total,
    succeeded: counts.succeeded,
    failed: counts.failed,
    cached: counts.cached,
    notRun,
    spentUsd: budget.spentUsd(),
    unpriced: budget.unpriced,
    status,
  };
  emit({ type: 'run-finished', ...summary });
  return summary;
}

function parseBudget(value: string | number): bigint {
  const pico = parseScaled(value, 12, 'budget');
  if (pico < 0n) throw new CostlabError('bad-budget', `the budget must not be negative, got ${value}`, { hint: 'give --budget in USD, e.g. --budget 2.50' });
  return pico;
}

function checkTrials(run: RunRecord, trials: readonly Trial[], candidates: ReadonlyMap<string, Candidate>): void {
  const seen = new Set<string>();
  for (const trial of trials) {
    if (!candidates.has(trial.candidateId)) {
      throw new CostlabError('bad-plan', `trial '${trial.id}' names candidate '${trial.candidateId}', which run '${run.id}' does not have`);
    }
    if (seen.has(trial.id)) throw new CostlabError('bad-plan', `trial '${trial.id}' is given twice`);
    seen.add(trial.id);
  }
}
