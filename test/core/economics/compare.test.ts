/**
 * Scenario comparison and the savings waterfall. Worked examples on the bundled prices (openai:gpt-4o-mini
 * $0.15 / $0.60, cached input $0.075, batch $0.075 / $0.30 per 1M tokens, read 2026-11-22), and property
 * tests: the savings add up to the difference exactly, the last stage is profile B, and with levers that
 * each save, no stage raises the bill.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forecastBill } from '../../../src/core/economics/bill.ts';
import { compareBills, savingsWaterfall, stageProfile, WATERFALL_STAGES } from '../../../src/core/economics/compare.ts';
import type { Money } from '../../../src/core/money/money.ts';
import { catalog, oneRoute, resolved, usd } from './profile-helpers.ts';

const BASE = `
  requests_per_day: 15000
  model: openai:gpt-4o-mini
  input_tokens: 2000
  output_tokens: 800`;

function pico(money: Money): bigint {
  if (!money.known) throw new Error(`unknown: ${money.missing.join(', ')}`);
  return money.pico;
}

describe('savingsWaterfall: worked example', () => {
  it('measures each lever on what the earlier ones left, so the savings add up to the difference', async () => {
    const a = await resolved(oneRoute(BASE));
    const b = await resolved(oneRoute(`${BASE}
      semantic_cache_hit_rate: 0.3
      cached_prefix_tokens: 1500
      batch_share: 0.2`));
    // A: 450,000 × (2,000 × $0.15 + 800 × $0.60)/M = $351.
    // semantic cache: 315,000 calls × $0.00078 = $245.70 → saves $105.30
    // routing, compression: unchanged → $0
    // prompt caching (1,408 cached tokens; 8,640 misses, 306,360 reads; all at standard rates):
    //   input (315,000 × 592 + 8,640 × 1,408) × $0.15/M = 198,645,120 × $0.15/M = $29.796768
    //   output 252,000,000 × $0.60/M = $151.20; reads 431,354,880 × $0.075/M = $32.351616
    //   → $213.348384, saves $32.351616
    // batch 20% at half price: saves 10% of $213.348384 = $21.3348384 → B = $192.0135456
    // Total 105.30 + 32.351616 + 21.3348384 = $158.9864544 = $351 − $192.0135456.
    const waterfall = savingsWaterfall(a, b, catalog);
    expect(waterfall.steps.map((s) => [s.stage, usd(s.saving)])).toEqual([
      ['traffic', '0'], ['semantic-cache', '105.3'], ['routing', '0'], ['compression', '0'], ['prompt-caching', '32.351616'], ['batch', '21.3348384'],
    ]);
    expect(usd(waterfall.a)).toBe('351');
    expect(usd(waterfall.b)).toBe('192.0135456');
    expect(usd(waterfall.total)).toBe('158.9864544');
  });

  it("never adds percentages: seed 002's table (002_13c42596421e8d53.txt §5.3) sums 65% + 46% + 27% + 40% = 178%", async () => {
    // Stacked, a 65% semantic-cache hit rate and a full Batch API share (half price) save
    // 65% + 50% × 35% = 82.5% of the bill, not 65% + 50% = 115%.
    // A = $351; semantic cache saves 0.65 × $351 = $228.15; batch saves 0.5 × $122.85 = $61.425; B = $61.425.
    const a = await resolved(oneRoute(BASE));
    const b = await resolved(oneRoute(`${BASE}
      semantic_cache_hit_rate: 0.65
      batch_share: 1`));
    const waterfall = savingsWaterfall(a, b, catalog);
    expect(usd(waterfall.steps[1]!.saving)).toBe('228.15');
    expect(usd(waterfall.steps[5]!.saving)).toBe('61.425');
    expect(usd(waterfall.b)).toBe('61.425');
    expect(Number(pico(waterfall.total)) / Number(pico(waterfall.a))).toBeCloseTo(0.825, 12);
  });
});

describe('compareBills', () => {
  it('differences per route and component, routes matched by name, a new route counted in full', async () => {
    const a = forecastBill(await resolved(oneRoute(BASE)), catalog);
    const b = forecastBill(await resolved(`name: b
routes:
  - {name: r, requests_per_day: 15000, model: openai:gpt-4o-mini, input_tokens: 2000, output_tokens: 800, batch_share: 1}
  - {name: extra, requests_per_day: 100, model: openai:gpt-4o-mini, input_tokens: 1000, output_tokens: 0}
`), catalog);
    // r: $351 → all batch $175.50: saves $175.50; input +$135 (450,000 × 2,000 × $0.15/M), output +$216, batch −$175.50.
    // extra: 3,000 × 1,000 × $0.15/M = $0.45 more.
    const comparison = compareBills(a, b);
    const r = comparison.routes.find((x) => x.name === 'r')!;
    expect(usd(r.saving)).toBe('175.5');
    expect([usd(r.components.input), usd(r.components.output), usd(r.components.batch)]).toEqual(['135', '216', '-175.5']);
    const extra = comparison.routes.find((x) => x.name === 'extra')!;
    expect([usd(extra.a), usd(extra.b), usd(extra.saving)]).toEqual(['0', '0.45', '-0.45']);
    expect(usd(comparison.saving)).toBe('175.05');
  });
});

// ---------------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------------

/** Pairs where the first model is cheaper than the second in input and output alike. */
const PAIRS = [
  ['openai:gpt-4o-mini', 'openai:gpt-4o'],
  ['openai:gpt-4.1-nano', 'openai:gpt-4.1'],
  ['anthropic:claude-haiku-4-5', 'anthropic:claude-sonnet-4-5'],
] as const;

