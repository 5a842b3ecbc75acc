import { catchError } from '../../helpers/catch-error.ts';
import { describe, expect, it } from 'vitest';
import { ratePerMTok } from '../../../src/core/money/money.ts';
import { Catalog } from '../../../src/core/catalog/catalog.ts';
import type { ModelEntry, Rates } from '../../../src/core/catalog/model.ts';
import { modelKey } from '../../../src/core/catalog/model.ts';


const NO_RATES: Rates = {
  input: null, output: null, reasoningOutput: null, cacheRead: null, cacheWrite5m: null, cacheWrite1h: null, batchInput: null, batchOutput: null,
};

function imported(provider: string, id: string, input: string, asOf: string, extra: Partial<ModelEntry> = {}): ModelEntry {
  return {
    id, provider, displayName: id, aliases: [], contextWindow: null, maxOutput: 999, tokenizer: 'gemini',
    rates: { ...NO_RATES, input: ratePerMTok(input), output: ratePerMTok('1') }, longContext: [], selfHosted: false,
    source: 'https://github.com/BerriAI/litellm', asOf, origin: 'litellm', ...extra,
  };
}

describe('Catalog.resolve', () => {
  const catalog = new Catalog();
  const key = (ref: string) => modelKey(catalog.resolve(ref));

  it('accepts provider:model, provider/model, bare ids and aliases, case-insensitively', () => {
    expect(key('openai:gpt-4o')).toBe('openai:gpt-4o');
    expect(key('openai/gpt-4o')).toBe('openai:gpt-4o');
    expect(key('OpenAI:GPT-4o')).toBe('openai:gpt-4o');
    expect(key('gpt-4o')).toBe('openai:gpt-4o');
    expect(key('  gpt-4o-2024-08-06 ')).toBe('openai:gpt-4o');
    expect(key('claude-sonnet-4-5')).toBe('anthropic:claude-sonnet-4-5');
    expect(key('claude-sonnet-4-5-20250929')).toBe('anthropic:claude-sonnet-4-5');
    expect(key('anthropic:claude-sonnet-4-5-20250929')).toBe('anthropic:claude-sonnet-4-5');
    expect(key('google:gemini-2.5-pro')).toBe('google:gemini-2.5-pro');
    expect(key('gemini-2.5-pro')).toBe('google:gemini-2.5-pro');
  });

  it('tries the whole string as an id or alias when it contains : or /', () => {
    expect(key('llama3.1:8b')).toBe('meta:llama-3.1-8b-instruct');
    expect(key('meta-llama/Llama-3.1-8B-Instruct')).toBe('meta:llama-3.1-8b-instruct');
    expect(key('meta:llama3.1:8b')).toBe('meta:llama-3.1-8b-instruct');
    expect(key('mistral:7b')).toBe('mistral:mistral-7b-instruct-v0.3');
    expect(key('Qwen/Qwen2.5-72B-Instruct')).toBe('qwen:qwen2.5-72b-instruct');
    expect(key('google/gemma-2-9b-it')).toBe('google:gemma-2-9b-it');
    expect(key('gemma3:27b')).toBe('google:gemma-3-27b-it');
  });

  it('reads a run target through a local server as the model it serves, as costlab run does', () => {
    expect(key('ollama:llama3.1:8b')).toBe('meta:llama-3.1-8b-instruct');
    expect(key('vllm:meta-llama/Llama-3.1-8B-Instruct@http://gpu-box:8000/v1')).toBe('meta:llama-3.1-8b-instruct');
    expect(key('lmstudio:qwen/qwen2.5-72b-instruct')).toBe('qwen:qwen2.5-72b-instruct');
    // Only the local-server routes: an unknown provider in front of a known id is still unknown.
    expect(catalog.tryResolve('acme:gpt-4o')).toBeUndefined();
    expect(catalog.tryResolve('ollama:no-such-model:7b')).toBeUndefined();
  });

  it('lists the three closest models for an unknown ref, with the hint', () => {
    const error = catchError(() => catalog.resolve('gpt4o-mini'));
    expect(error.code).toBe('unknown-model');
    expect(error.message).toBe("unknown model 'gpt4o-mini'; closest: openai:gpt-4o-mini, openai:gpt-5-mini, openai:gpt-4.1-mini");
    expect(error.hint).toBe("run 'costlab models' to list them");
    expect(catchError(() => catalog.resolve('claude-sonet-4.5')).message).toMatch(/closest: anthropic:claude-sonnet-4-5, /);
    expect(catalog.tryResolve('no-such-model')).toBeUndefined();
    expect(catchError(() => catalog.resolve('')).code).toBe('unknown-model');
  });

  it('lists models and providers', () => {
    expect(catalog.providers()).toEqual(['anthropic', 'google', 'meta', 'mistral', 'openai', 'qwen']);
    expect(catalog.list({ provider: 'Anthropic' }).every((m) => m.provider === 'anthropic')).toBe(true);
    expect(catalog.list().length).toBe(catalog.size);
  });
});

describe('Catalog layers', () => {
  it('prefers the bundled first-party provider for a bare id several providers share', () => {
    const catalog = new Catalog({ imported: [[imported('azure', 'gpt-4o', '9', '2026-12-01'), imported('openrouter', 'gpt-4o', '8', '2026-12-01')]] });
    expect(modelKey(catalog.resolve('gpt-4o'))).toBe('openai:gpt-4o');
    expect(modelKey(catalog.resolve('azure/gpt-4o'))).toBe('azure:gpt-4o');
    expect(modelKey(catalog.resolve('openrouter:gpt-4o'))).toBe('openrouter:gpt-4o');
  });

  it('calls a bare id ambiguous when no first-party model has it', () => {
    const catalog = new Catalog({ imported: [[imported('azure', 'acme-1', '1', '2026-12-01'), imported('openrouter', 'acme-1', '2', '2026-12-01')]] });
    const error = catchError(() => catalog.resolve('acme-1'));
    expect(error.code).toBe('ambiguous-model');
    expect(error.message).toBe("'acme-1' names 2 models: azure:acme-1, openrouter:acme-1");
  });

  it('lets a newer import correct known fields of a bundled model (matched by alias too) and add models', () => {
    const newer = imported('openai', 'gpt-4o-2024-08-06', '2.25', '2026-12-01');
    const catalog = new Catalog({ imported: [[newer, imported('acme', 'new-1', '1', '2026-12-01')]] });
    const gpt4o = catalog.resolve('gpt-4o');
    expect(gpt4o.id).toBe('gpt-4o');
    expect(gpt4o.rates?.input).toBe(ratePerMTok('2.25'));
    expect(gpt4o.rates?.cacheRead).toBe(ratePerMTok('1.25'));
    expect(gpt4o).toMatchObject({ origin: 'litellm', asOf: '2026-12-01', maxOutput: 999, contextWindow: 128_000, tokenizer: 'o200k_base' });
    expect(gpt4o.notes).toMatch(/kept from the bundled entry/);
    expect(catalog.resolve('acme:new-1').origin).toBe('litellm');
  });

  it('never lets an older import overwrite newer bundled prices', () => {
    const catalog = new Catalog({ imported: [[imported('openai', 'gpt-4o', '99', '2026-07-24', { aliases: ['openai/gpt-4o'] })]] });
    const gpt4o = catalog.resolve('gpt-4o');
    expect(gpt4o.rates?.input).toBe(ratePerMTok('2.5'));
    expect(gpt4o.origin).toBe('bundled');
    expect(modelKey(catalog.resolve('openai/gpt-4o'))).toBe('openai:gpt-4o');
  });
});
