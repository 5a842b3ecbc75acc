/**
 * `costlab run SET [--models M,...] [--variants V,...] [--repeats N] [--concurrency N] [--budget USD]
 * [--max-tokens N] [--dry-run] [--no-cache] [--no-stream] [--batch] [--store DIR] [--json]` and
 * `costlab run --resume RUN_ID [--store DIR] [--json]`.
 *
 * Every check comes before any call and before anything is written: the set, the models, the providers
 * section of costlab.yaml, the keys of the providers needed. Then the planned spend is printed (or, with
 * --json, carried by the run-started event), the run goes through runPlan into the store, and a summary per
 * candidate closes it. Ctrl-C stops it cleanly (exit 130): the trials without a result are resumable.
 *
 * `--batch` sends the trials through the providers' Batch APIs (runBatch) instead: the bill is at the batch
 * rates, the batches are polled (COSTLAB_BATCH_POLL_MS sets the first wait, for tests), Ctrl-C cancels them,
 * and the run remembers it is a batch run — `--resume` collects the batches an earlier process left (the
 * ledger in the store), then sends the trials still without a result.
 */
import { resolve } from 'node:path';
import type { BatchRecord, BatchRunEvent, Catalog, DryRunBill, ResultStore, RetryPolicy, RunRecord, RunTotals, Trial } from '../../core/index.ts';
import {
  CostlabError, DEFAULT_MAX_OUTPUT_TOKENS, batchBill, billJson, buildPlan, dryRunBill, formatScaled, loadPending, loadPromptSet, parseScaled,
  runBatch, runPlan, storeLedger, storePaths,
} from '../../core/index.ts';
import { exists, nodePorts } from '../../platform/node.ts';
import { loadProvidersConfig } from '../../platform/provider-config.ts';
import { loadCatalog } from '../catalog-loader.ts';
import { ProgressView, ndjsonWriter } from '../run-events.ts';
import { batchPollFromEnv, checkModels, parseBudget, resolveSetPath, retryFromEnv } from '../run-options.ts';
import type { RunOptions } from '../run-options.ts';
import { batchProviderConfig, completeTarget } from '../run-providers.ts';
import type { BatchSetup, ProviderSetup } from '../run-providers.ts';
import { exactUsd, failureCounts, renderBill, renderSummary, summarise } from '../run-report.ts';
import type { BillHeader } from '../run-report.ts';
import { providerSetup, referencesOf } from '../run-setup.ts';
import { newRunId, openStoreForWriting, resumeCommand, spendOf, storeDir } from '../run-store.ts';

const out = (text: string) => void process.stdout.write(text);
const err = (text: string) => void process.stderr.write(text);

export async function runRun(setArg: string | undefined, options: RunOptions): Promise<void> {
  const retry = retryFromEnv();
  if (options.batch) batchPollFromEnv(); // a bad COSTLAB_BATCH_POLL_MS is bad input: exit 2 before anything else
  const budget = parseBudget(options.budget);
  if (options.resume !== undefined) {
    if (setArg !== undefined) throw new CostlabError('bad-option', 'give either a prompt set or --resume RUN_ID, not both', { hint: 'a resumed run keeps its own plan' });
    return resumeRun(options.resume, options, retry, budget);
  }
  if (setArg === undefined) {
    throw new CostlabError('bad-option', 'name the prompt set to run', { hint: 'costlab run SET (a set file, or a name found as prompts/SET.yaml), or costlab run --resume RUN_ID' });
  }

  const cwd = process.cwd();
  const setPath = await resolveSetPath(setArg, cwd);
  const set = await loadPromptSet(setPath, nodePorts().fs);
  const config = await loadProvidersConfig(cwd);
  const models = (options.models ?? set.models).map((model) => completeTarget(model, config));
  const catalog = await loadCatalog(cwd, models);
  if (models.length === 0) {
    throw new CostlabError('no-models', `the set '${set.name}' names no models`, { location: { file: set.file }, hint: 'pass --models openai:gpt-4o-mini,… or add models: [...] to the set' });
  }
  await checkModels(set, catalog, models, options.models === undefined);
  const maxOutputTokens = options.maxTokens ?? DEFAULT_MAX_OUTPUT_TOKENS;
  const repeats = options.repeats ?? 1;
  const plan = buildPlan({ set, catalog, models, variants: options.variants, params: [{ maxOutputTokens }], repeats });
  const batch = options.batch === true;
  const bill = await dryRunBill({ candidates: plan.candidates, trials: plan.trials, catalog, references: plan.references });
  const shown = batch ? atBatchRates(bill, plan.candidates, catalog) : bill;
  const header: BillHeader = { setName: set.name, cases: set.cases.length, repeats, maxOutputTokens, dryRun: options.dryRun === true, batch };

  if (options.dryRun) {
    if (options.json) {
      out(`${JSON.stringify({ type: 'dry-run', setName: set.name, setFile: set.file, trials: plan.trials.length, candidates: plan.candidates, bill: billJson(shown), ...(batch ? { batch: true } : {}) })}\n`);
    } else {
      out(renderBill(shown, plan.candidates, header));
    }
    return;
  }

  const setup = await providerSetup(plan.candidates, catalog, config, options.stream !== false);
  const run: RunRecord = {
    id: newRunId(set.name),
    createdAt: new Date().toISOString(),
    setName: set.name,
    setFile: resolve(cwd, set.file),
    candidates: plan.candidates,
    trials: plan.trials,
    options: withoutUndefined({
      models, variants: options.variants, repeats, concurrency: options.concurrency, budgetUsd: budget, maxTokens: maxOutputTokens,
      cache: options.cache !== false, stream: options.stream !== false, batch: batch ? true : undefined,
    }),
    status: 'running',
    origin: 'live',
  };
  const batchSetup = batch ? batchProviderConfig(config, nodePorts().clock) : null;
  if (!options.json) out(renderBill(shown, plan.candidates, { ...header, runId: run.id }));
  const store = await openStoreForWriting(storeDir(options.store));
  await execute({ store, run, trials: plan.trials, bill, references: plan.references, catalog, setup, batch: batchSetup, options, retry, budget });
}

