/**
 * The bundled, dated catalog: real list prices in USD per million tokens from the providers' pricing
 * pages, each entry with its source and the date it was read. Every rate was cross-checked against
 * LiteLLM's model_prices_and_context_window.json (copy of 2026-07-24); where they disagree the
 * provider's page wins and `notes` says so. A price nobody could confirm is null (unknown), never 0.
 *
 * Conventions:
 * - `reasoningOutput` is left out (null) when reasoning/thinking tokens are billed at the output rate.
 * - `cacheWrite5m`/`cacheWrite1h` are Anthropic's explicit cache writes; OpenAI and Gemini caching has
 *   no per-token write price (Gemini bills cache storage per hour, which is not modelled here).
 * - Self-hosted open models carry no rates: economics prices them from GPU hours.
 */
import type { ModelEntry } from './model.ts';
import { documentToEntries, validateCatalogDocument } from './schema.ts';
import type { CatalogDocument } from './schema.ts';

const OPENAI = 'https://developers.openai.com/api/docs/pricing';
const ANTHROPIC = 'https://platform.claude.com/docs/en/about-claude/pricing';
const GOOGLE = 'https://ai.google.dev/gemini-api/docs/pricing';
const HF = 'https://huggingface.co/';
const READ = '2026-11-22';

const OPENAI_BATCH = 'Batch API: 50% of standard input and output.';
const ANTHROPIC_CACHE = 'Cache read 0.1x input, 5-minute write 1.25x, 1-hour write 2x; Batch API 50%.';
const GEMINI_NOTE = 'Text/image/video input price; audio input is priced higher (not modelled). Thinking tokens are billed as output. Context-cache storage is billed per hour (not modelled). Batch: 50% of standard.';
const SELF_HOSTED = 'Open weights, self-hosted: no per-token price; costlab prices it from GPU hours.';
const QWEN_CONTEXT = 'Native context 32,768; 131,072 with YaRN rope scaling as the model card describes; generates up to 8,192 tokens.';
const GEMMA3 = 'Gemma 3 uses a larger vocabulary than Gemma 2; both count with the gemma estimate.';

