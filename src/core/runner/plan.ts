/**
 * A plan: candidates (variant × model × params) × cases × repeats → trials, each rendered from the prompt
 * set with renderCase (system + messages), with ids that are stable (the same spec gives the same ids) and
 * readable:
 *
 * - candidate `variant@model[params]`: `base@openai:gpt-4o-mini`, `terse@anthropic:claude-haiku-4-5[max=256,t=0]`.
 *   `model` is the catalog key when the target resolves in the catalog as written (`gpt-4o-mini` →
 *   `openai:gpt-4o-mini`), else the target itself (`ollama:llama3.1:8b`, `vllm:NAME@http://host:8000/v1`), so
 *   two routes to one catalog model stay two candidates. A bare name becomes the target its catalog key spells
 *   (`gpt-4o-mini` → target `openai:gpt-4o-mini`), so the provider factory can reach it. The bracket lists the params that differ from the
 *   defaults (maxOutputTokens DEFAULT_MAX_OUTPUT_TOKENS, no temperature / topP, no prefix caching):
 *   `max=N`, `t=…`, `top_p=…`, `cache`; it is omitted when there are none.
 * - trial `${candidateId}|${caseId}|${repeat}`, repeats numbered from 1.
 *
 * Trial order: repeat, then case, then candidate — every candidate answers case 1 before any answers case 2,
 * so comparisons fill in early and the providers' calls interleave.
 */
import type { Catalog } from '../catalog/catalog.ts';
import type { ModelEntry } from '../catalog/model.ts';
import { modelKey } from '../catalog/model.ts';
import { CostlabError } from '../errors.ts';
import { renderCase, variantNames } from '../promptset/render.ts';
import type { PromptSet } from '../promptset/types.ts';
import { tryParseTarget } from './target.ts';
import type { Candidate, CandidateParams, Trial } from './trial.ts';

export const DEFAULT_MAX_OUTPUT_TOKENS = 1024;

/** A model as given: a reference the catalog resolves, or a target with its catalog key spelled out. */
export type ModelChoice = string | { target: string; model: string };

export interface PlanSpec {
  set: PromptSet;
  catalog: Catalog;
  models: readonly ModelChoice[];
  /** Variant names (default: every variant of the set, `base` first). */
  variants?: readonly string[];
  /** Parameter sets (default: one, with maxOutputTokens DEFAULT_MAX_OUTPUT_TOKENS). */
  params?: readonly CandidateParams[];
  /** Case ids (default: every case, in set order). */
  cases?: readonly string[];
  repeats?: number;
}

export interface Plan {
  candidates: Candidate[];
  trials: Trial[];
  /** Case id → reference answer, for the cases that have one (the dry-run bill's expected output). */
  references: Map<string, string>;
}

export function buildPlan(spec: PlanSpec): Plan {
  const repeats = spec.repeats ?? 1;
  if (!Number.isSafeInteger(repeats) || repeats < 1) {
    throw new CostlabError('bad-plan', `repeats must be a whole number ≥ 1, got ${repeats}`);
  }
  const variants = spec.variants ?? variantNames(spec.set);
  const paramSets = spec.params ?? [{ maxOutputTokens: DEFAULT_MAX_OUTPUT_TOKENS }];
  const caseIds = spec.cases ?? spec.set.cases.map((c) => c.id);
  const models = spec.models.map((choice) => resolveChoice(spec.catalog, choice));

  const candidates: Candidate[] = [];
  const seen = new Set<string>();
  for (const variant of variants) {
    for (const model of models) {
      for (const params of paramSets) {
        checkParams(params);
        const candidate = makeCandidate(variant, model.model, model.target, params, model.label);
        if (seen.has(candidate.id)) {
          throw new CostlabError('bad-plan', `the plan names candidate '${candidate.id}' twice`, {
            hint: 'list each model, variant and parameter set once',
          });
        }
        seen.add(candidate.id);
        candidates.push(candidate);
      }
    }
  }

  const rendered = new Map<string, ReturnType<typeof renderCase>>();
  const render = (caseId: string, variant: string) => {
    const key = `${variant}\u0000${caseId}`;
    let prompt = rendered.get(key);
    if (!prompt) {
      prompt = renderCase(spec.set, caseId, variant);
      rendered.set(key, prompt);
    }
    return prompt;
  };

  const trials: Trial[] = [];
  for (let repeat = 1; repeat <= repeats; repeat++) {
    for (const caseId of caseIds) {
      for (const candidate of candidates) {
        const prompt = render(caseId, candidate.variant);
        const trial: Trial = {
          id: trialId(candidate.id, caseId, repeat),
          candidateId: candidate.id,
          caseId,
          repeat,
          messages: prompt.messages.map((m) => ({ role: m.role, content: m.content })),
        };
        if (prompt.system !== undefined) trial.system = prompt.system;
        trials.push(trial);
      }
    }
  }

  const references = new Map<string, string>();
  for (const item of spec.set.cases) if (item.reference !== undefined) references.set(item.id, item.reference);
  return { candidates, trials, references };
}

