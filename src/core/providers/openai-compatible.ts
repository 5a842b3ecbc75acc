/**
 * OpenAI-compatible servers — vLLM (`vllm serve`, http://host:8000/v1), llama.cpp's `llama-server`
 * (http://host:8080/v1) and LM Studio (http://localhost:1234/v1) — reached by base URL through the
 * OpenAI adapter. The differences from OpenAI itself:
 *
 * - no key is needed (vLLM's `--api-key` and llama-server's `--api-key` are optional; pass one if set);
 * - the output limit goes as `max_tokens`, which all three accept;
 * - usage a server does not report is counted with the given TokenCounter and marked `estimated`.
 */
import type { Clock } from '../ports.ts';
import type { TokenCounter } from '../tokens/counter.ts';
import type { FetchLike } from './call.ts';
import { OpenAIProvider } from './openai.ts';

export interface OpenAICompatibleOptions {
  baseURL: string;
  clock: Clock;
  /** Only when the server was started with one. */
  apiKey?: string | null;
  counter?: TokenCounter;
  timeoutMs?: number;
  fetch?: FetchLike;
}

export function createOpenAICompatibleProvider(options: OpenAICompatibleOptions): OpenAIProvider {
  return new OpenAIProvider({
    kind: 'openai-compatible',
    apiKey: options.apiKey ?? null,
    baseURL: options.baseURL,
    clock: options.clock,
    maxTokensParam: 'max_tokens',
    ...(options.counter === undefined ? {} : { counter: options.counter }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
}
