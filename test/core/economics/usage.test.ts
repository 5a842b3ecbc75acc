/**
 * Worked examples: each expected total was computed by hand from the provider's public pricing page
 * (URL and rates in the comment, arithmetic in micro-dollars: tokens × USD/MTok = µUSD), and the rates
 * were cross-checked against LiteLLM's per-token price file (../shared/data/prices).
 * ModelEntry objects are built here by hand on purpose: the bundled catalog is tested on its own.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { LongContextTier, ModelEntry, Rates } from '../../../src/core/catalog/model.ts';
import { formatUsd, moneyToUsdString, ratePerMTok } from '../../../src/core/money/money.ts';
import type { Money } from '../../../src/core/money/money.ts';
import {
  EMPTY_USAGE,
  SELF_HOSTED_MISSING,
  USAGE_COMPONENTS,
  addUsage,
  makeUsage,
  priceUsage,
  promptTokens,
  selectTier,
  usageFromAnthropic,
  usageFromOpenAI,
} from '../../../src/core/economics/index.ts';
import type { PriceBreakdown, Usage } from '../../../src/core/economics/index.ts';

// ---------------------------------------------------------------------------------------------------
// Hand-built catalog entries (USD per million tokens, as the pricing pages print them)
// ---------------------------------------------------------------------------------------------------

type RateTable = { [K in keyof Rates]?: string | null };

function rates(table: RateTable): Rates {
  const rate = (value: string | null | undefined) => (value === undefined || value === null ? null : ratePerMTok(value));
  return {
    input: rate(table.input),
    output: rate(table.output),
    reasoningOutput: rate(table.reasoningOutput),
    cacheRead: rate(table.cacheRead),
    cacheWrite5m: rate(table.cacheWrite5m),
    cacheWrite1h: rate(table.cacheWrite1h),
    batchInput: rate(table.batchInput),
    batchOutput: rate(table.batchOutput),
  };
}

function tier(aboveInputTokens: number, table: RateTable): LongContextTier {
  const partial: Partial<Rates> = {};
  for (const [field, value] of Object.entries(table) as [keyof Rates, string | null][]) {
    partial[field] = value === null ? null : ratePerMTok(value);
  }
  return { aboveInputTokens, rates: partial };
}

function model(entry: Pick<ModelEntry, 'provider' | 'id' | 'rates' | 'source'> & Partial<ModelEntry>): ModelEntry {
  return {
    displayName: entry.id,
    aliases: [],
    contextWindow: null,
    maxOutput: null,
    tokenizer: 'o200k_base',
    longContext: [],
    selfHosted: false,
    asOf: '2025-11-01',
    origin: 'bundled',
    ...entry,
  };
}

const OPENAI_PRICING = 'https://platform.openai.com/docs/pricing';
const ANTHROPIC_PRICING = 'https://docs.claude.com/en/docs/about-claude/pricing';
const GEMINI_PRICING = 'https://ai.google.dev/gemini-api/docs/pricing';

// https://platform.openai.com/docs/pricing — gpt-4o-mini: input $0.15, cached input $0.075, output $0.60;
// Batch tab: input $0.075, output $0.30. (LiteLLM: 1.5e-07, 7.5e-08, 6e-07; batches 7.5e-08, 3e-07.)
const gpt4oMini = model({
  provider: 'openai',
  id: 'gpt-4o-mini',
  source: OPENAI_PRICING,
  rates: rates({ input: '0.15', cacheRead: '0.075', output: '0.60', batchInput: '0.075', batchOutput: '0.30' }),
});

// https://platform.openai.com/docs/pricing — o4-mini: input $1.10, cached input $0.275, output $4.40.
// (LiteLLM: 1.1e-06, 2.75e-07, 4.4e-06.) No batch rates given here.
const o4Mini = model({
  provider: 'openai',
  id: 'o4-mini',
  source: OPENAI_PRICING,
  rates: rates({ input: '1.10', cacheRead: '0.275', output: '4.40' }),
});

// https://platform.openai.com/docs/pricing — gpt-5: input $1.25, cached input $0.125, output $10.00;
// Batch tab: input $0.625, cached input $0.0625, output $5.00. (LiteLLM: 1.25e-06, 1.25e-07, 1e-05.)
const gpt5 = model({
  provider: 'openai',
  id: 'gpt-5',
  source: OPENAI_PRICING,
  rates: rates({ input: '1.25', cacheRead: '0.125', output: '10.00', batchInput: '0.625', batchOutput: '5.00' }),
});

// https://docs.claude.com/en/docs/about-claude/pricing — Claude Sonnet 4.5: base input $3, 5m cache writes
// $3.75, 1h cache writes $6, cache hits $0.30, output $15; batch (…/batch-processing#pricing) $1.50 / $7.50.
// Long context (#long-context-pricing), > 200K input tokens: input $6, output $22.50; the caching
// multipliers (0.1× read, 1.25× 5m write, 2× 1h write) apply on top: read $0.60, 5m $7.50, 1h $12.
// (LiteLLM claude-sonnet-4-5: 3e-06, 3.75e-06, 6e-06, 3e-07, 1.5e-05; above 200k 6e-06, 2.25e-05, 6e-07,
// 7.5e-06, 1.2e-05.)
const sonnet45 = model({
  provider: 'anthropic',
  id: 'claude-sonnet-4-5',
  tokenizer: 'claude',
  source: ANTHROPIC_PRICING,
  rates: rates({
    input: '3',
    cacheWrite5m: '3.75',
    cacheWrite1h: '6',
    cacheRead: '0.30',
    output: '15',
    batchInput: '1.50',
    batchOutput: '7.50',
  }),
  longContext: [
    tier(200_000, { input: '6', output: '22.50', cacheRead: '0.60', cacheWrite5m: '7.50', cacheWrite1h: '12' }),
  ],
});

// https://ai.google.dev/gemini-api/docs/pricing — Gemini 2.5 Pro: input $1.25 (prompts <= 200k tokens) /
// $2.50 (> 200k); output including thinking tokens $10 / $15; context caching $0.125 / $0.25.
// Batch: input $0.625 / $1.25, output $5 / $7.50. (LiteLLM gemini/gemini-2.5-pro: 1.25e-06, 2.5e-06,
// 1e-05, 1.5e-05, 1.25e-07, 2.5e-07.)
const gemini25Pro = model({
  provider: 'google',
  id: 'gemini-2.5-pro',
  tokenizer: 'gemini',
  source: GEMINI_PRICING,
  rates: rates({ input: '1.25', output: '10', cacheRead: '0.125', batchInput: '0.625', batchOutput: '5' }),
  longContext: [tier(200_000, { input: '2.50', output: '15', cacheRead: '0.25', batchInput: '1.25', batchOutput: '7.50' })],
});

const llama = model({
  provider: 'ollama',
  id: 'llama3.1:8b',
  tokenizer: 'llama3',
  source: 'https://ollama.com/library/llama3.1',
  rates: null,
  selfHosted: true,
});

/** Exact USD decimal string of a known total; fails the test if the total is unknown. */
function usd(money: Money): string {
  if (!money.known) throw new Error(`expected a known amount, got unknown (${money.missing.join(', ')})`);
  return moneyToUsdString(money.pico);
}

