/** `costlab cache-advice` through the real binary: the JSON (worked examples in test/core/economics/cache-advice.test.ts), bad input. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.ts';

interface AdviceJson {
  model: string;
  cacheable: boolean;
  reason: string | null;
  requestsPerMonth: number;
  options: { kind: string; perRequestUsd: number; monthlyUsd: number; breakEvenReuses: number | null }[];
  best: string;
  batch?: { available: boolean; standardMonthlyUsd: number; withBatchMonthlyUsd: number; savingMonthlyUsd: number };
  source: string;
  asOf: string;
}

describe('costlab cache-advice --json', () => {
  it('Sonnet 4.5, 50,000-token prefix, 10/hour: $0.15 a request uncached; 5m pays from 1 reuse, 1h from 2', () => {
    const result = runCli(['cache-advice', '--model', 'anthropic:claude-sonnet-4-5', '--prefix-tokens', '50000', '--requests-per-hour', '10', '--json']);
    expect(result.stderr).toBe('');
    const json = JSON.parse(result.stdout) as AdviceJson;
    expect(json).toMatchObject({ model: 'anthropic:claude-sonnet-4-5', cacheable: true, requestsPerMonth: 7200, best: 'anthropic-1h', asOf: '2026-11-22' });
    expect(json.options.map((o) => [o.kind, o.breakEvenReuses])).toEqual([['none', null], ['anthropic-5m', 1], ['anthropic-1h', 2]]);
    expect(json.options[0]).toMatchObject({ perRequestUsd: 0.15, monthlyUsd: 1080 });
    expect(json.options[1]!.perRequestUsd).toBeCloseTo(0.0899682, 7);
  });

  it('a prefix below the minimum is not cacheable, and says so; --batch-share prices the tolerant share', () => {
    const haiku = JSON.parse(runCli(['cache-advice', '-m', 'anthropic:claude-haiku-4-5', '--prefix-tokens', '3890', '--requests-per-hour', '100', '--json']).stdout) as AdviceJson;
    expect(haiku.cacheable).toBe(false);
    expect(haiku.reason).toContain('minimum cacheable length (4096 tokens)');
    // gpt-4o-mini, 625 requests/hour × 24 × 30 = 450,000 a month of 2,000 in / 800 out: $351 standard, half at batch → saves $87.75.
    const batch = JSON.parse(runCli(['cache-advice', '-m', 'openai:gpt-4o-mini', '--prefix-tokens', '1500', '--requests-per-hour', '625', '--batch-share', '0.5', '--input-tokens', '2000', '--output-tokens', '800', '--json']).stdout) as AdviceJson;
    expect(batch.batch).toEqual({ available: true, reason: null, standardMonthlyUsd: 351, withBatchMonthlyUsd: 263.25, savingMonthlyUsd: 87.75 });
  });

  it('a 250,000-token prefix on Sonnet 4.5 is priced at the long-context tier, the batch line too: $1.50 a request, $10,800 a month', () => {
    // 250,000 × $6/M = $1.50; 10/hour × 24 × 30 = 7,200 requests: $10,800 (the base rate would give $5,400).
    const result = runCli(['cache-advice', '-m', 'anthropic:claude-sonnet-4-5', '--prefix-tokens', '250000', '--requests-per-hour', '10', '--batch-share', '0.5']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('long-context rates: the prefix is above 200,000 tokens');
    expect(result.stdout).toMatch(/no caching\s+\$1\.50\s+\$10,800\.00/);
    expect(result.stdout).toContain('of $10,800.00');
  });

  it('prints a table with the price source', () => {
    const result = runCli(['cache-advice', '-m', 'anthropic:claude-sonnet-4-5', '--prefix-tokens', '50000', '--requests-per-hour', '10']);
    expect(result.code).toBe(0);
    for (const text of ['5-minute cache', '1-hour cache', '1 reuse per write, 2.94 req/h', 'cheapest: 1-hour cache', 'prices: anthropic:claude-sonnet-4-5 https://platform.claude.com/docs/en/about-claude/pricing as of 2026-11-22']) {
      expect(result.stdout).toContain(text);
    }
  });
});

describe('costlab cache-advice: bad input (exit 2)', () => {
  it.each([
    [['-m', 'anthropic:claude-sonnet-4-5', '--prefix-tokens', '100', '--requests-per-hour', 'lots'], /field --requests-per-hour: --requests-per-hour must be a number/],
    [['-m', 'anthropic:claude-sonnet-4-5', '--prefix-tokens', '100', '--requests-per-hour', '-2'], /--requests-per-hour must be at least 0/],
    [['-m', 'nope:model', '--prefix-tokens', '100', '--requests-per-hour', '2'], /unknown model 'nope:model'/],
    [['-m', 'openai:gpt-4o-mini', '--prefix-tokens', '1500', '--requests-per-hour', '2', '--batch-share', '2'], /--batch-share must be from 0 to 1/],
  ])('%j', (args, pattern) => {
    const result = runCli(['cache-advice', ...args]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(pattern);
  });
});

describe('costlab cache-advice --pattern', () => {
  it('takes regular and bursty:B arrivals, and refuses anything else with exit 2', () => {
    const regular = runCli(['cache-advice', '-m', 'anthropic:claude-sonnet-4-5', '--prefix-tokens', '50000', '--requests-per-hour', '10', '--pattern', 'regular', '--json']);
    expect(regular.code, regular.stderr).toBe(0);
    const json = JSON.parse(regular.stdout) as { pattern: string; options: { kind: string; hitProbability: number }[] };
    expect(json.pattern).toBe('regular');
    // One request every 6 minutes outlives a 5-minute entry (never read) but not a 1-hour one (always read).
    expect(json.options.map((o) => [o.kind, o.hitProbability])).toEqual([['none', 0], ['anthropic-5m', 0], ['anthropic-1h', 1]]);
    const text = runCli(['cache-advice', '-m', 'anthropic:claude-sonnet-4-5', '--prefix-tokens', '50000', '--requests-per-hour', '10', '--pattern', 'bursty:5']);
    expect(text.stdout).toMatch(/in bursts of 5/);
    const bad = runCli(['cache-advice', '-m', 'anthropic:claude-sonnet-4-5', '--prefix-tokens', '50000', '--requests-per-hour', '10', '--pattern', 'bursty']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--pattern bursty is not an arrival pattern/);
  });
});
