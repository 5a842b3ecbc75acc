/**
 * Self-hosting break-even, worked by hand. API prices from the bundled catalog (read 2026-11-22, per 1M tokens):
 * anthropic:claude-sonnet-4-5 $3 / $15, openai:gpt-4.1 $2 / $8, openai:gpt-4o-mini $0.15 / $0.60,
 * openai:gpt-4-turbo $10 / $30. GPU prices are inputs, not catalog figures.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apiBlendedPrice, breakEven, hybridSplit, perMTokUsd, selfHostCost } from '../../../src/core/economics/breakeven.ts';
import type { SelfHostInput } from '../../../src/core/economics/breakeven.ts';
import { add, cmp, div, frac, fromDecimal, mul, toNumber } from '../../../src/core/economics/fraction.ts';
import { measuredThroughput } from '../../../src/core/economics/throughput.ts';
import { makeUsage, priceUsage } from '../../../src/core/economics/usage.ts';
import { catalog, usd } from './profile-helpers.ts';

const MILLION = frac(1_000_000n);

function input(fields: Partial<Record<keyof SelfHostInput, string | number>> = {}): SelfHostInput {
  const d = (key: keyof SelfHostInput, fallback: string) => fromDecimal(String(fields[key] ?? fallback));
  return {
    gpuHourlyUsd: d('gpuHourlyUsd', '2.5'), gpus: Number(fields.gpus ?? 2), throughputTokensPerSecond: d('throughputTokensPerSecond', '2500'),
    utilization: d('utilization', '0.6'), peakFactor: d('peakFactor', '2'), opsMonthlyUsd: d('opsMonthlyUsd', '500'), daysPerMonth: d('daysPerMonth', '30'),
  };
}

const mtok = (tokens: ReturnType<typeof frac> | null) => (tokens === null ? null : toNumber(div(tokens, MILLION)));

describe('selfHostCost', () => {
  it('2 GPUs at $2.50/h, 2,500 tok/s, 60% utilization, peak 2×, $500 ops', () => {
    // GPUs: 2 × $2.50 × 24 × 30 h = $3,600; + ops $500 = $4,100 a month.
    // Capacity: 2,500 × 3,600 × 720 × 0.6 ÷ 2 = 1,944,000,000 tokens a month.
    // $/MTok at that load: $4,100 ÷ 1,944 = $2.109053…
    const cost = selfHostCost(input());
    expect(usd({ known: true, pico: cost.gpuMonthlyPico })).toBe('3600');
    expect(usd({ known: true, pico: cost.fixedMonthlyPico })).toBe('4100');
    expect(cost.capacityTokensPerMonth).toBe(1_944_000_000n);
    expect(perMTokUsd(cost.picoPerToken!)).toBeCloseTo(4100 / 1944, 9);
  });

  it('rejects impossible inputs', () => {
    expect(() => selfHostCost(input({ utilization: '1.2' }))).toThrow('utilization');
    expect(() => selfHostCost(input({ peakFactor: '0.5' }))).toThrow('peak-factor');
    expect(() => selfHostCost(input({ gpus: 0 }))).toThrow('gpus');
  });
});

describe('breakEven', () => {
  const cost = selfHostCost(input());

  it('Sonnet 4.5 at 75% input: $6/MTok blended; break-even 683.33 M tokens a month, one deployment', () => {
    // p = 0.75 × $3 + 0.25 × $15 = $6/MTok. A full deployment is worth 1,944 × $6 = $11,664 > $3,600 of GPUs.
    // k* = max(1, ⌈500 ÷ 8,064⌉) = 1: V* = ($3,600 + $500) ÷ $6 = 683.333 M tokens; m = ⌈4,100 ÷ 8,064⌉ = 1, the same.
    const api = apiBlendedPrice(catalog.resolve('anthropic:claude-sonnet-4-5'), fromDecimal('0.75'));
    expect(perMTokUsd(api.picoPerToken!)).toBe(6);
    const even = breakEven(cost, api);
    expect(even.deployments).toBe(1);
    expect(mtok(even.breakEvenTokens)).toBeCloseTo(4100 / 6, 9);
    expect(mtok(even.cheaperFromTokens)).toBeCloseTo(4100 / 6, 9);
  });

  it('GPT-4.1 at $3.50/MTok: breaks even at 1,171.43 M, but past the first step the API wins again until 2,200 M', () => {
    // p = 0.75 × $2 + 0.25 × $8 = $3.50. V* = $4,100 ÷ 3.5 = 1,171.43 M (within 1,944 M).
    // Just past 1,944 M a second deployment costs $7,700 while the API costs 1,944 × 3.5 = $6,804; self-hosting
    // is cheaper again from $7,700 ÷ 3.5 = 2,200 M: m = ⌈4,100 ÷ (6,804 − 3,600)⌉ = ⌈1.28⌉ = 2 → (2 × 3,600 + 500) ÷ 3.5.
    const even = breakEven(cost, apiBlendedPrice(catalog.resolve('openai:gpt-4.1'), fromDecimal('0.75')));
    expect(mtok(even.breakEvenTokens)).toBeCloseTo(4100 / 3.5, 9);
    expect(mtok(even.cheaperFromTokens)).toBeCloseTo(2200, 9);
  });

  it('GPT-4o mini at $0.2625/MTok: a full deployment is worth $510.30 < $3,600 of GPUs — never', () => {
    const even = breakEven(cost, apiBlendedPrice(catalog.resolve('openai:gpt-4o-mini'), fromDecimal('0.75')));
    expect(even.breakEvenTokens).toBeNull();
    expect(even.reason).toContain('costs more per token than the API');
  });

  it('a self-hosted model has no API price to break even with', () => {
    const even = breakEven(cost, apiBlendedPrice(catalog.resolve('meta:llama-3.1-8b-instruct'), fromDecimal('0.75')));
    expect(even.breakEvenTokens).toBeNull();
    expect(even.reason).toContain('unknown API price');
  });

  it('property: at the break-even volume self-hosting costs no more, and just below it the API is cheaper', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 50, max: 20_000 }), fc.integer({ min: 0, max: 5_000 }),
      fc.constantFrom('anthropic:claude-sonnet-4-5', 'openai:gpt-4.1', 'openai:gpt-4o', 'anthropic:claude-opus-4-1'),
      (hourlyCents, gpus, throughput, ops, ref) => {
        const c = selfHostCost(input({ gpuHourlyUsd: (hourlyCents / 100).toString(), gpus, throughputTokensPerSecond: throughput, opsMonthlyUsd: ops }));
        const api = apiBlendedPrice(catalog.resolve(ref), fromDecimal('0.75'));
        const even = breakEven(c, api);
        if (even.breakEvenTokens === null) return;
        const selfAt = (v: ReturnType<typeof frac>) => {
          const k = (v.n + v.d * c.capacityTokensPerMonth - 1n) / (v.d * c.capacityTokensPerMonth); // ⌈v ÷ C⌉
          return frac((k < 1n ? 1n : k) * c.gpuMonthlyPico + c.opsMonthlyPico);
        };
        const v = even.breakEvenTokens;
        expect(cmp(selfAt(v), mul(v, api.picoPerToken!))).toBeLessThanOrEqual(0);
        const below = mul(v, frac(999n, 1000n));
        expect(cmp(selfAt(below), mul(below, api.picoPerToken!))).toBe(1);
      },
    ), { numRuns: 200 });
  });
});

describe('hybridSplit', () => {
  it('3,000 M tokens against GPT-4.1: all API $10,500, one deployment $7,796, two $7,700 (best)', () => {
    // k = 0: 3,000 × $3.50 = $10,500; k = 1: $4,100 + (3,000 − 1,944) × 3.5 = $7,796; k = 2: $7,700 + 0.
    const split = hybridSplit(selfHostCost(input()), apiBlendedPrice(catalog.resolve('openai:gpt-4.1'), fromDecimal('0.75')), frac(3_000_000_000n));
    expect(split.options.map((o) => [o.deployments, usd(o.total)])).toEqual([[0, '10500'], [1, '7796'], [2, '7700']]);
    expect(split.best.deployments).toBe(2);
    expect(toNumber(split.best.localShare)).toBe(1);
  });

  it("seed 003's hybrid case (003_57e8d4db446d9b5e.txt §6.4) at its own GPT-4 Turbo price: $2,480, not $1,490", () => {
    // The seed: 450,000 requests a month of 2,000 in / 800 out; 90% served by 2×A100 for $500 a month, 10% by the
    // API at "$0.022" a call: $500 + $990 = $1,490. But its own price for that request on GPT-4 Turbo (line 112) is
    // 2,000 × $10/M + 800 × $30/M = $0.044, twice as much.
    const perCall = priceUsage(catalog.resolve('openai:gpt-4-turbo'), makeUsage({ input: 2000, output: 800 })).total;
    expect(usd(perCall)).toBe('0.044');
    // Here: a flat $500 a month (ops, no hourly rent), capacity sized for the seed's 90%: 405,000 × 2,800 =
    // 1,134,000,000 tokens = 437.5 tok/s × 3,600 × 720 at full utilization and no peak.
    // Volume 450,000 × 2,800 = 1,260,000,000 tokens; API blended price with input share 2,000/2,800 = 5/7:
    // 5/7 × $10 + 2/7 × $30 = $110/7 per MTok. API part 126 M × 110/7 = $1,980 (45,000 × $0.044); total $2,480.
    const cost = selfHostCost({ ...input({ gpuHourlyUsd: '0', opsMonthlyUsd: '500', throughputTokensPerSecond: '437.5', utilization: '1', peakFactor: '1' }) });
    expect(cost.capacityTokensPerMonth).toBe(1_134_000_000n);
    const api = apiBlendedPrice(catalog.resolve('openai:gpt-4-turbo'), frac(5n, 7n));
    const split = hybridSplit(cost, api, frac(1_260_000_000n));
    const one = split.options.find((o) => o.deployments === 1)!;
    expect([usd(one.api), usd(one.total)]).toEqual(['1980', '2480']);
    expect(usd(split.options[0]!.total)).toBe('19800');
    expect(toNumber(one.localShare)).toBe(0.9);
  });
});

describe('measuredThroughput', () => {
  it('Σ tokens ÷ Σ latency over succeeded, uncached trials with usage', () => {
    // (100 + 50) + (300 + 150) = 600 tokens in 1.5 s + 0.5 s = 2 s: 300 tokens/s. The failed and cached ones are skipped.
    const ok = (input: number, output: number, latencyMs: number) => ({ status: 'succeeded' as const, cached: false, usage: makeUsage({ input, output }), latencyMs });
    const measured = measuredThroughput([
      ok(100, 50, 1500), ok(300, 150, 500),
      { status: 'failed', cached: false, usage: null, latencyMs: 900 },
      { ...ok(1000, 1000, 10), cached: true },
    ]);
    expect(measured).toMatchObject({ trials: 2, tokens: 600, latencyMs: 2000 });
    expect(toNumber(measured.tokensPerSecond)).toBe(300);
    expect(() => measuredThroughput([])).toThrow('no succeeded');
    expect(add(measured.tokensPerSecond, frac(0n))).toEqual(frac(300n));
  });
});
