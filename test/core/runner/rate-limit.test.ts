import { describe, expect, it } from 'vitest';
import { runPool } from '../../../src/core/runner/pool.ts';
import { ProviderLimiter, RateLimiter, TokenBucket } from '../../../src/core/runner/rate-limit.ts';
import { tick, virtualTime } from './helpers.ts';

describe('TokenBucket', () => {
  it('lets a minute of requests through, then waits for the refill', async () => {
    const time = virtualTime();
    const rpm = new TokenBucket(2, time.clock, time.sleep);
    await rpm.take(1);
    await rpm.take(1);
    expect(time.slept).toEqual([]);
    await rpm.take(1); // one token refills in 30 s
    expect(time.slept).toEqual([30_000]);
    expect(time.now()).toBe(30_000);
  });

  it('refills from the clock, and gives back what a request did not use', async () => {
    const time = virtualTime();
    const tpm = new TokenBucket(1000, time.clock, time.sleep);
    await tpm.take(1000);
    time.advance(6_000); // +100 tokens
    expect(tpm.available()).toBeCloseTo(100);
    tpm.refund(400);
    expect(tpm.available()).toBeCloseTo(500);
    await tpm.take(500);
    expect(time.slept).toEqual([]);
  });

  it('takes a request larger than the bucket as the whole bucket instead of waiting forever', async () => {
    const time = virtualTime();
    const tpm = new TokenBucket(100, time.clock, time.sleep);
    await tpm.take(50);
    await tpm.take(5_000);
    expect(time.slept).toEqual([30_000]);
  });

  it('serves waiters in order and progresses even with a frozen clock', async () => {
    let slept = 0;
    const frozen = { now: () => 0, monotonic: () => 0 };
    const rpm = new TokenBucket(60, frozen, async (ms) => {
      slept += ms;
    });
    const order: number[] = [];
    await Promise.all(Array.from({ length: 65 }, (_, i) => rpm.take(1).then(() => order.push(i))));
    expect(order).toEqual(Array.from({ length: 65 }, (_, i) => i));
    expect(slept).toBe(5_000);
  });

  it('stops waiting when aborted, without blocking the waiters behind', async () => {
    const controller = new AbortController();
    let release: () => void = () => undefined;
    const bucket = new TokenBucket(1, { now: () => 0, monotonic: () => 0 }, (_ms, signal) =>
      new Promise<void>((resolve, reject) => {
        release = resolve;
        signal?.addEventListener('abort', () => reject(new Error('aborted')));
      }),
    );
    await bucket.take(1);
    const aborted = bucket.take(1, controller.signal);
    const next = bucket.take(1);
    await tick();
    controller.abort();
    await expect(aborted).rejects.toThrow('aborted');
    await tick();
    release();
    await expect(next).resolves.toBeUndefined();
  });
});

describe('per-provider limits', () => {
  it('limits concurrency per provider', () => {
    const time = virtualTime();
    const limiter = new ProviderLimiter({ concurrency: 2 }, time.clock, time.sleep);
    expect([limiter.tryEnter(), limiter.tryEnter(), limiter.tryEnter()]).toEqual([true, true, false]);
    limiter.leave();
    expect(limiter.tryEnter()).toBe(true);
  });

  it('gives providers without limits of their own the defaults', () => {
    const time = virtualTime();
    const limits = new RateLimiter({ openai: { concurrency: 1 } }, time.clock, time.sleep, { concurrency: 3 });
    expect(limits.for('openai').limits).toEqual({ concurrency: 1 });
    expect(limits.for('ollama').limits).toEqual({ concurrency: 3 });
    expect(limits.for('ollama')).toBe(limits.for('ollama'));
  });

  it('does not let a provider at its limit hold up another provider in the pool', async () => {
    const time = virtualTime();
    const limits = new RateLimiter({ a: { concurrency: 1 } }, time.clock, time.sleep);
    const started: string[] = [];
    const items = ['a1', 'a2', 'a3', 'b1'];
    await runPool(items, {
      concurrency: 2,
      keyOf: (item) => item.slice(0, 1),
      tryEnter: (key) => limits.for(key).tryEnter(),
      leave: (key) => limits.for(key).leave(),
      worker: async (item) => {
        started.push(item);
        await tick();
      },
    });
    expect(started).toEqual(['a1', 'b1', 'a2', 'a3']);
  });
});
