/**
 * What a batch run reports, besides the runner's RunEvents (run-started with the bill at batch rates,
 * trial-finished and progress per result, budget-exhausted, run-finished). Plain JSON, one per NDJSON line.
 *
 * Order: run-started; for batches left by an earlier process, their progress and end; then batch-submitted per
 * new batch (its id is in the ledger before this is emitted); batch-progress per poll (and batch-poll-retry
 * for a failed poll); batch-ended, preceded by trial-finished + progress for each of its results; run-finished.
 * On an abort: batch-cancelled per live batch. A batch that could not be submitted or collected: batch-error.
 * No trial-started: a batch's requests start when the provider gets to them, which it does not report.
 */
import type { ProviderError } from '../providers/provider.ts';
import type { RunEvent } from '../runner/events.ts';
import type { BatchProvider } from './types.ts';

interface BatchIds {
  runId: string;
  provider: BatchProvider;
  batchId: string;
}

export type BatchEvent =
  | (BatchIds & { type: 'batch-submitted'; group: string; baseURL: string; requests: number; inputFileId: string | null })
  | (BatchIds & {
      type: 'batch-progress';
      /** The provider's status word (validating, in_progress, finalizing, …; Anthropic: in_progress, canceling, ended). */
      status: string;
      total: number | null;
      done: number;
      failed: number;
      /** When the next poll comes; null once ended. */
      nextPollMs: number | null;
    })
  | (BatchIds & { type: 'batch-poll-retry'; attempt: number; error: ProviderError; delayMs: number })
  | (BatchIds & {
      type: 'batch-ended';
      status: string;
      /** Results appended for its trials. */
      results: number;
      /** Its requests that never ran (cancelled): no result, a resume sends them again. */
      notRun: number;
    })
  | (BatchIds & { type: 'batch-cancelled'; error: ProviderError | null })
  | {
      type: 'batch-error';
      runId: string;
      provider: BatchProvider;
      /** null when the batch could not be created. */
      batchId: string | null;
      /** `submit`: the trials got this error as their result; `follow`: the batch stays in the ledger for a resume. */
      stage: 'submit' | 'follow';
      trials: number;
      error: ProviderError;
    };

export type BatchEventType = BatchEvent['type'];

/** Everything runBatch emits. */
export type BatchRunEvent = RunEvent | BatchEvent;
