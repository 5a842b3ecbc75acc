/**
 * The judge `costlab score --judge M` calls: reached like any `costlab run` target (keys from the environment,
 * `providers:` in costlab.yaml), priced from the catalog (an unknown model leaves the judge's cost unknown).
 */
import { withRetry } from '../core/index.ts';
import type { Catalog, JudgeModel } from '../core/index.ts';
import { nodePorts } from '../platform/node.ts';
import { catalogRef, modelProvider } from './model-provider.ts';

export async function createJudge(ref: string, catalog: Catalog): Promise<JudgeModel & { call: <T>(fn: () => Promise<T>) => Promise<T> }> {
  const entry = catalog.tryResolve(catalogRef(ref));
  const { provider, requestModel } = await modelProvider(ref, entry, 'judge', { maxOutputTokens: 200, temperature: 0 });
  const ports = nodePorts();
  return {
    target: ref,
    requestModel,
    entry,
    provider,
    call: (fn) => withRetry(() => fn(), { sleep: ports.sleep, random: ports.random }),
  };
}
