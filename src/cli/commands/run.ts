/**
 * `costlab run SET [--models M,...] [--variants V,...] [--repeats N] [--concurrency N] [--budget USD]
 * [--max-tokens N] [--dry-run] [--no-cache] [--no-stream] [--store DIR] [--json]` and
 * `costlab run --resume RUN_ID [--store DIR] [--json]`.
 *
 * Every check comes before any call and before anything is written: the set, the models, the providers
 * section of costlab.yaml, the keys of the providers needed. Then the planned spend is printed (or, with
 * --json, carried by the run-started event), the run goes through runPlan into the store, and a summary per
 * candidate closes it. Ctrl-C stops it cleanly (exit 130): the trials without a result are resumable.
 */
import { resolve } from 'node:path';
import type { Catalog, DryRunBill, ResultStore, RetryPolicy, RunRecord, RunTotals, TokenCounter, Trial } from '../../core/index.ts';
import {
  CostlabError, DEFAULT_MAX_OUTPUT_TOKENS, billJson, buildPlan, dryRunBill, formatScaled, loadModelCounter, loadPending, loadPromptSet, parseScaled,
  runPlan, storePaths,
} from '../../core/index.ts';
import { exists, nodePorts } from '../../platform/node.ts';
import { loadProvidersConfig } from '../../platform/provider-config.ts';
import type { ProvidersConfig } from '../../platform/provider-config.ts';
import { loadCatalog } from '../catalog-loader.ts';
import { ProgressView, ndjsonWriter } from '../run-events.ts';
import { checkModels, parseBudget, resolveSetPath, retryFromEnv } from '../run-options.ts';
import type { RunOptions } from '../run-options.ts';
import { completeTarget, setUpProviders } from '../run-providers.ts';
import { exactUsd, failureCounts, renderBill, renderSummary, summarise } from '../run-report.ts';
import type { BillHeader } from '../run-report.ts';
import { newRunId, openStoreForWriting, spendOf, storeDir } from '../run-store.ts';

const out = (text: string) => void process.stdout.write(text);
const err = (text: string) => void process.stderr.write(text);

export async function runRun(setArg: string | undefined, options: RunOptions): Promise<void> {
  if (options.batch) {
    throw new CostlabError('not-available', '--batch is not available yet: runs through the providers\' Batch APIs are still being built', {
      hint: 'run without --batch (standard API calls at standard prices); `costlab price --batch` shows what batch pricing would save',
    });
  }
  const retry = retryFromEnv();
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
  const catalog = await loadCatalog(cwd);
  const config = await loadProvidersConfig(cwd);
  const models = (options.models ?? set.models).map((model) => completeTarget(model, config));
  if (models.length === 0) {
    throw new CostlabError('no-models', `the set '${set.name}' names no models`, { location: { file: set.file }, hint: 'pass --models openai:gpt-4o-mini,… or add models: [...] to the set' });
  }
  await checkModels(set, catalog, models, options.models === undefined);
  const maxOutputTokens = options.maxTokens ?? DEFAULT_MAX_OUTPUT_TOKENS;
  const repeats = options.repeats ?? 1;
  const plan = buildPlan({ set, catalog, models, variants: options.variants, params: [{ maxOutputTokens }], repeats });
  const bill = await dryRunBill({ candidates: plan.candidates, trials: plan.trials, catalog, references: plan.references });
  const header: BillHeader = { setName: set.name, cases: set.cases.length, repeats, maxOutputTokens, dryRun: options.dryRun === true };

  if (options.dryRun) {
    if (options.json) out(`${JSON.stringify({ type: 'dry-run', setName: set.name, setFile: set.file, trials: plan.trials.length, candidates: plan.candidates, bill: billJson(bill) })}\n`);
    else out(renderBill(bill, plan.candidates, header));
    return;
  }

  const setup = await providerSetup(plan.candidates, catalog, config, options);
  const run: RunRecord = {
    id: newRunId(set.name),
    createdAt: new Date().toISOString(),
    setName: set.name,
    setFile: resolve(cwd, set.file),
    candidates: plan.candidates,
    trials: plan.trials,
    options: withoutUndefined({
      models, variants: options.variants, repeats, concurrency: options.concurrency, budgetUsd: budget, maxTokens: maxOutputTokens,
      cache: options.cache !== false, stream: options.stream !== false,
    }),
    status: 'running',
    origin: 'live',
  };
  if (!options.json) out(renderBill(bill, plan.candidates, { ...header, runId: run.id }));
  const store = await openStoreForWriting(storeDir(options.store));
  await execute({ store, run, trials: plan.trials, bill, references: plan.references, catalog, setup, options, retry, budget });
}

