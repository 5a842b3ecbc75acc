/**
 * OpenAI Chat Completions through the official `openai` SDK — also the adapter for OpenAI-compatible
 * servers (vLLM, llama.cpp's server, LM Studio; see openai-compatible.ts).
 *
 * - The SDK's retries are off (`maxRetries: 0`): the runner retries, with its own budget and clock.
 * - Every setting is explicit: the SDK would otherwise read OPENAI_API_KEY, OPENAI_BASE_URL,
 *   OPENAI_ORG_ID, OPENAI_PROJECT_ID and OPENAI_LOG from the environment (core takes Env through ports).
 * - Streaming asks for `stream_options: { include_usage: true }`; the time to first token is the first
 *   chunk with non-empty content. A stream is complete once a choice has a `finish_reason`; one that ends
 *   before is `connection` (retryable). Usage missing from a complete stream (a server that ignores
 *   stream_options) is estimated rather than retried, which would bill the call again.
 * - Usage maps through usageFromOpenAI (cached_tokens → cacheRead, reasoning_tokens → reasoning).
 * - OpenAI caches prompt prefixes automatically, so `cacheSystemPrefix` needs nothing on the wire.
 */
import OpenAI from 'openai';
import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import type { Usage } from '../economics/usage.ts';
import { usageFromOpenAI } from '../economics/usage.ts';
import type { Clock } from '../ports.ts';
import type { TokenCounter } from '../tokens/counter.ts';
import { DEFAULT_TIMEOUT_MS, startCall } from './call.ts';
import type { CallScope, FetchLike } from './call.ts';
import { MalformedResponseError, StreamEndedEarlyError, assertEventStream, toProviderCallError } from './errors.ts';
import type { ErrorContext } from './errors.ts';
import { estimateUsage } from './estimate.ts';
import type { CompletionRequest, CompletionResult, Provider } from './provider.ts';

export interface OpenAIProviderOptions {
  /** The API key; null for a server that needs none (no Authorization header is sent). */
  apiKey: string | null;
  /** E.g. `https://api.openai.com/v1`, `http://gpu-box:8000/v1`. */
  baseURL: string;
  clock: Clock;
  /** Per-call timeout unless the request sets one (default 10 minutes). */
  timeoutMs?: number;
  fetch?: FetchLike;
  /** `openai` (default) or `openai-compatible`; names the provider in errors and results. */
  kind?: 'openai' | 'openai-compatible';
  /** Counts usage the server does not report (then marked `estimated`). */
  counter?: TokenCounter;
  /**
   * The parameter that carries maxOutputTokens: `max_completion_tokens` (OpenAI's current name, required
   * by reasoning models; the default) or `max_tokens` (what every OpenAI-compatible server accepts).
   */
  maxTokensParam?: 'max_completion_tokens' | 'max_tokens';
  organization?: string;
  project?: string;
}

export class OpenAIProvider implements Provider {
  readonly kind: 'openai' | 'openai-compatible';
  private readonly client: OpenAI;
  private readonly clock: Clock;
  private readonly timeoutMs: number;
  private readonly counter: TokenCounter | undefined;
  private readonly maxTokensParam: 'max_completion_tokens' | 'max_tokens';
  private readonly secrets: readonly (string | null)[];

  constructor(options: OpenAIProviderOptions) {
    this.kind = options.kind ?? 'openai';
    this.clock = options.clock;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.counter = options.counter;
    this.maxTokensParam = options.maxTokensParam ?? 'max_completion_tokens';
    this.secrets = [options.apiKey];
    const keyless = options.apiKey === null || options.apiKey === '';
    this.client = new OpenAI({
      // The SDK insists on a credential; a keyless server gets a placeholder whose header is removed below.
      apiKey: keyless ? 'costlab-no-key' : options.apiKey,
      adminAPIKey: null,
      baseURL: options.baseURL,
      organization: options.organization ?? null,
      project: options.project ?? null,
      maxRetries: 0,
      timeout: this.timeoutMs,
      logLevel: 'off',
      ...(keyless ? { defaultHeaders: { Authorization: null } } : {}),
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    });
  }

