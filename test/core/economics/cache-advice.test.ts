/**
 * The prompt-cache and batch advisors, worked by hand on the bundled prices (read 2026-11-22, per 1M tokens):
 * anthropic:claude-sonnet-4-5 input $3, cache read $0.30, 5-minute write $3.75 (1.25×), 1-hour write $6 (2×);
 * openai:gpt-4o-mini input $0.15, cached $0.075, batch $0.075 / $0.30; Haiku 4.5 caches from 4,096 tokens
 * (https://docs.claude.com/en/docs/build-with-claude/prompt-caching).
 */
import { describe, expect, it } from 'vitest';
import { batchAdvice } from '../../../src/core/economics/batch-advice.ts';
import { breakEvenRequestsPerHour, breakEvenReuses, cacheAdvice, hitProbability } from '../../../src/core/economics/cache-advice.ts';
import { frac, fromDecimal } from '../../../src/core/economics/fraction.ts';
import { ratePerMTok } from '../../../src/core/money/money.ts';
import { catalog, usd } from './profile-helpers.ts';

const M = (usdPerMTok: string) => ratePerMTok(usdPerMTok);

describe('break-even reuses and rates', () => {
  it('Anthropic 5m: 1.25 + 0.1k < 1 + k ⇔ k > 0.28 → 1 reuse; 1h: 2 + 0.1k < 1 + k ⇔ k > 1.11 → 2; no surcharge → 1', () => {
    expect(breakEvenReuses(M('3'), M('0.3'), M('3.75'))).toBe(1);
    expect(breakEvenReuses(M('3'), M('0.3'), M('6'))).toBe(2);
    expect(breakEvenReuses(M('0.15'), M('0.075'), M('0.15'))).toBe(1);
    expect(breakEvenReuses(M('1'), M('1'), M('1.25'))).toBeNull();
  });

  it('the request rate where the expected cost meets no caching: R* = −(60/T)·ln((1 − 0.1)/(w − 0.1))', () => {
    // 5m: −12 · ln(0.9/1.15) = 12 × 0.2451225 = 2.94147 per hour; 1h: −ln(0.9/1.9) = 0.747214 per hour.
    expect(breakEvenRequestsPerHour(M('3'), M('0.3'), M('3.75'), 5)).toBeCloseTo(2.94147, 4);
    expect(breakEvenRequestsPerHour(M('3'), M('0.3'), M('6'), 60)).toBeCloseTo(0.747214, 6);
    expect(breakEvenRequestsPerHour(M('0.15'), M('0.075'), M('0.15'), 5)).toBe(0);
    // At R*, the hit probability makes p·0.1 + (1 − p)·1.25 = 1: p = 0.25/1.15.
    expect(hitProbability(2.94147, 5)).toBeCloseTo(0.25 / 1.15, 5);
  });
});

