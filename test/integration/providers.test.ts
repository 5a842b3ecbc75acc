/**
 * Each adapter against a loopback server speaking its provider's wire protocol: what comes back
 * (output, usage mapped exactly, latency and time to first token) and what was sent.
 * Faults are in provider-faults.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AnthropicProvider } from '../../src/core/providers/anthropic.ts';
import { createProvider } from '../../src/core/providers/factory.ts';
import { OllamaProvider } from '../../src/core/providers/ollama.ts';
import { OpenAIProvider } from '../../src/core/providers/openai.ts';
import { createOpenAICompatibleProvider } from '../../src/core/providers/openai-compatible.ts';
import type { CompletionRequest } from '../../src/core/providers/provider.ts';
import { startAnthropicServer, startOllamaServer, startOpenAIServer } from './servers/index.ts';
import type { TestServer } from './servers/index.ts';
import { FAKE_KEY, steppingClock, wordCounter } from './helpers.ts';

const servers: TestServer[] = [];
async function track(server: Promise<TestServer>): Promise<TestServer> {
  const started = await server;
  servers.push(started);
  return started;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const REQUEST: CompletionRequest = {
  model: 'test-model',
  system: 'You are terse.',
  messages: [{ role: 'user', content: 'Say hello in five words.' }],
  maxOutputTokens: 64,
  temperature: 0.2,
  topP: 0.9,
  timeoutMs: 5_000,
};
const TEXT = 'Hello there, friend, how goes?';
// With steppingClock(10): start 0, first content 10, end 20 (streamed); start 0, end 10 (whole).
const TIMING = { streamed: { ttftMs: 10, latencyMs: 20 }, whole: { ttftMs: null, latencyMs: 10 } };

describe.each([false, true])('OpenAI (stream: %s)', (stream) => {
  it('returns the output and maps usage exactly (cached and reasoning tokens split out)', async () => {
    const usage = {
      prompt_tokens: 1200,
      completion_tokens: 90,
      total_tokens: 1290,
      prompt_tokens_details: { cached_tokens: 1024 },
      completion_tokens_details: { reasoning_tokens: 64 },
    };
    const server = await track(startOpenAIServer({ script: () => ({ text: TEXT, usage, finishReason: 'length' }) }));
    const provider = new OpenAIProvider({ apiKey: FAKE_KEY, baseURL: server.url, clock: steppingClock() });
    const result = await provider.complete({ ...REQUEST, stream });
    expect(result).toEqual({
      output: TEXT,
      usage: { input: 176, output: 26, reasoning: 64, cacheRead: 1024, cacheWrite5m: 0, cacheWrite1h: 0 },
      usageSource: 'reported',
      finishReason: 'length',
      ...(stream ? TIMING.streamed : TIMING.whole),
    });
  });

  it('sends the model, system-first messages, max_completion_tokens, sampling, stream options and the key', async () => {
    const server = await track(startOpenAIServer());
    await new OpenAIProvider({ apiKey: FAKE_KEY, baseURL: server.url, clock: steppingClock() }).complete({ ...REQUEST, stream });
    const [seen] = server.requests;
    expect(seen?.path).toBe('/v1/chat/completions');
    expect(seen?.headers['authorization']).toBe(`Bearer ${FAKE_KEY}`);
    expect(seen?.body).toEqual({
      model: 'test-model',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Say hello in five words.' },
      ],
      max_completion_tokens: 64,
      temperature: 0.2,
      top_p: 0.9,
      stream,
      ...(stream ? { stream_options: { include_usage: true } } : {}),
    });
    expect(server.requests).toHaveLength(1); // the SDK's own retries are off
  });
});

describe.each([false, true])('OpenAI-compatible server (stream: %s)', (stream) => {
  it('sends max_tokens and no Authorization header when the server needs no key', async () => {
    const server = await track(startOpenAIServer());
    const provider = createOpenAICompatibleProvider({ baseURL: server.url, clock: steppingClock() });
    expect(provider.kind).toBe('openai-compatible');
    await provider.complete({ ...REQUEST, stream });
    const [seen] = server.requests;
    expect(seen?.headers['authorization']).toBeUndefined();
    expect(seen?.body['max_tokens']).toBe(64);
    expect(seen?.body).not.toHaveProperty('max_completion_tokens');
  });

  it('estimates usage with the given counter when the server reports none', async () => {
    const server = await track(startOpenAIServer({ script: () => ({ text: TEXT, usage: null }) }));
    const provider = createOpenAICompatibleProvider({ baseURL: server.url, clock: steppingClock(), counter: wordCounter });
    const result = await provider.complete({ ...REQUEST, stream });
    expect(result.output).toBe(TEXT);
    expect(result.usageSource).toBe('estimated');
    // 3 words of system + 5 of the user message; 5 words of output.
    expect(result.usage).toEqual({ input: 8, output: 5, reasoning: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0 });
  });

  it('is what createProvider makes of vllm:NAME@URL, sending NAME as the model', async () => {
    const server = await track(startOpenAIServer());
    const provider = createProvider(`vllm:meta-llama/Llama-3.1-8B-Instruct@${server.url}`, { clock: steppingClock() });
    await provider.complete({ ...REQUEST, model: 'meta-llama/Llama-3.1-8B-Instruct', stream });
    expect(server.requests[0]?.body['model']).toBe('meta-llama/Llama-3.1-8B-Instruct');
  });
});

describe.each([false, true])('Anthropic (stream: %s)', (stream) => {
  const usage = {
    input_tokens: 12,
    output_tokens: 40,
    cache_creation_input_tokens: 1000,
    cache_read_input_tokens: 2048,
    cache_creation: { ephemeral_5m_input_tokens: 400, ephemeral_1h_input_tokens: 600 },
  };

  it('returns the output and maps usage exactly (cache reads, and writes split 5m / 1h)', async () => {
    const server = await track(startAnthropicServer({ script: () => ({ text: TEXT, usage, stopReason: 'max_tokens' }) }));
    const provider = new AnthropicProvider({ apiKey: FAKE_KEY, baseURL: server.url, clock: steppingClock() });
    expect(await provider.complete({ ...REQUEST, stream })).toEqual({
      output: TEXT,
      usage: { input: 12, output: 40, reasoning: 0, cacheRead: 2048, cacheWrite5m: 400, cacheWrite1h: 600 },
      usageSource: 'reported',
      finishReason: 'max_tokens',
      ...(stream ? TIMING.streamed : TIMING.whole),
    });
  });

  it('sends system as `system` with cache_control when asked, max_tokens, and the key', async () => {
    const server = await track(startAnthropicServer());
    const provider = new AnthropicProvider({ apiKey: FAKE_KEY, baseURL: server.url, clock: steppingClock() });
    await provider.complete({ ...REQUEST, stream, cacheSystemPrefix: true });
    await provider.complete({ ...REQUEST, stream });
    const [cached, plain] = server.requests;
    expect(cached?.path).toBe('/v1/messages');
    // @anthropic-ai/sdk 1.x sends the key as a bearer token (0.x used x-api-key); the API takes either.
    expect(cached?.headers['x-api-key'] ?? cached?.headers['authorization']?.replace(/^Bearer /, '')).toBe(FAKE_KEY);
    expect(cached?.headers['anthropic-version']).toBeTypeOf('string');
    expect(cached?.body).toEqual({
      model: 'test-model',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'Say hello in five words.' }],
      system: [{ type: 'text', text: 'You are terse.', cache_control: { type: 'ephemeral' } }],
      temperature: 0.2,
      top_p: 0.9,
      stream,
    });
    expect(plain?.body['system']).toBe('You are terse.');
  });
});

describe('Anthropic streaming usage', () => {
  it('takes cumulative message_delta counts over message_start', async () => {
    const start = { input_tokens: 12, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
    const delta = { input_tokens: 15, output_tokens: 33, cache_read_input_tokens: 512 };
    const server = await track(startAnthropicServer({ script: () => ({ text: TEXT, usage: start, deltaUsage: delta }) }));
    const provider = new AnthropicProvider({ apiKey: FAKE_KEY, baseURL: server.url, clock: steppingClock() });
    const result = await provider.complete({ ...REQUEST, stream: true });
    expect(result.usage).toEqual({ input: 15, output: 33, reasoning: 0, cacheRead: 512, cacheWrite5m: 0, cacheWrite1h: 0 });
  });

  it('folds system-role messages into `system`', async () => {
    const server = await track(startAnthropicServer());
    const provider = new AnthropicProvider({ apiKey: FAKE_KEY, baseURL: server.url, clock: steppingClock() });
    await provider.complete({ ...REQUEST, messages: [{ role: 'system', content: 'Be kind.' }, ...REQUEST.messages] });
    expect(server.requests[0]?.body['system']).toBe('You are terse.\n\nBe kind.');
    expect(server.requests[0]?.body['messages']).toEqual([{ role: 'user', content: 'Say hello in five words.' }]);
  });
});

describe.each([false, true])('Ollama (stream: %s)', (stream) => {
  it('returns the output with usage from prompt_eval_count and eval_count', async () => {
    const server = await track(startOllamaServer({ script: () => ({ text: TEXT, promptEvalCount: 31, evalCount: 9, doneReason: 'length' }) }));
    const provider = new OllamaProvider({ host: server.url, clock: steppingClock() });
    expect(await provider.complete({ ...REQUEST, stream })).toEqual({
      output: TEXT,
      usage: { input: 31, output: 9, reasoning: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0 },
      usageSource: 'reported',
      finishReason: 'length',
      ...(stream ? TIMING.streamed : TIMING.whole),
    });
  });

  it('sends the model, system-first messages, stream and num_predict / temperature / top_p options', async () => {
    const server = await track(startOllamaServer());
    await new OllamaProvider({ host: server.url, clock: steppingClock() }).complete({ ...REQUEST, model: 'llama3.1:8b', stream });
    const [seen] = server.requests;
    expect(seen?.path).toBe('/api/chat');
    expect(seen?.headers['authorization']).toBeUndefined();
    expect(seen?.body).toEqual({
      model: 'llama3.1:8b',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Say hello in five words.' },
      ],
      options: { num_predict: 64, temperature: 0.2, top_p: 0.9 },
      stream,
    });
  });

  it('estimates the prompt when Ollama leaves prompt_eval_count out', async () => {
    const server = await track(startOllamaServer({ script: () => ({ text: TEXT, promptEvalCount: null, evalCount: 9 }) }));
    const provider = new OllamaProvider({ host: server.url, clock: steppingClock(), counter: wordCounter });
    const result = await provider.complete({ ...REQUEST, stream });
    expect(result.usageSource).toBe('estimated');
    expect(result.usage).toMatchObject({ input: 8, output: 9 });
  });
});

describe('createProvider against loopback servers', () => {
  it('reaches ollama:MODEL@URL with the model keeping its tag, and openai / anthropic with the configured base URL', async () => {
    const ollama = await track(startOllamaServer());
    const openai = await track(startOpenAIServer());
    const anthropic = await track(startAnthropicServer());
    const config = {
      clock: steppingClock(),
      openai: { apiKey: FAKE_KEY, baseURL: openai.url },
      anthropic: { apiKey: FAKE_KEY, baseURL: anthropic.url },
    };
    await createProvider(`ollama:llama3.1:8b@${ollama.url}`, config).complete({ ...REQUEST, model: 'llama3.1:8b' });
    await createProvider('openai:gpt-4o-mini', config).complete({ ...REQUEST, model: 'gpt-4o-mini' });
    await createProvider('anthropic:claude-haiku-4-5', config).complete({ ...REQUEST, model: 'claude-haiku-4-5' });
    expect(ollama.requests[0]?.body['model']).toBe('llama3.1:8b');
    expect(openai.requests[0]?.body['model']).toBe('gpt-4o-mini');
    expect(anthropic.requests[0]?.body['model']).toBe('claude-haiku-4-5');
  });
});
