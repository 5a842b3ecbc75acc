import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { catchError } from '../../helpers/catch-error.ts';
import { describe, expect, it } from 'vitest';
import { ratePerMTok } from '../../../src/core/money/money.ts';
import {
  GENERIC_ESTIMATE, LITELLM_SOURCE, guessTokenizer, importLiteLlm, jsonErrorOffset,
} from '../../../src/core/catalog/litellm-import.ts';


const litellmUrl = new URL('../../../../shared/data/prices/litellm_model_prices.json', import.meta.url);
const haveLitellm = existsSync(fileURLToPath(litellmUrl));

describe.skipIf(!haveLitellm)('LiteLLM import of the shared price file (skipped: ../shared/data/prices is absent)', () => {
  const result = haveLitellm ? importLiteLlm(readFileSync(litellmUrl, 'utf8'), 'litellm_model_prices.json', '2000-01-01') : undefined;
  const get = (provider: string, id: string) => {
    const model = result?.models.find((m) => m.provider === provider && m.id === id);
    if (!model) throw new Error(`no ${provider}:${id}`);
    return model;
  };

  it('takes asOf from last_updated and skips sample_spec, last_updated and non-text modes', () => {
    expect(result?.asOf).toBe('2026-07-24');
    const reasons = new Map(result?.skipped.map((s) => [s.key, s.reason]));
    expect(reasons.get('sample_spec')).toMatch(/not a model/);
    expect(reasons.get('last_updated')).toMatch(/metadata/);
    expect(reasons.get('text-embedding-3-small')).toBe("mode 'embedding' is not text generation");
    expect(result?.models.length).toBeGreaterThan(1500);
    for (const model of result?.models ?? []) {
      expect(model.origin).toBe('litellm');
      expect(model.source).toBe(LITELLM_SOURCE);
      expect(model.asOf).toBe('2026-07-24');
    }
  });

  it('maps gpt-4o-mini to exactly 0.15 / 0.6 USD per million tokens, with cache and batch', () => {
    const mini = get('openai', 'gpt-4o-mini');
    expect(mini.rates?.input).toBe(ratePerMTok('0.15'));
    expect(mini.rates?.output).toBe(ratePerMTok('0.6'));
    expect(mini.rates?.cacheRead).toBe(ratePerMTok('0.075'));
    expect(mini.rates?.batchInput).toBe(ratePerMTok('0.075'));
    expect(mini.rates?.batchOutput).toBe(ratePerMTok('0.3'));
    expect(mini).toMatchObject({ contextWindow: 128_000, maxOutput: 16_384, tokenizer: 'o200k_base' });
  });

  it("maps Claude's cache writes and the >200K tier", () => {
    const sonnet = get('anthropic', 'claude-sonnet-4-5');
    expect(sonnet.tokenizer).toBe('claude');
    expect(sonnet.rates).toMatchObject({ cacheRead: ratePerMTok('0.3'), cacheWrite5m: ratePerMTok('3.75'), cacheWrite1h: ratePerMTok('6') });
    expect(sonnet.longContext).toEqual([{
      aboveInputTokens: 200_000,
      rates: { input: ratePerMTok('6'), output: ratePerMTok('22.5'), cacheRead: ratePerMTok('0.6'), cacheWrite5m: ratePerMTok('7.5'), cacheWrite1h: ratePerMTok('12') },
    }]);
    expect(get('anthropic', 'claude-haiku-4-5').rates).toMatchObject({ cacheWrite5m: ratePerMTok('1.25'), cacheWrite1h: ratePerMTok('2') });
  });

  it('normalises gemini and vertex to google, keeps the Gemini API entry and the key as alias', () => {
    const pro = get('google', 'gemini-2.5-pro');
    expect(pro.aliases).toContain('gemini/gemini-2.5-pro');
    expect(pro.tokenizer).toBe('gemini');
    expect(pro.longContext[0]).toMatchObject({ aboveInputTokens: 200_000, rates: { input: ratePerMTok('2.5'), output: ratePerMTok('15') } });
    expect(result?.skipped.find((s) => s.key === 'gemini-2.5-pro')?.reason).toMatch(/^duplicate of 'gemini\/gemini-2.5-pro'/);
    expect(get('openai', 'davinci-002').tokenizer).toBe('cl100k_base');
  });

  it('treats Ollama entries as self-hosted rather than $0', () => {
    const local = result?.models.filter((m) => m.provider === 'ollama') ?? [];
    expect(local.length).toBeGreaterThan(0);
    for (const model of local) expect(model).toMatchObject({ selfHosted: true, rates: null });
  });
});

