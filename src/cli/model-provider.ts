/**
 * One model reached outside a run, the way `costlab run` reaches a target (keys from the environment,
 * `providers:` in costlab.yaml, keys scrubbed from outputs and errors): the LLM judge of `costlab score` and the
 * llm-rewrite strategy of `costlab compress`.
 */
import { parseTarget } from '../core/index.ts';
import type { Candidate, CandidateParams, ModelEntry, Provider } from '../core/index.ts';
import { nodePorts } from '../platform/node.ts';
import { loadProvidersConfig } from '../platform/provider-config.ts';
import { completeTarget, setUpProviders } from './run-providers.ts';

/** `ref` minus a trailing `@URL`: what the catalog knows the model as. */
export function catalogRef(ref: string): string {
  return ref.replace(/@https?:\/\/.*$/i, '');
}

/**
 * The provider for `ref` and the model name to send it; `entry` (the catalog's, when it knows the model) names
 * the provider of a bare model name.
 */
export async function modelProvider(
  ref: string, entry: ModelEntry | undefined, role: string, params: CandidateParams,
): Promise<{ provider: Provider; requestModel: string }> {
  const config = await loadProvidersConfig(process.cwd());
  const target = completeTarget(ref, config);
  const candidate: Candidate = {
    id: `${role}@${ref}`,
    variant: role,
    model: entry ? `${entry.provider}:${entry.id}` : ref,
    target: target.includes(':') ? target : `${entry?.provider ?? 'openai'}:${target}`,
    params,
  };
  const setup = setUpProviders([candidate], config, { clock: nodePorts().clock, counters: new Map(), stream: false });
  return { provider: setup.providers(candidate), requestModel: parseTarget(candidate.target).model };
}
