/**
 * Run set-up shared by `costlab run` and the TUI's runs: the providers for a run's candidates (with a token
 * counter per catalog model, for servers that do not report usage) and the reference answers of the run's
 * prompt set (what the bill's expected output figures use).
 */
import type { Candidate, Catalog, TokenCounter } from '../core/index.ts';
import { loadModelCounter, loadPromptSet } from '../core/index.ts';
import { exists, nodePorts } from '../platform/node.ts';
import type { ProvidersConfig } from '../platform/provider-config.ts';
import { setUpProviders } from './run-providers.ts';
import type { ProviderSetup } from './run-providers.ts';

/** One Provider per candidate, streamed or not, with the token counters of the models the catalog knows. */
export async function providerSetup(candidates: readonly Candidate[], catalog: Catalog, config: ProvidersConfig, stream: boolean): Promise<ProviderSetup> {
  const counters = new Map<string, TokenCounter>();
  for (const candidate of candidates) {
    const entry = catalog.tryResolve(candidate.model);
    if (entry && !counters.has(candidate.model)) counters.set(candidate.model, await loadModelCounter(entry));
  }
  return setUpProviders(candidates, config, { clock: nodePorts().clock, counters, stream });
}

/**
 * The reference answers of the set at `setFile`, by case id: empty when there is no file, and when the set no
 * longer loads (it changed since the run was planned: the expected figures then use half the output limit).
 */
export async function referencesOf(setFile: string | null): Promise<Map<string, string>> {
  const references = new Map<string, string>();
  if (setFile === null || !(await exists(setFile))) return references;
  try {
    const set = await loadPromptSet(setFile, nodePorts().fs);
    for (const item of set.cases) if (item.reference !== undefined) references.set(item.id, item.reference);
  } catch {
    // a set that no longer loads: no references
  }
  return references;
}