function costs(breakdown: PriceBreakdown): Record<string, string> {
  return Object.fromEntries(
    USAGE_COMPONENTS.map((c) => [c, breakdown.components[c].cost.known ? usd(breakdown.components[c].cost) : 'unknown']),
  );
}

// ---------------------------------------------------------------------------------------------------
// Worked examples
// ---------------------------------------------------------------------------------------------------

describe('priceUsage — worked examples', () => {
  it('gpt-4o-mini, 1,000 in / 500 out = $0.00045', () => {
    // 1,000 × $0.15 = 150 µ$; 500 × $0.60 = 300 µ$; total 450 µ$ = $0.00045.
    const breakdown = priceUsage(gpt4oMini, makeUsage({ input: 1_000, output: 500 }));
    expect(usd(breakdown.total)).toBe('0.00045');
    expect(costs(breakdown)).toMatchObject({ input: '0.00015', output: '0.0003', reasoning: '0', cacheRead: '0' });
    expect(breakdown).toMatchObject({
      model: 'openai:gpt-4o-mini',
      mode: 'standard',
      tier: null,
      asOf: '2025-11-01',
      source: OPENAI_PRICING,
    });
    expect(breakdown.components.input.rate).toBe(150_000n);
    expect(formatUsd(breakdown.total)).toBe('$0.00045');
  });

  it('o4-mini with cached input and reasoning, from an OpenAI usage object = $0.0117656', () => {
    // usage: prompt_tokens 5,000 of which cached_tokens 3,072; completion_tokens 2,000 of which
    // reasoning_tokens 1,536 → input 1,928, cacheRead 3,072, output 464, reasoning 1,536.
    // 1,928 × $1.10 = 2,120.8 µ$; 3,072 × $0.275 = 844.8 µ$; 464 × $4.40 = 2,041.6 µ$;
    // 1,536 × $4.40 (reasoning billed as output) = 6,758.4 µ$. Total 11,765.6 µ$ = $0.0117656.
    // Check: the whole completion is 2,000 × $4.40 = 8,800 µ$ = 2,041.6 + 6,758.4.
    const usage = usageFromOpenAI({
      prompt_tokens: 5_000,
      completion_tokens: 2_000,
      prompt_tokens_details: { cached_tokens: 3_072 },
      completion_tokens_details: { reasoning_tokens: 1_536 },
    });
    expect(usage).toEqual({ input: 1_928, output: 464, reasoning: 1_536, cacheRead: 3_072, cacheWrite5m: 0, cacheWrite1h: 0 });
    const breakdown = priceUsage(o4Mini, usage);
    expect(costs(breakdown)).toMatchObject({
      input: '0.0021208',
      cacheRead: '0.0008448',
      output: '0.0020416',
      reasoning: '0.0067584',
    });
    expect(usd(breakdown.total)).toBe('0.0117656');
    expect(breakdown.components.reasoning.rate).toBe(ratePerMTok('4.40'));
  });

  it('Claude Sonnet 4.5 with a cache read, a 5-minute write and a 1-hour write = $0.1065', () => {
    // usage: input_tokens 2,000; cache_read_input_tokens 50,000; cache_creation_input_tokens 15,000
    // = ephemeral_5m 10,000 + ephemeral_1h 5,000; output_tokens 1,200. Prompt 67,000 < 200K: base rates.
    // 2,000 × $3 = 6,000 µ$; 50,000 × $0.30 = 15,000 µ$; 10,000 × $3.75 = 37,500 µ$;
    // 5,000 × $6 = 30,000 µ$; 1,200 × $15 = 18,000 µ$. Total 106,500 µ$ = $0.1065.
    const usage = usageFromAnthropic({
      input_tokens: 2_000,
      output_tokens: 1_200,
      cache_read_input_tokens: 50_000,
      cache_creation_input_tokens: 15_000,
      cache_creation: { ephemeral_5m_input_tokens: 10_000, ephemeral_1h_input_tokens: 5_000 },
    });
    const breakdown = priceUsage(sonnet45, usage);
    expect(costs(breakdown)).toEqual({
      input: '0.006',
      output: '0.018',
      reasoning: '0',
      cacheRead: '0.015',
      cacheWrite5m: '0.0375',
      cacheWrite1h: '0.03',
    });
    expect(usd(breakdown.total)).toBe('0.1065');
    expect(breakdown.tier).toBeNull();
    expect(formatUsd(breakdown.total)).toBe('$0.1065');
  });

  it('Claude Sonnet 4.5 above 200K prompt tokens takes the long-context rates for every token = $1.026', () => {
    // input 150,000 + cacheRead 60,000 = 210,000 prompt tokens > 200,000 (cache reads count toward the
    // threshold even though uncached input alone is under it). All tokens take the tier's rates:
    // 150,000 × $6 = 900,000 µ$; 60,000 × $0.60 = 36,000 µ$; output 4,000 × $22.50 = 90,000 µ$.
    // Total 1,026,000 µ$ = $1.026.
    const breakdown = priceUsage(sonnet45, makeUsage({ input: 150_000, cacheRead: 60_000, output: 4_000 }));
    expect(breakdown.tier).toEqual({ aboveInputTokens: 200_000 });
    expect(costs(breakdown)).toMatchObject({ input: '0.9', cacheRead: '0.036', output: '0.09' });
    expect(usd(breakdown.total)).toBe('1.026');
    expect(breakdown.components.output.rate).toBe(ratePerMTok('22.50'));
  });

  it('Claude Sonnet 4.5 at exactly 200K prompt tokens stays on the base rates = $0.498', () => {
    // 140,000 + 60,000 = 200,000: not above 200K. 140,000 × $3 = 420,000 µ$; 60,000 × $0.30 = 18,000 µ$;
    // 4,000 × $15 = 60,000 µ$. Total 498,000 µ$ = $0.498.
    const breakdown = priceUsage(sonnet45, makeUsage({ input: 140_000, cacheRead: 60_000, output: 4_000 }));
    expect(breakdown.tier).toBeNull();
    expect(usd(breakdown.total)).toBe('0.498');
  });

  it('Claude Sonnet 4.5 above 200K with cache writes uses the long-context write rates = $1.7025', () => {
    // input 100,000 + cacheWrite5m 80,000 + cacheWrite1h 40,000 = 220,000 > 200K.
    // 100,000 × $6 = 600,000 µ$; 80,000 × $7.50 = 600,000 µ$; 40,000 × $12 = 480,000 µ$;
    // output 1,000 × $22.50 = 22,500 µ$. Total 1,702,500 µ$ = $1.7025.
    const breakdown = priceUsage(
      sonnet45,
      makeUsage({ input: 100_000, cacheWrite5m: 80_000, cacheWrite1h: 40_000, output: 1_000 }),
    );
    expect(costs(breakdown)).toMatchObject({ input: '0.6', cacheWrite5m: '0.6', cacheWrite1h: '0.48', output: '0.0225' });
    expect(usd(breakdown.total)).toBe('1.7025');
  });

  it('Gemini 2.5 Pro above 200K prompt tokens = $0.655', () => {
    // 250,000 prompt tokens > 200K: input $2.50, output (thinking included) $15.
    // 250,000 × $2.50 = 625,000 µ$; 500 × $15 = 7,500 µ$; thinking 1,500 × $15 = 22,500 µ$.
    // Total 655,000 µ$ = $0.655. (At the <= 200K rates it would be 312,500 + 5,000 + 15,000 = $0.3325.)
    const breakdown = priceUsage(gemini25Pro, makeUsage({ input: 250_000, output: 500, reasoning: 1_500 }));
    expect(breakdown.tier).toEqual({ aboveInputTokens: 200_000 });
    expect(costs(breakdown)).toMatchObject({ input: '0.625', output: '0.0075', reasoning: '0.0225' });
    expect(usd(breakdown.total)).toBe('0.655');
  });

  it('Gemini 2.5 Pro at exactly 200K prompt tokens stays on the base rates = $0.27', () => {
    // 200,000 × $1.25 = 250,000 µ$; 500 × $10 = 5,000 µ$; 1,500 × $10 = 15,000 µ$.
    // Total 270,000 µ$ = $0.27.
    const breakdown = priceUsage(gemini25Pro, makeUsage({ input: 200_000, output: 500, reasoning: 1_500 }));
    expect(breakdown.tier).toBeNull();
    expect(usd(breakdown.total)).toBe('0.27');
  });

  it('OpenAI batch: gpt-4o-mini, 1,000 in / 500 out = $0.000225', () => {
    // Batch tab: 1,000 × $0.075 = 75 µ$; 500 × $0.30 = 150 µ$. Total 225 µ$ = $0.000225 (half of standard).
    const breakdown = priceUsage(gpt4oMini, makeUsage({ input: 1_000, output: 500 }), { batch: true });
    expect(breakdown.mode).toBe('batch');
    expect(usd(breakdown.total)).toBe('0.000225');
    expect(breakdown.components.input.rate).toBe(ratePerMTok('0.075'));
  });

  it('OpenAI batch with cached input and reasoning: gpt-5 = $0.006642', () => {
    // usage: prompt 10,000 of which cached 8,192; completion 1,000 of which reasoning 640.
    // Batch tab rates: input $0.625, cached input $0.0625, output $5.00.
    // 1,808 × $0.625 = 1,130 µ$; 8,192 × $0.0625 = 512 µ$; 360 × $5 = 1,800 µ$; 640 × $5 = 3,200 µ$.
    // Total 6,642 µ$ = $0.006642.
    const usage = usageFromOpenAI({
      prompt_tokens: 10_000,
      completion_tokens: 1_000,
      prompt_tokens_details: { cached_tokens: 8_192 },
      completion_tokens_details: { reasoning_tokens: 640 },
    });
    const breakdown = priceUsage(gpt5, usage, { batch: true });
    expect(breakdown.components.cacheRead.rate).toBe(ratePerMTok('0.0625')); // the Batch tab's cached input
    expect(costs(breakdown)).toMatchObject({ input: '0.00113', cacheRead: '0.000512', output: '0.0018', reasoning: '0.0032' });
    expect(usd(breakdown.total)).toBe('0.006642');
  });

  it('Anthropic batch stacks with prompt caching: Sonnet 4.5 = $0.05325', () => {
    // "All usage is charged at 50% of the standard API prices": input $1.50, read $0.15, 5m write
    // $1.875, 1h write $3, output $7.50.
    // 2,000 × $1.50 = 3,000 µ$; 50,000 × $0.15 = 7,500 µ$; 10,000 × $1.875 = 18,750 µ$;
    // 5,000 × $3 = 15,000 µ$; 1,200 × $7.50 = 9,000 µ$. Total 53,250 µ$ = $0.05325 (half of $0.1065).
    const usage = makeUsage({ input: 2_000, cacheRead: 50_000, cacheWrite5m: 10_000, cacheWrite1h: 5_000, output: 1_200 });
    const breakdown = priceUsage(sonnet45, usage, { batch: true });
    expect(costs(breakdown)).toEqual({
      input: '0.003',
      output: '0.009',
      reasoning: '0',
      cacheRead: '0.0075',
      cacheWrite5m: '0.01875',
      cacheWrite1h: '0.015',
    });
    expect(usd(breakdown.total)).toBe('0.05325');
    expect(breakdown.components.cacheWrite5m.rate).toBe(ratePerMTok('1.875'));
  });

  it('Anthropic batch applies to long-context pricing: Sonnet 4.5 above 200K in batch = $0.513', () => {
    // The tier lists no batch prices; Anthropic's 50% applies to the long-context rates:
    // 150,000 × $3 = 450,000 µ$; 60,000 × $0.30 = 18,000 µ$; 4,000 × $11.25 = 45,000 µ$.
    // Total 513,000 µ$ = $0.513 (half of $1.026).
    const breakdown = priceUsage(sonnet45, makeUsage({ input: 150_000, cacheRead: 60_000, output: 4_000 }), { batch: true });
    expect(breakdown.tier).toEqual({ aboveInputTokens: 200_000 });
    expect(usd(breakdown.total)).toBe('0.513');
  });

  it('Gemini 2.5 Pro batch above 200K uses the tier batch prices = $0.3275', () => {
    // 250,000 × $1.25 = 312,500 µ$; 2,000 × $7.50 = 15,000 µ$. Total 327,500 µ$ = $0.3275.
    const breakdown = priceUsage(gemini25Pro, makeUsage({ input: 250_000, output: 2_000 }), { batch: true });
    expect(usd(breakdown.total)).toBe('0.3275');
  });
});