describe('LiteLLM import errors and rules', () => {
  const entry = (extra: string) => `{\n  "m-1": {\n    "litellm_provider": "openai",\n    "mode": "chat",\n${extra}\n  }\n}\n`;

  it('names file, line and column of malformed JSON', () => {
    const error = catchError(() => importLiteLlm('{\n  "a": {\n    "mode": "chat",\n  }\n}\n', 'prices.json', '2026-11-22'));
    expect(error.code).toBe('bad-json');
    expect(error.location).toEqual({ file: 'prices.json', line: 4, column: 3 });
    expect(jsonErrorOffset('{"a": [1, 2}')).toBe(11);
    expect(jsonErrorOffset('{"a": 1}')).toBe(-1);
  });

  it('names the key, field and line of a malformed price', () => {
    const text = entry('    "input_cost_per_token": "cheap",\n    "output_cost_per_token": 1e-06');
    const error = catchError(() => importLiteLlm(text, 'prices.json', '2026-11-22'));
    expect(error.code).toBe('bad-litellm-price');
    expect(error.location).toMatchObject({ file: 'prices.json', field: 'm-1.input_cost_per_token', line: 5 });
    expect(error.message).toContain('m-1');
    const negative = catchError(() => importLiteLlm(entry('    "output_cost_per_token": -1'), 'p.json', '2026-11-22'));
    expect(negative.location.field).toBe('m-1.output_cost_per_token');
  });

  it('uses the caller date without last_updated and skips entries without per-token prices', () => {
    const priced = importLiteLlm(entry('    "input_cost_per_token": 2.5e-06,\n    "output_cost_per_token": 1e-05'), 'p.json', '2026-11-22');
    expect(priced.asOf).toBe('2026-11-22');
    expect(priced.models[0]).toMatchObject({ id: 'm-1', provider: 'openai', asOf: '2026-11-22', tokenizer: GENERIC_ESTIMATE });
    expect(priced.models[0]?.notes).toMatch(/Tokenizer family unknown/);
    expect(priced.models[0]?.rates?.input).toBe(ratePerMTok('2.5'));
    const unpriced = importLiteLlm(entry('    "input_cost_per_second": 0.001'), 'p.json', '2026-11-22');
    expect(unpriced.models).toEqual([]);
    expect(unpriced.skipped).toEqual([{ key: 'm-1', reason: 'no per-token input or output price' }]);
  });

  it('guesses tokenizers by family', () => {
    const cases: [string, string, string][] = [
      ['gpt-4o-2024-08-06', 'openai', 'o200k_base'], ['azure/o3-mini', 'azure', 'o200k_base'], ['gpt-5-nano', 'openai', 'o200k_base'],
      ['gpt-3.5-turbo-0125', 'openai', 'cl100k_base'], ['gpt-4-turbo', 'openai', 'cl100k_base'], ['babbage-002', 'text-completion-openai', 'cl100k_base'],
      ['text-davinci-003', 'text-completion-openai', 'p50k_base'], ['davinci', 'text-completion-openai', 'r50k_base'],
      ['claude-3-haiku-20240307', 'anthropic', 'claude'], ['bedrock/anthropic.claude-opus-4', 'bedrock', 'claude'],
      ['gemini/gemini-2.5-flash', 'gemini', 'gemini'], ['together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo', 'together_ai', 'llama3'],
      ['groq/qwen-qwq-32b', 'groq', 'qwen2'], ['mistral/mistral-large-latest', 'mistral', 'mistral'], ['gemma-3-27b-it', 'gemini', 'gemma'],
      ['deepseek/deepseek-chat', 'deepseek', GENERIC_ESTIMATE],
    ];
    for (const [key, provider, tokenizer] of cases) expect(guessTokenizer(key, provider).tokenizer, key).toBe(tokenizer);
  });
});
