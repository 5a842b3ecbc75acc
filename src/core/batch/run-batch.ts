/**
 * runBatch: a run's trials through the providers' batch APIs (`costlab run --batch`) — half the price, answers
 * within 24 hours. The batch counterpart of runPlan (runner/run.ts), with the same store, events and rules:
 *
 * 1. Batches an earlier process left (the ledger, ledger.ts) are followed first: polled until they end,
 *    collected, their results appended. Only then are the trials still without a result planned, so no trial is
 *    in two live batches and none is billed twice.
 * 2. Trials are grouped per provider endpoint (and per model for OpenAI) and cut into batches under each API's
 *    limits (plan-batches.ts); providers without a batch API, requests too large for a batch and trials the
 *    budget refuses get a typed error result at once. Each batch is created, saved in the ledger, announced
 *    (batch-submitted), then polled with the injected sleep (poll.ts) and collected.
 * 3. Every outcome becomes the trial's one result (results.ts), priced with priceUsage(model, usage,
 *    { batch: true }); a trial that already has a result is skipped, so spend is counted once. A request the
 *    batch never ran (cancelled) gets no result: a resume sends it again.
 *
 * Budget: each trial reserves its maximum cost at batch rates (batch-bill.ts) before it is put in a batch; one
 * that does not fit gets a `budget` error and is not sent. Settled with the billed cost when collected.
 *
 * Stopping: on abort, polling ends at once, each live batch is cancelled (`batches.cancel`, without the
 * aborted signal) and marked `cancel-requested` in the ledger; its trials get no result and the run is
 * `stopped`. Requests the provider finished before the cancel are billed: a resume collects them. A batch that
 * cannot be followed (a poll or download that fails for good) stays in the ledger, no new batch is submitted,
 * and the run is `stopped`. Only a store failure (or a listener that throws) is thrown, as in runPlan.
 */
import type { Catalog } from '../catalog/catalog.ts';
import type { ModelEntry } from '../catalog/model.ts';
import { formatUsd, known, moneyToUsdString } from '../money/money.ts';
import type { Clock, Random, Sleep } from '../ports.ts';
import { DEFAULT_ANTHROPIC_BASE_URL, DEFAULT_OPENAI_BASE_URL } from '../providers/factory.ts';
import type { ProviderConfig } from '../providers/factory.ts';
import type { ProviderError } from '../providers/provider.ts';
import { redactSecrets } from '../providers/redact.ts';
import { BudgetGuard } from '../runner/budget.ts';
import type { Reservation } from '../runner/budget.ts';
import { dryRunBill } from '../runner/dry-run-bill.ts';
import type { CounterFor, DryRunBill } from '../runner/dry-run-bill.ts';
import { billJson } from '../runner/events.ts';
import { RunControl } from '../runner/run-control.ts';
import { asProviderError } from '../runner/retry.ts';
import type { RetryPolicy } from '../runner/retry.ts';
import type { RunTotals } from '../runner/run.ts';
import { tryParseTarget } from '../runner/target.ts';
import type { Candidate, Trial } from '../runner/trial.ts';
import type { ResultStore, RunRecord } from '../store/result-store.ts';
import { batchBill } from './batch-bill.ts';
import type { BatchRunEvent } from './events.ts';
import { storeLedger } from './ledger.ts';
import type { BatchLedger, BatchRecord } from './ledger.ts';
import { planBatches } from './plan-batches.ts';
import { DEFAULT_POLL_POLICY, pollUntilEnded, retrying } from './poll.ts';
import type { PollPolicy } from './poll.ts';
import { errorResult, outcomeResult } from './results.ts';
import type { PricedResult } from './results.ts';
import { checkTrials, makeBackend, parseBudget } from './setup.ts';
import type { BatchBackend, BatchLimits, BatchProvider } from './types.ts';

