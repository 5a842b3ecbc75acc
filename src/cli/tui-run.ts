/**
 * The TUI's side effects for runs, as callbacks for AppData: why a target cannot be called here (a missing
 * key, an unknown provider, a GGUF file that is not there), and startRun — a new run of a plan, a resume, or
 * a replay of a recorded run (its answers through the replay provider: nothing is called, nothing is paid) —
 * through runPlan into the store, events streamed back to the screen. Aborting the screen's signal (or
 * quitting the app) stops a run cleanly: the trials without a result are left for a resume.
 *
 * A replay is a run of its own (origin `recorded`, `options.replayOf` naming the recorded run it answers
 * from), so a stopped replay is resumed like any run — its trials without a result — except that its
 * provider is the replay provider over the recorded run again: its candidates' `recorded:` targets name no
 * provider that could be called, and nothing is called or paid.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  CostlabError, ReplayProvider, loadPending, parseTarget, runPlan,
} from '../core/index.ts';
import type { Candidate, Catalog, Provider, ResultStore, RunEvent, RunRecord, Trial } from '../core/index.ts';
import { nodePorts } from '../platform/node.ts';
import { loadProvidersConfig, readApiKey } from '../platform/provider-config.ts';
import type { ProviderName, ProvidersConfig } from '../platform/provider-config.ts';
import type { RunRequest } from '../ui/app-data.ts';
import { loadCatalog } from './catalog-loader.ts';
import { retryFromEnv } from './run-options.ts';
import { completeTarget } from './run-providers.ts';
import { providerSetup, referencesOf } from './run-setup.ts';
import { newRunId, openStoreForWriting } from './run-store.ts';

/** Why `target` cannot be called here, or null when it can (keys are checked, servers are not). */
export function runBlocker(target: string, config: ProvidersConfig, cwd: string, env: NodeJS.ProcessEnv = process.env): string | null {
  let parsed;
  try {
    parsed = parseTarget(completeTarget(target, config));
  } catch {
    return 'no provider to call it (price only)';
  }
  if (parsed.kind === 'gguf') {
    const path = target.slice('gguf:'.length);
    return existsSync(resolve(cwd, path)) ? null : `no file ${path}`;
  }
  if (parsed.kind === 'openai' || parsed.kind === 'anthropic') {
    const settings = config.providers[parsed.scheme as ProviderName];
    if (readApiKey(settings, env) === null) return `needs ${settings.apiKeyEnv ?? 'an API key'}`;
  }
  return null;
}

export interface TuiRunner {
  startRun(request: RunRequest, onEvent: (event: RunEvent) => void, signal: AbortSignal): Promise<string>;
  /** Stops every run in progress and waits for them to close the store. */
  shutdown(): Promise<void>;
}

export function tuiRunner(cwd: string, storeDir: string): TuiRunner {
  const shutdown = new AbortController();
  const running = new Set<Promise<unknown>>();

  async function start(request: RunRequest, onEvent: (event: RunEvent) => void, signal: AbortSignal): Promise<string> {
    const config = await loadProvidersConfig(cwd);
    const store = await openStoreForWriting(storeDir);
    try {
      const job = await prepare(request, store, config);
      if (job.create) await store.createRun(job.run);
      const ports = nodePorts();
      await runPlan({
        run: job.run,
        trials: job.trials,
        providers: job.providers,
        store,
        catalog: job.catalog,
        clock: ports.clock,
        sleep: ports.sleep,
        random: ports.random,
        signal: AbortSignal.any([signal, shutdown.signal]),
        retry: retryFromEnv(),
        references: job.references,
        onEvent,
      });
      return job.run.id;
    } finally {
      await store.close();
    }
  }

  interface Job {
    run: RunRecord;
    trials: Trial[];
    providers: (candidate: Candidate) => Provider;
    catalog: Catalog;
    references: Map<string, string>;
    /** A new run (not yet in the store). */
    create: boolean;
  }

  async function prepare(request: RunRequest, store: ResultStore, config: ProvidersConfig): Promise<Job> {
    if (request.kind === 'plan') {
      const catalog = await loadCatalog(cwd, request.plan.candidates.map((c) => c.target));
      const run: RunRecord = {
        id: newRunId(request.set.name),
        createdAt: new Date().toISOString(),
        setName: request.set.name,
        setFile: resolve(cwd, request.set.file),
        candidates: request.plan.candidates,
        trials: request.plan.trials,
        options: { models: [...new Set(request.plan.candidates.map((c) => c.target))], from: 'tui' },
        status: 'running',
        origin: 'live',
      };
      return { run, trials: request.plan.trials, providers: (await providerSetup(run.candidates, catalog, config, true)).providers, catalog, references: request.plan.references, create: true };
    }
    if (request.kind === 'resume') {
      const { run, trials } = await loadPending(store, request.runId);
      const replayOf = replaySourceOf(run);
      if (replayOf !== null) {
        const replay = await replayProvider(store, replayOf, `run ${run.id} replays run ${replayOf}, which is no longer in the store`);
        return { run, trials, providers: () => replay, catalog: await loadCatalog(cwd), references: new Map(), create: false };
      }
      const catalog = await loadCatalog(cwd, run.candidates.map((c) => c.target));
      const pending = new Set(trials.map((t) => t.candidateId));
      const { providers } = await providerSetup(run.candidates.filter((c) => pending.has(c.id)), catalog, config, true);
      return { run, trials, providers, catalog, references: await referencesOf(run.setFile), create: false };
    }
    const source = await store.getRun(request.runId);
    if (!source) throw new CostlabError('unknown-run', `there is no run ${request.runId} to replay`, { hint: 'choose a run listed on the Results screen' });
    const replay = new ReplayProvider({ run: source, results: await store.results(source.id) });
    const catalog = await loadCatalog(cwd);
    const run: RunRecord = {
      id: newRunId(`replay-${source.setName}`),
      createdAt: new Date().toISOString(),
      setName: source.setName,
      setFile: source.setFile,
      candidates: source.candidates,
      trials: source.trials,
      options: { replayOf: source.id, from: 'tui' },
      status: 'running',
      origin: 'recorded',
    };
    return { run, trials: source.trials, providers: () => replay, catalog, references: new Map(), create: true };
  }

  async function replayProvider(store: ResultStore, runId: string, missing: string): Promise<ReplayProvider> {
    const source = await store.getRun(runId);
    if (!source) throw new CostlabError('unknown-run', missing, { hint: 'choose a run listed on the Results screen' });
    return new ReplayProvider({ run: source, results: await store.results(source.id) });
  }

  return {
    startRun(request, onEvent, signal) {
      const promise = start(request, onEvent, signal);
      running.add(promise);
      void promise.then(
        () => running.delete(promise),
        () => running.delete(promise),
      );
      return promise;
    },
    async shutdown() {
      shutdown.abort();
      await Promise.allSettled([...running]);
    },
  };
}

/** The recorded run a replay answers from (its `options.replayOf`), or null for any other run. */
export function replaySourceOf(run: Pick<RunRecord, 'options'>): string | null {
  const source = run.options['replayOf'];
  return typeof source === 'string' && source !== '' ? source : null;
}

/** The catalog with entries for local GGUF targets (what buildPlan needs to plan them). */
export function catalogWith(cwd: string) {
  return (targets: readonly string[]) => loadCatalog(cwd, targets);
}