// ---------------------------------------------------------------------------------------------------
// Unknown prices
// ---------------------------------------------------------------------------------------------------

describe('priceUsage — unknown rates', () => {
  it('a component with tokens and no rate makes the total unknown and names the rate', () => {
    // gpt-4o-mini has no 1-hour cache-write rate (OpenAI does not sell one).
    const breakdown = priceUsage(gpt4oMini, makeUsage({ input: 1_000, output: 500, cacheWrite1h: 2_000 }));
    expect(breakdown.components.cacheWrite1h).toEqual({
      tokens: 2_000,
      rate: null,
      cost: { known: false, missing: ['openai:gpt-4o-mini cache-write-1h'] },
    });
    expect(breakdown.total).toEqual({ known: false, missing: ['openai:gpt-4o-mini cache-write-1h'] });
    expect(formatUsd(breakdown.total)).toBe('unknown (no openai:gpt-4o-mini cache-write-1h rate)');
    // The other components stay priced.
    expect(usd(breakdown.components.input.cost)).toBe('0.00015');
  });

  it('a component with 0 tokens costs exactly 0 even when its rate is unknown', () => {
    const breakdown = priceUsage(gpt4oMini, makeUsage({ input: 1_000, output: 500 }));
    expect(breakdown.components.cacheWrite1h).toEqual({ tokens: 0, rate: null, cost: { known: true, pico: 0n } });
    expect(usd(breakdown.total)).toBe('0.00045');
  });

  it('batch on a model with no batch rates is unknown, never the standard price', () => {
    const breakdown = priceUsage(o4Mini, makeUsage({ input: 1_000, cacheRead: 2_048, output: 100, reasoning: 300 }), {
      batch: true,
    });
    expect(breakdown.total).toEqual({
      known: false,
      missing: ['openai:o4-mini batch input', 'openai:o4-mini batch output', 'openai:o4-mini batch cache-read'],
    });
    for (const component of ['input', 'output', 'reasoning', 'cacheRead'] as const) {
      expect(breakdown.components[component].rate).toBeNull();
    }
  });

  it('batch cache reads on a provider without a published uniform batch discount are unknown', () => {
    // Gemini lists batch input/output prices, but costlab has no cited rule for cached tokens in Batch Mode.
    const breakdown = priceUsage(gemini25Pro, makeUsage({ input: 10_000, cacheRead: 50_000, output: 1_000 }), {
      batch: true,
    });
    expect(usd(breakdown.components.input.cost)).toBe('0.00625'); // 10,000 × $0.625
    expect(usd(breakdown.components.output.cost)).toBe('0.005'); // 1,000 × $5
    expect(breakdown.total).toEqual({ known: false, missing: ['google:gemini-2.5-pro batch cache-read'] });
  });

  it('a long-context tier that does not list a rate leaves it unknown rather than using the base rate', () => {
    const partialTier = model({
      provider: 'google',
      id: 'tiered',
      source: GEMINI_PRICING,
      rates: rates({ input: '1.25', output: '10', cacheRead: '0.125' }),
      longContext: [tier(200_000, { input: '2.50', output: '15' })],
    });
    const breakdown = priceUsage(partialTier, makeUsage({ input: 150_000, cacheRead: 100_000 }));
    expect(breakdown.total).toEqual({ known: false, missing: ['google:tiered long-context (>200000) cache-read'] });
  });

  it('a separate reasoning rate is used when set, and unknown in a tier that does not say', () => {
    const reasoner = model({
      provider: 'example',
      id: 'reasoner',
      source: 'https://example.com/pricing',
      rates: rates({ input: '1', output: '4', reasoningOutput: '2' }),
      longContext: [tier(100_000, { input: '2', output: '8' })],
    });
    // 1,000 × $2 = 2,000 µ$ of reasoning at the reasoning rate, not the output rate.
    expect(usd(priceUsage(reasoner, makeUsage({ reasoning: 1_000 })).total)).toBe('0.002');
    const long = priceUsage(reasoner, makeUsage({ input: 100_001, reasoning: 1_000 }));
    expect(long.total).toEqual({ known: false, missing: ['example:reasoner long-context (>100000) reasoning-output'] });
  });

  it('a self-hosted model has no per-token price', () => {
    const breakdown = priceUsage(llama, makeUsage({ input: 1_000, output: 500 }));
    expect(breakdown.total).toEqual({ known: false, missing: [SELF_HOSTED_MISSING] });
    expect(breakdown.total).toEqual({ known: false, missing: ['per-token price (self-hosted: see costlab breakeven)'] });
    expect(breakdown.components.input.rate).toBeNull();
    expect(breakdown.components.cacheRead.cost).toEqual({ known: true, pico: 0n });
    expect(breakdown.model).toBe('ollama:llama3.1:8b');
    expect(priceUsage(llama, makeUsage({ input: 1_000 }), { batch: true }).total).toEqual({
      known: false,
      missing: [SELF_HOSTED_MISSING],
    });
  });
});

