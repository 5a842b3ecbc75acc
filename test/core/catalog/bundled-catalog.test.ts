import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ratePerMTok, ratePerToken } from '../../../src/core/money/money.ts';
import type { Rate } from '../../../src/core/money/money.ts';
import { TOKENIZER_IDS } from '../../../src/core/types.ts';
import { BUNDLED_CATALOG, bundledModels } from '../../../src/core/catalog/bundled-catalog.ts';
import { RATE_FIELDS } from '../../../src/core/catalog/schema.ts';
import type { ModelEntry } from '../../../src/core/catalog/model.ts';

const models = bundledModels();
const byId = (id: string): ModelEntry => {
  const model = models.find((m) => m.id === id);
  if (!model) throw new Error(`no bundled model ${id}`);
  return model;
};
const usd = (value: string): Rate => ratePerMTok(value);

describe('bundled catalog', () => {
  it('validates and gives every entry a source URL, an ISO asOf and a known tokenizer', () => {
    expect(models.length).toBe(BUNDLED_CATALOG.models.length);
    for (const model of models) {
      expect(model.source, model.id).toMatch(/^https:\/\/\S+$/);
      expect(model.asOf, model.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(Number.isNaN(Date.parse(model.asOf)), model.id).toBe(false);
      expect(TOKENIZER_IDS, model.id).toContain(model.tokenizer);
      expect(model.origin).toBe('bundled');
    }
  });

  it('never prices an API model at $0: every known rate is positive, input and output are known', () => {
    for (const model of models.filter((m) => !m.selfHosted)) {
      expect(model.rates, model.id).not.toBeNull();
      expect(model.rates?.input, model.id).not.toBeNull();
      expect(model.rates?.output, model.id).not.toBeNull();
      const tiers = [model.rates ?? {}, ...model.longContext.map((tier) => tier.rates)];
      for (const rates of tiers) {
        for (const [field, rate] of Object.entries(rates)) {
          // An embedding model produces no output tokens: its output rates are $0 by definition.
          const noOutput = model.id.startsWith('text-embedding-') && (field === 'output' || field === 'batchOutput');
          if (rate !== null) expect(noOutput ? rate === 0n : rate > 0n, `${model.id} ${field}`).toBe(true);
        }
      }
    }
  });

  it('keeps the retired Claude 2 generation at its last list prices, input and output only', () => {
    const rates = (id: string) => models.find((m) => m.id === id)?.rates;
    expect(rates('claude-2.1')).toMatchObject({ input: 8_000_000n, output: 24_000_000n, cacheRead: null, batchInput: null });
    expect(rates('claude-instant-1.2')).toMatchObject({ input: 800_000n, output: 2_400_000n });
  });

  it('gives self-hosted open models no rates', () => {
    const open = models.filter((m) => m.selfHosted);
    expect(open.map((m) => m.provider).sort()).toEqual(expect.arrayContaining(['google', 'meta', 'mistral', 'qwen']));
    for (const model of open) {
      expect(model.rates, model.id).toBeNull();
      expect(model.source, model.id).toMatch(/^https:\/\/huggingface\.co\//);
    }
  });

  it('covers the families the brief names with the right tokenizers', () => {
    const expected: Record<string, string> = {
      'gpt-5': 'o200k_base', 'gpt-5-mini': 'o200k_base', 'gpt-5-nano': 'o200k_base', 'gpt-4.1': 'o200k_base',
      'gpt-4.1-mini': 'o200k_base', 'gpt-4.1-nano': 'o200k_base', 'gpt-4o': 'o200k_base', 'gpt-4o-mini': 'o200k_base',
      o1: 'o200k_base', o3: 'o200k_base', 'o3-mini': 'o200k_base', 'o4-mini': 'o200k_base',
      'gpt-3.5-turbo': 'cl100k_base', 'gpt-4': 'cl100k_base', 'gpt-4-turbo': 'cl100k_base',
      'davinci-002': 'cl100k_base', 'babbage-002': 'cl100k_base', 'text-davinci-003': 'p50k_base',
      'claude-haiku-4-5': 'claude', 'claude-sonnet-4-0': 'claude', 'claude-sonnet-4-5': 'claude', 'claude-opus-4-0': 'claude',
      'claude-opus-4-1': 'claude', 'claude-opus-4-5': 'claude', 'gemini-2.0-flash': 'gemini', 'gemini-2.0-flash-lite': 'gemini',
      'gemini-2.5-pro': 'gemini', 'gemini-2.5-flash': 'gemini', 'gemini-2.5-flash-lite': 'gemini',
      'llama-3.1-8b-instruct': 'llama3', 'llama-3.1-70b-instruct': 'llama3', 'llama-3.1-405b-instruct': 'llama3',
      'llama-3.2-1b-instruct': 'llama3', 'llama-3.2-3b-instruct': 'llama3', 'llama-3.3-70b-instruct': 'llama3',
      'qwen2.5-7b-instruct': 'qwen2', 'qwen2.5-14b-instruct': 'qwen2', 'qwen2.5-32b-instruct': 'qwen2', 'qwen2.5-72b-instruct': 'qwen2',
      'mistral-7b-instruct-v0.3': 'mistral', 'mixtral-8x7b-instruct-v0.1': 'mistral', 'gemma-2-9b-it': 'gemma',
      'gemma-2-27b-it': 'gemma', 'gemma-3-27b-it': 'gemma',
    };
    for (const [id, tokenizer] of Object.entries(expected)) expect(byId(id).tokenizer, id).toBe(tokenizer);
  });

  it('holds the provider-page prices exactly', () => {
    expect(byId('gpt-4o-mini').rates).toMatchObject({ input: usd('0.15'), output: usd('0.6'), cacheRead: usd('0.075') });
    expect(byId('gpt-5').rates).toMatchObject({ input: usd('1.25'), output: usd('10'), cacheRead: usd('0.125') });
    expect(byId('o3').rates).toMatchObject({ input: usd('2'), output: usd('8'), batchInput: usd('1'), batchOutput: usd('4') });
    expect(byId('gemini-2.5-flash').rates).toMatchObject({ input: usd('0.3'), output: usd('2.5'), cacheRead: usd('0.03') });
    const sonnet = byId('claude-sonnet-4-5');
    expect(sonnet.longContext).toEqual([{
      aboveInputTokens: 200_000,
      rates: { input: usd('6'), output: usd('22.5'), cacheRead: usd('0.6'), cacheWrite5m: usd('7.5'), cacheWrite1h: usd('12'), batchInput: usd('3'), batchOutput: usd('11.25') },
    }]);
    expect(byId('gemini-2.5-pro').longContext[0]?.rates).toMatchObject({ input: usd('2.5'), output: usd('15') });
  });

  it('keeps Anthropic cache and batch multipliers exact (0.1x read, 1.25x 5m, 2x 1h, 0.5x batch)', () => {
    // Claude Haiku 3 predates the multipliers: its page prices ($0.30 write, $0.03 read) are kept as published.
    // The retired Claude 2 generation had neither prompt caching nor a Batch API: only input and output are priced.
    const retired = new Set(['claude-3-haiku-20240307', 'claude-2.1', 'claude-2.0', 'claude-instant-1.2']);
    for (const model of models.filter((m) => m.provider === 'anthropic' && !retired.has(m.id))) {
      const r = model.rates;
      if (!r || r.input === null || r.output === null) throw new Error(model.id);
      expect(r.cacheRead, model.id).toBe(r.input / 10n);
      expect(r.cacheWrite5m, model.id).toBe((r.input * 5n) / 4n);
      expect(r.cacheWrite1h, model.id).toBe(r.input * 2n);
      expect(r.batchInput, model.id).toBe(r.input / 2n);
      expect(r.batchOutput, model.id).toBe(r.output / 2n);
    }
  });

  it('has unique provider:id keys and aliases that resolve to one model', () => {
    const names = new Map<string, string>();
    for (const model of models) {
      for (const name of [`${model.provider}:${model.id}`, model.id, ...model.aliases].map((n) => n.toLowerCase())) {
        expect(names.get(name) ?? model.id, `${name} is used twice`).toBe(model.id);
        names.set(name, model.id);
      }
    }
  });
});

const litellmUrl = new URL('../../../../shared/data/prices/litellm_model_prices.json', import.meta.url);
const haveLitellm = existsSync(fileURLToPath(litellmUrl));

describe.skipIf(!haveLitellm)('bundled catalog vs LiteLLM (skipped: ../shared/data/prices is absent)', () => {
  const litellm = haveLitellm ? (JSON.parse(readFileSync(litellmUrl, 'utf8')) as Record<string, Record<string, unknown>>) : {};
  const FIELD: Record<string, string> = {
    input: 'input_cost_per_token', output: 'output_cost_per_token', cacheRead: 'cache_read_input_token_cost',
    cacheWrite5m: 'cache_creation_input_token_cost', cacheWrite1h: 'cache_creation_input_token_cost_above_1hr',
    batchInput: 'input_cost_per_token_batches', batchOutput: 'output_cost_per_token_batches',
  };

  it('agrees on every rate both give, or says in notes that the provider page wins', () => {
    let compared = 0;
    for (const model of models.filter((m) => !m.selfHosted && m.rates)) {
      const spec = [model.id, `gemini/${model.id}`, ...model.aliases].map((key) => litellm[key]).find((v) => v !== undefined);
      if (!spec) continue;
      for (const field of RATE_FIELDS) {
        const theirs = spec[FIELD[field] ?? ''];
        const ours = model.rates?.[field] ?? null;
        if (typeof theirs !== 'number' || ours === null) continue;
        compared++;
        if (ratePerToken(theirs) !== ours) expect(model.notes ?? '', `${model.id} ${field}`).toMatch(/LiteLLM/);
      }
    }
    expect(compared).toBeGreaterThan(60);
  });
});
