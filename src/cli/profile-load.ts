/**
 * Loads a traffic profile for `costlab bill` and `costlab breakeven --profile`: parses it, then measures the
 * token sizes it asks for —
 * - `{from_set: PATH[, variant]}`: every case of the prompt set rendered (base variant unless named) and
 *   counted as a request to the route's model (its strong model for a router) with that model's tokenizer and
 *   chat framing (countRequestTokens, as `costlab run` plans it); the distribution of those counts.
 * - `{from_run: RUN_ID[, store, model]}`: the recorded usage of the run's succeeded trials (prompt tokens for
 *   input, output + reasoning for output), optionally only those of one model; the store is `.costlab` in the
 *   working folder unless the profile names one (relative to the profile file).
 */
import type { Catalog, ErrorLocation, ModelEntry, ResolvedProfile, TokenDistribution, TokenMeasurer } from '../core/index.ts';
import {
  CostlabError, DEFAULT_STORE_DIR, countRequestTokens, distributionFromSamples, loadModelCounter, loadPromptSet, modelKey, parseProfile,
  promptTokens, renderCase, resolveModelAt, resolveProfile,
} from '../core/index.ts';
import { exists, installPlatform, nodePorts, readTextFile } from '../platform/node.ts';
import { readRun } from './run-store.ts';

/** How far a prompt set's measurement is: `done` of the `total` cases of the set `set` counted. */
export interface MeasureProgress {
  set: string;
  done: number;
  total: number;
}

/** Lets a caller slice the counting: `beforeCase` is awaited before each case (the TUI yields the event loop there). */
export interface MeasureHooks {
  beforeCase?(): Promise<void>;
  onCase?(progress: MeasureProgress): void;
}

/** Reads, parses and measures a profile. */
export async function loadProfile(path: string, catalog: Catalog, measure: TokenMeasurer = profileMeasurer(catalog)): Promise<ResolvedProfile> {
  const profile = parseProfile(await readTextFile(path), path);
  return resolveProfile(profile, measure);
}

/**
 * Measures profile sizes; a prompt set is counted once per (set, variant, model) for all the profiles this
 * measurer serves, and a failed measurement is not kept (so each profile's error names its own file).
 */
export function profileMeasurer(catalog: Catalog, hooks: MeasureHooks = {}): TokenMeasurer {
  const sets = new Map<string, Promise<TokenDistribution>>();
  return async (spec, { route, field, where }) => {
    const ref = route.model.kind === 'single' ? route.model.model : route.model.strong;
    const model = resolveModelAt(catalog, ref, route.where.model);
    if (spec.kind === 'from_set') {
      const key = `${spec.path}\u0000${spec.variant ?? ''}\u0000${modelKey(model)}`;
      let found = sets.get(key);
      if (!found) {
        found = measureSet(spec.path, spec.variant, model, where, hooks);
        sets.set(key, found);
        found.catch(() => sets.delete(key));
      }
      return found;
    }
    return measureRun(spec.run, spec.store ?? DEFAULT_STORE_DIR, spec.model, field, catalog, where);
  };
}

async function measureSet(path: string, variant: string | undefined, model: ModelEntry, where: ErrorLocation, hooks: MeasureHooks): Promise<TokenDistribution> {
  if (!(await exists(path))) {
    throw new CostlabError('missing-set', `the prompt set ${path} does not exist`, {
      location: where,
      hint: 'from_set is a path relative to the profile file, e.g. ../support-bot.yaml',
    });
  }
  installPlatform();
  const set = await loadPromptSet(path, nodePorts().fs);
  await hooks.beforeCase?.();
  const counter = await loadModelCounter(model);
  const samples: number[] = [];
  for (const item of set.cases) {
    await hooks.beforeCase?.();
    const rendered = renderCase(set, item.id, variant);
    samples.push(countRequestTokens(model, counter, { ...(rendered.system !== undefined ? { system: rendered.system } : {}), messages: rendered.messages }).input);
    hooks.onCase?.({ set: path, done: samples.length, total: set.cases.length });
  }
  const how = counter.exact ? 'tokenizer' : 'estimated tokenizer';
  return distributionFromSamples(samples, `measured: ${samples.length} cases of ${path}${variant ? ` (variant ${variant})` : ''}, ${modelKey(model)} ${how}`);
}

async function measureRun(
  runId: string, storeDir: string, modelRef: string | undefined, field: 'input' | 'output', catalog: Catalog, where: ErrorLocation,
): Promise<TokenDistribution> {
  const only = modelRef === undefined ? undefined : modelKey(resolveModelAt(catalog, modelRef, where));
  const { run, results } = await readRun(storeDir, runId, {
    location: where,
    hint: 'list the runs with: costlab runs (give store: DIR beside from_run for another store)',
  });
  const models = new Map(run.candidates.map((c) => [c.id, c.model]));
  const samples: number[] = [];
  for (const result of results) {
    if (result.status !== 'succeeded' || result.usage === null) continue;
    if (only !== undefined && models.get(result.candidateId) !== only) continue;
    samples.push(field === 'input' ? promptTokens(result.usage) : result.usage.output + result.usage.reasoning);
  }
  if (samples.length === 0) {
    throw new CostlabError('no-samples', `run ${runId} has no succeeded trial with usage${only ? ` on ${only}` : ''} to measure ${field} tokens from`, {
      location: where,
      hint: 'pick a run with results (costlab runs), or write the size as a number or {p50, p90}',
    });
  }
  return distributionFromSamples(samples, `measured: ${samples.length} trials of run ${runId}${only ? ` on ${only}` : ''}`);
}