// ---------------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------------

const usageArb = fc.record({
  input: fc.integer({ min: 0, max: 300_000 }),
  output: fc.integer({ min: 0, max: 100_000 }),
  reasoning: fc.integer({ min: 0, max: 100_000 }),
  cacheRead: fc.integer({ min: 0, max: 300_000 }),
  cacheWrite5m: fc.integer({ min: 0, max: 100_000 }),
  cacheWrite1h: fc.integer({ min: 0, max: 100_000 }),
});

describe('priceUsage — properties', () => {
  it('the total is the sum of the components, each tokens × rate', () => {
    fc.assert(
      fc.property(usageArb, fc.boolean(), (usage, batch) => {
        const breakdown = priceUsage(sonnet45, usage, { batch });
        let sum = 0n;
        for (const component of USAGE_COMPONENTS) {
          const { tokens, rate, cost } = breakdown.components[component];
          expect(tokens).toBe(usage[component]);
          expect(cost).toEqual({ known: true, pico: BigInt(tokens) * (rate ?? 0n) });
          sum += BigInt(tokens) * (rate ?? 0n);
        }
        expect(breakdown.total).toEqual({ known: true, pico: sum });
      }),
    );
  });

  it('Anthropic batch is exactly half of standard, in either tier', () => {
    fc.assert(
      fc.property(usageArb, (usage) => {
        const standard = priceUsage(sonnet45, usage);
        const batch = priceUsage(sonnet45, usage, { batch: true });
        expect(standard.total.known && batch.total.known).toBe(true);
        if (standard.total.known && batch.total.known) expect(batch.total.pico * 2n).toBe(standard.total.pico);
      }),
    );
  });

  it('the tier is decided by prompt tokens only; output never moves it', () => {
    fc.assert(
      fc.property(usageArb, (usage) => {
        const breakdown = priceUsage(gemini25Pro, usage);
        expect(breakdown.tier !== null).toBe(promptTokens(usage) > 200_000);
        expect(priceUsage(gemini25Pro, { ...usage, output: 0, reasoning: 0 }).tier).toEqual(breakdown.tier);
      }),
    );
  });
});

