/**
 * The prompt-cache advisor: for a prefix of N tokens sent R times an hour, the expected cost of the prefix
 * per request and per month with no caching and with each cache the model's provider offers.
 *
 * Assumptions (named in the README):
 * - Arrivals at R requests per hour, in one of three patterns. A cache entry lives T minutes and every hit
 *   refreshes it, so a request reads the cache exactly when the previous request came less than T minutes
 *   before; otherwise it writes (or, for an automatic cache, pays plain input). P(read):
 *   - `poisson` (the default; independent arrivals): 1 − e^(−R·T/60);
 *   - `regular` (evenly spaced, one every 60/R minutes, as a scheduled job): 1 when 60/R < T, else 0;
 *   - `bursty` with bursts of B (a user's session, a fan-out: B requests within seconds of each other, the
 *     bursts themselves Poisson at R/B per hour): ((B − 1) + 1 − e^(−(R/B)·T/60)) / B — all but the first
 *     request of a burst read, and the first reads when the previous burst came within T.
 * - Anthropic (breakpoints): the 5-minute cache writes at the model's cacheWrite5m rate (1.25× input), the
 *   1-hour cache at cacheWrite1h (2×); reads at cacheRead (0.1×). The whole prefix is cached when it
 *   reaches the model's minimum cacheable length (promptCacheRules), else nothing.
 * - OpenAI and Gemini 2.5 (automatic): entries live about 5–10 minutes of inactivity; costlab takes 5. A
 *   miss costs plain input (no write surcharge); a hit reads the cacheable part (OpenAI: 1,024 tokens and
 *   128-token steps past that) at cacheRead and the rest at input.
 * - Long-context tiers: a prefix longer than a tier's threshold (Claude Sonnet 4.5 above 200,000 tokens,
 *   Gemini 2.5 Pro above 200,000) is priced at that tier's rates — input, cache write and cache read alike —
 *   as priceUsage prices a request whose prompt is the prefix; a rate the tier does not list is unknown.
 * - Break-even reuses: the fewest reads per write k with write + k·read < (1 + k)·input, i.e.
 *   k = ⌊(write − input) ÷ (input − read)⌋ + 1 (Anthropic 5m: 0.25/0.9 → 1; 1h: 1/0.9 → 2; automatic: 1).
 * - Break-even rate: the R at which the expected cost equals no caching, i.e. P(read) reaches
 *   p* = (write − input) ÷ (write − read); for Poisson arrivals R* = −(60 ÷ T) · ln((input − read) ÷ (write − read))
 *   (0 when writes cost no more than input); for the other patterns the smallest such R, found by bisection.
 *
 * Money: the probability is a float (an exponential), scaled to 10^-12 and then the arithmetic is exact;
 * the per-request and per-month figures are each rounded once to the picodollar.
 */
import { CostlabError } from '../errors.ts';
import type { ModelEntry } from '../catalog/model.ts';
import { modelKey } from '../catalog/model.ts';
import { cacheableTokens, promptCacheRules } from '../catalog/prompt-cache-rules.ts';
import type { PromptCacheRules } from '../catalog/prompt-cache-rules.ts';
import { ZERO, known, unknown } from '../money/money.ts';
import type { Money, Rate } from '../money/money.ts';
import { F0, add, frac, fromDecimal, mul, roundHalfUp } from './fraction.ts';
import { selectTier } from './usage.ts';
import type { Fraction } from './fraction.ts';

const SCALE = 1_000_000_000_000n;

export type CacheOptionKind = 'none' | 'anthropic-5m' | 'anthropic-1h' | 'automatic';

export interface CacheOption {
  kind: CacheOptionKind;
  label: string;
  ttlMinutes: number | null;
  /** Tokens of the prefix the cache holds (0 for no caching). */
  cachedTokens: number;
  /** P(a request reads the cache). */
  hitProbability: number;
  perRequest: Money;
  perMonth: Money;
  /** perMonth of no caching − perMonth of this option (positive: it saves). */
  savingPerMonth: Money;
  /** Reads per write from which caching pays off; null when it never does. */
  breakEvenReuses: number | null;
  /** Requests per hour from which the expected cost is below no caching; null when never. */
  breakEvenRequestsPerHour: number | null;
}

export interface CacheAdvice {
  model: string;
  source: string;
  asOf: string;
  rules: PromptCacheRules | null;
  prefixTokens: number;
  requestsPerHour: number;
  pattern: ArrivalPattern;
  requestsPerMonth: Fraction;
  /** The long-context tier the prefix falls into (its rates price every option), or null for the base rates. */
  longContextAbove: number | null;
  /** Whether any cache applies; when not, `reason` says why. */
  cacheable: boolean;
  reason: string | null;
  options: CacheOption[];
  /** The cheapest option per month (ties: the simpler one, listed first). */
  best: CacheOptionKind;
}

