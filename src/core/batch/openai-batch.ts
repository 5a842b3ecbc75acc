/**
 * OpenAI's Batch API through the official `openai` SDK (https://platform.openai.com/docs/guides/batch):
 *
 * 1. submit: the requests as JSONL, one `{custom_id, method: "POST", url: "/v1/chat/completions", body}` per
 *    line (custom_id = the trial id; body as the live adapter sends it: system-first messages,
 *    max_completion_tokens, temperature, top_p), uploaded with `files.create({ purpose: 'batch' })`, then
 *    `batches.create({ input_file_id, endpoint: '/v1/chat/completions', completion_window: '24h' })` with the
 *    run id in its metadata. A batch holds requests for one model only (run-batch.ts groups by model).
 * 2. status: `batches.retrieve`; ended at completed, failed, expired or cancelled.
 * 3. collect: the output file (`files.content(output_file_id)`) and the error file (`error_file_id`), line by
 *    line: a 200 response with a chat completion → succeeded, usage through usageFromOpenAI; another status →
 *    its typed error; `error: {code: "batch_expired"}` → `timeout` (retryable); a request of a cancelled batch
 *    that has no line was never run → no outcome (pending). A batch that failed as a whole (validation) gives
 *    every request of its input file — read back with files.content — a `bad-request` error naming the
 *    batch's errors.
 * 4. cancel: `batches.cancel`.
 *
 * As in openai.ts: the SDK's retries are off and every setting is explicit (nothing read from the environment).
 */
import OpenAI, { toFile } from 'openai';
import type { Batch } from 'openai/resources/batches';
import { usageFromOpenAI } from '../economics/usage.ts';
import type { OpenAIUsage, Usage } from '../economics/usage.ts';
import type { FetchLike } from '../providers/call.ts';
import { chatMessages } from '../providers/openai.ts';
import type { ProviderError } from '../providers/provider.ts';
import { SdkBatchBackend } from './sdk-backend.ts';
import type { SdkBackendOptions } from './sdk-backend.ts';
import { BATCH_LIMITS } from './types.ts';
import type { BatchBackend, BatchItem, BatchOutcome, BatchRef, BatchStatus } from './types.ts';
import { expiredError, isRecord, statusError, stringOf, typedError, utf8Bytes } from './wire.ts';

/** `baseURL` e.g. `https://api.openai.com/v1`. */
export interface OpenAIBatchOptions extends SdkBackendOptions {
  timeoutMs?: number;
  fetch?: FetchLike;
  organization?: string;
  project?: string;
}

export const OPENAI_BATCH_ENDPOINT = '/v1/chat/completions';
const NAME = 'openai batch';
const ENDED = new Set<Batch['status']>(['completed', 'failed', 'expired', 'cancelled']);

export class OpenAIBatch extends SdkBatchBackend implements BatchBackend {
  readonly provider = 'openai';
  readonly overheadBytes = 0;
  private readonly client: OpenAI;

  constructor(options: OpenAIBatchOptions) {
    super(NAME, BATCH_LIMITS.openai, options);
    this.client = new OpenAI({
      apiKey: options.apiKey,
      adminAPIKey: null,
      baseURL: options.baseURL,
      organization: options.organization ?? null,
      project: options.project ?? null,
      maxRetries: 0,
      logLevel: 'off',
      ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    });
  }

  customId(trialId: string): string {
    return trialId;
  }

  /** One line of the input file (without its newline). */
  line(item: BatchItem): string {
    const { request } = item;
    const body = {
      model: request.model,
      messages: chatMessages(request),
      max_completion_tokens: request.maxOutputTokens,
      ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
      ...(request.topP === undefined ? {} : { top_p: request.topP }),
    };
    return JSON.stringify({ custom_id: item.customId, method: 'POST', url: OPENAI_BATCH_ENDPOINT, body });
  }

  /** The whole input file. */
  jsonl(items: readonly BatchItem[]): string {
    return items.map((item) => `${this.line(item)}\n`).join('');
  }

  itemBytes(item: BatchItem): number {
    return utf8Bytes(this.line(item)) + 1;
  }

  async submit(items: readonly BatchItem[], meta: { runId: string; group: string }, signal?: AbortSignal): Promise<BatchRef> {
    const file = await toFile(new TextEncoder().encode(this.jsonl(items)), `costlab-${meta.runId}.jsonl`, { type: 'application/jsonl' });
    const uploaded = await this.call(() => this.client.files.create({ file, purpose: 'batch' }, { signal }), 'safe');
    const batch = await this.call(
      () =>
        this.client.batches.create(
          {
            input_file_id: uploaded.id,
            endpoint: OPENAI_BATCH_ENDPOINT,
            completion_window: '24h',
            metadata: { costlab_run: meta.runId.slice(0, 512), costlab_group: meta.group.slice(0, 512) },
          },
          { signal },
        ),
      'create',
    );
    return { batchId: batch.id, inputFileId: uploaded.id };
  }

