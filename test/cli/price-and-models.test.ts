/** `costlab price`, `costlab models`, `costlab models import litellm`: contracts and worked examples. */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SKIP_NO_SHARED, hasShared, sharedPath } from '../helpers/shared-data.ts';
import { runCli, tempDir } from '../helpers/run-cli.ts';

describe('costlab price', () => {
  it('prices gpt-4o-mini 1,000 in / 500 out: $0.00015 + $0.0003 = $0.00045 (openai.com/api/pricing: $0.15 / $0.60 per M)', () => {
    const result = runCli(['price', '--model', 'openai:gpt-4o-mini', '--input', '1000', '--output', '500', '--json']);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ model: 'openai:gpt-4o-mini', totalUsd: 0.00045, asOf: '2026-11-22' });
    expect(json['source']).toMatch(/^https:\/\//);
  });

  it('applies the long-context tier when input passes 200K (Sonnet 4.5: $6 / $22.50 per M above 200K)', () => {
    // 250,000 × $6/M = $1.50; 1,000 × $22.50/M = $0.0225; 10,000 cache reads × $0.60/M = $0.006 → $1.5285
    const result = runCli(['price', '--model', 'claude-sonnet-4-5', '--input', '250000', '--output', '1000', '--cache-read', '10000', '--json']);
    expect(JSON.parse(result.stdout)).toMatchObject({ totalUsd: 1.5285, tier: { aboveInputTokens: 200000 } });
  });

  it('prices batch at half (Anthropic batch: 50 %): Haiku 4.5 1M in / 1M out = $0.50 + $2.50', () => {
    const result = runCli(['price', '--model', 'claude-haiku-4-5', '--input', '1000000', '--output', '1000000', '--batch', '--json']);
    expect(JSON.parse(result.stdout)).toMatchObject({ mode: 'batch', totalUsd: 3 });
  });

  it('says unknown, never $0, when a needed rate is missing', () => {
    const result = runCli(['price', '--model', 'gpt-4o-mini', '--input', '10', '--cache-write-1h', '5', '--json']);
    expect(JSON.parse(result.stdout)).toMatchObject({ totalUsd: null, unknown: ['openai:gpt-4o-mini cache-write-1h'] });
  });

  it('rejects a malformed token count naming the option, exit 2', () => {
    const result = runCli(['price', '--model', 'gpt-4o-mini', '--input', '-5']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--input must be a whole number of tokens');
  });
});

