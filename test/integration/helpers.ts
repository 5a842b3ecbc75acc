/** Shared by the provider integration tests: a recognisable fake key, a stepping clock, error capture. */
import { expect } from 'vitest';
import type { Clock } from '../../src/core/ports.ts';
import { ProviderCallError } from '../../src/core/providers/provider.ts';
import type { TokenCounter } from '../../src/core/tokens/counter.ts';

/** Never a real key; recognisable in any output it leaks into. */
export const FAKE_KEY = 'sk-costlab-FAKE-KEY-0123456789abcdefXYZ';
/** How OpenAI echoes a key it rejects: the first and last characters, the middle masked. */
export const MASKED_KEY = `${FAKE_KEY.slice(0, 8)}${'*'.repeat(20)}${FAKE_KEY.slice(-4)}`;

/** 2026-01-01T00:00:00Z, for HTTP-date Retry-After. */
export const NOW = Date.UTC(2026, 0, 1);

/** `monotonic()` advances by `step` ms on every reading, so latency and TTFT are exact. */
export function steppingClock(step = 10): Clock {
  let t = 0;
  return { now: () => NOW, monotonic: () => (t += step) - step };
}

/** Counts whitespace-separated words: a stand-in tokenizer with easy arithmetic. */
export const wordCounter: TokenCounter = {
  id: 'o200k_base',
  exact: false,
  count: (text) => text.split(/\s+/).filter((word) => word !== '').length,
};

export async function callError(promise: Promise<unknown>): Promise<ProviderCallError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ProviderCallError);
    return error as ProviderCallError;
  }
  throw new Error('expected the call to fail');
}

/** Fails when the key, or any 8-character piece of it, appears in the error. */
export function expectNoKey(error: ProviderCallError): void {
  const text = `${error.message}\n${JSON.stringify(error.error)}\n${String(error.stack)}`;
  expect(text).not.toContain(FAKE_KEY);
  for (let i = 0; i + 8 <= FAKE_KEY.length; i += 1) expect(text).not.toContain(FAKE_KEY.slice(i, i + 8));
}
