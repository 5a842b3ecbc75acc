/**
 * Retries of transient provider failures, decided by the typed error (never by parsing a message):
 *
 * - retried: `error.retryable` and the code is transient — rate-limited (429), overloaded (529),
 *   server-error (500/502/503/504), timeout, connection (reset, refused, stream cut) — or any other code an
 *   adapter marked retryable, except those below;
 * - never retried: bad-request (400/422), auth (401), forbidden (403), not-found (404), budget, aborted —
 *   whatever `retryable` says, and any error whose status is 400, 401, 403, 404 or 422.
 *
 * The wait before attempt n+1: the server's Retry-After (`retryAfterMs`) exactly when it gave one (and it is
 * at most `maxRetryAfterMs`; a longer one ends the trial instead of stalling the run), else exponential
 * backoff with full jitter — a uniform draw from [0, min(maxDelayMs, baseDelayMs × 2^(n−1))) with the
 * injected Random (AWS Architecture Blog, "Exponential Backoff And Jitter", 2015). At most `maxAttempts`
 * calls in all. The sleep takes the run's AbortSignal: an abort during a backoff ends the wait at once.
 */
import { ProviderCallError } from '../providers/provider.ts';
import type { ProviderError, ProviderErrorCode } from '../providers/provider.ts';
import type { Random, Sleep } from '../ports.ts';

export interface RetryPolicy {
  /** Calls in all, the first included (1 = no retries). */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the trial fails with the 429. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxAttempts: 4,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  maxRetryAfterMs: 300_000,
});

export const NEVER_RETRIED_CODES: ReadonlySet<ProviderErrorCode> = new Set<ProviderErrorCode>([
  'bad-request', 'auth', 'forbidden', 'not-found', 'budget', 'aborted',
]);
const NEVER_RETRIED_STATUSES: ReadonlySet<number> = new Set([400, 401, 403, 404, 422]);

export function isRetryable(error: ProviderError): boolean {
  if (NEVER_RETRIED_CODES.has(error.code)) return false;
  if (error.status !== undefined && NEVER_RETRIED_STATUSES.has(error.status)) return false;
  return error.retryable;
}

export type RetryDecision =
  | { retry: true; delayMs: number; basis: 'retry-after' | 'backoff' }
  | { retry: false; reason: 'not-retryable' | 'max-attempts' | 'retry-after-too-long' };

/** Whether to call again after `attempt` (1-based) failed with `error`, and how long to wait first. */
export function retryDecision(error: ProviderError, attempt: number, policy: RetryPolicy, random: Random): RetryDecision {
  if (!isRetryable(error)) return { retry: false, reason: 'not-retryable' };
  if (attempt >= policy.maxAttempts) return { retry: false, reason: 'max-attempts' };
  if (error.retryAfterMs !== undefined && error.retryAfterMs >= 0) {
    if (error.retryAfterMs > policy.maxRetryAfterMs) return { retry: false, reason: 'retry-after-too-long' };
    return { retry: true, delayMs: error.retryAfterMs, basis: 'retry-after' };
  }
  return { retry: true, delayMs: backoffDelayMs(attempt, policy, random), basis: 'backoff' };
}

/** Full jitter: floor(random() × min(maxDelayMs, baseDelayMs × 2^(attempt−1))). */
export function backoffDelayMs(attempt: number, policy: RetryPolicy, random: Random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/** Any thrown value as a ProviderError: a ProviderCallError's own, else `unknown` (not retryable). */
export function asProviderError(thrown: unknown): ProviderError {
  if (thrown instanceof ProviderCallError) return thrown.error;
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return { code: 'unknown', message: `provider threw: ${message}`, retryable: false };
}

export function abortedError(): ProviderCallError {
  return new ProviderCallError({ code: 'aborted', message: 'the run was stopped', retryable: false });
}

export interface RetryInfo {
  /** The attempt that failed (1-based). */
  attempt: number;
  error: ProviderError;
  delayMs: number;
}

export interface WithRetryOptions {
  policy?: Partial<RetryPolicy>;
  sleep: Sleep;
  random: Random;
  signal?: AbortSignal;
  /** Called before each backoff sleep. */
  onRetry?: (info: RetryInfo) => void;
}

/**
 * Calls `call(attempt)` until it resolves, a failure is not to be retried, or the attempts run out; throws
 * the last failure as a ProviderCallError. An abort (before a call or during a backoff) throws the
 * `aborted` error.
 */
export async function withRetry<T>(call: (attempt: number) => Promise<T>, options: WithRetryOptions): Promise<T> {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
  const { signal } = options;
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw abortedError();
    try {
      return await call(attempt);
    } catch (thrown) {
      if (signal?.aborted) throw abortedError();
      const error = asProviderError(thrown);
      const decision = retryDecision(error, attempt, policy, options.random);
      if (!decision.retry) throw thrown instanceof ProviderCallError ? thrown : new ProviderCallError(error);
      options.onRetry?.({ attempt, error, delayMs: decision.delayMs });
      try {
        await options.sleep(decision.delayMs, signal);
      } catch (sleepError) {
        if (signal?.aborted) throw abortedError();
        throw sleepError;
      }
    }
  }
}
