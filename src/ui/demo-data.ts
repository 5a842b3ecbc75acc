/**
 * The bundled recorded demo (see demo-data-schema.ts) turned into what the Frontier and Route screens show.
 * Pure: takes the parsed files and a catalog; randomness (bootstrap intervals, the random router) comes from a
 * seeded generator, so the same files give the same figures every time.
 *
 * Frontier (AlpacaEval 2.0): one point per model. Cost per 1,000 requests = 1,000 × the mean over the 805
 * instructions of (input tokens × input rate + output tokens × output rate), summed exactly in picodollars;
 * quality = mean `model_win` with a 95 % percentile-bootstrap interval (1,000 resamples). A model with no
 * price is kept with cost null ("unpriced"), never $0.
 *
 * Route (RouteLLM GSM8K): each problem's weak/strong correctness and per-request cost, the weak and strong
 * models priced with the catalog rates of stated stand-ins, and the router scores to sweep.
 */
import {
  CostlabError,
  bootstrapMean,
  formatScaled,
  known,
  makeUsage,
  modelKey,
  moneyToUsdNumber,
  priceUsage,
  randomScores,
  ratePerMTok,
  seededRandom,
} from '../core/index.ts';
import type { Catalog, ModelEntry, RoutingItem } from '../core/index.ts';
import { routeLlmRows } from './demo-data-schema.ts';
import type { AlpacaDemoFile, AlpacaDemoModel, DemoAttribution, RouteLlmDemoFile, RouteLlmDemoRow } from './demo-data-schema.ts';

