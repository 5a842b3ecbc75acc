/**
 * The judge `costlab score --judge M` calls: reached like any `costlab run` target (keys from the environment,
 * `providers:` in costlab.yaml), priced from the catalog (an unknown model leaves the judge's cost unknown).
 */
import { parseTarget, withRetry } from '../core/index.ts';
import type { Candidate, Catalog, JudgeModel } from '../core/index.ts';
import { nodePorts } from '../platform/node.ts';
import { loadProvidersConfig } from '../platform/provider-config.ts';
import { completeTarget, setUpProviders } from './run-providers.ts';

export async function createJudge(ref: string, catalog: Catalog): Promise<JudgeModel & { call: <T>(fn: () => Promise<T>) => Promise<T> }> {
  const config = await loadProvidersConfig(process.cwd());
  const target = completeTarget(ref, config);
  const entry = catalog.tryResolve(ref.replace(/@https?:\/\/.*$/i, ''));
  const candidate: Candidate = {
    id: `judge@${ref}`,
    variant: 'judge',
    model: entry ? `${entry.provider}:${entry.id}` : ref,
    target: target.includes(':') ? target : `${entry?.provider ?? 'openai'}:${target}`,
    params: { maxOutputTokens: 200, temperature: 0 },
  };
  const ports = nodePorts();
  const setup = setUpProviders([candidate], config, { clock: ports.clock, counters: new Map(), stream: false });
  return {
    target: ref,
    requestModel: parseTarget(candidate.target).model,
    entry,
    provider: setup.providers(candidate),
    call: (fn) => withRetry(() => fn(), { sleep: ports.sleep, random: ports.random }),
  };
}
