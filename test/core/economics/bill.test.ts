/**
 * The bill, as worked examples on the bundled catalog's list prices (read 2026-11-22):
 * - openai:gpt-4o-mini   input $0.15, output $0.60, cached input $0.075, batch $0.075 / $0.30 per 1M tokens
 *   (https://developers.openai.com/api/docs/pricing); automatic caching from 1,024 tokens in 128-token steps.
 * - anthropic:claude-sonnet-4-5  input $3, output $15, cache read $0.30, 5-minute write $3.75, 1-hour write $6,
 *   batch $1.50 / $7.50; over 200K input tokens $6 / $22.50 (https://platform.claude.com/docs/en/about-claude/pricing).
 * - anthropic:claude-haiku-4-5   input $1, output $5; minimum cacheable prefix 4,096 tokens.
 * - openai:gpt-3.5-turbo $0.50 / $1.50; openai:gpt-4-turbo $10 / $30; openai:gpt-4 (no batch price in the catalog).
 */
import { describe, expect, it } from 'vitest';
import { billReport, forecastBill } from '../../../src/core/economics/bill.ts';
import { frac } from '../../../src/core/economics/fraction.ts';
import { SELF_HOSTED_MISSING } from '../../../src/core/economics/usage.ts';
import { catalog, oneRoute, resolved, usd } from './profile-helpers.ts';

const SUPPORT = `
  requests_per_day: 15000
  model: openai:gpt-4o-mini
  input_tokens: 2000
  output_tokens: 800`;

