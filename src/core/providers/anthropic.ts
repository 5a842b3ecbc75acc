/**
 * Anthropic Messages through the official `@anthropic-ai/sdk`.
 *
 * - The SDK's retries are off (`maxRetries: 0`) and the key, base URL and log level are explicit (the
 *   SDK would otherwise read ANTHROPIC_API_KEY, ANTHROPIC_AUTH_TOKEN, ANTHROPIC_BASE_URL, ANTHROPIC_LOG
 *   and credential files).
 * - The system prompt goes in `system` (system-role messages in the conversation are folded into it);
 *   with `cacheSystemPrefix` it is one text block with `cache_control: { type: 'ephemeral' }` — a
 *   cache breakpoint at the end of the system prompt (5-minute lifetime).
 * - Streaming reads the raw events: usage from `message_start` (input and cache counts), updated by each
 *   `message_delta` (cumulative counts); the time to first token is the first non-empty `text_delta`.
 *   A stream is complete at `message_stop`; one that ends before is `connection` (retryable), and the
 *   usage seen so far goes with the error as `billedUsage`.
 * - Usage maps through usageFromAnthropic (cache_creation_input_tokens, cache_read_input_tokens, and
 *   the 5m / 1h split of `cache_creation` when the response gives it).
 */
import Anthropic from '@anthropic-ai/sdk';
import type {
  MessageCreateParamsNonStreaming,
  MessageParam,
  TextBlockParam,
} from '@anthropic-ai/sdk/resources/messages';
import type { AnthropicUsage, Usage } from '../economics/usage.ts';
import { usageFromAnthropic } from '../economics/usage.ts';
import type { Clock } from '../ports.ts';
import { DEFAULT_TIMEOUT_MS, startCall } from './call.ts';
import type { CallScope, FetchLike } from './call.ts';
import { MalformedResponseError, StreamEndedEarlyError, assertEventStream, toProviderCallError } from './errors.ts';
import type { ErrorContext } from './errors.ts';
import type { CompletionRequest, CompletionResult, Provider } from './provider.ts';

export interface AnthropicProviderOptions {
  apiKey: string;
  /** E.g. `https://api.anthropic.com` (the SDK adds `/v1/messages`). */
  baseURL: string;
  clock: Clock;
  timeoutMs?: number;
  fetch?: FetchLike;
}

/** Usage fields a `message_delta` may update (its counts are cumulative). */
const DELTA_FIELDS = ['input_tokens', 'output_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens'] as const;

export class AnthropicProvider implements Provider {
  readonly kind = 'anthropic';
  private readonly client: Anthropic;
  private readonly clock: Clock;
  private readonly timeoutMs: number;
  private readonly secrets: readonly string[];

  constructor(options: AnthropicProviderOptions) {
    this.clock = options.clock;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.secrets = [options.apiKey];
    this.client = new Anthropic({
      apiKey: options.apiKey,
      baseURL: options.baseURL,
      maxRetries: 0,
      timeout: this.timeoutMs,
      logLevel: 'off',
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    });
  }

  async complete(request: CompletionRequest): Promise<CompletionResult> {
    const scope = startCall(request, this.clock, this.timeoutMs);
    const context: ErrorContext = { provider: this.kind, secrets: this.secrets, clock: this.clock, scope };
    const seen: { usage: AnthropicUsage | null } = { usage: null };
    try {
      return request.stream === true ? await this.streamed(request, scope, seen) : await this.whole(request, scope);
    } catch (error) {
      throw toProviderCallError(error, context, billed(seen.usage));
    } finally {
      scope.dispose();
    }
  }