/** The standard dry-run bill priced again at the Batch API rates (what runBatch reserves and reports). */
function atBatchRates(bill: DryRunBill, candidates: RunRecord['candidates'], catalog: Catalog): DryRunBill {
  return batchBill(bill, candidates, (model) => catalog.tryResolve(model));
}

async function resumeRun(runId: string, options: RunOptions, retry: Partial<RetryPolicy>, budgetOverride: string | undefined): Promise<void> {
  const cwd = process.cwd();
  const dir = storeDir(options.store);
  if (!(await exists(storePaths(dir).doc))) {
    throw new CostlabError('no-store', `there is no costlab store in ${dir}, so no run ${runId} to resume`, { location: { file: dir }, hint: 'give the store folder the run was written to with --store DIR' });
  }
  const config = await loadProvidersConfig(cwd);
  const store = await openStoreForWriting(dir);
  let handedOver = false;
  try {
    const { run, trials } = await loadPending(store, runId);
    const catalog = await loadCatalog(cwd, run.candidates.map((c) => c.target));
    // A batch run stays one; so does any run with batches at a provider (a trial must not be sent twice).
    const unfinished = (await storeLedger(store, nodePorts().clock).load(run.id)).filter((r) => r.state !== 'collected');
    const batch = options.batch === true || run.options['batch'] === true || unfinished.length > 0;
    if (batch) batchPollFromEnv();
    const references = await referencesOf(run.setFile);
    const pending = new Set(trials.map((t) => t.candidateId));
    const setup = await providerSetup(run.candidates.filter((c) => pending.has(c.id)), catalog, config, options.stream !== false && run.options['stream'] !== false);
    const stored = run.options;
    const total = budgetOverride ?? (typeof stored['budgetUsd'] === 'string' ? stored['budgetUsd'] : undefined);
    let budget: string | undefined;
    if (total !== undefined) {
      const left = parseScaled(total, 12) - spendOf(await store.results(runId)).pico;
      budget = formatScaled(left > 0n ? left : 0n, 12);
    }
    const bill = await dryRunBill({ candidates: run.candidates, trials, catalog, references });
    const shown = batch ? atBatchRates(bill, run.candidates, catalog) : bill;
    const batchSetup = batch ? batchProviderConfig(config, nodePorts().clock) : null;
    const concurrency = options.concurrency ?? (typeof stored['concurrency'] === 'number' ? stored['concurrency'] : undefined);
    const noCache = options.cache === false || stored['cache'] === false;
    if (!options.json) {
      const maxOutputTokens = run.candidates[0]?.params.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS;
      const cases = new Set(run.trials.map((t) => t.caseId)).size;
      const repeats = Math.max(1, ...run.trials.map((t) => t.repeat));
      const n = unfinished.length;
      const collect = n === 0 ? '' : `; ${n} batch${n === 1 ? '' : 'es'} left at the provider ${n === 1 ? 'is' : 'are'} collected first`;
      out(`resuming run ${run.id}: ${trials.length} of ${run.trials.length} trials have no result${collect}${budget === undefined ? '' : `; budget left ${exactUsd(parseScaled(budget, 12))}`}\n`);
      out(renderBill(shown, run.candidates, { setName: run.setName, runId: run.id, cases, repeats, maxOutputTokens, dryRun: false, batch }));
    }
    handedOver = true;
    await execute({ store, run, trials, bill, references, catalog, setup, batch: batchSetup, options: { ...options, concurrency, cache: !noCache }, retry, budget });
  } finally {
    if (!handedOver) await store.close();
  }
}

interface Execution {
  store: ResultStore;
  run: RunRecord;
  trials: Trial[];
  bill: DryRunBill;
  references: ReadonlyMap<string, string>;
  catalog: Catalog;
  setup: ProviderSetup;
  /** Set for a `--batch` run: the trials go through runBatch. */
  batch: BatchSetup | null;
  options: RunOptions;
  retry: Partial<RetryPolicy>;
  budget: string | undefined;
}