// ---------------------------------------------------------------------------------------------------
// Usage helpers
// ---------------------------------------------------------------------------------------------------

describe('usageFromOpenAI', () => {
  it('works without the details objects (older models, OpenAI-compatible servers)', () => {
    expect(usageFromOpenAI({ prompt_tokens: 12, completion_tokens: 34 })).toEqual({ ...EMPTY_USAGE, input: 12, output: 34 });
    expect(
      usageFromOpenAI({
        prompt_tokens: 12,
        completion_tokens: 34,
        prompt_tokens_details: null,
        completion_tokens_details: { reasoning_tokens: null },
      }),
    ).toEqual({ ...EMPTY_USAGE, input: 12, output: 34 });
  });

  it('never counts a token twice: the parts add up to prompt + completion', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (prompt, completion, cachedShare, reasoningShare) => {
          const cached = Math.floor(prompt * cachedShare);
          const reasoning = Math.floor(completion * reasoningShare);
          const usage = usageFromOpenAI({
            prompt_tokens: prompt,
            completion_tokens: completion,
            prompt_tokens_details: { cached_tokens: cached },
            completion_tokens_details: { reasoning_tokens: reasoning },
          });
          expect(promptTokens(usage)).toBe(prompt);
          expect(usage.output + usage.reasoning).toBe(completion);
          expect(usage.cacheRead).toBe(cached);
          expect(usage.reasoning).toBe(reasoning);
        },
      ),
    );
  });

  it('rejects inconsistent or malformed counts', () => {
    expect(() =>
      usageFromOpenAI({ prompt_tokens: 10, completion_tokens: 0, prompt_tokens_details: { cached_tokens: 11 } }),
    ).toThrowError(/cached_tokens \(11\) exceeds prompt_tokens \(10\)/);
    expect(() =>
      usageFromOpenAI({ prompt_tokens: 0, completion_tokens: 5, completion_tokens_details: { reasoning_tokens: 6 } }),
    ).toThrowError(/reasoning_tokens \(6\) exceeds completion_tokens \(5\)/);
    expect(() => usageFromOpenAI({ prompt_tokens: -1, completion_tokens: 0 })).toThrowError(/prompt_tokens must be a non-negative integer/);
    expect(() => usageFromOpenAI({ prompt_tokens: 1.5, completion_tokens: 0 })).toThrowError(/non-negative integer/);
  });
});

