/**
 * The monthly bill of a traffic profile. Per route, the savings stack in one fixed order, each acting on
 * what the previous one left, so nothing is counted twice:
 *
 * 1. requests per month      R = requests_per_day × days_per_month × (1 + growth)^(month − 1)
 * 2. semantic-cache hits     remove calls: C = R × (1 − semantic_cache_hit_rate); a hit costs $0 (the
 *                            cache's own infrastructure is not modelled)
 * 3. routing                 splits the rest: strong C × strong_share, weak C × (1 − strong_share)
 * 4. compression             shrinks input: I' = input_tokens × compression_rate (the prefix included)
 * 5. prompt caching          the cached prefix P of the remaining calls: P = the provider's cacheable part
 *                            of ⌊min(cached_prefix_tokens × compression_rate, I')⌋ (promptCacheRules: below
 *                            the model's minimum nothing is cached, and a warning says so). Writes: one per
 *                            cache lifetime T per model per route, W = min(calls, days × 1440 / T) — an
 *                            upper bound on the expected misses of Poisson traffic with a TTL refreshed on
 *                            each hit (N·e^(−rT) ≤ (minutes/T)·(1/e) < W). Anthropic writes are billed at
 *                            the model's cache-write rate (5m: 1.25×, 1h: 2× input); an automatic cache
 *                            (OpenAI, Gemini 2.5) has no write surcharge, so its misses are plain input.
 *                            The other calls read P at the cache-read rate. Every call pays I' − P at the
 *                            input rate and its output at the output rate.
 * 6. batch                   batch_share of every call takes the batch rates (priceUsage with batch: the
 *                            provider's published batch prices, cache reads included where the discount
 *                            is uniform); a model without batch prices makes those components unknown.
 *
 * Exactness: request counts and token totals are exact fractions; each route × model × component is
 * tokens × rate (picodollars per token), rounded once to the picodollar, halves up. Routes and the total
 * add those rounded amounts. Long-context tiers are chosen by the request size the bill is computed at.
 */
import { CostlabError } from '../errors.ts';
import type { ErrorLocation } from '../errors.ts';
import type { ModelEntry } from '../catalog/model.ts';
import { modelKey } from '../catalog/model.ts';
import { cacheableTokens, promptCacheRules } from '../catalog/prompt-cache-rules.ts';
import { ZERO, known, sumMoney, unknown } from '../money/money.ts';
import type { Money, Rate } from '../money/money.ts';
import { tokensAt } from './distribution.ts';
import type { TokenPoint } from './distribution.ts';
import { F0, F1, add, floor, frac, isZero, min, mul, pow, roundHalfUp, sub } from './fraction.ts';
import type { Fraction } from './fraction.ts';
import type { ResolvedProfile, ResolvedRoute } from './profile.ts';
import { SELF_HOSTED_MISSING, priceUsage } from './usage.ts';

/** What resolves a model reference (a Catalog). */
export interface ModelResolver {
  resolve(ref: string): ModelEntry;
}

/** The bill's components: the standard-rate calls' input, output, cache writes and reads, and everything sent through a Batch API. */
export const BILL_COMPONENTS = ['input', 'output', 'cacheWrite', 'cacheRead', 'batch'] as const;
export type BillComponent = (typeof BILL_COMPONENTS)[number];
export type BillComponents = Record<BillComponent, Money>;

/** The token-priced parts of one pricing mode (standard or batch). */
export const TOKEN_PARTS = ['input', 'output', 'cacheWrite', 'cacheRead'] as const;
export type TokenPart = (typeof TOKEN_PARTS)[number];

export interface ModePart {
  /** Tokens per month (exact). */
  tokens: Fraction;
  /** Picodollars per token, or null when unknown. */
  rate: Rate | null;
  cost: Money;
}

export interface ModelCache {
  prefixTokens: number;
  ttlMinutes: number;
  /** Whether writes pay a surcharge (Anthropic) or are plain input (automatic caches). */
  writeSurcharge: boolean;
  writeCalls: Fraction;
  readCalls: Fraction;
}

export interface ModelBill {
  model: string;
  /** The share of the route's calls (after semantic-cache hits) this model serves. */
  share: Fraction;
  calls: Fraction;
  inputTokensPerCall: Fraction;
  outputTokensPerCall: number;
  cache: ModelCache | null;
  standard: Record<TokenPart, ModePart>;
  batch: Record<TokenPart, ModePart>;
  components: BillComponents;
  total: Money;
  /** The long-context tier the request size fell into (its threshold), or null. */
  tier: number | null;
}

export interface RouteBill {
  name: string;
  requests: Fraction;
  semanticHits: Fraction;
  calls: Fraction;
  models: ModelBill[];
  components: BillComponents;
  total: Money;
}

export interface PriceSource {
  model: string;
  source: string;
  asOf: string;
}