export interface RunBatchOptions {
  run: RunRecord;
  /** The trials to run: all of `run.trials` for a new run, the pending ones (loadPending) for a resume. */
  trials: readonly Trial[];
  /** Keys and endpoints of openai and anthropic (the CLI reads them from the environment). */
  config: ProviderConfig;
  store: ResultStore;
  catalog: Catalog;
  clock: Clock;
  sleep: Sleep;
  /** Jitter of retry backoff (default: a fixed 0.5). */
  random?: Random;
  signal?: AbortSignal;
  onEvent?: (event: BatchRunEvent) => void;
  /** Where batch ids are kept for a resume (default: storeLedger(store)). */
  ledger?: BatchLedger;
  poll?: Partial<PollPolicy>;
  /** Retries of uploads, creates (refusals only), downloads and cancels. */
  retry?: Partial<RetryPolicy>;
  /** Lower the per-batch limits (tests; accounts with smaller limits). */
  limits?: Partial<Record<BatchProvider, Partial<BatchLimits>>>;
  budgetUsd?: string | number;
  /** The standard dry-run bill of these trials, when already computed (it is priced again at batch rates). */
  bill?: DryRunBill;
  references?: ReadonlyMap<string, string>;
  counterFor?: CounterFor;
}

export type BatchRunTotals = RunTotals & { batches: BatchRecord[] };