describe('usageFromAnthropic', () => {
  it('without a TTL breakdown, cache writes are 5-minute writes (the default lifetime)', () => {
    expect(
      usageFromAnthropic({ input_tokens: 10, output_tokens: 20, cache_read_input_tokens: 30, cache_creation_input_tokens: 40 }),
    ).toEqual({ input: 10, output: 20, reasoning: 0, cacheRead: 30, cacheWrite5m: 40, cacheWrite1h: 0 });
    expect(
      usageFromAnthropic({ input_tokens: 10, output_tokens: 20, cache_read_input_tokens: null, cache_creation_input_tokens: null }),
    ).toEqual({ ...EMPTY_USAGE, input: 10, output: 20 });
  });

  it('splits cache writes by lifetime and checks the split against the total', () => {
    expect(
      usageFromAnthropic({
        input_tokens: 1,
        output_tokens: 2,
        cache_creation_input_tokens: 7,
        cache_creation: { ephemeral_5m_input_tokens: 3, ephemeral_1h_input_tokens: 4 },
      }),
    ).toMatchObject({ cacheWrite5m: 3, cacheWrite1h: 4 });
    expect(() =>
      usageFromAnthropic({
        input_tokens: 1,
        output_tokens: 2,
        cache_creation_input_tokens: 8,
        cache_creation: { ephemeral_5m_input_tokens: 3, ephemeral_1h_input_tokens: 4 },
      }),
    ).toThrowError(/cache_creation_input_tokens \(8\) is not ephemeral_5m \(3\) \+ ephemeral_1h \(4\)/);
  });

  it('keeps input_tokens as uncached input: the prompt is input + reads + writes', () => {
    const usage = usageFromAnthropic({
      input_tokens: 5,
      output_tokens: 0,
      cache_read_input_tokens: 100,
      cache_creation_input_tokens: 50,
      cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 50 },
    });
    expect(promptTokens(usage)).toBe(155);
  });
});