/** Runs the trials into the open store (and closes it), with the events going to NDJSON or the progress view. */
async function execute(x: Execution): Promise<void> {
  const ports = nodePorts();
  const secrets = [...new Set([...x.setup.secrets, ...(x.batch?.secrets ?? [])])];
  const json = x.options.json === true;
  const writeJson = json ? ndjsonWriter(out, secrets, x.options.store) : null;
  const view = json ? null : new ProgressView({ write: err, tty: process.stderr.isTTY === true, secrets, batch: x.batch !== null });
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(130);
    err(x.batch
      ? '\ncostlab: stopping — cancelling the batches (press Ctrl-C again to quit at once; a resume still collects them)\n'
      : '\ncostlab: stopping — waiting for the calls in flight (press Ctrl-C again to quit at once)\n');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let totals: RunTotals;
  let batches: BatchRecord[] = [];
  try {
    const onEvent = (event: BatchRunEvent) => (writeJson ? writeJson(event) : view?.onEvent(event));
    // What a live run and a batch run both take; `bill` is the standard one (runBatch prices it again at the batch rates).
    const common = {
      run: x.run, trials: x.trials, store: x.store, catalog: x.catalog, clock: ports.clock, sleep: ports.sleep, random: ports.random,
      signal: controller.signal, retry: x.retry, bill: x.bill, references: x.references, onEvent,
      ...(x.budget === undefined ? {} : { budgetUsd: x.budget }),
    };
    if (x.batch) {
      ({ batches, ...totals } = await runBatch({ ...common, config: x.batch.config, poll: batchPollFromEnv() }));
    } else {
      totals = await runPlan({
        ...common,
        providers: x.setup.providers,
        perProvider: x.setup.perProvider,
        noCache: x.options.cache === false,
        ...(x.options.concurrency === undefined ? {} : { concurrency: x.options.concurrency }),
      });
    }
    if (!json) {
      const results = await x.store.results(x.run.id);
      const failures = failureCounts(results);
      const whole = spendOf(results);
      out(`\nrun ${x.run.id} ${totals.status}: ${sessionTrials(totals)} — ${totals.succeeded} succeeded, ${totals.failed} failed${failures ? ` (${failures})` : ''}, ${totals.cached} cached; spent ${exactUsd(parseScaled(totals.spentUsd, 12))}${totals.unpriced > 0 ? ` + ${totals.unpriced} unpriced calls` : ''}\n\n`);
      out(`${renderSummary(summarise(x.run, results))}\n`);
      out(`whole run: ${results.length}/${x.run.trials.length} trials done, spent ${exactUsd(whole.pico)}${whole.unpriced > 0 ? ` + ${whole.unpriced} unpriced` : ''}\n`);
      if (x.batch) out(`${batchesLine(batches)}\n`);
      if (totals.status === 'stopped') {
        const why = x.batch && !controller.signal.aborted ? ' (a batch could not be followed: see the batch error above)' : '';
        const how = x.batch ? ' (it collects the batches left at the provider first, then sends the rest)' : '';
        out(`stopped: ${totals.notRun} trials have no result${why} — resume with: ${resumeCommand(x.run.id, x.options.store)}${how}\n`);
      } else {
        out(`every trial: costlab show ${x.run.id}\n`);
      }
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await x.store.close();
  }
  // Stopped by a signal: 130. A batch run that stopped by itself (a batch it could not follow): 1.
  if (totals.status === 'stopped') process.exitCode = controller.signal.aborted || !x.batch ? 130 : 1;
  else if (nothingSucceeded(totals)) {
    // Every trial of the session failed (a server down, a wrong base URL, a revoked key): stored, summarised, but exit 1 for scripts.
    err(`costlab: no trial succeeded — all ${totals.failed} failed (every one is stored: costlab show ${x.run.id})\n`);
    process.exitCode = 1;
  }
}

/** Trials ran in this session and not one succeeded (cached answers count as successes). */
export function nothingSucceeded(totals: Pick<RunTotals, 'succeeded' | 'failed'>): boolean {
  return totals.failed > 0 && totals.succeeded === 0;
}

/** `12 trials in this session`, or when stopped `2 of 108 trials run in this session` (the rest have no result). */
export function sessionTrials(totals: Pick<RunTotals, 'trials' | 'notRun' | 'status'>): string {
  const ran = totals.trials - totals.notRun;
  return totals.status === 'stopped' ? `${ran} of ${totals.trials} trials run in this session` : `${totals.trials} trials in this session`;
}

/** `batches: openai batch_abc (2 requests) collected, anthropic msgbatch_def (2 requests) cancel-requested`. */
function batchesLine(batches: readonly BatchRecord[]): string {
  if (batches.length === 0) return 'batches: none';
  return `batches: ${batches.map((b) => `${b.provider} ${b.batchId} (${b.requests} request${b.requests === 1 ? '' : 's'}) ${b.state}`).join(', ')}`;
}

function withoutUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}