describe('cacheAdvice', () => {
  it('Sonnet 4.5, a 50,000-token prefix, 10 requests an hour (seed 002 §3.3 prices this prefix at $1.20: it is $0.15)', () => {
    // No caching: 50,000 × $3/M = $0.15 a request; 10 × 24 × 30 = 7,200 a month: $1,080.
    // 5m: p = 1 − e^(−10·5/60) = 1 − e^(−0.83333) = 0.565402; 50,000 × (0.565402 × $0.30 + 0.434598 × $3.75)/M = $0.0899682
    // 1h: p = 1 − e^(−10) = 0.9999546; 50,000 × (0.9999546 × $0.30 + 0.0000454 × $6)/M = $0.0150129
    const advice = cacheAdvice({ model: catalog.resolve('anthropic:claude-sonnet-4-5'), prefixTokens: 50_000, requestsPerHour: 10 });
    const [none, five, hour] = advice.options;
    expect(advice.cacheable).toBe(true);
    expect(advice.requestsPerMonth).toEqual(frac(7200n));
    expect([usd(none!.perRequest), usd(none!.perMonth)]).toEqual(['0.15', '1080']);
    expect(five!.hitProbability).toBeCloseTo(0.565402, 6);
    expect(Number(usd(five!.perRequest))).toBeCloseTo(0.0899682, 7);
    expect(Number(usd(hour!.perRequest))).toBeCloseTo(0.0150129, 7);
    expect(Number(usd(hour!.perMonth))).toBeCloseTo(0.0150129 * 7200, 2);
    expect([five!.breakEvenReuses, hour!.breakEvenReuses]).toEqual([1, 2]);
    expect(advice.best).toBe('anthropic-1h');
  });

  it('a prefix past 200,000 tokens takes Sonnet 4.5\'s long-context rates ($6 input, $0.60 read, $12 1-hour write)', () => {
    // No caching: 250,000 × $6/M = $1.50 a request (not the base $0.75), × 7,200 = $10,800 a month.
    // 1h: p = 0.9999546; 250,000 × (0.9999546 × $0.60 + 0.0000454 × $12)/M = 250,000 × 0.600518/M = $0.1501295.
    const advice = cacheAdvice({ model: catalog.resolve('anthropic:claude-sonnet-4-5'), prefixTokens: 250_000, requestsPerHour: 10 });
    const [none, , hour] = advice.options;
    expect(advice.longContextAbove).toBe(200_000);
    expect([usd(none!.perRequest), usd(none!.perMonth)]).toEqual(['1.5', '10800']);
    expect(Number(usd(hour!.perRequest))).toBeCloseTo(0.1501295, 6);
    // At exactly 200,000 tokens the base rates still apply (the tier starts above it): 200,000 × $3/M = $0.60.
    const atEdge = cacheAdvice({ model: catalog.resolve('anthropic:claude-sonnet-4-5'), prefixTokens: 200_000, requestsPerHour: 10 });
    expect([atEdge.longContextAbove, usd(atEdge.options[0]!.perRequest)]).toEqual([null, '0.6']);
  });

  it('at one request an hour the 5-minute cache loses money and the 1-hour cache saves', () => {
    // R = 1 < 2.94 (5m break-even) but > 0.747 (1h break-even).
    const advice = cacheAdvice({ model: catalog.resolve('anthropic:claude-sonnet-4-5'), prefixTokens: 10_000, requestsPerHour: 1 });
    const [, five, hour] = advice.options;
    expect(five!.savingPerMonth.known && five!.savingPerMonth.pico < 0n).toBe(true);
    expect(hour!.savingPerMonth.known && hour!.savingPerMonth.pico > 0n).toBe(true);
  });

  it('OpenAI caches 1,024 + 128k tokens automatically, with no write surcharge', () => {
    // 1,500 tokens → 1,408 cached; R = 2: p = 1 − e^(−1/6) = 0.153518.
    // 92 × $0.15/M + 1,408 × (0.153518 × $0.075 + 0.846482 × $0.15)/M = $0.0000138 + $0.000194988 = $0.000208788
    const advice = cacheAdvice({ model: catalog.resolve('openai:gpt-4o-mini'), prefixTokens: 1500, requestsPerHour: 2 });
    const automatic = advice.options[1]!;
    expect(automatic).toMatchObject({ kind: 'automatic', cachedTokens: 1408, ttlMinutes: 5, breakEvenReuses: 1, breakEvenRequestsPerHour: 0 });
    expect(Number(usd(automatic.perRequest))).toBeCloseTo(0.000208788, 9);
    expect(advice.best).toBe('automatic');
  });

  it('says why a prefix is not cacheable: below the minimum (Haiku 4.5: 4,096), or no caching offered', () => {
    const haiku = cacheAdvice({ model: catalog.resolve('anthropic:claude-haiku-4-5'), prefixTokens: 3890, requestsPerHour: 100 });
    expect(haiku.cacheable).toBe(false);
    expect(haiku.reason).toContain('below anthropic:claude-haiku-4-5');
    expect(haiku.reason).toContain('4096');
    expect(haiku.options.map((o) => o.kind)).toEqual(['none']);
    expect(cacheAdvice({ model: catalog.resolve('openai:gpt-4'), prefixTokens: 5000, requestsPerHour: 1 }).reason).toContain('no prompt caching');
    expect(cacheAdvice({ model: catalog.resolve('meta:llama-3.1-8b-instruct'), prefixTokens: 5000, requestsPerHour: 1 }).reason).toContain('self-hosted');
  });
});

