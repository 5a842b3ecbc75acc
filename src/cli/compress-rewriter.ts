/**
 * The model `costlab compress --strategy llm-rewrite --rewrite-model M` calls: reached like any `costlab
 * run` target (keys from the environment, providers: in costlab.yaml), priced from the catalog.
 */
import { llmRewriter } from '../core/index.ts';
import type { Catalog, Rewriter, TokenCounter } from '../core/index.ts';
import { catalogRef, modelProvider } from './model-provider.ts';

export async function createRewriter(ref: string, catalog: Catalog, counter: TokenCounter): Promise<Rewriter> {
  const model = catalog.resolve(catalogRef(ref));
  const { provider, requestModel } = await modelProvider(ref, model, 'rewrite', { maxOutputTokens: 4096, temperature: 0 });
  return llmRewriter({ provider, requestModel, model, count: (text) => counter.count(text) });
}