  async complete(request: CompletionRequest): Promise<CompletionResult> {
    const scope = startCall(request, this.clock, this.timeoutMs);
    const context: ErrorContext = { provider: this.kind, secrets: this.secrets, clock: this.clock, scope };
    try {
      return request.stream === true ? await this.streamed(request, scope) : await this.whole(request, scope);
    } catch (error) {
      throw toProviderCallError(error, context);
    } finally {
      scope.dispose();
    }
  }

  private body(request: CompletionRequest): ChatCompletionCreateParamsNonStreaming {
    return {
      model: request.model,
      messages: chatMessages(request),
      [this.maxTokensParam]: request.maxOutputTokens,
      ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
      ...(request.topP === undefined ? {} : { top_p: request.topP }),
    };
  }

  private async whole(request: CompletionRequest, scope: CallScope): Promise<CompletionResult> {
    const completion: unknown = await this.client.chat.completions.create(
      { ...this.body(request), stream: false },
      { signal: scope.signal, timeout: scope.timeoutMs },
    );
    if (!isCompletion(completion)) {
      throw new MalformedResponseError('the body is not a chat completion (no `choices` array)');
    }
    const choice = completion.choices[0];
    const output = choice?.message?.content ?? '';
    return {
      output,
      ...this.usage(request, output, completion.usage ?? null),
      latencyMs: scope.elapsed(),
      ttftMs: null,
      finishReason: choice?.finish_reason ?? null,
    };
  }

  private async streamed(request: CompletionRequest, scope: CallScope): Promise<CompletionResult> {
    const { data: stream, response } = await this.client.chat.completions
      .create(
        { ...this.body(request), stream: true, stream_options: { include_usage: true } },
        { signal: scope.signal, timeout: scope.timeoutMs },
      )
      .withResponse();
    assertEventStream(response.headers);
    const parts: string[] = [];
    let ttftMs: number | null = null;
    let finishReason: string | null = null;
    let usage: ChatCompletion['usage'] | null = null;
    for await (const chunk of stream) {
      if (typeof chunk !== 'object' || chunk === null || !Array.isArray(chunk.choices)) {
        throw new MalformedResponseError('a stream chunk is not a chat completion chunk (no `choices` array)');
      }
      if (chunk.usage) usage = chunk.usage;
      for (const choice of chunk.choices) {
        if (choice.index !== 0) continue;
        const content = choice.delta?.content;
        if (typeof content === 'string' && content !== '') {
          ttftMs ??= scope.elapsed();
          parts.push(content);
        }
        if (choice.finish_reason) finishReason = choice.finish_reason;
      }
    }
    // The SDK ends the iteration quietly when the signal aborts or the server stops early.
    if (finishReason === null) throw new StreamEndedEarlyError('the stream ended before a finish_reason');
    const output = parts.join('');
    return { output, ...this.usage(request, output, usage), latencyMs: scope.elapsed(), ttftMs, finishReason };
  }

  private usage(
    request: CompletionRequest,
    output: string,
    reported: ChatCompletion['usage'] | null,
  ): { usage: Usage; usageSource: 'reported' | 'estimated' } {
    if (reported != null) return { usage: usageFromOpenAI(reported), usageSource: 'reported' };
    return { usage: estimateUsage(request, output, this.counter), usageSource: 'estimated' };
  }
}

/** The system prompt as the first message, then the conversation. */
export function chatMessages(request: CompletionRequest): ChatCompletionMessageParam[] {
  const messages: ChatCompletionMessageParam[] = [];
  if (request.system !== undefined && request.system !== '') messages.push({ role: 'system', content: request.system });
  for (const message of request.messages) messages.push({ role: message.role, content: message.content });
  return messages;
}

function isCompletion(value: unknown): value is ChatCompletion {
  return typeof value === 'object' && value !== null && Array.isArray((value as { choices?: unknown }).choices);
}
