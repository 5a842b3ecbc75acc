/** What runBatch checks and builds before any call: trials, the budget, and the adapters with their keys. */
import { CostlabError } from '../errors.ts';
import { parseScaled } from '../money/decimal.ts';
import { PROVIDER_ENV } from '../providers/factory.ts';
import type { ProviderConfig } from '../providers/factory.ts';
import type { Candidate, Trial } from '../runner/trial.ts';
import type { RunRecord } from '../store/result-store.ts';
import { AnthropicBatch } from './anthropic-batch.ts';
import { OpenAIBatch } from './openai-batch.ts';
import type { Retrying } from './poll.ts';
import type { BatchBackend, BatchLimits, BatchProvider } from './types.ts';

/** The batch adapter for an endpoint, with the key from config (a missing key is a CostlabError before any call). */
export function makeBackend(provider: BatchProvider, baseURL: string, config: ProviderConfig, retry: Retrying, limits?: Partial<BatchLimits>): BatchBackend {
  const common = {
    baseURL, clock: config.clock, retry,
    ...(config.timeoutMs === undefined ? {} : { timeoutMs: config.timeoutMs }),
    ...(config.fetch === undefined ? {} : { fetch: config.fetch }),
    ...(limits === undefined ? {} : { limits }),
  };
  if (provider === 'anthropic') return new AnthropicBatch({ ...common, apiKey: requireKey(config.anthropic?.apiKey, provider, PROVIDER_ENV.anthropicApiKey) });
  return new OpenAIBatch({
    ...common,
    apiKey: requireKey(config.openai?.apiKey, provider, PROVIDER_ENV.openaiApiKey),
    ...(config.openai?.organization === undefined ? {} : { organization: config.openai.organization }),
    ...(config.openai?.project === undefined ? {} : { project: config.openai.project }),
  });
}

function requireKey(key: string | null | undefined, provider: BatchProvider, envVar: string): string {
  if (typeof key === 'string' && key.trim() !== '') return key;
  throw new CostlabError('missing-api-key', `a ${provider} batch needs ${provider === 'openai' ? 'an OpenAI' : 'an Anthropic'} API key, and none is set`, {
    hint: `set ${envVar} in the environment (the key itself is never printed or stored)`,
  });
}

export function parseBudget(value: string | number): bigint {
  const pico = parseScaled(value, 12, 'budget');
  if (pico < 0n) throw new CostlabError('bad-budget', `the budget must not be negative, got ${value}`, { hint: 'give --budget in USD, e.g. --budget 2.50' });
  return pico;
}

export function checkTrials(run: RunRecord, trials: readonly Trial[], candidates: ReadonlyMap<string, Candidate>): void {
  const seen = new Set<string>();
  for (const trial of trials) {
    if (!candidates.has(trial.candidateId)) throw new CostlabError('bad-plan', `trial '${trial.id}' names candidate '${trial.candidateId}', which run '${run.id}' does not have`);
    if (seen.has(trial.id)) throw new CostlabError('bad-plan', `trial '${trial.id}' is given twice`);
    seen.add(trial.id);
  }
}
