import { describe, expect, it } from 'vitest';
import { createProvider } from '../../../src/core/providers/factory.ts';
import { GGUF_UNAVAILABLE } from '../../../src/core/providers/gguf.ts';
import { ProviderCallError } from '../../../src/core/providers/provider.ts';
import { catchError } from '../../helpers/catch-error.ts';

const clock = { now: () => 0, monotonic: () => 0 };

describe('createProvider', () => {
  it('makes the provider each reference names', () => {
    const config = { clock, openai: { apiKey: 'sk-test-1' }, anthropic: { apiKey: 'sk-ant-test-1' } };
    expect(createProvider('openai:gpt-4o-mini', config).kind).toBe('openai');
    expect(createProvider('anthropic:claude-haiku-4-5', config).kind).toBe('anthropic');
    expect(createProvider('ollama:llama3.1:8b', config).kind).toBe('ollama');
    expect(createProvider('vllm:m@http://127.0.0.1:8000/v1', config).kind).toBe('openai-compatible');
    expect(createProvider('llamacpp:m@http://127.0.0.1:8080/v1', config).kind).toBe('openai-compatible');
    expect(createProvider('gguf:./tiny.gguf', config).kind).toBe('gguf');
  });

  it.each([
    ['openai:gpt-4o-mini', 'OPENAI_API_KEY'],
    ['anthropic:claude-haiku-4-5', 'ANTHROPIC_API_KEY'],
  ])('%s without a key names %s to set', (reference, envVar) => {
    for (const config of [{ clock }, { clock, openai: { apiKey: '' }, anthropic: { apiKey: null } }]) {
      const error = catchError(() => createProvider(reference, config));
      expect(error.code).toBe('missing-api-key');
      expect(error.message).toContain(reference);
      expect(error.hint).toContain(envVar);
    }
  });

  it('a key for one provider is not used for another', () => {
    const error = catchError(() => createProvider('anthropic:claude-haiku-4-5', { clock, openai: { apiKey: 'sk-secret-openai' } }));
    expect(error.describe()).not.toContain('sk-secret-openai');
  });

  it('gguf: every call fails with a clear, non-retryable error', async () => {
    const provider = createProvider('gguf:./models/tiny.gguf', { clock });
    const error = await provider
      .complete({ model: './models/tiny.gguf', messages: [{ role: 'user', content: 'hi' }], maxOutputTokens: 8 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderCallError);
    expect((error as ProviderCallError).error).toEqual({
      code: 'unknown',
      message: `gguf:./models/tiny.gguf: ${GGUF_UNAVAILABLE}`,
      retryable: false,
    });
    expect(GGUF_UNAVAILABLE).toBe('not available yet: node-llama-cpp is not installed in this build');
  });
});
