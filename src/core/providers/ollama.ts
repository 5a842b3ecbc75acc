/**
 * Ollama's native chat API (`POST /api/chat`) through the `ollama` package.
 *
 * - Options: `num_predict` (maxOutputTokens), `temperature`, `top_p`; the system prompt is the first
 *   message. Usage is `prompt_eval_count` (input) and `eval_count` (output); when Ollama leaves one out
 *   (it may omit prompt_eval_count for a fully cached prompt) the usage is counted and `estimated`.
 * - The package passes no abort signal on non-streamed calls, does not expose response headers and
 *   skips NDJSON lines it cannot parse, so each call gets a client whose fetch adds the call's signal
 *   (timeout and caller), keeps the response headers (for Retry-After), and fails a streamed body on a
 *   line that is not JSON (`malformed-response`) instead of dropping it.
 * - A stream without its final `done: true` line is `connection` (retryable); an `{"error": …}` line in
 *   the stream is `server-error` (retryable).
 * - The browser build of the package is used: same client, without the node build's file-system image
 *   loading, which core has no use for.
 */
import { Ollama } from 'ollama/browser';
import type { ChatResponse, Message } from 'ollama/browser';
import type { Clock } from '../ports.ts';
import type { TokenCounter } from '../tokens/counter.ts';
import { DEFAULT_TIMEOUT_MS, startCall } from './call.ts';
import type { CallScope, FetchLike } from './call.ts';
import { MalformedResponseError, StreamEndedEarlyError, toProviderCallError } from './errors.ts';
import type { ErrorContext, HeaderReader } from './errors.ts';
import { countTokens, estimatePromptTokens } from './estimate.ts';
import { ProviderCallError } from './provider.ts';
import type { CompletionRequest, CompletionResult, Provider } from './provider.ts';
import { makeUsage } from '../economics/usage.ts';

export const DEFAULT_OLLAMA_HOST = 'http://127.0.0.1:11434';

export interface OllamaProviderOptions {
  /** E.g. `http://127.0.0.1:11434`. */
  host: string;
  clock: Clock;
  /** Sent as a bearer token when given (Ollama behind an authenticating proxy, or ollama.com). */
  apiKey?: string | null;
  counter?: TokenCounter;
  timeoutMs?: number;
  fetch?: FetchLike;
}

/** What the package's AbortableAsyncIterator throws when the stream ends without `done`. */
const NO_DONE = 'Did not receive done or success response in stream.';

/** Reads the fetch the package resolved: the one given, else its default (the global fetch). */
class ResolvedFetch extends Ollama {
  get resolved(): FetchLike {
    return this.fetch;
  }
}

export class OllamaProvider implements Provider {
  readonly kind = 'ollama';
  private readonly host: string;
  private readonly clock: Clock;
  private readonly apiKey: string | null;
  private readonly counter: TokenCounter | undefined;
  private readonly timeoutMs: number;
  private readonly baseFetch: FetchLike;

  constructor(options: OllamaProviderOptions) {
    this.host = options.host;
    this.clock = options.clock;
    this.apiKey = options.apiKey ?? null;
    this.counter = options.counter;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.baseFetch = new ResolvedFetch({ host: options.host, ...(options.fetch ? { fetch: options.fetch } : {}) }).resolved;
  }

  async complete(request: CompletionRequest): Promise<CompletionResult> {
    const scope = startCall(request, this.clock, this.timeoutMs);
    const seen: { headers: HeaderReader | null } = { headers: null };
    const context: ErrorContext = { provider: this.kind, secrets: [this.apiKey], clock: this.clock, scope };
    try {
      const client = this.client(scope, request.stream === true, seen);
      return request.stream === true ? await this.streamed(client, request, scope) : await this.whole(client, request, scope);
    } catch (error) {
      throw toProviderCallError(error, { ...context, headers: seen.headers });
    } finally {
      scope.dispose();
    }
  }

