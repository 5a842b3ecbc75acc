/**
 * Trials → batches. Each trial's candidate target says where it goes (providers/target.ts):
 *
 * - `openai:MODEL[@URL]` → one group per endpoint and model (an OpenAI batch file holds one model's requests);
 * - `anthropic:MODEL[@URL]` → one group per endpoint (a Message Batch may mix models);
 * - anything else (ollama, vllm, llamacpp, lmstudio, openai-compatible, gguf) has no batch API here: the trial
 *   is refused with a `bad-request` error saying so.
 *
 * Each group is cut into batches under its API's limits (chunk.ts). A trial the budget refuses (`admit`)
 * or one whose request alone passes a batch's size limit is refused too, with its own error.
 */
import type { CompletionRequest, ProviderError } from '../providers/provider.ts';
import { tryParseTarget } from '../runner/target.ts';
import type { Candidate, Trial } from '../runner/trial.ts';
import { chunkItems } from './chunk.ts';
import type { BatchBackend, BatchItem, BatchProvider } from './types.ts';

export interface BatchJob {
  provider: BatchProvider;
  group: string;
  backend: BatchBackend;
  items: BatchItem[];
}

export interface BatchPlan {
  jobs: BatchJob[];
  refused: { trial: Trial; error: ProviderError }[];
}

export interface PlanBatchesInput {
  trials: readonly Trial[];
  candidates: ReadonlyMap<string, Candidate>;
  /** The endpoint of a target without `@URL`. */
  defaultBaseURL: (provider: BatchProvider) => string;
  backendFor: (provider: BatchProvider, baseURL: string) => BatchBackend;
  /** null to admit the trial, else the error it gets instead (the budget). */
  admit?: (trial: Trial) => ProviderError | null;
}

export function planBatches(input: PlanBatchesInput): BatchPlan {
  const refused: BatchPlan['refused'] = [];
  const groups = new Map<string, { provider: BatchProvider; group: string; backend: BatchBackend; items: BatchItem[] }>();
  for (const trial of input.trials) {
    const candidate = input.candidates.get(trial.candidateId) as Candidate;
    const target = tryParseTarget(candidate.target);
    if (target === undefined || (target.kind !== 'openai' && target.kind !== 'anthropic')) {
      refused.push({ trial, error: notOffered(candidate.target, target?.scheme) });
      continue;
    }
    const refusal = input.admit?.(trial) ?? null;
    if (refusal !== null) {
      refused.push({ trial, error: refusal });
      continue;
    }
    const provider = target.kind;
    const baseURL = target.baseURL ?? input.defaultBaseURL(provider);
    const group = provider === 'openai' ? `openai:${target.model}` : 'anthropic';
    const key = `${group}\u0000${baseURL}`;
    let entry = groups.get(key);
    if (!entry) groups.set(key, (entry = { provider, group, backend: input.backendFor(provider, baseURL), items: [] }));
    entry.items.push({ trialId: trial.id, customId: entry.backend.customId(trial.id), request: requestOf(trial, candidate, target.model) });
  }
  const byId = new Map(input.trials.map((t) => [t.id, t]));
  const jobs: BatchJob[] = [];
  for (const { provider, group, backend, items } of groups.values()) {
    const { chunks, tooLarge } = chunkItems(items, backend.limits, (item) => backend.itemBytes(item), backend.overheadBytes);
    for (const chunk of chunks) jobs.push({ provider, group, backend, items: chunk });
    for (const item of tooLarge) {
      const message = `${provider} batch: the request is ${backend.itemBytes(item)} bytes, more than one batch may hold (${backend.limits.maxBytes} bytes)`;
      refused.push({ trial: byId.get(item.trialId) as Trial, error: { code: 'bad-request', message, retryable: false } });
    }
  }
  return { jobs, refused };
}

/** The request a live call would send (execute-trial.ts), without signal or timeout. */
export function requestOf(trial: Trial, candidate: Candidate, model: string): CompletionRequest {
  const request: CompletionRequest = { model, messages: trial.messages, maxOutputTokens: candidate.params.maxOutputTokens };
  if (trial.system !== undefined) request.system = trial.system;
  if (candidate.params.temperature !== undefined) request.temperature = candidate.params.temperature;
  if (candidate.params.topP !== undefined) request.topP = candidate.params.topP;
  if (candidate.params.cacheSystemPrefix !== undefined) request.cacheSystemPrefix = candidate.params.cacheSystemPrefix;
  return request;
}

function notOffered(target: string, scheme: string | undefined): ProviderError {
  const which = scheme ?? target.split(':')[0] ?? target;
  return {
    code: 'bad-request',
    message: `batch is not offered for ${which} (${target}): only openai and anthropic have a batch API in costlab; run it without --batch`,
    retryable: false,
  };
}
