/**
 * Anthropic's Message Batches through the official `@anthropic-ai/sdk`
 * (https://docs.claude.com/en/docs/build-with-claude/batch-processing):
 *
 * 1. submit: `messages.batches.create({ requests: [{ custom_id, params }] })`, params built as the live
 *    adapter builds a Messages body (anthropic.ts messagesBody: system, cache_control, max_tokens, sampling).
 *    A custom id must match ^[a-zA-Z0-9_-]{1,64}$, which trial ids (`base@anthropic:claude-haiku-4-5|c1|1`) do
 *    not: each is sent as `t-` + the first 40 hex digits of its SHA-256 — the same on every run, so a resumed
 *    process maps results back from the run's trials alone.
 * 2. status: `messages.batches.retrieve`; ended at `processing_status: 'ended'`, counts from request_counts.
 * 3. collect: `messages.batches.results(id)`, a JSONL stream: succeeded → the message's text and usage
 *    (usageFromAnthropic); errored → its typed error; expired → `timeout` (retryable); canceled → no result.
 * 4. cancel: `messages.batches.cancel`.
 *
 * As in anthropic.ts: the SDK's retries are off and every setting is explicit.
 */
import Anthropic from '@anthropic-ai/sdk';
import type { MessageBatch } from '@anthropic-ai/sdk/resources/messages/batches';
import { usageFromAnthropic } from '../economics/usage.ts';
import type { AnthropicUsage, Usage } from '../economics/usage.ts';
import { messagesBody } from '../providers/anthropic.ts';
import type { FetchLike } from '../providers/call.ts';
import type { ProviderError } from '../providers/provider.ts';
import { sha256Hex } from '../runner/sha256.ts';
import { SdkBatchBackend } from './sdk-backend.ts';
import type { SdkBackendOptions } from './sdk-backend.ts';
import { BATCH_LIMITS } from './types.ts';
import type { BatchBackend, BatchItem, BatchOutcome, BatchRef, BatchStatus } from './types.ts';
import { expiredError, isRecord, stringOf, typedError, utf8Bytes } from './wire.ts';

/** `baseURL` e.g. `https://api.anthropic.com`. */
export interface AnthropicBatchOptions extends SdkBackendOptions {
  timeoutMs?: number;
  fetch?: FetchLike;
}

const NAME = 'anthropic batch';

/** `t-` + 40 hex digits of the trial id's SHA-256: a valid Message Batches custom_id. */
export function anthropicCustomId(trialId: string): string {
  return `t-${sha256Hex(trialId).slice(0, 40)}`;
}

export class AnthropicBatch extends SdkBatchBackend implements BatchBackend {
  readonly provider = 'anthropic';
  /** `{"requests":[` … `]}`. */
  readonly overheadBytes = 15;
  private readonly client: Anthropic;

  constructor(options: AnthropicBatchOptions) {
    super(NAME, BATCH_LIMITS.anthropic, options);
    this.client = new Anthropic({
      apiKey: options.apiKey,
      baseURL: options.baseURL,
      maxRetries: 0,
      logLevel: 'off',
      ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    });
  }

  customId(trialId: string): string {
    return anthropicCustomId(trialId);
  }

  entry(item: BatchItem) {
    return { custom_id: item.customId, params: messagesBody(item.request) };
  }

  itemBytes(item: BatchItem): number {
    return utf8Bytes(JSON.stringify(this.entry(item))) + 1;
  }

  async submit(items: readonly BatchItem[], _meta: { runId: string; group: string }, signal?: AbortSignal): Promise<BatchRef> {
    const requests = items.map((item) => this.entry(item));
    const batch = await this.call(() => this.client.messages.batches.create({ requests }, { signal }), 'create');
    return { batchId: batch.id, inputFileId: null };
  }

  async status(ref: BatchRef, signal?: AbortSignal): Promise<BatchStatus> {
    const batch: MessageBatch = await this.call(() => this.client.messages.batches.retrieve(ref.batchId, {}, { signal }), 'single');
    const c = batch.request_counts;
    const failed = c.errored + c.expired;
    const done = c.succeeded + failed + c.canceled;
    return { phase: batch.processing_status === 'ended' ? 'ended' : 'running', status: batch.processing_status, total: done + c.processing, done, failed };
  }

  async collect(ref: BatchRef, signal?: AbortSignal): Promise<Map<string, BatchOutcome>> {
    return this.call(async () => {
      const outcomes = new Map<string, BatchOutcome>();
      const lines = await this.client.messages.batches.results(ref.batchId, {}, { signal });
      for await (const line of lines) {
        const value: unknown = line;
        if (!isRecord(value) || typeof value['custom_id'] !== 'string') continue;
        outcomes.set(value['custom_id'], this.outcome(value['result']));
      }
      return outcomes;
    }, 'safe');
  }

  async cancel(ref: BatchRef): Promise<void> {
    await this.call(() => this.client.messages.batches.cancel(ref.batchId), 'single');
  }

  private outcome(result: unknown): BatchOutcome {
    if (!isRecord(result)) return { kind: 'failed', error: malformed('a result line has no `result`') };
    switch (result['type']) {
      case 'succeeded':
        return succeeded(result['message']);
      case 'errored': {
        // `error` is an error response: {type: 'error', error: {type, message}}.
        const body = result['error'];
        const inner = isRecord(body) && isRecord(body['error']) ? body['error'] : isRecord(body) ? body : {};
        return { kind: 'failed', error: typedError(NAME, stringOf(inner['type']), stringOf(inner['message']) ?? 'request failed', this.secrets) };
      }
      case 'expired':
        return { kind: 'failed', error: expiredError(NAME) };
      case 'canceled':
        return { kind: 'canceled' };
      default:
        return { kind: 'failed', error: malformed(`unknown result type ${JSON.stringify(result['type'])}`) };
    }
  }
}

function succeeded(message: unknown): BatchOutcome {
  if (!isRecord(message) || !Array.isArray(message['content'])) return { kind: 'failed', error: malformed('a succeeded result has no message content') };
  const output = message['content']
    .map((block: unknown) => (isRecord(block) && block['type'] === 'text' && typeof block['text'] === 'string' ? block['text'] : ''))
    .join('');
  const finishReason = stringOf(message['stop_reason']) ?? null;
  return { kind: 'succeeded', output, usage: usageOf(message['usage']), finishReason };
}

/** The reported usage, or null (price unknown, never $0) when there is none or its counts are unsound. */
function usageOf(value: unknown): Usage | null {
  if (!isRecord(value)) return null;
  try {
    return usageFromAnthropic(value as unknown as AnthropicUsage);
  } catch {
    return null;
  }
}

function malformed(message: string): ProviderError {
  return { code: 'malformed-response', message: `${NAME}: malformed response: ${message}`, retryable: false };
}