export const BUNDLED_CATALOG: CatalogDocument = {
  asOf: READ,
  models: [
    // ---------------------------------------------------------------- OpenAI: GPT-5 family
    {
      id: 'gpt-5', provider: 'openai', displayName: 'GPT-5', aliases: ['gpt-5-2025-08-07'],
      contextWindow: 400_000, maxOutput: 128_000, tokenizer: 'o200k_base',
      rates: { input: '1.25', output: '10', cacheRead: '0.125', batchInput: '0.625', batchOutput: '5' },
      source: OPENAI, asOf: READ,
      notes: `Reasoning tokens are billed as output. ${OPENAI_BATCH} LiteLLM lists max_input_tokens 272000 (input limit inside the 400K context); batch prices are not in LiteLLM.`,
    },
    {
      id: 'gpt-5-mini', provider: 'openai', displayName: 'GPT-5 mini', aliases: ['gpt-5-mini-2025-08-07'],
      contextWindow: 400_000, maxOutput: 128_000, tokenizer: 'o200k_base',
      rates: { input: '0.25', output: '2', cacheRead: '0.025', batchInput: '0.125', batchOutput: '1' },
      source: OPENAI, asOf: READ,
      notes: `Reasoning tokens are billed as output. ${OPENAI_BATCH}`,
    },
    {
      id: 'gpt-5-nano', provider: 'openai', displayName: 'GPT-5 nano', aliases: ['gpt-5-nano-2025-08-07'],
      contextWindow: 400_000, maxOutput: 128_000, tokenizer: 'o200k_base',
      rates: { input: '0.05', output: '0.4', cacheRead: '0.005', batchInput: '0.025', batchOutput: '0.2' },
      source: OPENAI, asOf: READ,
      notes: `Reasoning tokens are billed as output. ${OPENAI_BATCH}`,
    },
    // ---------------------------------------------------------------- OpenAI: GPT-4.1 family
    {
      id: 'gpt-4.1', provider: 'openai', displayName: 'GPT-4.1', aliases: ['gpt-4.1-2025-04-14'],
      contextWindow: 1_047_576, maxOutput: 32_768, tokenizer: 'o200k_base',
      rates: { input: '2', output: '8', cacheRead: '0.5', batchInput: '1', batchOutput: '4' },
      source: OPENAI, asOf: READ, notes: OPENAI_BATCH,
    },
    {
      id: 'gpt-4.1-mini', provider: 'openai', displayName: 'GPT-4.1 mini', aliases: ['gpt-4.1-mini-2025-04-14'],
      contextWindow: 1_047_576, maxOutput: 32_768, tokenizer: 'o200k_base',
      rates: { input: '0.4', output: '1.6', cacheRead: '0.1', batchInput: '0.2', batchOutput: '0.8' },
      source: OPENAI, asOf: READ, notes: OPENAI_BATCH,
    },
    {
      id: 'gpt-4.1-nano', provider: 'openai', displayName: 'GPT-4.1 nano', aliases: ['gpt-4.1-nano-2025-04-14'],
      contextWindow: 1_047_576, maxOutput: 32_768, tokenizer: 'o200k_base',
      rates: { input: '0.1', output: '0.4', cacheRead: '0.025', batchInput: '0.05', batchOutput: '0.2' },
      source: OPENAI, asOf: READ, notes: OPENAI_BATCH,
    },
    // ---------------------------------------------------------------- OpenAI: GPT-4o, GPT-4, GPT-3.5
    {
      id: 'gpt-4o', provider: 'openai', displayName: 'GPT-4o', aliases: ['gpt-4o-2024-08-06', 'gpt-4o-2024-11-20'],
      contextWindow: 128_000, maxOutput: 16_384, tokenizer: 'o200k_base',
      rates: { input: '2.5', output: '10', cacheRead: '1.25', batchInput: '1.25', batchOutput: '5' },
      source: OPENAI, asOf: READ,
      notes: `${OPENAI_BATCH} The older snapshot gpt-4o-2024-05-13 is priced differently ($5/$15) and is not an alias.`,
    },
    {
      id: 'gpt-4o-mini', provider: 'openai', displayName: 'GPT-4o mini', aliases: ['gpt-4o-mini-2024-07-18'],
      contextWindow: 128_000, maxOutput: 16_384, tokenizer: 'o200k_base',
      rates: { input: '0.15', output: '0.6', cacheRead: '0.075', batchInput: '0.075', batchOutput: '0.3' },
      source: OPENAI, asOf: READ, notes: OPENAI_BATCH,
    },
    {
      id: 'gpt-4-turbo', provider: 'openai', displayName: 'GPT-4 Turbo', aliases: ['gpt-4-turbo-2024-04-09'],
      contextWindow: 128_000, maxOutput: 4_096, tokenizer: 'cl100k_base',
      rates: { input: '10', output: '30', batchInput: null, batchOutput: null },
      source: OPENAI, asOf: READ,
      notes: 'Legacy model. Batch price not confirmed from the provider page (null). No prompt caching.',
    },
    {
      id: 'gpt-4', provider: 'openai', displayName: 'GPT-4', aliases: ['gpt-4-0613'],
      contextWindow: 8_192, maxOutput: 8_192, tokenizer: 'cl100k_base',
      rates: { input: '30', output: '60', batchInput: null, batchOutput: null },
      source: OPENAI, asOf: READ,
      notes: 'Legacy model. Batch price not confirmed (null). LiteLLM lists max_output_tokens 4096; OpenAI\'s model page gives 8,192.',
    },
    {
      id: 'gpt-3.5-turbo', provider: 'openai', displayName: 'GPT-3.5 Turbo', aliases: ['gpt-3.5-turbo-0125'],
      contextWindow: 16_385, maxOutput: 4_096, tokenizer: 'cl100k_base',
      rates: { input: '0.5', output: '1.5', batchInput: null, batchOutput: null },
      source: OPENAI, asOf: READ,
      notes: 'Legacy model (gpt-3.5-turbo-0125). Batch price not confirmed from the provider page (null).',
    },
    // ---------------------------------------------------------------- OpenAI: o-series
    {
      id: 'o1', provider: 'openai', displayName: 'o1', aliases: ['o1-2024-12-17'],
      contextWindow: 200_000, maxOutput: 100_000, tokenizer: 'o200k_base',
      rates: { input: '15', output: '60', cacheRead: '7.5', batchInput: '7.5', batchOutput: '30' },
      source: OPENAI, asOf: READ,
      notes: `Reasoning tokens are billed as output. ${OPENAI_BATCH} Batch prices are not in LiteLLM.`,
    },
    {
      id: 'o3', provider: 'openai', displayName: 'o3', aliases: ['o3-2025-04-16'],
      contextWindow: 200_000, maxOutput: 100_000, tokenizer: 'o200k_base',
      rates: { input: '2', output: '8', cacheRead: '0.5', batchInput: '1', batchOutput: '4' },
      source: OPENAI, asOf: READ,
      notes: 'Reasoning tokens are billed as output. Price as cut in June 2025 ($2/$8). Batch $1/$4 per OpenAI\'s model page.',
    },
    {
      id: 'o3-mini', provider: 'openai', displayName: 'o3-mini', aliases: ['o3-mini-2025-01-31'],
      contextWindow: 200_000, maxOutput: 100_000, tokenizer: 'o200k_base',
      rates: { input: '1.1', output: '4.4', cacheRead: '0.55', batchInput: '0.55', batchOutput: '2.2' },
      source: OPENAI, asOf: READ,
      notes: 'Deprecated in favour of o4-mini and reported removed from the public pricing page in June 2026; these are its last published rates. Reasoning tokens are billed as output.',
    },
    {
      id: 'o4-mini', provider: 'openai', displayName: 'o4-mini', aliases: ['o4-mini-2025-04-16'],
      contextWindow: 200_000, maxOutput: 100_000, tokenizer: 'o200k_base',
      rates: { input: '1.1', output: '4.4', cacheRead: '0.275', batchInput: '0.55', batchOutput: '2.2' },
      source: OPENAI, asOf: READ,
      notes: `Reasoning tokens are billed as output. ${OPENAI_BATCH}`,
    },
    // ---------------------------------------------------------------- OpenAI: legacy completions models
    {
      id: 'davinci-002', provider: 'openai', displayName: 'davinci-002 (base)',
      contextWindow: 16_384, maxOutput: 4_096, tokenizer: 'cl100k_base',
      rates: { input: '2', output: '2', batchInput: null, batchOutput: null },
      source: OPENAI, asOf: READ,
      notes: 'GPT-3 replacement base model on the legacy Completions API. Tokenizer is cl100k_base (tiktoken maps davinci-002 and babbage-002 to cl100k_base, not r50k_base). Batch price not confirmed (null).',
    },
    {
      id: 'babbage-002', provider: 'openai', displayName: 'babbage-002 (base)',
      contextWindow: 16_384, maxOutput: 4_096, tokenizer: 'cl100k_base',
      rates: { input: '0.4', output: '0.4', batchInput: null, batchOutput: null },
      source: OPENAI, asOf: READ,
      notes: 'GPT-3 replacement base model on the legacy Completions API; cl100k_base per tiktoken. Batch price not confirmed (null).',
    },
    {
      id: 'text-davinci-003', provider: 'openai', displayName: 'text-davinci-003 (retired)',
      contextWindow: 4_097, maxOutput: null, tokenizer: 'p50k_base',
      rates: { input: '20', output: '20' },
      source: 'https://platform.openai.com/docs/deprecations', asOf: READ,
      notes: 'Retired by OpenAI on 2024-01-04: not callable. Rates are its last published price ($0.02 per 1K tokens, input and output), kept so old recorded runs can be priced. Not in LiteLLM.',
    },
    // ---------------------------------------------------------------- OpenAI: embeddings (input only)
    {
      id: 'text-embedding-3-small', provider: 'openai', displayName: 'text-embedding-3-small',
      contextWindow: 8_191, maxOutput: null, tokenizer: 'cl100k_base',
      rates: { input: '0.02', output: '0', batchInput: '0.01', batchOutput: '0' },
      source: OPENAI, asOf: READ, notes: 'Embeddings: input tokens only (no output is produced, so output is $0), 1,536 dimensions. Batch API: 50%.',
    },
    {
      id: 'text-embedding-3-large', provider: 'openai', displayName: 'text-embedding-3-large',
      contextWindow: 8_191, maxOutput: null, tokenizer: 'cl100k_base',
      rates: { input: '0.13', output: '0', batchInput: '0.065', batchOutput: '0' },
      source: OPENAI, asOf: READ, notes: 'Embeddings: input tokens only (no output is produced, so output is $0), 3,072 dimensions. Batch API: 50%.',
    },
    {
      id: 'text-embedding-ada-002', provider: 'openai', displayName: 'text-embedding-ada-002',
      contextWindow: 8_191, maxOutput: null, tokenizer: 'cl100k_base',
      rates: { input: '0.1', output: '0', batchInput: '0.05', batchOutput: '0' },
      source: OPENAI, asOf: READ, notes: 'Embeddings: input tokens only (no output is produced, so output is $0), 1,536 dimensions. Batch API: 50%.',
    },
    // ---------------------------------------------------------------- Anthropic
    {
      id: 'claude-haiku-4-5', provider: 'anthropic', displayName: 'Claude Haiku 4.5', aliases: ['claude-haiku-4-5-20251001'],
      contextWindow: 200_000, maxOutput: 64_000, tokenizer: 'claude',
      rates: { input: '1', output: '5', cacheRead: '0.1', cacheWrite5m: '1.25', cacheWrite1h: '2', batchInput: '0.5', batchOutput: '2.5' },
      source: ANTHROPIC, asOf: READ,
      notes: `${ANTHROPIC_CACHE} Batch prices are not in LiteLLM.`,
    },
    {
      id: 'claude-sonnet-4-5', provider: 'anthropic', displayName: 'Claude Sonnet 4.5', aliases: ['claude-sonnet-4-5-20250929'],
      contextWindow: 1_000_000, maxOutput: 64_000, tokenizer: 'claude',
      rates: { input: '3', output: '15', cacheRead: '0.3', cacheWrite5m: '3.75', cacheWrite1h: '6', batchInput: '1.5', batchOutput: '7.5' },
      longContext: [{
        aboveInputTokens: 200_000,
        rates: { input: '6', output: '22.5', cacheRead: '0.6', cacheWrite5m: '7.5', cacheWrite1h: '12', batchInput: '3', batchOutput: '11.25' },
      }],
      source: ANTHROPIC, asOf: READ,
      notes: `${ANTHROPIC_CACHE} Context is 200K by default and 1M with the context-1m beta header; a request whose input passes 200K is billed entirely at the long-context rates ($6/$22.50), with cache and batch multipliers stacking. Deprecated: Anthropic lists its retirement on the Claude API for 2026-11-30.`,
    },
    {
      id: 'claude-sonnet-4-0', provider: 'anthropic', displayName: 'Claude Sonnet 4', aliases: ['claude-sonnet-4-20250514', 'claude-sonnet-4'],
      contextWindow: 1_000_000, maxOutput: 64_000, tokenizer: 'claude',
      rates: { input: '3', output: '15', cacheRead: '0.3', cacheWrite5m: '3.75', cacheWrite1h: '6', batchInput: '1.5', batchOutput: '7.5' },
      longContext: [{
        aboveInputTokens: 200_000,
        rates: { input: '6', output: '22.5', cacheRead: '0.6', cacheWrite5m: '7.5', cacheWrite1h: '12', batchInput: '3', batchOutput: '11.25' },
      }],
      source: ANTHROPIC, asOf: READ,
      notes: `${ANTHROPIC_CACHE} 1M context with the context-1m beta header; input over 200K is billed at $6/$22.50. Retired on the Claude API on 2026-06-15 (still offered on some cloud platforms); rates are its last published Claude API prices.`,
    },
    {
      id: 'claude-opus-4-5', provider: 'anthropic', displayName: 'Claude Opus 4.5', aliases: ['claude-opus-4-5-20251101'],
      contextWindow: 200_000, maxOutput: 64_000, tokenizer: 'claude',
      rates: { input: '5', output: '25', cacheRead: '0.5', cacheWrite5m: '6.25', cacheWrite1h: '10', batchInput: '2.5', batchOutput: '12.5' },
      source: ANTHROPIC, asOf: READ, notes: ANTHROPIC_CACHE,
    },
    {
      id: 'claude-opus-4-1', provider: 'anthropic', displayName: 'Claude Opus 4.1', aliases: ['claude-opus-4-1-20250805'],
      contextWindow: 200_000, maxOutput: 32_000, tokenizer: 'claude',
      rates: { input: '15', output: '75', cacheRead: '1.5', cacheWrite5m: '18.75', cacheWrite1h: '30', batchInput: '7.5', batchOutput: '37.5' },
      source: ANTHROPIC, asOf: READ,
      notes: `${ANTHROPIC_CACHE} The pricing page marks it retired except on Amazon Bedrock and Google Cloud.`,
    },
    {
      id: 'claude-opus-4-0', provider: 'anthropic', displayName: 'Claude Opus 4', aliases: ['claude-opus-4-20250514', 'claude-opus-4'],
      contextWindow: 200_000, maxOutput: 32_000, tokenizer: 'claude',
      rates: { input: '15', output: '75', cacheRead: '1.5', cacheWrite5m: '18.75', cacheWrite1h: '30', batchInput: '7.5', batchOutput: '37.5' },
      source: ANTHROPIC, asOf: READ,
      notes: `${ANTHROPIC_CACHE} Retired on the Claude API on 2026-06-15 (the pricing page marks it retired except on Google Cloud).`,
    },
    {
      id: 'claude-3-5-haiku-20241022', provider: 'anthropic', displayName: 'Claude Haiku 3.5', aliases: ['claude-3-5-haiku-latest', 'claude-3-5-haiku'],
      contextWindow: 200_000, maxOutput: 8_192, tokenizer: 'claude',
      rates: { input: '0.8', output: '4', cacheRead: '0.08', cacheWrite5m: '1', cacheWrite1h: '1.6', batchInput: '0.4', batchOutput: '2' },
      source: ANTHROPIC, asOf: READ,
      notes: `Legacy model. ${ANTHROPIC_CACHE} Not in the LiteLLM copy; availability on the Claude API not re-checked.`,
    },
    {
      id: 'claude-3-haiku-20240307', provider: 'anthropic', displayName: 'Claude Haiku 3', aliases: ['claude-3-haiku'],
      contextWindow: 200_000, maxOutput: 4_096, tokenizer: 'claude',
      rates: { input: '0.25', output: '1.25', cacheRead: '0.03', cacheWrite5m: '0.3', cacheWrite1h: '0.5', batchInput: '0.125', batchOutput: '0.625' },
      source: ANTHROPIC, asOf: READ,
      notes: 'Legacy model. Anthropic\'s page gives the 1-hour cache write as $0.50/MTok; LiteLLM has 6e-06 per token ($6/MTok), which looks wrong — the provider page wins.',
    },
    {
      id: 'claude-2.1', provider: 'anthropic', displayName: 'Claude 2.1 (retired)',
      contextWindow: 200_000, maxOutput: 4_096, tokenizer: 'claude',
      rates: { input: '8', output: '24' },
      source: 'https://docs.anthropic.com/en/docs/resources/model-deprecations', asOf: READ,
      notes: 'Retired by Anthropic on 2025-07-21: not callable. Rates are its last list price ($8 / $24 per M tokens), kept so old recorded runs (AlpacaEval) can be priced.',
    },
    {
      id: 'claude-2.0', provider: 'anthropic', displayName: 'Claude 2.0 (retired)', aliases: ['claude-2'],
      contextWindow: 100_000, maxOutput: 4_096, tokenizer: 'claude',
      rates: { input: '8', output: '24' },
      source: 'https://docs.anthropic.com/en/docs/resources/model-deprecations', asOf: READ,
      notes: 'Retired by Anthropic on 2025-07-21: not callable. Rates are its last list price ($8 / $24 per M tokens), kept so old recorded runs (AlpacaEval) can be priced.',
    },
    {
      id: 'claude-instant-1.2', provider: 'anthropic', displayName: 'Claude Instant 1.2 (retired)',
      contextWindow: 100_000, maxOutput: 4_096, tokenizer: 'claude',
      rates: { input: '0.8', output: '2.4' },
      source: 'https://docs.anthropic.com/en/docs/resources/model-deprecations', asOf: READ,
      notes: 'Retired by Anthropic on 2024-11-06: not callable. Rates are its last list price ($0.80 / $2.40 per M tokens), kept so old recorded runs (AlpacaEval) can be priced.',
    },
    // ---------------------------------------------------------------- Google Gemini API
    {
      id: 'gemini-2.5-pro', provider: 'google', displayName: 'Gemini 2.5 Pro',
      contextWindow: 1_048_576, maxOutput: 65_536, tokenizer: 'gemini',
      rates: { input: '1.25', output: '10', cacheRead: '0.125', batchInput: '0.625', batchOutput: '5' },
      longContext: [{
        aboveInputTokens: 200_000,
        rates: { input: '2.5', output: '15', cacheRead: '0.25', batchInput: '1.25', batchOutput: '7.5' },
      }],
      source: GOOGLE, asOf: READ,
      notes: `Prompts over 200K tokens are billed at $2.50 input / $15 output. ${GEMINI_NOTE} LiteLLM gives max_output_tokens 65535; Google's model page gives 65,536.`,
    },
    {
      id: 'gemini-2.5-flash', provider: 'google', displayName: 'Gemini 2.5 Flash',
      contextWindow: 1_048_576, maxOutput: 65_536, tokenizer: 'gemini',
      rates: { input: '0.3', output: '2.5', cacheRead: '0.03', batchInput: '0.15', batchOutput: '1.25' },
      source: GOOGLE, asOf: READ, notes: GEMINI_NOTE,
    },
    {
      id: 'gemini-2.5-flash-lite', provider: 'google', displayName: 'Gemini 2.5 Flash-Lite',
      contextWindow: 1_048_576, maxOutput: 65_536, tokenizer: 'gemini',
      rates: { input: '0.1', output: '0.4', cacheRead: '0.01', batchInput: '0.05', batchOutput: '0.2' },
      source: GOOGLE, asOf: READ, notes: GEMINI_NOTE,
    },
    {
      id: 'gemini-2.0-flash', provider: 'google', displayName: 'Gemini 2.0 Flash', aliases: ['gemini-2.0-flash-001'],
      contextWindow: 1_048_576, maxOutput: 8_192, tokenizer: 'gemini',
      rates: { input: '0.1', output: '0.4', cacheRead: '0.025', batchInput: '0.05', batchOutput: '0.2' },
      source: GOOGLE, asOf: READ,
      notes: `Shut down on the Gemini API on 2026-06-01; rates are the last published ones (pricing page as of May 2026), kept so old runs can be priced. ${GEMINI_NOTE}`,
    },
    {
      id: 'gemini-2.0-flash-lite', provider: 'google', displayName: 'Gemini 2.0 Flash-Lite', aliases: ['gemini-2.0-flash-lite-001'],
      contextWindow: 1_048_576, maxOutput: 8_192, tokenizer: 'gemini',
      rates: { input: '0.075', output: '0.3', cacheRead: null, batchInput: '0.0375', batchOutput: '0.15' },
      source: GOOGLE, asOf: READ,
      notes: `Shut down on the Gemini API on 2026-06-01; rates are the last published ones. Google's page lists context caching as not available for this model; LiteLLM's cache_read_input_token_cost (1.875e-08) is not used. ${GEMINI_NOTE}`,
    },
    // ---------------------------------------------------------------- Self-hosted open models: Llama
    ...selfHosted('meta', 'llama-3.1-8b-instruct', 'Llama 3.1 8B Instruct', 'llama3', 131_072, null,
      ['llama3.1:8b', 'llama3.1', 'meta-llama/Llama-3.1-8B-Instruct', 'meta-llama/Meta-Llama-3.1-8B-Instruct', 'llama-3.1-8b'],
      'meta-llama/Llama-3.1-8B-Instruct'),
    ...selfHosted('meta', 'llama-3.1-70b-instruct', 'Llama 3.1 70B Instruct', 'llama3', 131_072, null,
      ['llama3.1:70b', 'meta-llama/Llama-3.1-70B-Instruct', 'meta-llama/Meta-Llama-3.1-70B-Instruct', 'llama-3.1-70b'],
      'meta-llama/Llama-3.1-70B-Instruct'),
    ...selfHosted('meta', 'llama-3.1-405b-instruct', 'Llama 3.1 405B Instruct', 'llama3', 131_072, null,
      ['llama3.1:405b', 'meta-llama/Llama-3.1-405B-Instruct', 'meta-llama/Meta-Llama-3.1-405B-Instruct', 'llama-3.1-405b'],
      'meta-llama/Llama-3.1-405B-Instruct'),
    ...selfHosted('meta', 'llama-3.2-1b-instruct', 'Llama 3.2 1B Instruct', 'llama3', 131_072, null,
      ['llama3.2:1b', 'meta-llama/Llama-3.2-1B-Instruct', 'llama-3.2-1b'], 'meta-llama/Llama-3.2-1B-Instruct'),
    ...selfHosted('meta', 'llama-3.2-3b-instruct', 'Llama 3.2 3B Instruct', 'llama3', 131_072, null,
      ['llama3.2:3b', 'llama3.2', 'meta-llama/Llama-3.2-3B-Instruct', 'llama-3.2-3b'], 'meta-llama/Llama-3.2-3B-Instruct'),
    ...selfHosted('meta', 'llama-3.3-70b-instruct', 'Llama 3.3 70B Instruct', 'llama3', 131_072, null,
      ['llama3.3:70b', 'llama3.3', 'meta-llama/Llama-3.3-70B-Instruct', 'llama-3.3-70b'], 'meta-llama/Llama-3.3-70B-Instruct'),
    // ---------------------------------------------------------------- Qwen 2.5
    ...selfHosted('qwen', 'qwen2.5-7b-instruct', 'Qwen2.5 7B Instruct', 'qwen2', 131_072, 8_192,
      ['qwen2.5:7b', 'qwen2.5', 'Qwen/Qwen2.5-7B-Instruct'], 'Qwen/Qwen2.5-7B-Instruct', QWEN_CONTEXT),
    ...selfHosted('qwen', 'qwen2.5-coder-7b-instruct', 'Qwen2.5 Coder 7B Instruct', 'qwen2', 131_072, 8_192,
      ['qwen2.5-coder:7b', 'qwen2.5-coder', 'Qwen/Qwen2.5-Coder-7B-Instruct'], 'Qwen/Qwen2.5-Coder-7B-Instruct', QWEN_CONTEXT),
    ...selfHosted('qwen', 'qwen2.5-14b-instruct', 'Qwen2.5 14B Instruct', 'qwen2', 131_072, 8_192,
      ['qwen2.5:14b', 'Qwen/Qwen2.5-14B-Instruct'], 'Qwen/Qwen2.5-14B-Instruct', QWEN_CONTEXT),
    ...selfHosted('qwen', 'qwen2.5-32b-instruct', 'Qwen2.5 32B Instruct', 'qwen2', 131_072, 8_192,
      ['qwen2.5:32b', 'Qwen/Qwen2.5-32B-Instruct'], 'Qwen/Qwen2.5-32B-Instruct', QWEN_CONTEXT),
    ...selfHosted('qwen', 'qwen2.5-72b-instruct', 'Qwen2.5 72B Instruct', 'qwen2', 131_072, 8_192,
      ['qwen2.5:72b', 'Qwen/Qwen2.5-72B-Instruct'], 'Qwen/Qwen2.5-72B-Instruct', QWEN_CONTEXT),
    // ---------------------------------------------------------------- Mistral
    ...selfHosted('mistral', 'mistral-7b-instruct-v0.3', 'Mistral 7B Instruct v0.3', 'mistral', 32_768, null,
      ['mistral:7b', 'mistral', 'mistralai/Mistral-7B-Instruct-v0.3', 'mistral-7b-instruct'], 'mistralai/Mistral-7B-Instruct-v0.3',
      'Tokenizer: Mistral v3 vocabulary (32,768); no public JS tokenizer here, so counts are estimates.'),
    ...selfHosted('mistral', 'mixtral-8x7b-instruct-v0.1', 'Mixtral 8x7B Instruct v0.1', 'mistral', 32_768, null,
      ['mixtral:8x7b', 'mixtral', 'mistralai/Mixtral-8x7B-Instruct-v0.1', 'mixtral-8x7b-instruct'], 'mistralai/Mixtral-8x7B-Instruct-v0.1',
      'Tokenizer: Mistral v1 vocabulary (32,000); counts are estimates.'),
    // ---------------------------------------------------------------- Gemma
    ...selfHosted('google', 'gemma-2-9b-it', 'Gemma 2 9B IT', 'gemma', 8_192, null,
      ['gemma2:9b', 'gemma2', 'google/gemma-2-9b-it'], 'google/gemma-2-9b-it'),
    ...selfHosted('google', 'gemma-2-27b-it', 'Gemma 2 27B IT', 'gemma', 8_192, null,
      ['gemma2:27b', 'google/gemma-2-27b-it'], 'google/gemma-2-27b-it'),
    ...selfHosted('google', 'gemma-3-1b-it', 'Gemma 3 1B IT', 'gemma', 32_768, 8_192,
      ['gemma3:1b', 'google/gemma-3-1b-it'], 'google/gemma-3-1b-it', GEMMA3),
    ...selfHosted('google', 'gemma-3-4b-it', 'Gemma 3 4B IT', 'gemma', 131_072, 8_192,
      ['gemma3:4b', 'gemma3', 'google/gemma-3-4b-it'], 'google/gemma-3-4b-it', GEMMA3),
    ...selfHosted('google', 'gemma-3-12b-it', 'Gemma 3 12B IT', 'gemma', 131_072, 8_192,
      ['gemma3:12b', 'google/gemma-3-12b-it'], 'google/gemma-3-12b-it', GEMMA3),
    ...selfHosted('google', 'gemma-3-27b-it', 'Gemma 3 27B IT', 'gemma', 131_072, 8_192,
      ['gemma3:27b', 'google/gemma-3-27b-it'], 'google/gemma-3-27b-it', GEMMA3),
  ],
};

