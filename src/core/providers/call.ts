/**
 * What every adapter call shares: one abort signal that fires on the caller's signal or on the
 * timeout, so a timeout covers the whole call (headers and the streamed body — the SDKs' own `timeout`
 * stops at the headers), and the injected clock for latency and time to first token.
 */
import type { Clock } from '../ports.ts';
import type { CompletionRequest } from './provider.ts';

/** Ten minutes, the SDKs' own default. */
export const DEFAULT_TIMEOUT_MS = 600_000;

export interface CallScope {
  /** Aborts on the request's signal or when the timeout passes. */
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  /** Why the call was stopped, if it was: the timeout passed, or the caller aborted. */
  stopReason(): 'timeout' | 'aborted' | null;
  /** Milliseconds since the call started, on the monotonic clock. */
  elapsed(): number;
  /**
   * Detaches the call's signal from the caller's signal and the timer. Call it when the call ends: an
   * SDK that leaves a listener on the signal would otherwise keep the whole call alive until the timeout
   * fires (ten minutes by default), about 2 KB per call.
   */
  dispose(): void;
}

export function startCall(request: CompletionRequest, clock: Clock, defaultTimeoutMs: number): CallScope {
  const timeoutMs = request.timeoutMs ?? defaultTimeoutMs;
  const timeout = AbortSignal.timeout(timeoutMs);
  const caller = request.signal;
  const combined = caller === undefined ? timeout : AbortSignal.any([caller, timeout]);
  // The SDK gets a plain signal the call owns, following `combined` through one listener that dispose()
  // removes: whatever the SDK attaches to it is then collectable as soon as the call ends, although
  // `combined` itself lives until the timer fires. Nothing is attached to the caller's (run-wide) signal.
  const controller = new AbortController();
  const onAbort = () => controller.abort(combined.reason);
  if (combined.aborted) controller.abort(combined.reason);
  else combined.addEventListener('abort', onAbort, { once: true });
  const start = clock.monotonic();
  return {
    signal: controller.signal,
    timeoutMs,
    stopReason: () => (caller?.aborted === true ? 'aborted' : timeout.aborted ? 'timeout' : null),
    elapsed: () => Math.max(0, clock.monotonic() - start),
    dispose: () => combined.removeEventListener('abort', onAbort),
  };
}

/** The fetch function shape the SDKs accept (inject one to route calls through a proxy or a recorder). */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