/** FNV-1a of a name: each candidate's bootstrap gets its own seed, independent of the order of the file. */
export function nameSeed(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

export function attributionLine(attribution: DemoAttribution): string {
  return `${attribution.dataset} (${attribution.licence}, ${attribution.url} @ ${attribution.commit}): ${attribution.derived}`;
}

// ------------------------------------------------------------------------------------------------ frontier

export interface FrontierPoint {
  id: string;
  label: string;
  role: 'model' | 'reference' | 'run';
  /** USD per 1,000 requests; null when the model has no price (unpriced, not $0). */
  costPer1k: number | null;
  /** Mean quality in [0, 1] and its interval. */
  quality: number;
  low: number;
  high: number;
  /** Median latency in ms when known (runs); the recorded demo has none. */
  latencyMs: number | null;
  /** What the price is: `openai:gpt-4-turbo (catalog, 2026-11-22)`, a dated listing, or why it is unpriced. */
  pricedAs: string;
  priceNote: string;
}

export interface FrontierSet {
  id: string;
  title: string;
  /** What quality means here, for the axis and the table. */
  qualityName: string;
  attribution: string;
  points: FrontierPoint[];
}

export interface FrontierOptions {
  resamples?: number;
  confidence?: number;
}

/** A listing from a price file as a catalog-shaped entry, so it is priced by the same code as the catalog. */
function listedEntry(price: Extract<AlpacaDemoModel['price'], { kind: 'listed' }>): ModelEntry {
  return {
    id: price.listing,
    provider: price.provider,
    displayName: price.listing,
    aliases: [],
    contextWindow: null,
    maxOutput: null,
    tokenizer: 'o200k_base',
    rates: {
      input: ratePerMTok(price.inputUsdPerMTok, 'inputUsdPerMTok'),
      output: ratePerMTok(price.outputUsdPerMTok, 'outputUsdPerMTok'),
      reasoningOutput: null,
      cacheRead: null,
      cacheWrite5m: null,
      cacheWrite1h: null,
      batchInput: null,
      batchOutput: null,
    },
    longContext: [],
    selfHosted: false,
    source: price.source,
    asOf: price.asOf,
    origin: 'override',
  };
}

interface Pricing {
  entry: ModelEntry | null;
  pricedAs: string;
  note: string;
}

/** `developers.openai.com` from a pricing page URL (the whole string when it is not a URL). */
export function sourceHost(source: string): string {
  try {
    return new URL(source).host || source;
  } catch {
    return source;
  }
}

function usdPerM(rate: bigint | null): string {
  return rate === null ? '?' : `$${formatScaled(rate, 6)}`;
}

function pricingOf(model: AlpacaDemoModel, catalog: Catalog): Pricing {
  const price = model.price;
  if (price.kind === 'listed') {
    const short = price.listing.split('/').pop() ?? price.listing;
    return {
      entry: listedEntry(price),
      pricedAs: `${short} on ${price.provider} $${price.inputUsdPerMTok}/$${price.outputUsdPerMTok} per M tokens, ${price.asOf} LiteLLM price file`,
      note: price.note,
    };
  }
  if (price.kind === 'catalog') {
    const entry = tryResolve(catalog, price.model);
    if (entry?.rates) {
      return {
        entry,
        pricedAs: `${modelKey(entry)} ${usdPerM(entry.rates.input)}/${usdPerM(entry.rates.output)} per M tokens, ${entry.asOf} ${sourceHost(entry.source)}`,
        note: price.note,
      };
    }
    return { entry: null, pricedAs: `unpriced: ${price.model} has no per-token price in the catalog`, note: price.note };
  }
  return { entry: null, pricedAs: 'unpriced', note: price.note };
}

function tryResolve(catalog: Catalog, ref: string): ModelEntry | undefined {
  try {
    return catalog.tryResolve(ref);
  } catch {
    return undefined;
  }
}

/** Mean cost of one request over the items, USD, exact in picodollars until the final division; null if unknown. */
function meanCostUsd(entry: ModelEntry, input: readonly number[], output: readonly number[]): number | null {
  let sum = 0n;
  for (let i = 0; i < input.length; i++) {
    const total = priceUsage(entry, makeUsage({ input: input[i] ?? 0, output: output[i] ?? 0 })).total;
    if (!total.known) return null;
    sum += total.pico;
  }
  return moneyToUsdNumber(known(sum / BigInt(Math.max(1, input.length))));
}

/** The AlpacaEval demo as a frontier set: see the top of this file. */
export function alpacaFrontierSet(file: AlpacaDemoFile, catalog: Catalog, options: FrontierOptions = {}): FrontierSet {
  const points = file.models.map((model): FrontierPoint => {
    const pricing = pricingOf(model, catalog);
    const perRequest = pricing.entry ? meanCostUsd(pricing.entry, model.inputTokens, model.outputTokens) : null;
    const interval = bootstrapMean(model.quality, seededRandom(nameSeed(model.name)), options);
    if (interval === null) {
      throw new CostlabError('bad-demo-data', `${model.name} has no quality figures`, { location: { field: 'models' } });
    }
    return {
      id: model.name,
      label: model.role === 'reference' ? `${model.name} (reference)` : model.name,
      role: model.role,
      costPer1k: perRequest === null ? null : perRequest * 1000,
      quality: interval.mean,
      low: interval.low,
      high: interval.high,
      latencyMs: null,
      pricedAs: pricing.pricedAs,
      priceNote: pricing.note,
    };
  });
  return {
    id: 'alpaca-eval',
    title: 'AlpacaEval 2.0 demo',
    qualityName: `win rate vs ${file.reference}`,
    attribution: attributionLine(file.attribution) + (file.attribution.prices ? ` Prices: ${file.attribution.prices}` : ''),
    points,
  };
}

// ------------------------------------------------------------------------------------------------ route

export const DEFAULT_WEAK_PRICE = 'openai:gpt-4o-mini';
export const DEFAULT_STRONG_PRICE = 'openai:gpt-4-turbo';

export interface RouteSide {
  /** The model as the dataset names it. */
  name: string;
  /** The catalog model whose rates price it. */
  pricedAs: string;
  source: string;
  asOf: string;
  /** Mean cost of one request, USD. */
  costPerRequest: number;
}

export interface RouteDemo {
  title: string;
  attribution: string;
  weak: RouteSide;
  strong: RouteSide;
  /** One line saying how both models are priced, for the screen. */
  pricingNote: string;
  rows: RouteLlmDemoRow[];
  /** Per-request cost of each row on each model, USD. */
  weakCost: number[];
  strongCost: number[];
}

export interface RoutePriceOptions {
  /** Catalog model pricing the weak model (default openai:gpt-4o-mini: Mixtral is self-hosted in the catalog). */
  weakPrice?: string;
  /** Catalog model pricing the strong model (default openai:gpt-4-turbo, gpt-4-1106-preview's own list price). */
  strongPrice?: string;
}

function priced(catalog: Catalog, ref: string, side: string): ModelEntry {
  const entry = tryResolve(catalog, ref);
  if (!entry?.rates) {
    throw new CostlabError('demo-price-missing', `the ${side} model's stand-in ${ref} has no per-token price in the catalog`, {
      hint: 'add its rates in costlab.yaml, or pick another stand-in',
    });
  }
  return entry;
}

function rowCost(entry: ModelEntry, input: number, output: number): number {
  const total = priceUsage(entry, makeUsage({ input, output })).total;
  return moneyToUsdNumber(total) ?? Number.NaN;
}

/** The RouteLLM demo priced: see the top of this file. Throws `demo-price-missing` when a stand-in has no price. */
export function routeDemo(file: RouteLlmDemoFile, catalog: Catalog, options: RoutePriceOptions = {}): RouteDemo {
  const weakEntry = priced(catalog, options.weakPrice ?? DEFAULT_WEAK_PRICE, 'weak');
  const strongEntry = priced(catalog, options.strongPrice ?? DEFAULT_STRONG_PRICE, 'strong');
  const rows = routeLlmRows(file);
  const weakCost = rows.map((r) => rowCost(weakEntry, r.weakInputTokens, r.weakOutputTokens));
  const strongCost = rows.map((r) => rowCost(strongEntry, r.strongInputTokens, r.strongOutputTokens));
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const side = (name: string, entry: ModelEntry, costs: number[]): RouteSide => ({
    name, pricedAs: modelKey(entry), source: entry.source, asOf: entry.asOf, costPerRequest: mean(costs),
  });
  const weak = side(file.weak.name, weakEntry, weakCost);
  const strong = side(file.strong.name, strongEntry, strongCost);
  return {
    title: `RouteLLM ${file.benchmark.toUpperCase()} · weak ${shortName(file.weak.name)} · strong ${shortName(file.strong.name)}`,
    attribution: attributionLine(file.attribution),
    weak,
    strong,
    pricingNote: `priced as ${weakEntry.displayName} ${usdPerM(weakEntry.rates?.input ?? null)}/${usdPerM(weakEntry.rates?.output ?? null)}, ${strongEntry.displayName} ${usdPerM(strongEntry.rates?.input ?? null)}/${usdPerM(strongEntry.rates?.output ?? null)} per M tokens (${strongEntry.asOf}, ${sourceHost(strongEntry.source)}; catalog ${weak.pricedAs}, ${strong.pricedAs})`,
    rows,
    weakCost,
    strongCost,
  };
}

function shortName(name: string): string {
  return name.split('/').pop() ?? name;
}

/** A router: a name, what it does, and one score per item (higher = send to the strong model). */
export interface RouterScores {
  /** costlab's router score kind (core/analysis router-config): heuristic, length, random, oracle. */
  id: 'heuristic' | 'length' | 'random' | 'oracle';
  label: string;
  description: string;
  scores: number[];
  /** How a threshold reads for this score, e.g. `≥ 245 chars`. */
  formatThreshold(threshold: number): string;
  /** The seed of a random router (so an exported config says it). */
  seed?: number;
}

export const RANDOM_ROUTER_SEED = 2406;

function plain(threshold: number): string {
  return Number.isInteger(threshold) ? String(threshold) : threshold.toFixed(3);
}

/**
 * The routers the demo data supports, default first:
 * - length: the prompt's length in characters (longer problems go to the strong model first);
 * - heuristic: costlab's keyword/complexity classifier (core/analysis/router-scores/heuristic.ts) as the demo
 *   file records it per prompt — level 0–3, score level / 3;
 * - random: a seeded uniform score per item (core randomScores, as `costlab route --score random` draws them), the
 *   baseline a router must beat;
 * - oracle: strong − weak correctness (+1 only where the weak model fails and the strong one succeeds); it
 *   peeks at the answers, so it is an upper bound, not a router one could deploy.
 */
export function demoRouters(demo: RouteDemo, seed = RANDOM_ROUTER_SEED): RouterScores[] {
  const levels = ['trivial', 'simple', 'moderate', 'complex'];
  return [
    {
      id: 'length', label: 'length', description: 'longer prompts go to the strong model first',
      scores: demo.rows.map((r) => r.promptChars), formatThreshold: (t) => `≥ ${plain(t)} chars`,
    },
    {
      id: 'heuristic', label: 'heuristic', description: 'keyword/complexity classifier: trivial 0, simple ⅓, moderate ⅔, complex 1',
      scores: demo.rows.map((r) => r.heuristicLevel / 3),
      formatThreshold: (t) => `≥ ${levels[Math.round(t * 3)] ?? plain(t)}`,
    },
    {
      id: 'random', label: 'random', description: `seeded uniform scores (seed ${seed}): the baseline`, seed,
      scores: randomScores(demo.rows.length, seed), formatThreshold: (t) => `≥ ${t.toFixed(3)}`,
    },
    {
      id: 'oracle', label: 'oracle', description: 'peeks at the answers: strong only where weak fails and strong succeeds (an upper bound)',
      scores: demo.rows.map((r) => Number(r.strongCorrect) - Number(r.weakCorrect)), formatThreshold: (t) => `gain ≥ ${plain(t)}`,
    },
  ];
}

/** The routing items for one router's scores. */
export function demoRoutingItems(demo: RouteDemo, scores: readonly number[]): RoutingItem[] {
  if (scores.length !== demo.rows.length) {
    throw new CostlabError('bad-routing-input', `${scores.length} scores for ${demo.rows.length} items`);
  }
  return demo.rows.map((row, i) => ({
    weakQuality: row.weakCorrect ? 1 : 0,
    strongQuality: row.strongCorrect ? 1 : 0,
    weakCost: demo.weakCost[i] ?? Number.NaN,
    strongCost: demo.strongCost[i] ?? Number.NaN,
    score: scores[i] ?? Number.NaN,
  }));
}
