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
  // A plain controller the call owns; the caller's signal and the timer are forwarded into it through
  // listeners that dispose() removes, so nothing the SDK attaches outlives the call.
  const controller = new AbortController();
  const onTimeout = () => controller.abort(timeout.reason);
  const onCaller = () => controller.abort(caller?.reason);
  if (caller?.aborted === true) controller.abort(caller.reason);
  else {
    timeout.addEventListener('abort', onTimeout, { once: true });
    caller?.addEventListener('abort', onCaller, { once: true });
  }
  const start = clock.monotonic();
  return {
    signal: controller.signal,
    timeoutMs,
    stopReason: () => (caller?.aborted === true ? 'aborted' : timeout.aborted ? 'timeout' : null),
    elapsed: () => Math.max(0, clock.monotonic() - start),
    dispose: () => {
      timeout.removeEventListener('abort', onTimeout);
      caller?.removeEventListener('abort', onCaller);
    },
  };
}

/** The fetch function shape the SDKs accept (inject one to route calls through a proxy or a recorder). */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