describe('Usage helpers', () => {
  it('makeUsage fills zeros and validates', () => {
    expect(makeUsage({ input: 3 })).toEqual({ ...EMPTY_USAGE, input: 3 });
    expect(() => makeUsage({ output: Number.NaN })).toThrowError(/output must be a non-negative integer/);
    expect(() => priceUsage(gpt4oMini, { ...EMPTY_USAGE, cacheRead: -5 } as Usage)).toThrowError(/cacheRead/);
  });

  it('addUsage adds field by field', () => {
    const a = makeUsage({ input: 1, output: 2, reasoning: 3, cacheRead: 4, cacheWrite5m: 5, cacheWrite1h: 6 });
    expect(addUsage(a, a)).toEqual({ input: 2, output: 4, reasoning: 6, cacheRead: 8, cacheWrite5m: 10, cacheWrite1h: 12 });
  });

  it('selectTier picks the highest threshold the prompt passes', () => {
    const tiers = [tier(128_000, { input: '2' }), tier(32_000, { input: '1.5' }), tier(256_000, { input: '3' })];
    expect(selectTier(tiers, 32_000)).toBeNull();
    expect(selectTier(tiers, 32_001)?.aboveInputTokens).toBe(32_000);
    expect(selectTier(tiers, 200_000)?.aboveInputTokens).toBe(128_000);
    expect(selectTier(tiers, 1_000_000)?.aboveInputTokens).toBe(256_000);
    expect(selectTier([], 1_000_000)).toBeNull();
  });
});