export interface Bill {
  profile: string;
  /** 1 for the first month; growth compounds from there. */
  month: number;
  point: TokenPoint;
  daysPerMonth: Fraction;
  routes: RouteBill[];
  components: BillComponents;
  total: Money;
  warnings: string[];
  prices: PriceSource[];
}

export interface ForecastOptions {
  /** The request size to bill at: the mean (default), p10 or p90. */
  point?: TokenPoint;
  /** Month number from 1: requests grow by (1 + growth)^(month − 1). */
  month?: number;
}

const MINUTES_PER_DAY = frac(1440n);

/** A model by reference; an unknown one is an error at the profile's `model:` field. */
export function resolveModelAt(catalog: ModelResolver, ref: string, where: ErrorLocation): ModelEntry {
  try {
    return catalog.resolve(ref);
  } catch (error) {
    if (error instanceof CostlabError) throw new CostlabError(error.code, error.message, { hint: error.hint, location: where });
    throw error;
  }
}

/** The models of a route with their shares of its calls. */
export function routeModels(route: ResolvedRoute): { ref: string; share: Fraction }[] {
  if (route.model.kind === 'single') return [{ ref: route.model.model, share: F1 }];
  const { weak, strong, strongShare } = route.model;
  return [
    { ref: weak, share: sub(F1, strongShare) },
    { ref: strong, share: strongShare },
  ];
}

export function emptyComponents(): BillComponents {
  return { input: ZERO, output: ZERO, cacheWrite: ZERO, cacheRead: ZERO, batch: ZERO };
}

export function addComponents(a: BillComponents, b: BillComponents): BillComponents {
  const out = emptyComponents();
  for (const c of BILL_COMPONENTS) out[c] = sumMoney([a[c], b[c]]);
  return out;
}

/** The bill for one month of a profile, at one request size. */
export function forecastBill(profile: ResolvedProfile, catalog: ModelResolver, options: ForecastOptions = {}): Bill {
  const point = options.point ?? 'mean';
  const month = options.month ?? 1;
  const growth = pow(add(F1, profile.growthPerMonth), month - 1);
  const warnings: string[] = [];
  const prices = new Map<string, PriceSource>();
  const routes = profile.routes.map((route) => {
    const requests = mul(route.requestsPerDay, profile.daysPerMonth, growth);
    const semanticHits = mul(requests, route.semanticCacheHitRate);
    const calls = sub(requests, semanticHits);
    const models = routeModels(route).map(({ ref, share }) => {
      const model = resolveModelAt(catalog, ref, route.where.model);
      const key = modelKey(model);
      if (!prices.has(key)) prices.set(key, { model: key, source: model.source, asOf: model.asOf });
      return modelBill(route, model, share, mul(calls, share), profile.daysPerMonth, point, warnings);
    });
    const components = models.reduce((sum, line) => addComponents(sum, line.components), emptyComponents());
    return { name: route.name, requests, semanticHits, calls, models, components, total: sumMoney(models.map((m) => m.total)) };
  });
  return {
    profile: profile.name,
    month,
    point,
    daysPerMonth: profile.daysPerMonth,
    routes,
    components: routes.reduce((sum, r) => addComponents(sum, r.components), emptyComponents()),
    total: sumMoney(routes.map((r) => r.total)),
    warnings: [...new Set(warnings)],
    prices: [...prices.values()],
  };
}

