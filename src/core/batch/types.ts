/**
 * The vocabulary of batch runs (`costlab run --batch`): trials sent through a provider's batch API — OpenAI's
 * Batch API or Anthropic's Message Batches — instead of one call each, answered within 24 hours at the batch
 * rates (priceUsage with `{ batch: true }`).
 *
 * A BatchBackend is one provider endpoint's batch API behind four calls: submit, status, collect, cancel. Each
 * call is single-shot and throws a ProviderCallError carrying a typed ProviderError (key redacted); retries and
 * polling are decided by the caller (poll.ts), with the injected sleep.
 */
import type { Usage } from '../economics/usage.ts';
import type { CompletionRequest, ProviderError } from '../providers/provider.ts';

export type BatchProvider = 'openai' | 'anthropic';

/** What one batch may hold. */
export interface BatchLimits {
  maxRequests: number;
  maxBytes: number;
}

/**
 * The providers' published limits per batch:
 * - OpenAI: "The file can contain up to 50,000 requests, and can be up to 200 MB in size"
 *   (https://platform.openai.com/docs/api-reference/batch/create, `input_file_id`).
 * - Anthropic: "A Message Batch is limited to either 100,000 Message requests or 256 MB in size, whichever is
 *   reached first" (https://docs.claude.com/en/docs/build-with-claude/batch-processing, batch limitations).
 * MB is read as 10^6 bytes, the smaller reading, and a batch is cut a little below it (see chunk.ts).
 */
export const BATCH_LIMITS: Readonly<Record<BatchProvider, BatchLimits>> = Object.freeze({
  openai: { maxRequests: 50_000, maxBytes: 200_000_000 },
  anthropic: { maxRequests: 100_000, maxBytes: 256_000_000 },
});

/** One trial as one request of a batch. */
export interface BatchItem {
  trialId: string;
  /** The id the provider sees (see BatchBackend.customId). */
  customId: string;
  /** The request as a live call would send it (no signal, no timeout: a batch has its own window). */
  request: CompletionRequest;
}

/**
 * What became of one request:
 * - succeeded: the answer and its usage (null when the provider reported none: then the price is unknown);
 * - failed: a typed error (a per-request error, a request left over when the batch expired, or a batch that
 *   failed as a whole); not billed;
 * - canceled: never run because the batch was cancelled; not billed, and the trial gets no result, so a resume
 *   sends it again.
 */
export type BatchOutcome =
  | { kind: 'succeeded'; output: string; usage: Usage | null; finishReason: string | null }
  | { kind: 'failed'; error: ProviderError }
  | { kind: 'canceled' };

/** A submitted batch. */
export interface BatchRef {
  batchId: string;
  /** OpenAI: the uploaded JSONL file; Anthropic: null (the requests go in the create call). */
  inputFileId: string | null;
}

export interface BatchStatus {
  /** `ended` once no request will change any more (completed, failed, expired or cancelled). */
  phase: 'running' | 'ended';
  /**
   * The provider's own word — OpenAI: validating, in_progress, finalizing, completed, failed, expired,
   * cancelling, cancelled; Anthropic: in_progress, canceling, ended.
   */
  status: string;
  /** Requests in the batch, when the provider says. */
  total: number | null;
  /** Requests with an outcome so far (succeeded or not). */
  done: number;
  /** Of those, the ones that did not succeed. */
  failed: number;
}

export interface BatchBackend {
  readonly provider: BatchProvider;
  /** The endpoint, as in the ledger (no credentials). */
  readonly baseURL: string;
  readonly limits: BatchLimits;
  /** The custom id a trial is sent under (deterministic, so a resumed process maps results back). */
  customId(trialId: string): string;
  /** The bytes one request adds to the batch (its JSONL line or its entry in the create body). */
  itemBytes(item: BatchItem): number;
  /** The bytes of an empty batch (framing). */
  readonly overheadBytes: number;
  submit(items: readonly BatchItem[], meta: { runId: string; group: string }, signal?: AbortSignal): Promise<BatchRef>;
  status(ref: BatchRef, signal?: AbortSignal): Promise<BatchStatus>;
  /** Once ended: every outcome the provider reports, by custom id. */
  collect(ref: BatchRef, signal?: AbortSignal): Promise<Map<string, BatchOutcome>>;
  /** Asks the provider to stop the batch. Sent once, never retried: it runs after an abort. */
  cancel(ref: BatchRef): Promise<void>;
}