describe('batchAdvice', () => {
  it('half of 450,000 gpt-4o-mini requests of 2,000 in / 800 out at batch rates saves $87.75 of $351', () => {
    // Standard $0.00078 a request (2,000 × $0.15/M + 800 × $0.60/M) × 450,000 = $351.
    // Batch $0.00039 (2,000 × $0.075/M + 800 × $0.30/M); with half at batch: 450,000 × ($0.00078 − 0.5 × $0.00039) = $263.25.
    const advice = batchAdvice({ model: catalog.resolve('openai:gpt-4o-mini'), inputTokens: 2000, outputTokens: 800, requestsPerMonth: frac(450_000n), tolerantShare: fromDecimal('0.5') });
    expect([usd(advice.standard), usd(advice.withBatch), usd(advice.saving)]).toEqual(['351', '263.25', '87.75']);
  });

  it('no batch price → no batch API for this model, no saving claimed', () => {
    const advice = batchAdvice({ model: catalog.resolve('openai:gpt-4'), inputTokens: 100, outputTokens: 10, requestsPerMonth: frac(10n), tolerantShare: fromDecimal('1') });
    expect(advice.available).toBe(false);
    expect(advice.reason).toContain('no batch API for openai:gpt-4');
    expect(usd(advice.saving)).toBe('0');
  });
});

describe('arrival patterns', () => {
  it('regular arrivals hit every time once they come more often than the lifetime, else never', () => {
    // 5-minute lifetime: 12 an hour = one every 5 minutes, not less than 5 → a miss every time; 13 an hour → 4.6 min → hits.
    expect(hitProbability(12, 5, { kind: 'regular' })).toBe(0);
    expect(hitProbability(13, 5, { kind: 'regular' })).toBe(1);
    expect(hitProbability(0, 5, { kind: 'regular' })).toBe(0);
    // Break-even for the 5-minute cache on Sonnet (needs p ≥ 0.25/1.15): the first rate past 12 an hour.
    expect(breakEvenRequestsPerHour(M('3'), M('0.3'), M('3.75'), 5, { kind: 'regular' })).toBeCloseTo(12, 6);
  });

  it('bursts of B: all but the first of a burst read; the first reads when the last burst came within the lifetime', () => {
    // B = 5 at 10 an hour: bursts at 2 an hour; P(first reads) = 1 − e^(−2·5/60) = 0.153518; P = (4 + 0.153518)/5 = 0.830704.
    expect(hitProbability(10, 5, { kind: 'bursty', burstSize: 5 })).toBeCloseTo(0.830704, 6);
    // A burst of 1 is Poisson.
    expect(hitProbability(10, 5, { kind: 'bursty', burstSize: 1 })).toBeCloseTo(hitProbability(10, 5), 12);
    // Sonnet 5m needs p ≥ 0.25/1.15 = 0.217391: with bursts of 5, (4 + q)/5 ≥ 0.2174 holds at any rate > 0, so the
    // break-even rate is (next to) 0.
    expect(breakEvenRequestsPerHour(M('3'), M('0.3'), M('3.75'), 5, { kind: 'bursty', burstSize: 5 })).toBe(0);
  });

  it('prices the same prefix differently by pattern: Sonnet 4.5, 50,000 tokens, 10 an hour, 5-minute cache', () => {
    // Regular at 10 an hour: one every 6 minutes > 5 → every request writes: 50,000 × $3.75/M = $0.1875 > $0.15 uncached.
    const regular = cacheAdvice({ model: catalog.resolve('anthropic:claude-sonnet-4-5'), prefixTokens: 50_000, requestsPerHour: 10, pattern: { kind: 'regular' } });
    expect(usd(regular.options[1]!.perRequest)).toBe('0.1875');
    // Bursts of 5: p = 0.830704 → 50,000 × (0.830704 × 0.30 + 0.169296 × 3.75)/M = 50,000 × (0.249211 + 0.634860)/M = $0.0442036.
    const bursty = cacheAdvice({ model: catalog.resolve('anthropic:claude-sonnet-4-5'), prefixTokens: 50_000, requestsPerHour: 10, pattern: { kind: 'bursty', burstSize: 5 } });
    expect(Number(usd(bursty.options[1]!.perRequest))).toBeCloseTo(0.0442036, 6);
    expect(() => cacheAdvice({ model: catalog.resolve('anthropic:claude-sonnet-4-5'), prefixTokens: 50_000, requestsPerHour: 10, pattern: { kind: 'bursty', burstSize: 0 } })).toThrow(/whole number of requests/);
  });
});