function modelBill(
  route: ResolvedRoute, model: ModelEntry, share: Fraction, calls: Fraction, days: Fraction, point: TokenPoint, warnings: string[],
): ModelBill {
  const key = modelKey(model);
  const inputPerCall = mul(frac(tokensAt(route.input, point)), route.compressionRate);
  const output = tokensAt(route.output, point);
  const cache = promptCache(route, model, calls, inputPerCall, days, warnings);
  const prefix = cache?.prefixTokens ?? 0;
  const uncachedPerCall = sub(inputPerCall, frac(prefix));
  const batchShare = route.batchShare;
  const modes = { standard: sub(F1, batchShare), batch: batchShare } as const;

  // Rates at the request's size (long-context tier): one representative request per pricing mode.
  const promptSize = roundHalfUp(inputPerCall);
  const usage = { input: Number(promptSize) - prefix, output, reasoning: 0, cacheRead: prefix, cacheWrite5m: 0, cacheWrite1h: 0 };
  const parts = (mode: 'standard' | 'batch'): Record<TokenPart, ModePart> => {
    const weight = modes[mode];
    const priced = priceUsage(model, usage, { batch: mode === 'batch' });
    const writeField = cache?.ttlMinutes === 60 ? 'cacheWrite1h' : 'cacheWrite5m';
    const plainWrites = cache !== null && !cache.writeSurcharge ? mul(cache.writeCalls, frac(prefix)) : F0;
    const tokens: Record<TokenPart, Fraction> = {
      input: mul(add(mul(calls, uncachedPerCall), plainWrites), weight),
      output: mul(calls, frac(output), weight),
      cacheWrite: cache !== null && cache.writeSurcharge ? mul(cache.writeCalls, frac(prefix), weight) : F0,
      cacheRead: cache !== null ? mul(cache.readCalls, frac(prefix), weight) : F0,
    };
    const rates: Record<TokenPart, Rate | null> = {
      input: priced.components.input.rate,
      output: priced.components.output.rate,
      cacheWrite: priced.components[writeField].rate,
      cacheRead: priced.components.cacheRead.rate,
    };
    const labels: Record<TokenPart, string> = { input: 'input', output: 'output', cacheWrite: writeField === 'cacheWrite1h' ? 'cache-write-1h' : 'cache-write-5m', cacheRead: 'cache-read' };
    const out = {} as Record<TokenPart, ModePart>;
    for (const part of TOKEN_PARTS) {
      const label = model.rates === null ? SELF_HOSTED_MISSING : `${key} ${mode === 'batch' ? 'batch ' : ''}${labels[part]}`;
      out[part] = { tokens: tokens[part], rate: rates[part], cost: costOf(tokens[part], rates[part], label) };
    }
    return out;
  };
  const standard = parts('standard');
  const batch = parts('batch');
  if (!isZero(batchShare) && !isZero(calls) && model.rates !== null && (model.rates.batchInput === null || model.rates.batchOutput === null)) {
    warnings.push(`${route.name}: ${key} has no batch price in the catalog (no batch API for this model?): its batch share is unknown`);
  }
  const components: BillComponents = {
    input: standard.input.cost,
    output: standard.output.cost,
    cacheWrite: standard.cacheWrite.cost,
    cacheRead: standard.cacheRead.cost,
    batch: sumMoney(TOKEN_PARTS.map((p) => batch[p].cost)),
  };
  const tier = model.rates === null ? null : priceUsage(model, usage).tier?.aboveInputTokens ?? null;
  return {
    model: key, share, calls, inputTokensPerCall: inputPerCall, outputTokensPerCall: output, cache, standard, batch, components,
    total: sumMoney(Object.values(components)), tier,
  };
}

function promptCache(
  route: ResolvedRoute, model: ModelEntry, calls: Fraction, inputPerCall: Fraction, days: Fraction, warnings: string[],
): ModelCache | null {
  if (route.cachedPrefixTokens <= 0) return null;
  const key = modelKey(model);
  const rules = promptCacheRules(model);
  if (rules === null) {
    warnings.push(`${route.name}: ${key} has no prompt caching costlab can price: the ${route.cachedPrefixTokens}-token prefix is billed as input`);
    return null;
  }
  const written = Number(floor(min(mul(frac(route.cachedPrefixTokens), route.compressionRate), inputPerCall)));
  const prefixTokens = cacheableTokens(rules, written);
  if (prefixTokens === 0) {
    warnings.push(`${route.name}: the ${written}-token prefix is below ${key}'s minimum cacheable length (${rules.minTokens} tokens): no caching`);
    return null;
  }
  const breakpoints = rules.mode === 'breakpoints';
  const ttlMinutes = breakpoints ? route.promptCacheTtlMinutes : (rules.ttlMinutes[0] ?? 5);
  const windows = mul(days, MINUTES_PER_DAY, frac(1n, BigInt(ttlMinutes)));
  const writeCalls = min(calls, windows);
  return { prefixTokens, ttlMinutes, writeSurcharge: breakpoints, writeCalls, readCalls: sub(calls, writeCalls) };
}

/** tokens × rate, rounded once to the picodollar (halves up); unknown when tokens meet an unknown rate. */
export function costOf(tokens: Fraction, rate: Rate | null, label: string): Money {
  if (isZero(tokens)) return ZERO;
  if (rate === null) return unknown(label);
  return known(roundHalfUp(mul(tokens, frac(rate))));
}

/** The bill for each of the next `months` months (growth compounding), at the mean request size. */
export function projectBills(profile: ResolvedProfile, catalog: ModelResolver, months = 12): Bill[] {
  return Array.from({ length: months }, (_, i) => forecastBill(profile, catalog, { month: i + 1 }));
}

export interface BillReport {
  bill: Bill;
  projection: { month: number; total: Money }[];
  range: { p10: Money; p90: Money };
}

/**
 * The bill (mean request size), its 12-month projection and its range: the same month with every request at
 * the p10 and at the p90 size of its distribution — how far the bill moves if requests run as small or as
 * large as the distribution's tails (a sensitivity, not a confidence interval of the monthly total).
 */
export function billReport(profile: ResolvedProfile, catalog: ModelResolver): BillReport {
  const bill = forecastBill(profile, catalog);
  const projection = projectBills(profile, catalog).map((b) => ({ month: b.month, total: b.total }));
  return {
    bill,
    projection,
    range: {
      p10: forecastBill(profile, catalog, { point: 'p10' }).total,
      p90: forecastBill(profile, catalog, { point: 'p90' }).total,
    },
  };
}
