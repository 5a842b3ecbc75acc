/**
 * Every fault class, for every adapter, streamed and not: the typed error (code, retryable, status),
 * Retry-After honoured, the key never in a message. One loopback server per adapter; `next` says what
 * its next request gets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnthropicProvider } from '../../src/core/providers/anthropic.ts';
import { OllamaProvider } from '../../src/core/providers/ollama.ts';
import { OpenAIProvider } from '../../src/core/providers/openai.ts';
import { createOpenAICompatibleProvider } from '../../src/core/providers/openai-compatible.ts';
import type { CompletionRequest, Provider, ProviderErrorCode } from '../../src/core/providers/provider.ts';
import { startAnthropicServer, startOllamaServer, startOpenAIServer } from './servers/index.ts';
import type { Fault, TestServer } from './servers/index.ts';
import { FAKE_KEY, MASKED_KEY, NOW, callError, expectNoKey, steppingClock } from './helpers.ts';

/** The timeout of the timeout cases; every other call has seconds, so a loaded machine cannot turn its fault into a timeout. */
const TIMEOUT_MS = 150;
const REQUEST: CompletionRequest = {
  model: 'test-model',
  system: 'You are terse.',
  messages: [{ role: 'user', content: 'Say hello.' }],
  maxOutputTokens: 32,
  timeoutMs: 10_000,
};

interface Adapter {
  name: string;
  start: () => Promise<TestServer>;
  make: (url: string) => Provider;
  /** The code of the stream's in-band error event as the server sends it by default. */
  streamErrorCode: ProviderErrorCode;
}

const clock = steppingClock();
const ADAPTERS: Adapter[] = [
  {
    name: 'openai',
    start: () => startOpenAIServer({ script: () => next }),
    make: (url) => new OpenAIProvider({ apiKey: FAKE_KEY, baseURL: url, clock }),
    streamErrorCode: 'server-error',
  },
  {
    name: 'openai-compatible',
    start: () => startOpenAIServer({ script: () => next }),
    make: (url) => createOpenAICompatibleProvider({ apiKey: FAKE_KEY, baseURL: url, clock }),
    streamErrorCode: 'server-error',
  },
  {
    name: 'anthropic',
    start: () => startAnthropicServer({ script: () => next }),
    make: (url) => new AnthropicProvider({ apiKey: FAKE_KEY, baseURL: url, clock }),
    streamErrorCode: 'overloaded',
  },
  {
    name: 'ollama',
    start: () => startOllamaServer({ script: () => next }),
    make: (url) => new OllamaProvider({ host: url, apiKey: FAKE_KEY, clock }),
    streamErrorCode: 'server-error',
  },
];

/** What the server's next request gets (undefined: a normal reply). */
let next: Fault | undefined;

const STATUS_CASES: [number, ProviderErrorCode, boolean][] = [
  [400, 'bad-request', false],
  [401, 'auth', false],
  [403, 'forbidden', false],
  [404, 'not-found', false],
  [408, 'timeout', true],
  [429, 'rate-limited', true],
  [500, 'server-error', true],
  [502, 'server-error', true],
  [503, 'server-error', true],
  [504, 'server-error', true],
  [529, 'overloaded', true],
];

const FAULT_CASES: [string, Fault, ProviderErrorCode, boolean][] = [
  ['connection reset before the response', { fault: 'reset' }, 'connection', true],
  ['connection reset mid-body', { fault: 'reset-mid-stream' }, 'connection', true],
  ['body cut short', { fault: 'truncated' }, 'connection', true],
  ['malformed JSON', { fault: 'malformed' }, 'malformed-response', false],
  ['an HTML page instead of the API', { fault: 'html' }, 'malformed-response', false],
  ['a response slower than the timeout', { fault: 'slow', delayMs: 30_000 }, 'timeout', true],
  ['a body that stalls past the timeout', { fault: 'stall' }, 'timeout', true],
];