function selfHosted(
  provider: string, id: string, displayName: string, tokenizer: 'llama3' | 'qwen2' | 'mistral' | 'gemma',
  contextWindow: number, maxOutput: number | null, aliases: string[], hfRepo: string, extra?: string,
): CatalogDocument['models'] {
  return [{
    id, provider, displayName, aliases, contextWindow, maxOutput, tokenizer, selfHosted: true,
    source: `${HF}${hfRepo}`, asOf: READ,
    notes: extra ? `${SELF_HOSTED} ${extra}` : SELF_HOSTED,
  }];
}

let cached: readonly ModelEntry[] | undefined;

/** The bundled catalog as validated, frozen ModelEntry objects (origin 'bundled'). */
export function bundledModels(): readonly ModelEntry[] {
  if (cached) return cached;
  const doc = validateCatalogDocument(BUNDLED_CATALOG, 'src/core/catalog/bundled-catalog.ts');
  cached = Object.freeze(documentToEntries(doc, 'bundled').map(freezeEntry));
  return cached;
}

function freezeEntry(entry: ModelEntry): ModelEntry {
  if (entry.rates) Object.freeze(entry.rates);
  for (const tier of entry.longContext) Object.freeze(tier.rates);
  Object.freeze(entry.aliases);
  return Object.freeze(entry);
}