describe('forecastBill: worked examples', () => {
  it("prices the issue's support route with every lever, in stacking order", async () => {
    const profile = await resolved(oneRoute(`${SUPPORT}
      semantic_cache_hit_rate: 0.3
      cached_prefix_tokens: 1500
      batch_share: 0.2`));
    const bill = forecastBill(profile, catalog);
    // requests 15,000 × 30 = 450,000; semantic-cache hits 30% = 135,000; calls 315,000.
    // OpenAI caches 1,024 + ⌊(1,500 − 1,024) / 128⌋ × 128 = 1,408 of the 1,500-token prefix.
    // One miss per 5-minute lifetime: 30 × 1,440 / 5 = 8,640 (plain input: OpenAI has no write surcharge); reads 306,360.
    // Standard share 0.8:
    //   input  0.8 × (315,000 × (2,000 − 1,408) + 8,640 × 1,408) = 0.8 × 198,645,120 = 158,916,096 × $0.15/M = $23.8374144
    //   output 0.8 × 315,000 × 800 = 201,600,000 × $0.60/M = $120.96
    //   read   0.8 × 306,360 × 1,408 = 345,083,904 × $0.075/M = $25.8812928
    // Batch share 0.2 at batch rates (cached input at half the standard cached price: $0.0375/M):
    //   39,729,024 × $0.075/M + 50,400,000 × $0.30/M + 86,270,976 × $0.0375/M = $2.9796768 + $15.12 + $3.2351616 = $21.3348384
    // Total $23.8374144 + $120.96 + $25.8812928 + $21.3348384 = $192.0135456.
    const route = bill.routes[0]!;
    const line = route.models[0]!;
    expect(route.requests).toEqual(frac(450_000n));
    expect(route.semanticHits).toEqual(frac(135_000n));
    expect(route.calls).toEqual(frac(315_000n));
    expect(line.cache).toMatchObject({ prefixTokens: 1408, ttlMinutes: 5, writeSurcharge: false, writeCalls: frac(8640n), readCalls: frac(306_360n) });
    expect(line.standard.input.tokens).toEqual(frac(158_916_096n));
    expect(usd(bill.components.input)).toBe('23.8374144');
    expect(usd(bill.components.output)).toBe('120.96');
    expect(usd(bill.components.cacheWrite)).toBe('0');
    expect(usd(bill.components.cacheRead)).toBe('25.8812928');
    expect(usd(bill.components.batch)).toBe('21.3348384');
    expect(usd(bill.total)).toBe('192.0135456');
    expect(bill.prices).toEqual([{ model: 'openai:gpt-4o-mini', source: 'https://developers.openai.com/api/docs/pricing', asOf: '2026-11-22' }]);
    expect(bill.warnings).toEqual([]);
  });

  it('seed 003 (003_57e8d4db446d9b5e.txt, §5.2 and §6.4): 15,000 essays a day of 2,000 in / 800 out', async () => {
    // Per call: gpt-3.5-turbo 2,000 × $0.50/M + 800 × $1.50/M = $0.001 + $0.0012 = $0.0022; gpt-4-turbo
    // 2,000 × $10/M + 800 × $30/M = $0.02 + $0.024 = $0.044 — the seed's own figures (its lines 112–113).
    // A month of 30 days is 450,000 calls: $990 and $19,800.
    const cheap = forecastBill(await resolved(oneRoute(SUPPORT.replace('openai:gpt-4o-mini', 'openai:gpt-3.5-turbo'))), catalog);
    const premium = forecastBill(await resolved(oneRoute(SUPPORT.replace('openai:gpt-4o-mini', 'openai:gpt-4-turbo'))), catalog);
    expect(usd(cheap.total)).toBe('990');
    expect(usd(premium.total)).toBe('19800');
  });

  it("seed 002 (002_13c42596421e8d53.txt, §3.3): a 50,000-token context at $3/M is $0.15 a call, not $1.20, and caching it 10 calls at a time costs $0.3225, not $2.70", async () => {
    // One day of 2,880 calls with a 5-minute cache: 1,440 / 5 = 288 lifetimes, so 288 writes and 2,592 reads —
    // the seed's "10 calls" row (1 write + 9 reads) 288 times over.
    // No caching: 2,880 × 50,000 × $3/M = $432 = 288 × $1.50 (the seed says $12.00 for 10 calls: 8× too much).
    // 5-minute cache: writes 288 × 50,000 × $3.75/M = $54; reads 2,592 × 50,000 × $0.30/M = $38.88; total $92.88
    //   = 288 × ($0.1875 + 9 × $0.015) = 288 × $0.3225. (The seed's code also prices a write at $0.75/M, "25% of
    //   input"; a write costs 1.25× input, $3.75/M.)
    // 1-hour cache: 24 lifetimes: 24 × 50,000 × $6/M = $7.20 + 2,856 × 50,000 × $0.30/M = $42.84 → $50.04.
    const route = (cache: string) => `
      requests_per_day: 2880
      model: anthropic:claude-sonnet-4-5
      input_tokens: 50000
      output_tokens: 0
      ${cache}`;
    const none = forecastBill(await resolved(oneRoute(route(''), 'days_per_month: 1')), catalog);
    const fiveMinutes = forecastBill(await resolved(oneRoute(route('cached_prefix_tokens: 50000'), 'days_per_month: 1')), catalog);
    const oneHour = forecastBill(await resolved(oneRoute(`${route('cached_prefix_tokens: 50000')}\nprompt_cache_ttl: 1h`, 'days_per_month: 1')), catalog);
    expect(usd(none.total)).toBe('432');
    expect(usd(fiveMinutes.components.cacheWrite)).toBe('54');
    expect(usd(fiveMinutes.components.cacheRead)).toBe('38.88');
    expect(usd(fiveMinutes.total)).toBe('92.88');
    expect(usd(oneHour.total)).toBe('50.04');
  });

  it('splits a router: strong_share of the calls to the strong model, the rest to the weak one', async () => {
    // 1,000 × 30 = 30,000 calls; Sonnet 25% = 7,500, Haiku 22,500; 1,000 in / 200 out.
    // Haiku: 22.5M × $1/M + 4.5M × $5/M = $22.50 + $22.50 = $45; Sonnet: 7.5M × $3/M + 1.5M × $15/M = $22.50 + $22.50 = $45.
    const profile = await resolved(oneRoute(`
      requests_per_day: 1000
      model: {weak: anthropic:claude-haiku-4-5, strong: anthropic:claude-sonnet-4-5, strong_share: 0.25}
      input_tokens: 1000
      output_tokens: 200`));
    const bill = forecastBill(profile, catalog);
    const [weak, strong] = bill.routes[0]!.models;
    expect(weak).toMatchObject({ model: 'anthropic:claude-haiku-4-5', calls: frac(22_500n) });
    expect(strong).toMatchObject({ model: 'anthropic:claude-sonnet-4-5', calls: frac(7_500n) });
    expect(usd(weak!.total)).toBe('45');
    expect(usd(strong!.total)).toBe('45');
    expect(usd(bill.total)).toBe('90');
  });

  it('compression multiplies the input, and a prefix below the model minimum is not cached (with a warning)', async () => {
    // Haiku 4.5 caches from 4,096 tokens: a 3,800-token prefix is billed as input.
    // 100 × 30 = 3,000 calls × 4,000 × 0.5 = 6,000,000 input tokens × $1/M = $6; output 3,000 × 100 × $5/M = $1.50.
    const profile = await resolved(oneRoute(`
      requests_per_day: 100
      model: anthropic:claude-haiku-4-5
      input_tokens: 4000
      output_tokens: 100
      compression_rate: 0.5
      cached_prefix_tokens: 3800`));
    const bill = forecastBill(profile, catalog);
    expect(bill.routes[0]!.models[0]!.cache).toBeNull();
    expect(bill.warnings).toEqual(["r: the 1900-token prefix is below anthropic:claude-haiku-4-5's minimum cacheable length (4096 tokens): no caching"]);
    expect(usd(bill.total)).toBe('7.5');
  });

  it('takes the long-context tier by request size: a 250,000-token Sonnet request bills every token at $6 / $22.50', async () => {
    // 1 call: 250,000 × $6/M + 1,000 × $22.50/M = $1.50 + $0.0225 = $1.5225.
    const bill = forecastBill(await resolved(oneRoute(`
      requests_per_day: 1
      model: anthropic:claude-sonnet-4-5
      input_tokens: 250000
      output_tokens: 1000`, 'days_per_month: 1')), catalog);
    expect(bill.routes[0]!.models[0]!.tier).toBe(200_000);
    expect(usd(bill.total)).toBe('1.5225');
  });

  it('never prices the unknown as $0: a model without batch prices, a self-hosted model', async () => {
    const batch = forecastBill(await resolved(oneRoute(`
      requests_per_day: 10
      model: openai:gpt-4
      input_tokens: 100
      output_tokens: 10
      batch_share: 0.5`)), catalog);
    expect(batch.total.known).toBe(false);
    expect(batch.components.input.known).toBe(true);
    expect(batch.components.batch).toEqual({ known: false, missing: ['openai:gpt-4 batch input', 'openai:gpt-4 batch output'] });
    expect(batch.warnings[0]).toContain('no batch price');
    const local = forecastBill(await resolved(oneRoute(`
      requests_per_day: 10
      model: meta:llama-3.1-8b-instruct
      input_tokens: 100
      output_tokens: 10`)), catalog);
    expect(local.total).toEqual({ known: false, missing: [SELF_HOSTED_MISSING] });
  });

  it('names the profile field of an unknown model', async () => {
    const profile = await resolved(oneRoute(`
      requests_per_day: 10
      model: openai:gpt-4o-mnii
      input_tokens: 100
      output_tokens: 10`));
    expect(() => forecastBill(profile, catalog)).toThrow(expect.objectContaining({
      code: 'unknown-model', location: expect.objectContaining({ file: 'profiles/test.yaml', line: 6, field: 'routes[0].model' }),
    }));
  });
});

