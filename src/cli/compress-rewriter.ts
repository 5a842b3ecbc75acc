/**
 * The model `costlab compress --strategy llm-rewrite --rewrite-model M` calls: reached like any `costlab
 * run` target (keys from the environment, providers: in costlab.yaml), priced from the catalog.
 */
import { llmRewriter, parseTarget } from '../core/index.ts';
import type { Catalog, Candidate, Rewriter, TokenCounter } from '../core/index.ts';
import { nodePorts } from '../platform/node.ts';
import { loadProvidersConfig } from '../platform/provider-config.ts';
import { completeTarget, setUpProviders } from './run-providers.ts';

export async function createRewriter(ref: string, catalog: Catalog, counter: TokenCounter): Promise<Rewriter> {
  const config = await loadProvidersConfig(process.cwd());
  const target = completeTarget(ref, config);
  const model = catalog.resolve(ref.replace(/@https?:\/\/.*$/i, ''));
  const candidate: Candidate = {
    id: `rewrite@${ref}`,
    variant: 'rewrite',
    model: `${model.provider}:${model.id}`,
    target: target.includes(':') ? target : `${model.provider}:${target}`,
    params: { maxOutputTokens: 4096, temperature: 0 },
  };
  const setup = setUpProviders([candidate], config, { clock: nodePorts().clock, counters: new Map(), stream: false });
  return llmRewriter({
    provider: setup.providers(candidate),
    requestModel: parseTarget(candidate.target).model,
    model,
    count: (text) => counter.count(text),
  });
}
