import { describe, expect, it } from 'vitest';
import { pollUntilEnded, retrying } from '../../../src/core/batch/poll.ts';
import type { BatchBackend, BatchStatus } from '../../../src/core/batch/types.ts';
import { ProviderCallError } from '../../../src/core/providers/provider.ts';
import type { ProviderError } from '../../../src/core/providers/provider.ts';
import { virtualTime } from '../runner/helpers.ts';

const running = (status = 'in_progress'): BatchStatus => ({ phase: 'running', status, total: 2, done: 0, failed: 0 });
const ended: BatchStatus = { phase: 'ended', status: 'completed', total: 2, done: 2, failed: 0 };
const fail = (code: ProviderError['code'], status?: number, retryAfterMs?: number) =>
  new ProviderCallError({ code, message: code, retryable: code !== 'not-found', ...(status ? { status } : {}), ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });

/** A backend whose status() plays `script` in order (an Error is thrown). */
function backend(script: (BatchStatus | Error)[]): BatchBackend & { calls: number } {
  const fake = {
    calls: 0,
    status: async () => {
      const next = script[Math.min(fake.calls++, script.length - 1)];
      if (next instanceof Error) throw next;
      return next as BatchStatus;
    },
  };
  return fake as unknown as BatchBackend & { calls: number };
}
const ref = { batchId: 'b1', inputFileId: null };
const policy = { intervalMs: 1000, factor: 2, maxIntervalMs: 5000, maxErrors: 3 };

describe('pollUntilEnded', () => {
  it('waits with the injected sleep, the interval growing by the factor up to its cap', async () => {
    const time = virtualTime();
    const seen: [string, number | null][] = [];
    const status = await pollUntilEnded(backend([running('validating'), running(), running(), running(), running(), ended]), ref, {
      policy, sleep: time.sleep, signal: new AbortController().signal, onStatus: (s, next) => seen.push([s.status, next]),
    });
    expect(status).toEqual(ended);
    expect(time.slept).toEqual([1000, 2000, 4000, 5000, 5000]);
    expect(seen.at(0)).toEqual(['validating', 1000]);
    expect(seen.at(-1)).toEqual(['completed', null]);
  });

  it('retries a failed poll after its Retry-After, else the interval; gives up after maxErrors in a row', async () => {
    const time = virtualTime();
    const errors: [string, number, number][] = [];
    const status = await pollUntilEnded(backend([fail('rate-limited', 429, 7000), fail('server-error', 500), running(), ended]), ref, {
      policy, sleep: time.sleep, signal: new AbortController().signal, onError: (e, attempt, delay) => errors.push([e.code, attempt, delay]),
    });
    expect(status).toEqual(ended);
    expect(errors).toEqual([['rate-limited', 1, 7000], ['server-error', 2, 1000]]);
    expect(time.slept).toEqual([7000, 1000, 1000]);

    const failing = backend([fail('server-error', 503)]);
    await expect(pollUntilEnded(failing, ref, { policy, sleep: virtualTime().sleep, signal: new AbortController().signal })).rejects.toMatchObject({ error: { code: 'server-error' } });
    expect(failing.calls).toBe(3);
  });

  it('does not retry a poll that cannot succeed (404)', async () => {
    const lost = backend([fail('not-found', 404)]);
    await expect(pollUntilEnded(lost, ref, { policy, sleep: virtualTime().sleep, signal: new AbortController().signal })).rejects.toBeInstanceOf(ProviderCallError);
    expect(lost.calls).toBe(1);
  });

  it('returns null at once when aborted during a wait', async () => {
    const controller = new AbortController();
    const time = virtualTime();
    const sleep = async (ms: number, signal?: AbortSignal) => {
      controller.abort();
      await time.sleep(ms, signal);
    };
    expect(await pollUntilEnded(backend([running()]), ref, { policy, sleep, signal: controller.signal })).toBeNull();
  });
});

describe('retrying', () => {
  const run = async (mode: 'safe' | 'create', errors: ProviderCallError[]) => {
    let calls = 0;
    const time = virtualTime();
    const call = retrying({ sleep: time.sleep, random: () => 0.5 });
    const outcome = await call(async () => {
      const error = errors[calls++];
      if (error) throw error;
      return 'ok';
    }, mode).catch((e: ProviderCallError) => e.error.code);
    return { outcome, calls };
  };

  it('retries safe calls on any transient error', async () => {
    expect(await run('safe', [fail('server-error', 500), fail('connection')])).toEqual({ outcome: 'ok', calls: 3 });
  });

  it('retries a create only when the provider refused it outright (429, 529) — never after a 500 or a cut connection', async () => {
    expect(await run('create', [fail('rate-limited', 429), fail('overloaded', 529)])).toEqual({ outcome: 'ok', calls: 3 });
    expect(await run('create', [fail('server-error', 500)])).toEqual({ outcome: 'server-error', calls: 1 });
    expect(await run('create', [fail('connection')])).toEqual({ outcome: 'connection', calls: 1 });
  });
});
