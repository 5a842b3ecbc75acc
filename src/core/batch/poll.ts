/**
 * Waiting on a batch, and retrying the calls around it — all with the injected sleep, so tests never wait.
 *
 * Polling: the first status is read at once; while the batch runs, the next read comes after `intervalMs`,
 * growing by `factor` per poll up to `maxIntervalMs` (batches take minutes to hours; polling every few
 * seconds for a day would be thousands of needless calls). A poll that fails with a retryable error (429, 5xx,
 * 529, timeout, connection) is read again after its Retry-After, else after the current interval; after
 * `maxErrors` failures in a row, or one that is not retryable (401, 404, …), polling gives up and throws: the
 * batch stays in the ledger and a resume picks it up. An abort ends the wait at once and returns null.
 *
 * Retries of the other calls (retrying): `safe` calls — uploads, downloads, cancels, status — are retried on
 * any retryable error; `create` calls (batches.create, messages.batches.create) only when the provider
 * refused them outright (429 rate-limited, 529 overloaded), because a create that timed out or was cut may
 * have made a batch, and a second one would be billed twice.
 */
import type { Random, Sleep } from '../ports.ts';
import { ProviderCallError } from '../providers/provider.ts';
import type { ProviderError } from '../providers/provider.ts';
import { asProviderError, isRetryable, withRetry } from '../runner/retry.ts';
import type { RetryPolicy } from '../runner/retry.ts';
import type { BatchBackend, BatchRef, BatchStatus } from './types.ts';

export interface PollPolicy {
  intervalMs: number;
  maxIntervalMs: number;
  factor: number;
  /** Failed polls in a row before giving up. */
  maxErrors: number;
}

export const DEFAULT_POLL_POLICY: Readonly<PollPolicy> = Object.freeze({
  intervalMs: 10_000,
  maxIntervalMs: 300_000,
  factor: 1.5,
  maxErrors: 8,
});

export type CallMode = 'safe' | 'create';
export type Retrying = <T>(call: () => Promise<T>, mode: CallMode) => Promise<T>;

/** Calls once, no retries (the adapters' default when no retrying is given). */
export const once: Retrying = (call) => call();

const CREATE_RETRIED = new Set<ProviderError['code']>(['rate-limited', 'overloaded']);

export function retrying(options: { sleep: Sleep; random: Random; signal?: AbortSignal; policy?: Partial<RetryPolicy> }): Retrying {
  return (call, mode) =>
    withRetry(
      async () => {
        try {
          return await call();
        } catch (thrown) {
          const error = asProviderError(thrown);
          if (mode === 'create' && error.retryable && !CREATE_RETRIED.has(error.code)) {
            throw new ProviderCallError({ ...error, retryable: false });
          }
          throw thrown;
        }
      },
      { sleep: options.sleep, random: options.random, policy: options.policy, signal: options.signal },
    );
}

export interface PollOptions {
  policy: PollPolicy;
  sleep: Sleep;
  signal: AbortSignal;
  /** Every status read; `nextPollMs` null once ended. */
  onStatus?: (status: BatchStatus, nextPollMs: number | null) => void;
  onError?: (error: ProviderError, attempt: number, delayMs: number) => void;
}

/** Polls until the batch has ended (its last status), or null when aborted. Throws a ProviderCallError when it gives up. */
export async function pollUntilEnded(backend: BatchBackend, ref: BatchRef, options: PollOptions): Promise<BatchStatus | null> {
  const { policy, signal } = options;
  const nap = async (ms: number): Promise<boolean> => {
    try {
      await options.sleep(ms, signal);
    } catch (error) {
      if (signal.aborted) return false;
      throw error;
    }
    return !signal.aborted;
  };
  let interval = policy.intervalMs;
  let errors = 0;
  for (;;) {
    if (signal.aborted) return null;
    let status: BatchStatus;
    try {
      status = await backend.status(ref, signal);
      errors = 0;
    } catch (thrown) {
      if (signal.aborted) return null;
      const error = asProviderError(thrown);
      errors++;
      if (!isRetryable(error) || errors >= policy.maxErrors) throw thrown instanceof ProviderCallError ? thrown : new ProviderCallError(error);
      const delay = error.retryAfterMs ?? interval;
      options.onError?.(error, errors, delay);
      if (!(await nap(delay))) return null;
      continue;
    }
    if (status.phase === 'ended') {
      options.onStatus?.(status, null);
      return status;
    }
    options.onStatus?.(status, interval);
    if (!(await nap(interval))) return null;
    interval = Math.min(policy.maxIntervalMs, Math.round(interval * policy.factor));
  }
}