describe('costlab models', () => {
  it('refuses a provider the catalog does not know (exit 2), naming the known ones with a did-you-mean', () => {
    const result = runCli(['models', '--provider', 'anthropc']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain("no provider 'anthropc'");
    expect(result.stderr).toContain("did you mean 'anthropic'?");
    expect(result.stderr).toMatch(/the providers: .*anthropic.*openai/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    const cased = runCli(['models', '--provider', 'OpenAI', '--json']);
    expect(cased.code).toBe(0);
    expect((JSON.parse(cased.stdout) as unknown[]).length).toBeGreaterThan(0);
  });

  it('lists models with the per-million rate names of the contract', () => {
    const result = runCli(['models', '--provider', 'openai', '--json']);
    const models = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
    const mini = models.find((m) => m['id'] === 'gpt-4o-mini')!;
    expect(mini).toMatchObject({
      provider: 'openai', inputPerMTok: 0.15, outputPerMTok: 0.6, cacheReadPerMTok: 0.075,
      cacheWrite5mPerMTok: null, cacheWrite1hPerMTok: null, batchInputPerMTok: 0.075, batchOutputPerMTok: 0.3,
    });
    expect(models.every((m) => m['provider'] === 'openai')).toBe(true);
  });

  it('reads a project costlab.yaml that corrects a price and adds a model', () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'costlab.yaml'), [
      'models:',
      '  - provider: openai',
      '    id: gpt-4o-mini',
      '    rates: { input: 0.2 }',
      '  - provider: acme',
      '    id: acme-1',
      '    tokenizer: cl100k_base',
      '    rates: { input: 1, output: 2 }',
      '    source: https://acme.example/pricing',
      '    asOf: 2026-11-01',
      '',
    ].join('\n'));
    const models = JSON.parse(runCli(['models', '--json'], { cwd }).stdout) as Array<Record<string, unknown>>;
    expect(models.find((m) => m['id'] === 'gpt-4o-mini')).toMatchObject({ inputPerMTok: 0.2, outputPerMTok: 0.6 });
    expect(models.find((m) => m['id'] === 'acme-1')).toMatchObject({ provider: 'acme', inputPerMTok: 1 });
  });

  it('rejects a malformed override file with file, line and field, exit 2', () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'costlab.yaml'), 'models:\n  - provider: openai\n    id: gpt-4o-mini\n    rates: { input: cheap }\n');
    const result = runCli(['models'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/costlab\.yaml:4:\d+: field models\[0\]\.rates\.input/);
  });

  it('checks the whole costlab.yaml wherever prices are read: a top-level typo, or a key written under providers:', () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'costlab.yaml'), 'modles:\n  - provider: openai\n    id: gpt-4o-mini\n    rates: { input: 0.12 }\n');
    const typo = runCli(['price', '--model', 'gpt-4o-mini', '--input', '1000', '--output', '0'], { cwd });
    expect([typo.code, typo.stdout]).toEqual([2, '']);
    expect(typo.stderr).toMatch(/costlab\.yaml:1:1: field modles: unknown field 'modles' — did you mean 'models'\?/);
    writeFileSync(join(cwd, 'costlab.yaml'), 'providers:\n  openai:\n    apiKey: sk-test-not-a-real-key-123\n');
    const key = runCli(['count', '--model', 'gpt-4o-mini', join(cwd, 'costlab.yaml')], { cwd });
    expect([key.code, key.stdout]).toEqual([2, '']);
    expect(key.stderr).toContain('a key may not be written in costlab.yaml');
    expect(key.stderr).not.toContain('sk-test-not-a-real-key-123');
  });

  it('sources a corrected price to the costlab.yaml that corrects it', () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'costlab.yaml'), 'models:\n  - provider: openai\n    id: gpt-4o-mini\n    rates: { input: 0.12 }\n');
    const result = runCli(['price', '--model', 'gpt-4o-mini', '--input', '1000', '--output', '0'], { cwd });
    // 1,000 × $0.12/M = $0.00012.
    expect(result.stdout).toContain('total: $0.00012');
    expect(result.stdout).toContain(`from ${join(cwd, 'costlab.yaml')} (rates.input; the rest: https://developers.openai.com/api/docs/pricing)`);
  });
});

describe.skipIf(!hasShared('data/prices/litellm_model_prices.json'))(`costlab models import litellm (${SKIP_NO_SHARED})`, () => {
  it('imports the LiteLLM file into the config folder; later commands resolve its models', () => {
    const configDir = tempDir();
    const result = runCli(['models', 'import', 'litellm', sharedPath('data/prices/litellm_model_prices.json'), '--json'], { configDir });
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as { models: number; skipped: unknown[]; asOf: string };
    expect(summary.models).toBeGreaterThan(1000);
    expect(summary.asOf).toBe('2026-07-24');
    expect(readdirSync(join(configDir, 'catalog'))).toEqual(['litellm.json']);
    const price = runCli(['price', '--model', 'deepseek/deepseek-chat', '--input', '1000000', '--json'], { configDir });
    expect(price.code).toBe(0);
    expect((JSON.parse(price.stdout) as { totalUsd: number }).totalUsd).toBeGreaterThan(0);
  });

  it('writes nothing when the file is malformed, exit 2', () => {
    const configDir = tempDir();
    const bad = join(tempDir(), 'prices.json');
    writeFileSync(bad, '{"gpt-x": {"input_cost_per_token": 1e-6,,}}');
    const result = runCli(['models', 'import', 'litellm', bad], { configDir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('prices.json:1:');
    expect(existsSync(join(configDir, 'catalog'))).toBe(false);
  });
});
