import { describe, expect, it } from 'vitest';
import type { ProviderError } from '../../../src/core/providers/provider.ts';
import { DEFAULT_RETRY_POLICY, backoffDelayMs, isRetryable, retryDecision, withRetry } from '../../../src/core/runner/retry.ts';
import { failure, seededRandom, virtualTime } from './helpers.ts';

const err = (code: ProviderError['code'], status?: number, extra: Partial<ProviderError> = {}): ProviderError => {
  const transient = ['rate-limited', 'overloaded', 'server-error', 'timeout', 'connection'].includes(code);
  return { code, message: `${code}${status ? ` ${status}` : ''}`, retryable: transient, ...(status ? { status } : {}), ...extra };
};

describe('which failures are retried', () => {
  it.each([
    ['rate-limited', 429, true],
    ['server-error', 500, true],
    ['server-error', 502, true],
    ['server-error', 503, true],
    ['server-error', 504, true],
    ['overloaded', 529, true],
    ['timeout', undefined, true],
    ['connection', undefined, true],
    ['bad-request', 400, false],
    ['bad-request', 422, false],
    ['auth', 401, false],
    ['forbidden', 403, false],
    ['not-found', 404, false],
    ['malformed-response', undefined, false],
  ] as const)('%s %s → retried: %s', (code, status, retried) => {
    expect(isRetryable(err(code, status))).toBe(retried);
  });

  it('never retries 400/401/403/404, budget or aborted even when marked retryable', () => {
    for (const e of [err('bad-request', 400), err('auth', 401), err('forbidden', 403), err('not-found', 404), err('budget'), err('aborted'), err('unknown', 404)]) {
      expect(isRetryable({ ...e, retryable: true })).toBe(false);
    }
  });
});

describe('retryDecision', () => {
  const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1000, maxDelayMs: 10_000, maxAttempts: 6 };

  it('waits exactly Retry-After when the server gives one', () => {
    expect(retryDecision(err('rate-limited', 429, { retryAfterMs: 1234 }), 1, policy, () => 0.99)).toEqual({ retry: true, delayMs: 1234, basis: 'retry-after' });
    expect(retryDecision(err('rate-limited', 429, { retryAfterMs: 400_000 }), 1, policy, () => 0.5)).toEqual({ retry: false, reason: 'retry-after-too-long' });
  });

  it('backs off exponentially with full jitter, capped', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffDelayMs(n, policy, () => 0.5))).toEqual([500, 1000, 2000, 4000, 5000]);
    expect(backoffDelayMs(3, policy, () => 0)).toBe(0);
    expect(backoffDelayMs(3, policy, () => 0.999999)).toBe(3999);
  });

  it('draws the same delays from the same seed, each inside its window', () => {
    const draw = (seed: number) => [1, 2, 3, 4, 5].map((n) => backoffDelayMs(n, policy, seededRandom(seed)));
    const a = draw(42);
    expect(draw(42)).toEqual(a);
    a.forEach((delay, i) => {
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(Math.min(10_000, 1000 * 2 ** i));
    });
    expect(draw(7)).not.toEqual(a);
  });

  it('stops at maxAttempts and on a non-retryable error', () => {
    expect(retryDecision(err('server-error', 503), 6, policy, () => 0.5)).toEqual({ retry: false, reason: 'max-attempts' });
    expect(retryDecision(err('bad-request', 400), 1, policy, () => 0.5)).toEqual({ retry: false, reason: 'not-retryable' });
  });
});

describe('withRetry', () => {
  it('retries a 429 after exactly its Retry-After, then succeeds', async () => {
    const time = virtualTime();
    const retries: unknown[] = [];
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        if (calls === 1) throw failure(err('rate-limited', 429, { retryAfterMs: 1234 }));
        return 'done';
      },
      { sleep: time.sleep, random: () => 0.5, onRetry: (info) => retries.push(info) },
    );
    expect(result).toBe('done');
    expect(time.slept).toEqual([1234]);
    expect(retries).toEqual([{ attempt: 1, error: err('rate-limited', 429, { retryAfterMs: 1234 }), delayMs: 1234 }]);
  });

  it('does not retry a 400', async () => {
    const time = virtualTime();
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls++;
        throw failure(err('bad-request', 400));
      }, { sleep: time.sleep, random: () => 0.5 }),
    ).rejects.toMatchObject({ error: { code: 'bad-request' } });
    expect(calls).toBe(1);
    expect(time.slept).toEqual([]);
  });

  it('gives up after maxAttempts with the last error, backing off with the seeded random', async () => {
    const time = virtualTime();
    const random = seededRandom(1);
    // one draw per backoff, from windows of 100 and 200 ms
    const stream = seededRandom(1);
    const windows = [100, 200].map((w) => Math.floor(stream() * w));
    await expect(
      withRetry(async () => {
        throw failure(err('server-error', 503));
      }, { sleep: time.sleep, random, policy: { maxAttempts: 3, baseDelayMs: 100 } }),
    ).rejects.toMatchObject({ error: { code: 'server-error' } });
    expect(time.slept).toEqual(windows);
  });

  it('ends a backoff at once when the run is aborted', async () => {
    const controller = new AbortController();
    let calls = 0;
    const sleep = (ms: number, signal?: AbortSignal) =>
      new Promise<void>((resolve, reject) => {
        signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
        if (ms === 0) resolve();
      });
    const pending = withRetry(async () => {
      calls++;
      queueMicrotask(() => controller.abort());
      throw failure(err('server-error', 500));
    }, { sleep, random: () => 0.5, signal: controller.signal });
    await expect(pending).rejects.toMatchObject({ error: { code: 'aborted' } });
    expect(calls).toBe(1);
  });
});