describe('billReport: projection and range', () => {
  it('compounds growth monthly: $351, $386.10, $424.71, …', async () => {
    // No levers: 450,000 × (2,000 × $0.15 + 800 × $0.60)/M = 450,000 × $0.00078 = $351; then × 1.1 and × 1.21.
    const report = billReport(await resolved(oneRoute(SUPPORT, 'days_per_month: 30\ngrowth_per_month: 0.1')), catalog);
    expect(report.projection).toHaveLength(12);
    expect(report.projection.slice(0, 3).map((p) => usd(p.total))).toEqual(['351', '386.1', '424.71']);
    expect(usd(report.bill.total)).toBe('351');
  });

  it('ranges from every request at p10 to every request at p90 of a log-normal {p50, p90}', async () => {
    // input {p50: 2,000, p90: 4,000}: σ = ln 2 / 1.28155 = 0.540868, p10 = 2,000² / 4,000 = 1,000,
    // mean = 2,000 · e^(σ²/2) = 2,000 · e^0.146269 = 2,315.
    // p10: 450,000 × (1,000 × $0.15 + 800 × $0.60)/M = 450,000 × $0.00063 = $283.50
    // p90: 450,000 × (4,000 × $0.15 + 800 × $0.60)/M = 450,000 × $0.00108 = $486
    // mean: 450,000 × (2,315 × $0.15 + 800 × $0.60)/M = 450,000 × $0.00082725 = $372.2625
    const report = billReport(await resolved(oneRoute(SUPPORT.replace('input_tokens: 2000', 'input_tokens: {p50: 2000, p90: 4000}'))), catalog);
    expect(usd(report.range.p10)).toBe('283.5');
    expect(usd(report.range.p90)).toBe('486');
    expect(usd(report.bill.total)).toBe('372.2625');
  });
});