const decimal = (max: number) => fc.integer({ min: 0, max }).map((n) => n / 100);

const routeArb = fc.record({
  pair: fc.constantFrom(...PAIRS),
  requests: fc.integer({ min: 20_000, max: 200_000 }),
  input: fc.integer({ min: 100, max: 20_000 }),
  output: fc.integer({ min: 0, max: 2_000 }),
  hit: decimal(50),
  router: fc.option(fc.integer({ min: 20, max: 80 }).map((n) => n / 100), { nil: null }),
  compression: fc.integer({ min: 20, max: 100 }).map((n) => n / 100),
  prefixShare: fc.option(fc.integer({ min: 10, max: 100 }).map((n) => n / 100), { nil: null }),
  ttl: fc.constantFrom('5m', '1h'),
  batch: decimal(100),
});

type RouteCase = typeof routeArb extends fc.Arbitrary<infer T> ? T : never;

/** A: the strong model alone, no levers. B: the same traffic with every lever of the case on. */
function profiles(routes: RouteCase[]): [string, string] {
  const line = (fields: Record<string, unknown>) => `  - {${Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join(', ')}}`;
  const a = routes.map((r, i) => line({ name: `r${i}`, requests_per_day: r.requests, model: r.pair[1], input_tokens: r.input, output_tokens: r.output }));
  const b = routes.map((r, i) => line({
    name: `r${i}`, requests_per_day: r.requests,
    model: r.router === null ? r.pair[1] : `{weak: ${r.pair[0]}, strong: ${r.pair[1]}, strong_share: ${r.router}}`,
    input_tokens: r.input, output_tokens: r.output, semantic_cache_hit_rate: r.hit, compression_rate: r.compression,
    ...(r.prefixShare === null ? {} : { cached_prefix_tokens: Math.floor(r.input * r.prefixShare), prompt_cache_ttl: r.ttl }),
    batch_share: r.batch,
  }));
  return [`name: a\nroutes:\n${a.join('\n')}\n`, `name: b\nroutes:\n${b.join('\n')}\n`];
}

describe('savingsWaterfall: properties', () => {
  it('with levers that each save, no stage raises the bill, and the savings add up to bill(A) − bill(B)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(routeArb, { minLength: 1, maxLength: 3 }), async (routes) => {
        const [textA, textB] = profiles(routes);
        const a = await resolved(textA);
        const b = await resolved(textB);
        const waterfall = savingsWaterfall(a, b, catalog);
        for (const step of waterfall.steps) expect(pico(step.saving)).toBeGreaterThanOrEqual(0n);
        const sum = waterfall.steps.reduce((total, step) => total + pico(step.saving), 0n);
        expect(sum).toBe(pico(forecastBill(a, catalog).total) - pico(forecastBill(b, catalog).total));
      }),
      { numRuns: 60 },
    );
  });

  it('for any two profiles the stages run from A to exactly B and the savings telescope to the difference', async () => {
    const anyRoute = fc.record({
      name: fc.constantFrom('x', 'y', 'z'),
      requests: fc.integer({ min: 0, max: 50_000 }),
      model: fc.constantFrom('openai:gpt-4o-mini', 'openai:gpt-4o', 'anthropic:claude-haiku-4-5', 'anthropic:claude-sonnet-4-5'),
      input: fc.integer({ min: 0, max: 9_000 }),
      output: fc.integer({ min: 0, max: 900 }),
      hit: decimal(100),
      prefix: fc.integer({ min: 0, max: 9_000 }),
      batch: decimal(100),
      compression: fc.integer({ min: 1, max: 100 }).map((n) => n / 100),
    });
    const text = (name: string, routes: { name: string; requests: number; model: string; input: number; output: number; hit: number; prefix: number; batch: number; compression: number }[]) => {
      const unique = [...new Map(routes.map((r) => [r.name, r])).values()];
      return `name: ${name}\ndays_per_month: ${name === 'a' ? 30 : 31}\nroutes:\n${unique.map((r) => `  - {name: ${r.name}, requests_per_day: ${r.requests}, model: ${r.model}, input_tokens: ${r.input}, output_tokens: ${r.output}, semantic_cache_hit_rate: ${r.hit}, cached_prefix_tokens: ${Math.min(r.prefix, r.input)}, batch_share: ${r.batch}, compression_rate: ${r.compression}}`).join('\n')}\n`;
    };
    await fc.assert(
      fc.asyncProperty(fc.array(anyRoute, { minLength: 1, maxLength: 3 }), fc.array(anyRoute, { minLength: 1, maxLength: 3 }), async (ra, rb) => {
        const a = await resolved(text('a', ra));
        const b = await resolved(text('b', rb));
        const last = stageProfile(a, b, WATERFALL_STAGES.length);
        expect(pico(forecastBill(last, catalog).total)).toBe(pico(forecastBill(b, catalog).total));
        expect(last.routes.map((r) => r.name)).toEqual(b.routes.map((r) => r.name));
        const waterfall = savingsWaterfall(a, b, catalog);
        const sum = waterfall.steps.reduce((total, step) => total + pico(step.saving), 0n);
        expect(sum).toBe(pico(forecastBill(a, catalog).total) - pico(forecastBill(b, catalog).total));
        for (let i = 1; i < waterfall.steps.length; i++) expect(waterfall.steps[i]!.before).toEqual(waterfall.steps[i - 1]!.after);
      }),
      { numRuns: 60 },
    );
  });
});