  private client(scope: CallScope, stream: boolean, seen: { headers: HeaderReader | null }): Ollama {
    const base = this.baseFetch;
    const fetch: FetchLike = async (input, init) => {
      const signal = init?.signal ? AbortSignal.any([init.signal, scope.signal]) : scope.signal;
      const response = await base(input, { ...init, signal });
      seen.headers = response.headers;
      const { status, statusText, headers } = response;
      if (!response.ok && !/json/i.test(headers.get('content-type') ?? '')) {
        // The package logs to the console on a non-JSON error body; hand it Ollama's own error shape instead.
        const text = (await response.text()).replace(/<[^>]*>/g, ' ').trim().slice(0, 200);
        return Response.json({ error: text || statusText || `HTTP ${status}` }, { status, statusText });
      }
      if (!stream || !response.ok || response.body === null) return response;
      return new Response(response.body.pipeThrough(ndjsonCheck()), { status, statusText, headers });
    };
    return new Ollama({
      host: this.host,
      fetch,
      ...(this.apiKey === null || this.apiKey === '' ? {} : { headers: { Authorization: `Bearer ${this.apiKey}` } }),
    });
  }

  private body(request: CompletionRequest) {
    const messages: Message[] = [];
    if (request.system !== undefined && request.system !== '') messages.push({ role: 'system', content: request.system });
    for (const message of request.messages) messages.push({ role: message.role, content: message.content });
    return {
      model: request.model,
      messages,
      options: {
        num_predict: request.maxOutputTokens,
        ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
        ...(request.topP === undefined ? {} : { top_p: request.topP }),
      },
    };
  }

  private async whole(client: Ollama, request: CompletionRequest, scope: CallScope): Promise<CompletionResult> {
    const response: unknown = await client.chat({ ...this.body(request), stream: false });
    if (!isChatResponse(response)) throw new MalformedResponseError('the body is not a chat response (no `message`)');
    const output = response.message.content;
    return { output, ...this.usage(request, output, response), latencyMs: scope.elapsed(), ttftMs: null, finishReason: response.done_reason ?? null };
  }

  private async streamed(client: Ollama, request: CompletionRequest, scope: CallScope): Promise<CompletionResult> {
    const stream = await client.chat({ ...this.body(request), stream: true });
    const parts: string[] = [];
    let ttftMs: number | null = null;
    let last: ChatResponse | null = null;
    try {
      for await (const part of stream) {
        if (!isChatResponse(part)) throw new MalformedResponseError('a stream line is not a chat response (no `message`)');
        if (part.message.content !== '') {
          ttftMs ??= scope.elapsed();
          parts.push(part.message.content);
        }
        last = part;
      }
    } catch (error) {
      throw streamFailure(error);
    }
    if (last === null || !last.done) throw new StreamEndedEarlyError('the stream ended before its `done` line');
    const output = parts.join('');
    return { output, ...this.usage(request, output, last), latencyMs: scope.elapsed(), ttftMs, finishReason: last.done_reason ?? null };
  }

  private usage(request: CompletionRequest, output: string, response: Partial<ChatResponse>) {
    const input = response.prompt_eval_count;
    const evaluated = response.eval_count;
    const reported = typeof input === 'number' && typeof evaluated === 'number';
    return {
      usage: makeUsage({
        input: typeof input === 'number' ? input : estimatePromptTokens(request, this.counter),
        output: typeof evaluated === 'number' ? evaluated : countTokens(output, this.counter),
      }),
      usageSource: reported ? ('reported' as const) : ('estimated' as const),
    };
  }
}

/** The package's own stream errors, made typed: no `done` line, or an `{"error": …}` line. */
function streamFailure(error: unknown): unknown {
  if (error instanceof Error && error.constructor === Error) {
    if (error.message === NO_DONE) return new StreamEndedEarlyError('the stream ended before its `done` line');
    return new ProviderCallError({ code: 'server-error', message: `ollama: error in the stream: ${error.message}`, retryable: true });
  }
  return error;
}

/** Passes an NDJSON body through, erroring the stream at the first line that is not JSON. */
function ndjsonCheck(): TransformStream<Uint8Array, Uint8Array> {
  const decoder = new TextDecoder();
  let pending = '';
  const check = (line: string) => {
    if (line.trim() === '') return;
    try {
      JSON.parse(line);
    } catch {
      throw new MalformedResponseError(`a stream line is not JSON: ${line.slice(0, 80)}`);
    }
  };
  return new TransformStream({
    transform(chunk, controller) {
      pending += decoder.decode(chunk, { stream: true });
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      lines.forEach(check);
      controller.enqueue(chunk);
    },
    flush() {
      check(pending + decoder.decode());
    },
  });
}

function isChatResponse(value: unknown): value is ChatResponse {
  if (typeof value !== 'object' || value === null) return false;
  const message = (value as { message?: unknown }).message;
  return typeof message === 'object' && message !== null && typeof (message as { content?: unknown }).content === 'string';
}