export async function runBatch(options: RunBatchOptions): Promise<BatchRunTotals> {
  const { run, store, clock, config } = options;
  const candidates = new Map(run.candidates.map((c) => [c.id, c]));
  checkTrials(run, options.trials, candidates);
  // Trials that already have a result (a resume given all trials) are not this call's to run or count.
  const existing = await store.getRun(run.id);
  const done = new Set(existing ? (await store.results(run.id)).map((r) => r.trialId) : []);
  const trials = options.trials.filter((t) => !done.has(t.id));
  const budgetPico = options.budgetUsd === undefined ? null : parseBudget(options.budgetUsd);
  const entries = new Map<string, ModelEntry | undefined>();
  const entryOf = (model: string): ModelEntry | undefined => {
    if (!entries.has(model)) entries.set(model, options.catalog.tryResolve(model));
    return entries.get(model);
  };
  const standard = options.bill ?? (await dryRunBill({ candidates: run.candidates, trials, catalog: options.catalog, references: options.references, counterFor: options.counterFor }));
  const bill = batchBill(standard, run.candidates, entryOf);
  const bills = new Map(bill.trials.map((t) => [t.trialId, t]));

  const control = new RunControl<BatchRunEvent>(options.signal, options.onEvent);
  const { signal, fail, emit } = control;

  const retry = retrying({ sleep: options.sleep, random: options.random ?? (() => 0.5), signal, policy: options.retry });
  const backends = new Map<string, BatchBackend>();
  const backendFor = (provider: BatchProvider, baseURL: string): BatchBackend => {
    const key = `${provider}\u0000${baseURL}`;
    let backend = backends.get(key);
    if (!backend) backends.set(key, (backend = makeBackend(provider, baseURL, config, retry, options.limits?.[provider])));
    return backend;
  };
  const defaultBaseURL = (provider: BatchProvider): string =>
    provider === 'openai' ? (config.openai?.baseURL ?? DEFAULT_OPENAI_BASE_URL) : (config.anthropic?.baseURL ?? DEFAULT_ANTHROPIC_BASE_URL);
  for (const trial of trials) {
    const target = tryParseTarget((candidates.get(trial.candidateId) as Candidate).target);
    if (target?.kind === 'openai' || target?.kind === 'anthropic') backendFor(target.kind, target.baseURL ?? defaultBaseURL(target.kind));
  }
  const ledger = options.ledger ?? storeLedger(store, clock);
  const records = await ledger.load(run.id);
  for (const record of records) if (record.state !== 'collected') backendFor(record.provider, record.baseURL);

  if (!existing) await store.createRun({ ...run, status: 'running' });
  else if (existing.status !== 'running') await store.setRunStatus(run.id, 'running');

  const budget = new BudgetGuard(budgetPico);
  const budgetUsd = budgetPico === null ? null : moneyToUsdString(budgetPico);
  emit({ type: 'run-started', runId: run.id, trials: trials.length, candidates: run.candidates, bill: billJson(bill), budgetUsd });

  const allTrials = new Map(run.trials.map((t) => [t.id, t]));
  const inPlan = new Set(trials.map((t) => t.id));
  const total = trials.length;
  const counts = { done: 0, succeeded: 0, failed: 0 };
  const remaining = { pico: 0n, unknown: 0 };
  for (const trial of trials) {
    const expected = bills.get(trial.id)?.expected;
    if (expected?.known) remaining.pico += expected.pico;
    else remaining.unknown++;
  }
  const started = clock.monotonic();
  const reservations = new Map<string, Reservation>();

  /** Appends a trial's one result (none if it has one already), counts its spend once, and reports it. */
  const finish = async ({ result, cost }: PricedResult): Promise<boolean> => {
    if (done.has(result.trialId) || control.failed) return false;
    done.add(result.trialId);
    try {
      await store.appendResult(result);
    } catch (error) {
      fail(error);
      throw error;
    }
    budget.settle(reservations.get(result.trialId) ?? null, cost);
    reservations.delete(result.trialId);
    if (!inPlan.has(result.trialId)) return true;
    const expected = bills.get(result.trialId)?.expected;
    if (expected?.known) remaining.pico -= expected.pico;
    else remaining.unknown--;
    counts.done++;
    if (result.status === 'succeeded') counts.succeeded++;
    else counts.failed++;
    const elapsed = clock.monotonic() - started;
    emit({ type: 'trial-finished', runId: run.id, result });
    emit({
      type: 'progress', runId: run.id, done: counts.done, total, spentUsd: budget.spentUsd(),
      projectedUsd: remaining.unknown > 0 ? null : moneyToUsdString(budget.spent + remaining.pico),
      etaMs: Math.round((elapsed / counts.done) * (total - counts.done)), unpriced: budget.unpriced,
    });
    return true;
  };
  const finishedAt = () => new Date(clock.now()).toISOString();

  let ledgerQueue: Promise<void> = Promise.resolve();
  const saveLedger = (): Promise<void> => (ledgerQueue = ledgerQueue.then(() => ledger.save(run.id, records)).catch((error: unknown) => fail(error)));

  const customIds = new Map<BatchProvider, Map<string, string>>();
  const trialOf = (provider: BatchProvider, backend: BatchBackend, customId: string): Trial | undefined => {
    let map = customIds.get(provider);
    if (!map) customIds.set(provider, (map = new Map(run.trials.map((t) => [backend.customId(t.id), t.id]))));
    const id = map.get(customId);
    return id === undefined ? undefined : allTrials.get(id);
  };

  const policy: PollPolicy = { ...DEFAULT_POLL_POLICY, ...options.poll };
  let unfollowed = 0;
  const follow = async (record: BatchRecord): Promise<void> => {
    const backend = backendFor(record.provider, record.baseURL);
    const ref = { batchId: record.batchId, inputFileId: record.inputFileId };
    const ids = { runId: run.id, provider: record.provider, batchId: record.batchId };
    try {
      const ended = await pollUntilEnded(backend, ref, {
        policy, sleep: options.sleep, signal,
        onStatus: (s, nextPollMs) => emit({ type: 'batch-progress', ...ids, status: s.status, total: s.total, done: s.done, failed: s.failed, nextPollMs }),
        onError: (error, attempt, delayMs) => emit({ type: 'batch-poll-retry', ...ids, attempt, error, delayMs }),
      });
      if (ended === null) return await cancel(record, backend);
      const outcomes = await backend.collect(ref, signal);
      let results = 0;
      let notRun = 0;
      for (const [customId, outcome] of outcomes) {
        const trial = trialOf(record.provider, backend, customId);
        if (!trial) continue;
        const priced = outcomeResult(run.id, trial, (candidates.get(trial.candidateId) as Candidate).model, entryOf((candidates.get(trial.candidateId) as Candidate).model), outcome, finishedAt());
        if (priced === null) notRun++;
        else if (await finish(priced)) results++;
      }
      record.state = 'collected';
      await saveLedger();
      emit({ type: 'batch-ended', ...ids, status: ended.status, results, notRun });
    } catch (thrown) {
      if (control.failed) return;
      if (signal.aborted) return await cancel(record, backend);
      unfollowed++;
      emit({ type: 'batch-error', ...ids, stage: 'follow', trials: record.requests, error: asProviderError(thrown) });
    }
  };
  const cancel = async (record: BatchRecord, backend: BatchBackend): Promise<void> => {
    if (record.state === 'collected' || control.failed) return;
    let error: ProviderError | null = null;
    await backend.cancel({ batchId: record.batchId, inputFileId: record.inputFileId }).catch((thrown: unknown) => (error = asProviderError(thrown)));
    record.state = 'cancel-requested';
    await saveLedger();
    emit({ type: 'batch-cancelled', runId: run.id, provider: record.provider, batchId: record.batchId, error });
  };

  try {
    await Promise.all(records.filter((r) => r.state !== 'collected').map(follow));
    if (!signal.aborted && unfollowed === 0) await submitAll();
  } catch (error) {
    fail(error);
  } finally {
    control.detach();
  }

  async function submitAll(): Promise<void> {
    let exhausted = false;
    const admit = (trial: Trial): ProviderError | null => {
      const max = bills.get(trial.id)?.max ?? known(0n);
      const outcome = budget.tryReserve(max);
      if (outcome.ok) {
        reservations.set(trial.id, outcome.reservation);
        return null;
      }
      const message = outcome.reason === 'wait' || outcome.reason === 'would-exceed'
        ? `not sent: its maximum cost at batch rates, ${formatUsd(max)}, does not fit in what is left of the budget of ${formatUsd(known(budgetPico ?? 0n))}`
        : outcome.message;
      if (!exhausted && budgetUsd !== null && outcome.reason !== 'unknown-price') {
        exhausted = true;
        emit({ type: 'budget-exhausted', runId: run.id, budgetUsd, spentUsd: budget.spentUsd(), trialId: trial.id, neededUsd: max.known ? moneyToUsdString(max.pico) : null, message });
      }
      return { code: 'budget', message, retryable: false };
    };
    const pending = trials.filter((t) => !done.has(t.id));
    const plan = planBatches({ trials: pending, candidates, defaultBaseURL, backendFor, ...(budgetPico === null ? {} : { admit }) });
    for (const { trial, error } of plan.refused) await finish(errorResult(run.id, trial, error, finishedAt(), 0));
    const follows: Promise<void>[] = [];
    for (const job of plan.jobs) {
      if (signal.aborted) break;
      let ref;
      try {
        ref = await job.backend.submit(job.items, { runId: run.id, group: job.group }, signal);
      } catch (thrown) {
        if (signal.aborted) break;
        const error = asProviderError(thrown);
        emit({ type: 'batch-error', runId: run.id, provider: job.provider, batchId: null, stage: 'submit', trials: job.items.length, error });
        for (const item of job.items) await finish(errorResult(run.id, allTrials.get(item.trialId) as Trial, error, finishedAt(), 1));
        continue;
      }
      const record: BatchRecord = {
        provider: job.provider, baseURL: job.backend.baseURL, group: job.group, batchId: ref.batchId, inputFileId: ref.inputFileId,
        requests: job.items.length, submittedAt: finishedAt(), state: 'submitted',
      };
      records.push(record);
      await saveLedger();
      emit({ type: 'batch-submitted', runId: run.id, provider: job.provider, batchId: ref.batchId, group: job.group, baseURL: redactSecrets(job.backend.baseURL), requests: job.items.length, inputFileId: ref.inputFileId });
      follows.push(follow(record));
    }
    await Promise.all(follows);
  }

  await ledgerQueue;
  const notRun = total - counts.done;
  const status = notRun > 0 ? 'stopped' : 'finished';
  await control.rethrowFailure(store, run.id);
  await store.setRunStatus(run.id, status);
  const summary: RunTotals = { runId: run.id, trials: total, succeeded: counts.succeeded, failed: counts.failed, cached: 0, notRun, spentUsd: budget.spentUsd(), unpriced: budget.unpriced, status };
  emit({ type: 'run-finished', ...summary });
  return { ...summary, batches: records.map((r) => ({ ...r })) };
}
