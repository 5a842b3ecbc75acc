/**
 * Target → Provider. Keys and hosts come in through `config` (the CLI reads them from the environment);
 * a missing key is a CostlabError naming the variable to set, before any call is made.
 */
import { CostlabError } from '../errors.ts';
import type { Clock } from '../ports.ts';
import type { TokenCounter } from '../tokens/counter.ts';
import { AnthropicProvider } from './anthropic.ts';
import type { FetchLike } from './call.ts';
import { GgufProvider } from './gguf.ts';
import type { GgufEngine } from './gguf.ts';
import { DEFAULT_OLLAMA_HOST, OllamaProvider } from './ollama.ts';
import { OpenAIProvider } from './openai.ts';
import { createOpenAICompatibleProvider } from './openai-compatible.ts';
import type { Provider } from './provider.ts';
import { formatTarget, parseTarget } from './target.ts';
import type { Target } from './target.ts';

export const DEFAULT_OPENAI_BASE_URL = 'https://api.openai.com/v1';
export const DEFAULT_ANTHROPIC_BASE_URL = 'https://api.anthropic.com';

/** The environment variables the CLI reads for each provider's key and host. */
export const PROVIDER_ENV = {
  openaiApiKey: 'OPENAI_API_KEY',
  openaiBaseURL: 'OPENAI_BASE_URL',
  anthropicApiKey: 'ANTHROPIC_API_KEY',
  anthropicBaseURL: 'ANTHROPIC_BASE_URL',
  ollamaHost: 'OLLAMA_HOST',
} as const;

export interface ProviderConfig {
  clock: Clock;
  openai?: { apiKey?: string | null; baseURL?: string; organization?: string; project?: string };
  anthropic?: { apiKey?: string | null; baseURL?: string };
  /** Default http://127.0.0.1:11434; a target's own @URL wins. */
  ollamaHost?: string;
  /** For OpenAI-compatible servers started with `--api-key`. */
  openaiCompatibleApiKey?: string;
  /** Counts usage a server does not report (OpenAI-compatible servers, Ollama); marked `estimated`. */
  counter?: TokenCounter;
  /** Default per-call timeout (a request's own timeoutMs wins). */
  timeoutMs?: number;
  fetch?: FetchLike;
  /**
   * Runs `gguf:PATH` models in process (platform/gguf-engine.ts). With one, the model file is checked when
   * the provider is built (a CostlabError naming the path); without one, gguf calls fail, non-retryable.
   */
  ggufEngine?: GgufEngine;
}

/** A provider for the target's endpoint; send `target.model` as each request's `model`. */
export function createProvider(target: Target | string, config: ProviderConfig): Provider {
  const parsed = typeof target === 'string' ? parseTarget(target) : target;
  const common = {
    clock: config.clock,
    ...(config.timeoutMs === undefined ? {} : { timeoutMs: config.timeoutMs }),
    ...(config.fetch === undefined ? {} : { fetch: config.fetch }),
  };
  const counter = config.counter === undefined ? {} : { counter: config.counter };
  switch (parsed.kind) {
    case 'openai':
      return new OpenAIProvider({
        ...common,
        ...counter,
        apiKey: requireKey(config.openai?.apiKey, parsed, PROVIDER_ENV.openaiApiKey, 'an OpenAI'),
        baseURL: parsed.baseURL ?? config.openai?.baseURL ?? DEFAULT_OPENAI_BASE_URL,
        ...(config.openai?.organization === undefined ? {} : { organization: config.openai.organization }),
        ...(config.openai?.project === undefined ? {} : { project: config.openai.project }),
      });
    case 'anthropic':
      return new AnthropicProvider({
        ...common,
        apiKey: requireKey(config.anthropic?.apiKey, parsed, PROVIDER_ENV.anthropicApiKey, 'an Anthropic'),
        baseURL: parsed.baseURL ?? config.anthropic?.baseURL ?? DEFAULT_ANTHROPIC_BASE_URL,
      });
    case 'ollama':
      return new OllamaProvider({ ...common, ...counter, host: parsed.baseURL ?? config.ollamaHost ?? DEFAULT_OLLAMA_HOST });
    case 'openai-compatible':
      return createOpenAICompatibleProvider({
        ...common,
        ...counter,
        // parseTarget guarantees a URL for these schemes; a hand-built Target may lack one.
        baseURL: parsed.baseURL ?? missingURL(parsed),
        apiKey: config.openaiCompatibleApiKey ?? null,
      });
    case 'gguf':
      config.ggufEngine?.checkModel(parsed.model);
      return new GgufProvider({
        path: parsed.model,
        clock: config.clock,
        engine: config.ggufEngine ?? null,
        ...(config.timeoutMs === undefined ? {} : { timeoutMs: config.timeoutMs }),
      });
  }
}

function requireKey(key: string | null | undefined, target: Target, envVar: string, article: string): string {
  if (typeof key === 'string' && key.trim() !== '') return key;
  throw new CostlabError('missing-api-key', `${formatTarget(target)} needs ${article} API key, and none is set`, {
    hint: `set ${envVar} in the environment (the key itself is never printed or stored)`,
  });
}

function missingURL(target: Target): never {
  throw new CostlabError('bad-target', `${formatTarget(target)} needs the server's URL`, {
    hint: `write it as ${target.scheme}:${target.model}@http://HOST:PORT/v1`,
  });
}
