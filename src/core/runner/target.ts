/**
 * What a candidate's target says about how it is reached. A target is the model reference as the user gave
 * it: `openai:gpt-4o-mini`, `gpt-4o-mini`, `ollama:llama3.1:8b`, `vllm:NAME@http://host:8000/v1`.
 *
 * - The provider key (for per-provider limits) is the target's `prefix:` when it has one — a lowercase word of
 *   letters, digits and dashes, so Ollama names such as `llama3.1:8b` are not mistaken for one — else the
 *   provider of the catalog model (`openai` for a bare `gpt-4o-mini`).
 * - The provider-side model name is the target without that prefix and without a trailing `@http(s)://…`
 *   endpoint.
 * A target providers/target.ts parses (`openai:…`, `ollama:…`, `vllm:…@URL`, `gguf:PATH`, …) is read by it:
 * key = its scheme, model = its model. Both are defaults: runPlan takes `providerKey` and `requestModel`
 * functions for anything else.
 */
import { parseTarget } from '../providers/target.ts';
import type { Target } from '../providers/target.ts';
import type { Candidate } from './trial.ts';

const PREFIX = /^([a-z][a-z0-9-]*):(.+)$/;

export function targetPrefix(target: string): string | null {
  const match = PREFIX.exec(target);
  return match ? (match[1] ?? null) : null;
}

/** The provider a candidate's calls count against (`openai`, `anthropic`, `ollama`, `vllm`, …). */
export function defaultProviderKey(candidate: Pick<Candidate, 'target' | 'model'>): string {
  const parsed = tryParseTarget(candidate.target);
  if (parsed) return parsed.scheme;
  const prefix = targetPrefix(candidate.target);
  if (prefix !== null) return prefix;
  const colon = candidate.model.indexOf(':');
  return colon > 0 ? candidate.model.slice(0, colon) : candidate.model;
}

/** The model name sent to the provider: `gpt-4o-mini`, `llama3.1:8b`, `NAME`. */
export function defaultRequestModel(candidate: Pick<Candidate, 'target'>): string {
  const parsed = tryParseTarget(candidate.target);
  if (parsed) return parsed.model;
  const match = PREFIX.exec(candidate.target);
  const rest = match ? (match[2] ?? candidate.target) : candidate.target;
  return rest.replace(/@https?:\/\/.*$/, '');
}

/** The parsed target, or undefined when providers/target.ts does not accept it. */
export function tryParseTarget(target: string): Target | undefined {
  try {
    return parseTarget(target);
  } catch {
    return undefined;
  }
}
