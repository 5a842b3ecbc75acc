/**
 * Loads what the TUI shows (AppData): the catalog, the bundled prompt sets (and ./prompts when it is another
 * folder), the store's runs with their scores and ratings, and the callbacks for runs and ratings. A set
 * that does not load is skipped and named in the status bar, never a crash. Tokenizers are not loaded here:
 * the screens ask for them after the first paint.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  appendAnnotation, latestRatings, listPromptSetFiles, loadModelCounter, loadPromptSet, modelKey, ratingFromRaw,
} from '../core/index.ts';
import type { PromptSet } from '../core/index.ts';
import { exists, nodePorts } from '../platform/node.ts';
import { loadProvidersConfig } from '../platform/provider-config.ts';
import { nodeStoreFiles } from '../platform/store-files.ts';
import type { AppData, AppError, ListedRun, RunView, StoreAccess } from '../ui/app-data.ts';
import { loadCatalog } from './catalog-loader.ts';
import { openStoreForReading } from './run-store.ts';
import { loadScoredRun } from './scored-run.ts';
import { runBlocker, tuiRunner } from './tui-run.ts';
import type { TuiRunner } from './tui-run.ts';

export const BUNDLED_PROMPTS = fileURLToPath(new URL('../../prompts/', import.meta.url));

/** The models the Prompts and Compress screens open on: cheap, premium, estimated and self-hosted. */
export const TUI_DEFAULT_MODELS = [
  'openai:gpt-4o-mini',
  'openai:gpt-4.1',
  'anthropic:claude-haiku-4-5',
  'anthropic:claude-sonnet-4-5',
  'google:gemini-2.5-flash',
  'meta:llama-3.1-8b-instruct',
];

function describe(error: unknown): AppError {
  if (error && typeof error === 'object' && 'describe' in error && typeof (error as { describe: unknown }).describe === 'function') {
    const e = error as { describe(): string; hint?: string };
    return { message: e.describe().replace(/ — .*$/, ''), ...(e.hint ? { hint: e.hint } : {}) };
  }
  return { message: error instanceof Error ? error.message : String(error) };
}

/** Loads every set in the folders, skipping (and reporting) the ones that do not load and repeated names. */
export async function loadSetsLeniently(folders: readonly string[], errors: AppError[]): Promise<PromptSet[]> {
  const fs = nodePorts().fs;
  const sets: PromptSet[] = [];
  const names = new Set<string>();
  for (const folder of folders) {
    let files: string[];
    try {
      files = await listPromptSetFiles([folder], fs);
    } catch (error) {
      errors.push(describe(error));
      continue;
    }
    for (const file of files) {
      try {
        const set = await loadPromptSet(file, fs);
        if (names.has(set.name)) continue;
        names.add(set.name);
        sets.push(set);
      } catch (error) {
        errors.push({ ...describe(error), hint: `fix it (costlab validate ${file}); the other sets are loaded` });
      }
    }
  }
  return sets;
}

function storeAccess(dir: string): StoreAccess {
  return {
    dir,
    async listRuns(): Promise<ListedRun[]> {
      const store = await openStoreForReading(dir);
      if (!store) return [];
      try {
        // A run that has not finished (stopped, or cut off) is offered for resuming with how far it got.
        const summaries = await store.runSummaries();
        return await Promise.all(
          summaries.map(async (summary) => (summary.status === 'finished' ? summary : { ...summary, resultCount: (await store.results(summary.id)).length })),
        );
      } finally {
        await store.close();
      }
    },
    async loadRun(runId: string): Promise<RunView> {
      const scored = await loadScoredRun(dir, runId);
      const ratings = latestRatings(scored.annotations);
      return {
        run: scored.run,
        warnings: scored.warnings,
        trials: scored.trials.map((t) => ({
          trial: t.trial,
          result: t.result,
          quality: t.quality,
          source: t.source,
          rating: ratings.get(t.trial.id)?.raw ?? null,
        })),
      };
    },
  };
}

export interface TuiSetup {
  data: AppData;
  runner: TuiRunner;
}

export async function loadTuiData(cwd: string, storeDir: string): Promise<TuiSetup> {
  const loadErrors: AppError[] = [];
  const catalog = await loadCatalog(cwd);
  const folders = [BUNDLED_PROMPTS];
  const local = resolve(cwd, 'prompts');
  if (resolve(local) !== resolve(BUNDLED_PROMPTS) && (await exists(local))) folders.unshift(local);
  const sets = await loadSetsLeniently(folders, loadErrors);
  const config = await loadProvidersConfig(cwd).catch((error: unknown) => {
    loadErrors.push({ ...describe(error), hint: 'fix costlab.yaml; runs are disabled until then' });
    return null;
  });
  const runner = tuiRunner(cwd, storeDir);
  const data: AppData = {
    catalog,
    sets,
    defaultModels: TUI_DEFAULT_MODELS.filter((ref) => catalog.tryResolve(ref)).map((ref) => modelKey(catalog.resolve(ref))),
    counterFor: (model) => loadModelCounter(model),
    runBlocker: (target) => (config === null ? 'costlab.yaml does not load' : runBlocker(target, config, cwd)),
    startRun: runner.startRun,
    catalogFor: (targets) => loadCatalog(cwd, targets),
    store: storeAccess(storeDir),
    saveRating: async (runId, trialId, raw) => {
      await appendAnnotation(nodeStoreFiles(), storeDir, runId, { kind: 'rating', trialId, rating: ratingFromRaw(raw), raw, ratedAt: new Date().toISOString() });
    },
    loadErrors,
  };
  return { data, runner };
}