/** How requests arrive (see the module comment). */
export type ArrivalPattern = { kind: 'poisson' } | { kind: 'regular' } | { kind: 'bursty'; burstSize: number };

export interface CacheAdviceInput {
  model: ModelEntry;
  prefixTokens: number;
  requestsPerHour: number;
  /** Default Poisson. */
  pattern?: ArrivalPattern;
  /** Default 30. */
  daysPerMonth?: Fraction;
}

/** P(previous request within T minutes) for arrivals at R per hour in the given pattern (Poisson by default). */
export function hitProbability(requestsPerHour: number, ttlMinutes: number, pattern: ArrivalPattern = { kind: 'poisson' }): number {
  switch (pattern.kind) {
    case 'poisson':
      return 1 - Math.exp((-requestsPerHour * ttlMinutes) / 60);
    case 'regular':
      return requestsPerHour > 0 && 60 / requestsPerHour < ttlMinutes ? 1 : 0;
    case 'bursty': {
      const b = pattern.burstSize;
      return (b - 1 + 1 - Math.exp((-(requestsPerHour / b) * ttlMinutes) / 60)) / b;
    }
  }
}

/** The smallest rate at which P(read) reaches p, by bisection on the (non-decreasing) hit probability. */
function rateForHitProbability(p: number, ttlMinutes: number, pattern: ArrivalPattern): number | null {
  if (p <= hitProbability(0, ttlMinutes, pattern)) return 0;
  let hi = 1;
  while (hitProbability(hi, ttlMinutes, pattern) < p) {
    hi *= 2;
    if (hi > 1e12) return null;
  }
  let lo = 0;
  for (let i = 0; i < 200 && hi - lo > 1e-9 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (hitProbability(mid, ttlMinutes, pattern) >= p) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The fewest reads per write from which caching pays off; null when a read is no cheaper than input. */
export function breakEvenReuses(input: Rate, read: Rate, write: Rate): number | null {
  if (read >= input) return null;
  if (write < input) return 0;
  return Number((write - input) / (input - read)) + 1;
}

/** The request rate from which a cache with lifetime T is cheaper in expectation; null when never. */
export function breakEvenRequestsPerHour(input: Rate, read: Rate, write: Rate, ttlMinutes: number, pattern: ArrivalPattern = { kind: 'poisson' }): number | null {
  if (read >= input) return null;
  if (write <= input) return 0;
  if (pattern.kind === 'poisson') return (-60 / ttlMinutes) * Math.log(Number(input - read) / Number(write - read));
  return rateForHitProbability(Number(write - input) / Number(write - read), ttlMinutes, pattern);
}

export function cacheAdvice(request: CacheAdviceInput): CacheAdvice {
  const { model, prefixTokens, requestsPerHour } = request;
  const pattern = request.pattern ?? { kind: 'poisson' };
  if (pattern.kind === 'bursty' && !(Number.isSafeInteger(pattern.burstSize) && pattern.burstSize >= 1)) {
    throw new CostlabError('bad-cache-advice', `a burst must be a whole number of requests (1 or more), got ${pattern.burstSize}`, { location: { field: 'pattern' } });
  }
  if (!Number.isSafeInteger(prefixTokens) || prefixTokens < 0) {
    throw new CostlabError('bad-cache-advice', `the prefix must be a whole number of tokens, got ${prefixTokens}`, { location: { field: 'prefix-tokens' } });
  }
  if (!Number.isFinite(requestsPerHour) || requestsPerHour < 0) {
    throw new CostlabError('bad-cache-advice', `requests per hour must be 0 or more, got ${requestsPerHour}`, { location: { field: 'requests-per-hour' } });
  }
  const key = modelKey(model);
  const days = request.daysPerMonth ?? frac(30n);
  const requestsPerMonth = mul(fromDecimal(requestsPerHour, 'requests per hour'), frac(24n), days);
  const rules = promptCacheRules(model);
  const rates = model.rates;
  const tier = rates === null ? null : selectTier(model.longContext, prefixTokens);
  const rate = (field: 'input' | 'cacheRead' | 'cacheWrite5m' | 'cacheWrite1h'): Rate | null =>
    rates === null ? null : tier === null ? rates[field] : (tier.rates[field] ?? null);
  const at = tier === null ? key : `${key} long-context (>${tier.aboveInputTokens})`;
  const base = { model: key, source: model.source, asOf: model.asOf, rules, prefixTokens, requestsPerHour, pattern, requestsPerMonth, longContextAbove: tier?.aboveInputTokens ?? null };
  const input = rate('input');
  const none = option('none', 'no caching', null, 0, 0, perToken(prefixTokens, input, `${at} input`), requestsPerMonth, null, null);
  const finish = (options: CacheOption[], cacheable: boolean, reason: string | null): CacheAdvice => {
    const noneMonth = options[0]?.perMonth ?? ZERO;
    for (const o of options) o.savingPerMonth = noneMonth.known && o.perMonth.known ? known(noneMonth.pico - o.perMonth.pico) : unknown(...missingOf(noneMonth, o.perMonth));
    const best = options.reduce((a, b) => (b.perMonth.known && a.perMonth.known && b.perMonth.pico < a.perMonth.pico ? b : a));
    return { ...base, cacheable, reason, options, best: best.kind };
  };
  if (rates === null || rules === null) {
    return finish([none], false, rates === null ? `${key} is self-hosted: no per-token price to cache` : `${key} offers no prompt caching costlab can price`);
  }
  const cached = cacheableTokens(rules, prefixTokens);
  if (cached === 0) {
    return finish([none], false, `the ${prefixTokens}-token prefix is below ${key}'s minimum cacheable length (${rules.minTokens} tokens)`);
  }
  const read = rate('cacheRead');
  const options = [none];
  if (rules.mode === 'breakpoints') {
    for (const [kind, ttl, write, label] of [
      ['anthropic-5m', 5, rate('cacheWrite5m'), 'cache-write-5m'],
      ['anthropic-1h', 60, rate('cacheWrite1h'), 'cache-write-1h'],
    ] as const) {
      const p = hitProbability(requestsPerHour, ttl, pattern);
      const perRequest = expected(cached, p, read, write, `${at} cache-read`, `${at} ${label}`);
      const known3 = input !== null && read !== null && write !== null;
      options.push(option(kind, `${ttl === 5 ? '5-minute' : '1-hour'} cache`, ttl, cached, p, perRequest, requestsPerMonth,
        known3 ? breakEvenReuses(input, read, write) : null, known3 ? breakEvenRequestsPerHour(input, read, write, ttl, pattern) : null));
    }
  } else {
    const ttl = rules.ttlMinutes[0] ?? 5;
    const p = hitProbability(requestsPerHour, ttl, pattern);
    const cachedPart = expected(cached, p, read, input, `${at} cache-read`, `${at} input`);
    const rest = perToken(prefixTokens - cached, input, `${at} input`);
    const perRequest: PerRequest = { pico: cachedPart.pico !== null && rest.pico !== null ? add(cachedPart.pico, rest.pico) : null, missing: [...cachedPart.missing, ...rest.missing] };
    const both = input !== null && read !== null;
    options.push(option('automatic', `automatic caching (${model.provider})`, ttl, cached, p, perRequest, requestsPerMonth,
      both ? breakEvenReuses(input, read, input) : null, both ? breakEvenRequestsPerHour(input, read, input, ttl, pattern) : null));
  }
  return finish(options, true, null);
}

interface PerRequest {
  /** Exact picodollars per request before rounding, or null when unknown. */
  pico: Fraction | null;
  missing: string[];
}

function perToken(tokens: number, rate: Rate | null, label: string): PerRequest {
  if (tokens === 0) return { pico: F0, missing: [] };
  return rate === null ? { pico: null, missing: [label] } : { pico: frac(BigInt(tokens) * rate), missing: [] };
}

/** tokens × (p·read + (1 − p)·miss) with p scaled to 10^-12. */
function expected(tokens: number, p: number, read: Rate | null, miss: Rate | null, readLabel: string, missLabel: string): PerRequest {
  const scaled = BigInt(Math.round(p * Number(SCALE)));
  const missing = [...(read === null && scaled > 0n ? [readLabel] : []), ...(miss === null && scaled < SCALE ? [missLabel] : [])];
  if (missing.length > 0) return { pico: null, missing };
  const sum = scaled * (read ?? 0n) + (SCALE - scaled) * (miss ?? 0n);
  return { pico: frac(BigInt(tokens) * sum, SCALE), missing: [] };
}

function option(
  kind: CacheOptionKind, label: string, ttlMinutes: number | null, cachedTokens: number, hit: number, perRequest: PerRequest,
  requestsPerMonth: Fraction, reuses: number | null, rate: number | null,
): CacheOption {
  const money = (value: Fraction | null): Money => (value === null ? unknown(...perRequest.missing) : known(roundHalfUp(value)));
  return {
    kind, label, ttlMinutes, cachedTokens, hitProbability: hit,
    perRequest: money(perRequest.pico),
    perMonth: money(perRequest.pico === null ? null : mul(perRequest.pico, requestsPerMonth)),
    savingPerMonth: ZERO,
    breakEvenReuses: reuses,
    breakEvenRequestsPerHour: rate,
  };
}

function missingOf(...items: Money[]): string[] {
  return [...new Set(items.flatMap((m) => (m.known ? [] : m.missing)))];
}

/** Whether an option saves money per month against no caching. */
export function pays(option: CacheOption): boolean {
  return option.savingPerMonth.known && option.savingPerMonth.pico > 0n;
}