  private async whole(request: CompletionRequest, scope: CallScope): Promise<CompletionResult> {
    const message: unknown = await this.client.messages.create(
      { ...messagesBody(request), stream: false },
      { signal: scope.signal, timeout: scope.timeoutMs },
    );
    if (!isRecord(message) || !Array.isArray(message['content']) || !isRecord(message['usage'])) {
      throw new MalformedResponseError('the body is not a message (no `content` array or `usage`)');
    }
    const output = message['content']
      .map((block: unknown) => (isRecord(block) && block['type'] === 'text' && typeof block['text'] === 'string' ? block['text'] : ''))
      .join('');
    return {
      output,
      usage: usageFromAnthropic(message['usage'] as unknown as AnthropicUsage),
      usageSource: 'reported',
      latencyMs: scope.elapsed(),
      ttftMs: null,
      finishReason: typeof message['stop_reason'] === 'string' ? message['stop_reason'] : null,
    };
  }

  private async streamed(
    request: CompletionRequest,
    scope: CallScope,
    seen: { usage: AnthropicUsage | null },
  ): Promise<CompletionResult> {
    const { data: stream, response } = await this.client.messages
      .create({ ...messagesBody(request), stream: true }, { signal: scope.signal, timeout: scope.timeoutMs })
      .withResponse();
    assertEventStream(response.headers);
    const parts: string[] = [];
    let ttftMs: number | null = null;
    let finishReason: string | null = null;
    let stopped = false;
    for await (const event of stream) {
      switch (event.type) {
        case 'message_start':
          if (!isRecord(event.message?.usage)) throw new MalformedResponseError('message_start has no usage');
          seen.usage = { ...event.message.usage };
          break;
        case 'content_block_delta':
          if (event.delta.type === 'text_delta' && event.delta.text !== '') {
            ttftMs ??= scope.elapsed();
            parts.push(event.delta.text);
          }
          break;
        case 'message_delta': {
          if (seen.usage === null) throw new MalformedResponseError('message_delta before message_start');
          const update = event.usage as unknown as Record<string, unknown> | null;
          for (const field of DELTA_FIELDS) {
            const value = update?.[field];
            if (typeof value === 'number') seen.usage[field] = value;
          }
          if (isRecord(update?.['cache_creation'])) seen.usage.cache_creation = update['cache_creation'];
          finishReason = event.delta.stop_reason ?? finishReason;
          break;
        }
        case 'message_stop':
          stopped = true;
          break;
        default:
          break;
      }
    }
    // The SDK ends the iteration quietly when the signal aborts or the server stops early.
    if (!stopped || seen.usage === null) throw new StreamEndedEarlyError('the stream ended before message_stop');
    return {
      output: parts.join(''),
      usage: usageFromAnthropic(seen.usage),
      usageSource: 'reported',
      latencyMs: scope.elapsed(),
      ttftMs,
      finishReason,
    };
  }
}

/** The request body: system in `system` (cache-marked when asked), the conversation in `messages`. */
export function messagesBody(request: CompletionRequest): MessageCreateParamsNonStreaming {
  const systemParts = [request.system ?? '', ...request.messages.filter((m) => m.role === 'system').map((m) => m.content)];
  const system = systemParts.filter((part) => part !== '').join('\n\n');
  const messages: MessageParam[] = request.messages
    .filter((m) => m.role !== 'system')
    .map((m) => ({ role: m.role === 'assistant' ? 'assistant' : 'user', content: m.content }));
  const systemBlock: TextBlockParam[] | string | undefined =
    system === ''
      ? undefined
      : request.cacheSystemPrefix === true
        ? [{ type: 'text', text: system, cache_control: { type: 'ephemeral' } }]
        : system;
  return {
    model: request.model,
    max_tokens: request.maxOutputTokens,
    messages,
    ...(systemBlock === undefined ? {} : { system: systemBlock }),
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(request.topP === undefined ? {} : { top_p: request.topP }),
  };
}

/** The usage billed before a stream failed, when message_start came and its counts are sound. */
function billed(usage: AnthropicUsage | null): Usage | undefined {
  if (usage === null) return undefined;
  try {
    return usageFromAnthropic(usage);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