describe.each(ADAPTERS)('$name faults', (adapter) => {
  let server: TestServer;
  let provider: Provider;
  beforeAll(async () => {
    server = await adapter.start();
    provider = adapter.make(server.url);
  });
  afterAll(() => server.close());

  async function failWith(fault: Fault | undefined, request: Partial<CompletionRequest> = {}) {
    next = fault;
    const error = await callError(provider.complete({ ...REQUEST, ...request }));
    expectNoKey(error);
    expect(error.error.message.startsWith(`${adapter.name}: `)).toBe(true);
    return error;
  }

  describe.each([false, true])('stream: %s', (stream) => {
    it.each(STATUS_CASES)('HTTP %i → %s (retryable: %s)', async (status, code, retryable) => {
      const error = await failWith({ fault: 'status', status }, { stream });
      expect(error.error).toMatchObject({ code, retryable, status });
      expect(error.error.message).toContain(`loopback error ${status}`);
    });

    it.each(FAULT_CASES)('%s', async (_label, fault, code, retryable) => {
      const error = await failWith(fault, { stream, ...(code === 'timeout' ? { timeoutMs: TIMEOUT_MS } : {}) });
      expect(error.error).toMatchObject({ code, retryable });
      expect(error.error.status).toBeUndefined();
    });

    it('an HTML error page from a proxy (502) → server-error, retryable, with the page title', async () => {
      const error = await failWith({ fault: 'status', status: 502, html: true }, { stream });
      expect(error.error).toMatchObject({ code: 'server-error', retryable: true, status: 502 });
      expect(error.error.message).toContain('502 loopback proxy error');
    });

    it('a 401 that echoes the key, whole and masked, never shows it', async () => {
      const message = `Incorrect API key provided: ${FAKE_KEY}. Also seen as ${MASKED_KEY}. Bearer ${FAKE_KEY}`;
      const error = await failWith({ fault: 'status', status: 401, message }, { stream });
      expect(error.error.code).toBe('auth');
      expect(error.error.message).toContain('Incorrect API key provided: [redacted]');
    });

    it('Retry-After in seconds, in milliseconds and as an HTTP date becomes retryAfterMs', async () => {
      const cases: [Record<string, string>, number | undefined][] = [
        [{ 'retry-after': '7' }, 7_000],
        [{ 'retry-after-ms': '1500', 'retry-after': '9' }, 1_500],
        [{ 'retry-after': new Date(NOW + 30_000).toUTCString() }, 30_000],
        [{ 'retry-after': new Date(NOW - 30_000).toUTCString() }, 0],
        [{ 'retry-after': 'soon' }, undefined],
        [{}, undefined],
      ];
      for (const [headers, expected] of cases) {
        const error = await failWith({ fault: 'status', status: 429, headers }, { stream });
        expect(error.error.retryAfterMs, JSON.stringify(headers)).toBe(expected);
      }
    });

    it("the caller's abort → aborted, not retryable", async () => {
      const controller = new AbortController();
      next = { fault: 'stall' };
      const pending = provider.complete({ ...REQUEST, stream, signal: controller.signal });
      setTimeout(() => controller.abort(), 30);
      const error = await callError(pending);
      expect(error.error).toMatchObject({ code: 'aborted', retryable: false });
    });
  });

  it('an error event inside the stream maps by its type', async () => {
    const error = await failWith({ fault: 'stream-error' }, { stream: true });
    expect(error.error).toMatchObject({ code: adapter.streamErrorCode, retryable: true });
    expect(error.error.status).toBeUndefined();
  });

  it('a stream cut after its first frames is retryable', async () => {
    const error = await failWith({ fault: 'truncated', afterFrames: 1 }, { stream: true });
    expect(error.error).toMatchObject({ code: 'connection', retryable: true });
  });

  it('works again on the next request (the server and client are reusable after faults)', async () => {
    next = undefined;
    const result = await provider.complete({ ...REQUEST, stream: true });
    expect(result.output).toBe('Hello from the loopback server.');
  });
});

describe('Anthropic stream cut after message_start', () => {
  it('carries the usage billed so far as billedUsage', async () => {
    const server = await startAnthropicServer({ script: () => ({ fault: 'reset-mid-stream', afterFrames: 4 }) });
    try {
      const provider = new AnthropicProvider({ apiKey: FAKE_KEY, baseURL: server.url, clock });
      const error = await callError(provider.complete({ ...REQUEST, stream: true }));
      expect(error.error.code).toBe('connection');
      expect(error.billedUsage).toEqual({ input: 25, output: 1, reasoning: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0 });
    } finally {
      await server.close();
    }
  });
});

describe('a server that is not there', () => {
  it('connection refused → connection, retryable', async () => {
    const server = await startOpenAIServer();
    const url = server.url;
    await server.close();
    const provider = new OpenAIProvider({ apiKey: FAKE_KEY, baseURL: url, clock });
    const error = await callError(provider.complete(REQUEST));
    expect(error.error).toMatchObject({ code: 'connection', retryable: true });
    expect(error.error.message).toContain('ECONNREFUSED');
    expectNoKey(error);
  });
});
