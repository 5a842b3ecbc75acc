/**
 * The Provider interface every model backend implements (OpenAI, Anthropic, Ollama, OpenAI-compatible
 * servers such as vLLM and llama.cpp, in-process GGUF, and replay of recorded results).
 *
 * A provider either returns a CompletionResult or throws a ProviderCallError carrying a typed
 * ProviderError; the runner turns that into a result row — a failed call is data, not a crash.
 * Adapters take `baseURL` and `apiKey` explicitly (the CLI reads them from the environment); no key is
 * ever put into an error message, a log line or a stored result.
 */
import type { Usage } from '../economics/usage.ts';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface CompletionRequest {
  /** The provider-side model name (e.g. `gpt-4o-mini`, `llama3.1:8b`). */
  model: string;
  /** A system prompt; Anthropic sends it as `system`, others as the first message. */
  system?: string;
  messages: ChatMessage[];
  maxOutputTokens: number;
  temperature?: number;
  topP?: number;
  /** Ask the provider to cache the system prefix (Anthropic `cache_control: ephemeral`). */
  cacheSystemPrefix?: boolean;
  /** Stream the answer (needed for time to first token). */
  stream?: boolean;
  /** Give up after this long; the call fails with code `timeout` (retryable). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface CompletionResult {
  output: string;
  usage: Usage;
  /** `reported` when the provider returned usage; `estimated` when costlab counted it. */
  usageSource: 'reported' | 'estimated';
  latencyMs: number;
  /** Time to the first output token, when streamed. */
  ttftMs: number | null;
  finishReason: string | null;
}

export type ProviderErrorCode =
  | 'rate-limited' // 429
  | 'overloaded' // Anthropic 529
  | 'server-error' // 500, 502, 503, 504
  | 'timeout'
  | 'connection' // reset, refused, stream cut short
  | 'bad-request' // 400, 422
  | 'auth' // 401
  | 'forbidden' // 403
  | 'not-found' // 404
  | 'malformed-response' // unparseable JSON or SSE
  | 'aborted' // the run was stopped
  | 'budget' // not sent: the budget could not cover its maximum cost
  | 'unknown';

export interface ProviderError {
  code: ProviderErrorCode;
  message: string;
  retryable: boolean;
  status?: number;
  /** From a Retry-After header, in milliseconds. */
  retryAfterMs?: number;
}

export class ProviderCallError extends Error {
  constructor(
    readonly error: ProviderError,
    /** Usage billed before the failure (e.g. a stream cut after some output), when known. */
    readonly billedUsage?: Usage,
  ) {
    super(error.message);
    this.name = 'ProviderCallError';
  }
}

export interface Provider {
  /** `openai`, `anthropic`, `ollama`, `openai-compatible`, `gguf`, `replay`. */
  readonly kind: string;
  complete(request: CompletionRequest): Promise<CompletionResult>;
}

/**
 * Retry rule shared by every adapter: which statuses are transient — 408 (the server timed the request
 * out), 429, 500, 502, 503, 504 and Anthropic's 529 overloaded.
 */
export function isRetryableStatus(status: number): boolean {
  return (
    status === 408 || status === 429 || status === 500 || status === 502 || status === 503 || status === 504 || status === 529
  );
}

export function errorCodeForStatus(status: number): ProviderErrorCode {
  if (status === 408) return 'timeout';
  if (status === 429) return 'rate-limited';
  if (status === 529) return 'overloaded';
  if (status === 401) return 'auth';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status >= 500) return 'server-error';
  if (status >= 400) return 'bad-request';
  return 'unknown';
}
