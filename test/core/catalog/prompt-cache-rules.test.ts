import { describe, expect, it } from 'vitest';
import { Catalog } from '../../../src/core/catalog/catalog.ts';
import { cacheableTokens, promptCacheRules } from '../../../src/core/catalog/prompt-cache-rules.ts';

const catalog = new Catalog();
const rules = (ref: string) => promptCacheRules(catalog.resolve(ref));

describe('promptCacheRules', () => {
  it('gives each Anthropic model its documented minimum and four breakpoints', () => {
    expect(rules('anthropic:claude-haiku-4-5')?.minTokens).toBe(4096);
    expect(rules('anthropic:claude-opus-4-5')?.minTokens).toBe(4096);
    expect(rules('anthropic:claude-3-5-haiku-20241022')?.minTokens).toBe(2048);
    expect(rules('anthropic:claude-3-haiku-20240307')?.minTokens).toBe(2048);
    expect(rules('anthropic:claude-sonnet-4-5')?.minTokens).toBe(1024);
    expect(rules('anthropic:claude-opus-4-1')).toMatchObject({ mode: 'breakpoints', minTokens: 1024, maxBreakpoints: 4, ttlMinutes: [5, 60] });
  });

  it('caches OpenAI prompts automatically from 1,024 tokens in 128-token steps, except models without a cached rate', () => {
    expect(rules('openai:gpt-4o-mini')).toMatchObject({ mode: 'automatic', minTokens: 1024, incrementTokens: 128, maxBreakpoints: null });
    expect(rules('openai:gpt-4.1')?.minTokens).toBe(1024);
    expect(rules('openai:gpt-4-turbo')).toBeNull();
    expect(rules('openai:gpt-3.5-turbo')).toBeNull();
  });

  it('knows Gemini 2.5 implicit caching and nothing for self-hosted models', () => {
    expect(rules('google:gemini-2.5-pro')?.minTokens).toBe(2048);
    expect(rules('google:gemini-2.5-flash')?.minTokens).toBe(1024);
    expect(rules('google:gemini-2.0-flash')).toBeNull();
    const selfHosted = catalog.list().find((m) => m.selfHosted);
    expect(selfHosted && promptCacheRules(selfHosted)).toBeNull();
  });
});

describe('cacheableTokens', () => {
  const openai = rules('openai:gpt-4o')!;
  const anthropic = rules('anthropic:claude-sonnet-4-5')!;
  it.each([
    [1023, 0], [1024, 1024], [1151, 1024], [1152, 1152], [1500, 1408], [2000, 1920],
  ])('OpenAI: a %i-token prefix caches %i (1,024 + 128k)', (prefix, cached) => {
    expect(cacheableTokens(openai, prefix)).toBe(cached);
  });
  it('Anthropic caches the whole marked prefix once it reaches the minimum', () => {
    expect(cacheableTokens(anthropic, 1023)).toBe(0);
    expect(cacheableTokens(anthropic, 1500)).toBe(1500);
  });
});