export function trialId(candidateId: string, caseId: string, repeat: number): string {
  return `${candidateId}|${caseId}|${repeat}`;
}

/** `variant@label[params]`; `label` defaults to the catalog key. */
export function candidateId(variant: string, label: string, params: CandidateParams): string {
  const parts: string[] = [];
  if (params.maxOutputTokens !== DEFAULT_MAX_OUTPUT_TOKENS) parts.push(`max=${params.maxOutputTokens}`);
  if (params.temperature !== undefined) parts.push(`t=${params.temperature}`);
  if (params.topP !== undefined) parts.push(`top_p=${params.topP}`);
  if (params.cacheSystemPrefix === true) parts.push('cache');
  return `${variant}@${label}${parts.length > 0 ? `[${parts.join(',')}]` : ''}`;
}

export function makeCandidate(
  variant: string,
  model: string,
  target: string,
  params: CandidateParams,
  label: string = model,
): Candidate {
  const copy: CandidateParams = { maxOutputTokens: params.maxOutputTokens };
  if (params.temperature !== undefined) copy.temperature = params.temperature;
  if (params.topP !== undefined) copy.topP = params.topP;
  if (params.cacheSystemPrefix !== undefined) copy.cacheSystemPrefix = params.cacheSystemPrefix;
  return { id: candidateId(variant, label, copy), variant, model, target, params: copy };
}

interface ResolvedChoice {
  target: string;
  model: string;
  label: string;
}

/**
 * A reference the catalog resolves as written is labelled by its catalog key. A target through another
 * route (`ollama:llama3.1:8b`, `vllm:NAME@http://…`) is resolved without its route prefix and endpoint,
 * and labelled by the target itself.
 */
function resolveChoice(catalog: Catalog, choice: ModelChoice): ResolvedChoice {
  if (typeof choice !== 'string') return { target: choice.target, model: choice.model, label: choice.model === choice.target ? choice.model : choice.target };
  const direct = catalog.tryResolve(choice, { served: false });
  if (direct) {
    // A bare name (`gpt-4o-mini`) is given the route its catalog key spells (`openai:gpt-4o-mini`).
    const target = tryParseTarget(choice) ? choice : modelKey(direct);
    return { target, model: modelKey(direct), label: modelKey(direct) };
  }
  const routed = routedModel(catalog, choice);
  if (routed) return { target: choice, model: modelKey(routed), label: choice };
  catalog.resolve(choice); // throws unknown-model with the closest names
  throw new CostlabError('unknown-model', `unknown model '${choice}'`);
}

/** The model a target names through a route (`ollama:llama3.1:8b`, `vllm:NAME@http://…`): without its prefix and endpoint. */
function routedModel(catalog: Catalog, target: string): ModelEntry | undefined {
  const bare = /^[a-z][a-z0-9-]*:(.+)$/.exec(target)?.[1]?.replace(/@https?:\/\/.*$/, '');
  return bare === undefined ? undefined : catalog.tryResolve(bare);
}

/** The catalog entry a plan prices a target with — the reference as written, else its routed model — or undefined when buildPlan would refuse it. */
export function plannedModel(catalog: Catalog, target: string): ModelEntry | undefined {
  return catalog.tryResolve(target, { served: false }) ?? routedModel(catalog, target);
}

function checkParams(params: CandidateParams): void {
  if (!Number.isSafeInteger(params.maxOutputTokens) || params.maxOutputTokens < 1) {
    throw new CostlabError('bad-plan', `maxOutputTokens must be a whole number ≥ 1, got ${params.maxOutputTokens}`);
  }
}
