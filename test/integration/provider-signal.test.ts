/**
 * A finished call leaves nothing attached to the caller's signal: an SDK that keeps a listener on the
 * call's signal must not keep every call of a long run alive (the runner passes one run signal to all).
 */
import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { AnthropicProvider, OpenAIProvider } from '../../src/core/index.ts';
import { FAKE_KEY, steppingClock } from './helpers.ts';
import { startAnthropicServer, startOpenAIServer, type TestServer } from './servers/index.ts';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const request = (signal: AbortSignal, stream: boolean) => ({
  model: 'm', messages: [{ role: 'user' as const, content: 'hi' }], maxOutputTokens: 16, stream, signal,
});

describe('call signals', () => {
  for (const stream of [false, true]) {
    it(`OpenAI (${stream ? 'streamed' : 'whole'}): 50 calls on one run signal leave no listener on it`, async () => {
      server = await startOpenAIServer();
      const provider = new OpenAIProvider({ apiKey: FAKE_KEY, baseURL: server.url, clock: steppingClock() });
      const run = new AbortController();
      for (let i = 0; i < 50; i++) await provider.complete(request(run.signal, stream));
      expect(getEventListeners(run.signal, 'abort')).toHaveLength(0);
    });
  }

  it('Anthropic: a failed call detaches too', async () => {
    server = await startAnthropicServer({ script: () => ({ fault: 'status', status: 400 }) });
    const provider = new AnthropicProvider({ apiKey: FAKE_KEY, baseURL: server.url, clock: steppingClock() });
    const run = new AbortController();
    await expect(provider.complete(request(run.signal, false))).rejects.toThrow();
    expect(getEventListeners(run.signal, 'abort')).toHaveLength(0);
  });

  it('the run signal still stops a call in flight', async () => {
    server = await startOpenAIServer({ script: () => ({ fault: 'slow', delayMs: 2_000 }) });
    const provider = new OpenAIProvider({ apiKey: FAKE_KEY, baseURL: server.url, clock: steppingClock() });
    const run = new AbortController();
    const call = provider.complete(request(run.signal, false));
    run.abort();
    await expect(call).rejects.toMatchObject({ error: { code: 'aborted' } });
  });
});