async function resumeRun(runId: string, options: RunOptions, retry: Partial<RetryPolicy>, budgetOverride: string | undefined): Promise<void> {
  const cwd = process.cwd();
  const dir = storeDir(options.store);
  if (!(await exists(storePaths(dir).doc))) {
    throw new CostlabError('no-store', `there is no costlab store in ${dir}, so no run ${runId} to resume`, { location: { file: dir }, hint: 'give the store folder the run was written to with --store DIR' });
  }
  const catalog = await loadCatalog(cwd);
  const config = await loadProvidersConfig(cwd);
  const store = await openStoreForWriting(dir);
  let handedOver = false;
  try {
    const { run, trials } = await loadPending(store, runId);
    const references = await referencesOf(run.setFile);
    const pending = new Set(trials.map((t) => t.candidateId));
    const setup = await providerSetup(run.candidates.filter((c) => pending.has(c.id)), catalog, config, { ...options, stream: options.stream !== false && run.options['stream'] !== false });
    const stored = run.options;
    const total = budgetOverride ?? (typeof stored['budgetUsd'] === 'string' ? stored['budgetUsd'] : undefined);
    let budget: string | undefined;
    if (total !== undefined) {
      const left = parseScaled(total, 12) - spendOf(await store.results(runId)).pico;
      budget = formatScaled(left > 0n ? left : 0n, 12);
    }
    const bill = await dryRunBill({ candidates: run.candidates, trials, catalog, references });
    const concurrency = options.concurrency ?? (typeof stored['concurrency'] === 'number' ? stored['concurrency'] : undefined);
    const noCache = options.cache === false || stored['cache'] === false;
    if (!options.json) {
      const maxOutputTokens = run.candidates[0]?.params.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS;
      const cases = new Set(run.trials.map((t) => t.caseId)).size;
      const repeats = Math.max(1, ...run.trials.map((t) => t.repeat));
      out(`resuming run ${run.id}: ${trials.length} of ${run.trials.length} trials have no result${budget === undefined ? '' : `; budget left ${exactUsd(parseScaled(budget, 12))}`}\n`);
      out(renderBill(bill, run.candidates, { setName: run.setName, runId: run.id, cases, repeats, maxOutputTokens, dryRun: false }));
    }
    handedOver = true;
    await execute({ store, run, trials, bill, references, catalog, setup, options: { ...options, concurrency, cache: !noCache }, retry, budget });
  } finally {
    if (!handedOver) await store.close();
  }
}

async function providerSetup(candidates: RunRecord['candidates'], catalog: Catalog, config: ProvidersConfig, options: RunOptions) {
  const counters = new Map<string, TokenCounter>();
  for (const candidate of candidates) {
    const entry = catalog.tryResolve(candidate.model);
    if (entry && !counters.has(candidate.model)) counters.set(candidate.model, await loadModelCounter(entry));
  }
  return setUpProviders(candidates, config, { clock: nodePorts().clock, counters, stream: options.stream !== false });
}

async function referencesOf(setFile: string | null): Promise<Map<string, string>> {
  const references = new Map<string, string>();
  if (setFile === null || !(await exists(setFile))) return references;
  try {
    const set = await loadPromptSet(setFile, nodePorts().fs);
    for (const item of set.cases) if (item.reference !== undefined) references.set(item.id, item.reference);
  } catch {
    // The set changed since the run was planned: the bill's expected figures use half the output limit instead.
  }
  return references;
}

interface Execution {
  store: ResultStore;
  run: RunRecord;
  trials: Trial[];
  bill: DryRunBill;
  references: ReadonlyMap<string, string>;
  catalog: Catalog;
  setup: ReturnType<typeof setUpProviders>;
  options: RunOptions;
  retry: Partial<RetryPolicy>;
  budget: string | undefined;
}

/** Runs the trials into the open store (and closes it), with the events going to NDJSON or the progress view. */
async function execute(x: Execution): Promise<void> {
  const ports = nodePorts();
  const { secrets } = x.setup;
  const json = x.options.json === true;
  const writeJson = json ? ndjsonWriter(out, secrets) : null;
  const view = json ? null : new ProgressView({ write: err, tty: process.stderr.isTTY === true, secrets });
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(130);
    err('\ncostlab: stopping — waiting for the calls in flight (press Ctrl-C again to quit at once)\n');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let totals: RunTotals;
  try {
    totals = await runPlan({
      run: x.run,
      trials: x.trials,
      providers: x.setup.providers,
      store: x.store,
      catalog: x.catalog,
      clock: ports.clock,
      sleep: ports.sleep,
      random: ports.random,
      signal: controller.signal,
      perProvider: x.setup.perProvider,
      noCache: x.options.cache === false,
      retry: x.retry,
      bill: x.bill,
      references: x.references,
      onEvent: (event) => (writeJson ? writeJson(event) : view?.onEvent(event)),
      ...(x.options.concurrency === undefined ? {} : { concurrency: x.options.concurrency }),
      ...(x.budget === undefined ? {} : { budgetUsd: x.budget }),
    });
    if (!json) {
      const results = await x.store.results(x.run.id);
      const failures = failureCounts(results);
      const whole = spendOf(results);
      out(`\nrun ${x.run.id} ${totals.status}: ${totals.trials} trials in this session — ${totals.succeeded} succeeded, ${totals.failed} failed${failures ? ` (${failures})` : ''}, ${totals.cached} cached; spent ${exactUsd(parseScaled(totals.spentUsd, 12))}${totals.unpriced > 0 ? ` + ${totals.unpriced} unpriced calls` : ''}\n\n`);
      out(`${renderSummary(summarise(x.run, results))}\n`);
      out(`whole run: ${results.length}/${x.run.trials.length} trials done, spent ${exactUsd(whole.pico)}${whole.unpriced > 0 ? ` + ${whole.unpriced} unpriced` : ''}\n`);
      if (totals.status === 'stopped') out(`stopped: ${totals.notRun} trials have no result — resume with: costlab run --resume ${x.run.id}\n`);
      else out(`every trial: costlab show ${x.run.id}\n`);
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await x.store.close();
  }
  if (totals.status === 'stopped') process.exitCode = 130;
}

function withoutUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}