  async status(ref: BatchRef, signal?: AbortSignal): Promise<BatchStatus> {
    const batch = await this.call(() => this.client.batches.retrieve(ref.batchId, { signal }), 'single');
    const counts = batch.request_counts;
    return {
      phase: ENDED.has(batch.status) ? 'ended' : 'running',
      status: batch.status,
      total: counts?.total ?? null,
      done: (counts?.completed ?? 0) + (counts?.failed ?? 0),
      failed: counts?.failed ?? 0,
    };
  }

  async collect(ref: BatchRef, signal?: AbortSignal): Promise<Map<string, BatchOutcome>> {
    const batch = await this.call(() => this.client.batches.retrieve(ref.batchId, { signal }), 'safe');
    const outcomes = new Map<string, BatchOutcome>();
    if (batch.status === 'failed') {
      const errors = batch.errors?.data ?? [];
      const summary = errors.slice(0, 3).map((e) => `${e.line == null ? '' : `line ${e.line}: `}${e.message ?? e.code ?? 'error'}`).join('; ');
      const lines = (await this.download(batch.input_file_id, signal)).split('\n');
      lines.forEach((text, index) => {
        const customId = parseLine(text)?.['custom_id'];
        if (typeof customId !== 'string') return;
        const own = errors.find((e) => e.line === index + 1);
        const why = own ? `line ${index + 1}: ${own.message ?? own.code ?? 'error'}` : summary || 'no reason given';
        const error = typedError(NAME, 'invalid_request_error', `the batch ${batch.id} failed (${why})`, this.secrets);
        outcomes.set(customId, { kind: 'failed', error });
      });
      return outcomes;
    }
    for (const fileId of [batch.output_file_id, batch.error_file_id]) {
      if (fileId == null || fileId === '') continue;
      for (const text of (await this.download(fileId, signal)).split('\n')) {
        const line = parseLine(text);
        if (line === null || typeof line['custom_id'] !== 'string') continue;
        outcomes.set(line['custom_id'], this.outcome(line));
      }
    }
    return outcomes;
  }

  async cancel(ref: BatchRef): Promise<void> {
    await this.call(() => this.client.batches.cancel(ref.batchId), 'single');
  }

  private outcome(line: Record<string, unknown>): BatchOutcome {
    const response = line['response'];
    const error = line['error'];
    if (isRecord(response) && typeof response['status_code'] === 'number') {
      const status = response['status_code'];
      const body = response['body'];
      if (status >= 200 && status < 300) return this.succeeded(body);
      const inner = isRecord(body) && isRecord(body['error']) ? body['error'] : {};
      return { kind: 'failed', error: statusError(NAME, status, stringOf(inner['type']), stringOf(inner['message']) ?? 'request failed', this.secrets) };
    }
    if (isRecord(error)) {
      const code = stringOf(error['code']);
      if (code === 'batch_expired') return { kind: 'failed', error: expiredError(NAME) };
      return { kind: 'failed', error: typedError(NAME, code, stringOf(error['message']) ?? 'request failed', this.secrets) };
    }
    return { kind: 'failed', error: malformed('a result line has neither `response` nor `error`') };
  }

  private succeeded(body: unknown): BatchOutcome {
    if (!isRecord(body) || !Array.isArray(body['choices'])) return { kind: 'failed', error: malformed('a response body is not a chat completion') };
    const choice: unknown = body['choices'][0];
    const message = isRecord(choice) && isRecord(choice['message']) ? choice['message'] : {};
    const output = typeof message['content'] === 'string' ? message['content'] : '';
    const finishReason = isRecord(choice) ? (stringOf(choice['finish_reason']) ?? null) : null;
    return { kind: 'succeeded', output, usage: usageOf(body['usage']), finishReason };
  }

  private async download(fileId: string, signal?: AbortSignal): Promise<string> {
    return this.call(async () => (await this.client.files.content(fileId, { signal })).text(), 'safe');
  }
}

function parseLine(text: string): Record<string, unknown> | null {
  if (text.trim() === '') return null;
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : null;
  } catch {
    return null;
  }
}

/** The reported usage, or null (price unknown, never $0) when there is none or its counts are unsound. */
function usageOf(value: unknown): Usage | null {
  if (!isRecord(value)) return null;
  try {
    return usageFromOpenAI(value as unknown as OpenAIUsage);
  } catch {
    return null;
  }
}

function malformed(message: string): ProviderError {
  return { code: 'malformed-response', message: `${NAME}: malformed response: ${message}`, retryable: false };
}
