/**
 * Traffic profiles: what a deployment will send, route by route, as YAML (or JSON). Parsed with zod;
 * every error names `file:line:column`, the field path and what to do, and an unknown key gets a
 * "did you mean". Token sizes may be measured (`{from_set}`, `{from_run}`): the profile only records the
 * request, and `resolveProfile` turns every size into a TokenDistribution through a measurer the caller
 * gives (the CLI reads sets and runs; core touches no files).
 *
 * ```yaml
 * name: launch
 * days_per_month: 30
 * growth_per_month: 0.1                # optional, compounding monthly
 * routes:
 *   - name: support
 *     requests_per_day: 15000
 *     model: openai:gpt-4o-mini        # or {weak, strong, strong_share}
 *     input_tokens: 2000               # or {p50, p90} | {p10, p50, p90} | {from_set: PATH} | {from_run: ID}
 *     output_tokens: 800
 *     semantic_cache_hit_rate: 0.3     # optional
 *     cached_prefix_tokens: 1500       # optional: provider prompt caching
 *     prompt_cache_ttl: 5m             # optional: 5m or 1h (Anthropic's two cache lifetimes)
 *     batch_share: 0.0                 # optional
 *     compression_rate: 1.0            # optional: input multiplier
 * ```
 */
import { z } from 'zod';
import { CostlabError } from '../errors.ts';
import type { ErrorLocation } from '../errors.ts';
import { dirName, joinPath } from '../promptset/paths.ts';
import { schemaError } from '../promptset/schema-error.ts';
import type { SchemaErrorStyle } from '../promptset/schema-error.ts';
import { YamlSource, formatPath } from '../yaml-source.ts';
import type { PathSegment } from '../yaml-source.ts';
import { fixedDistribution, lognormalDistribution, percentileDistribution } from './distribution.ts';
import type { TokenDistribution } from './distribution.ts';
import { F0, F1, fromDecimal } from './fraction.ts';
import type { Fraction } from './fraction.ts';

export type TokenSpec =
  | { kind: 'fixed'; tokens: number }
  | { kind: 'lognormal'; p50: number; p90: number }
  | { kind: 'percentiles'; p10: number; p50: number; p90: number }
  /** `path` is resolved against the profile's folder. */
  | { kind: 'from_set'; path: string; variant?: string }
  | { kind: 'from_run'; run: string; store?: string; model?: string };

export type RouteModel =
  | { kind: 'single'; model: string }
  | { kind: 'router'; weak: string; strong: string; strongShare: Fraction };

export interface ProfileRoute<T = TokenSpec> {
  name: string;
  requestsPerDay: Fraction;
  model: RouteModel;
  input: T;
  output: T;
  semanticCacheHitRate: Fraction;
  cachedPrefixTokens: number;
  /** The Anthropic cache lifetime to price writes at (5 or 60 minutes); automatic caches use their own. */
  promptCacheTtlMinutes: 5 | 60;
  batchShare: Fraction;
  compressionRate: Fraction;
  /** Where each field was written, for errors raised after parsing (unknown model, unreadable set). */
  where: Record<'route' | 'model' | 'input' | 'output', ErrorLocation>;
}

export interface TrafficProfile<T = TokenSpec> {
  file: string;
  name: string;
  daysPerMonth: Fraction;
  growthPerMonth: Fraction;
  routes: ProfileRoute<T>[];
}

/** A profile whose token sizes are all distributions: what the bill takes. */
export type ResolvedProfile = TrafficProfile<TokenDistribution>;
export type ResolvedRoute = ProfileRoute<TokenDistribution>;

const TOP_FIELDS = ['name', 'description', 'days_per_month', 'growth_per_month', 'routes'] as const;
const ROUTE_FIELDS = [
  'name', 'requests_per_day', 'model', 'input_tokens', 'output_tokens', 'semantic_cache_hit_rate',
  'cached_prefix_tokens', 'prompt_cache_ttl', 'batch_share', 'compression_rate',
] as const;
const ROUTER_FIELDS = ['weak', 'strong', 'strong_share'] as const;
const TOKEN_FIELDS = ['p10', 'p50', 'p90', 'from_set', 'variant', 'from_run', 'store', 'model'] as const;

const share = (what: string) =>
  z.number({ error: `expected ${what} between 0 and 1` }).min(0, { error: `${what} is at least 0` }).max(1, { error: `${what} is at most 1` });
const wholeTokens = z.number({ error: 'expected a whole number of tokens' }).int({ error: 'expected a whole number of tokens' })
  .nonnegative({ error: 'a token count cannot be negative' });
const modelRef = z.string({ error: 'expected a model such as openai:gpt-4o-mini' }).trim().min(1, { error: 'must not be empty' });

/** `model:` — a model reference, or a router {weak, strong, strong_share}. */
const ModelDoc = z.union([
  modelRef,
  z.strictObject({ weak: modelRef, strong: modelRef, strong_share: share('strong_share') }),
], { error: 'expected a model (openai:gpt-4o-mini) or a router {weak: M, strong: M, strong_share: 0.2}' });

/** A token size: a number, {p50, p90}, {p10, p50, p90}, {from_set: PATH[, variant]} or {from_run: ID[, store, model]}. */
const TokensDoc = z.union([
  wholeTokens,
  z.strictObject({ p50: wholeTokens, p90: wholeTokens }),
  z.strictObject({ p10: wholeTokens, p50: wholeTokens, p90: wholeTokens }),
  z.strictObject({ from_set: z.string().trim().min(1), variant: z.string().trim().min(1).optional() }),
  z.strictObject({ from_run: z.string().trim().min(1), store: z.string().trim().min(1).optional(), model: modelRef.optional() }),
], { error: 'expected tokens per request: a number, {p50, p90}, {p10, p50, p90}, {from_set: PATH} or {from_run: RUN_ID}' });

const RouteDoc = z.strictObject({
  name: z.string({ error: 'expected a route name' }).trim().min(1, { error: 'must not be empty' }),
  requests_per_day: z.number({ error: 'expected requests per day (a number)' }).nonnegative({ error: 'requests per day cannot be negative' }),
  model: ModelDoc,
  input_tokens: TokensDoc,
  output_tokens: TokensDoc,
  semantic_cache_hit_rate: share('semantic_cache_hit_rate').optional(),
  cached_prefix_tokens: wholeTokens.optional(),
  prompt_cache_ttl: z.enum(['5m', '1h'], { error: 'expected 5m or 1h' }).optional(),
  batch_share: share('batch_share').optional(),
  compression_rate: z.number({ error: 'expected an input multiplier, e.g. 0.6' })
    .positive({ error: 'compression_rate is above 0' }).max(1, { error: 'compression_rate is at most 1 (it shrinks input)' }).optional(),
});

export const ProfileDocSchema = z.strictObject({
  name: z.string({ error: 'expected a profile name' }).trim().min(1, { error: 'must not be empty' }),
  description: z.string().optional(),
  days_per_month: z.number({ error: 'expected days per month' }).positive({ error: 'days per month is above 0' })
    .max(31, { error: 'days per month is at most 31' }).optional(),
  growth_per_month: z.number({ error: 'expected a monthly growth rate, e.g. 0.1 for 10%' })
    .gt(-1, { error: 'growth_per_month is above -1 (a shrink of less than 100%)' }).optional(),
  routes: z.array(RouteDoc, { error: 'expected a list of routes' }).min(1, { error: 'a profile needs at least one route' }),
}).superRefine((doc, ctx) => {
  const seen = new Map<string, number>();
  doc.routes.forEach((route, index) => {
    const first = seen.get(route.name);
    if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['routes', index, 'name'], message: `duplicate route name '${route.name}' (first at routes[${first}])` });
    else seen.set(route.name, index);
    const input = route.input_tokens;
    if (route.cached_prefix_tokens !== undefined && typeof input === 'number' && route.cached_prefix_tokens > input) {
      ctx.addIssue({ code: 'custom', path: ['routes', index, 'cached_prefix_tokens'], message: `the cached prefix (${route.cached_prefix_tokens}) is longer than the input (${input})` });
    }
    if (typeof route.output_tokens === 'object' && 'from_set' in route.output_tokens) {
      ctx.addIssue({ code: 'custom', path: ['routes', index, 'output_tokens', 'from_set'], message: 'a prompt set has no outputs to measure', params: { hint: 'use a number, {p50, p90} or {from_run: RUN_ID}' } });
    }
  });
});

function allowedFieldsAt(path: readonly PathSegment[]): readonly string[] {
  if (path.length === 0) return TOP_FIELDS;
  if (path.length === 2 && path[0] === 'routes') return ROUTE_FIELDS;
  const last = path[path.length - 1];
  if (last === 'model') return ROUTER_FIELDS;
  if (last === 'input_tokens' || last === 'output_tokens') return TOKEN_FIELDS;
  return [];
}

const PROFILE: SchemaErrorStyle = {
  code: 'bad-profile',
  what: 'traffic profile',
  allowedFieldsAt,
  notAMap: { message: 'a traffic profile is a map of fields', hint: 'start with name:, then routes: (see the README, "Bill forecast")' },
  missing: ['invalid_type', 'invalid_union'],
  hint: () => 'fix the value and try again (see the README, "Bill forecast")',
  // the object branch with the fewest problems is the one meant ({p50, p9O} is closest to {p50, p90})
  branch: (branches, value) => (value !== null && typeof value === 'object' ? [...branches].sort((x, y) => x.length - y.length)[0] : undefined),
  // a misspelt key explains the problems it causes
  pick: (issues) => issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0],
};

type TokensValue = z.output<typeof TokensDoc>;

function tokenSpec(value: TokensValue, file: string): TokenSpec {
  if (typeof value === 'number') return { kind: 'fixed', tokens: value };
  if ('from_set' in value) {
    const path = value.from_set.startsWith('/') ? value.from_set : joinPath(dirName(file), value.from_set);
    return { kind: 'from_set', path, ...(value.variant !== undefined ? { variant: value.variant } : {}) };
  }
  if ('from_run' in value) {
    return {
      kind: 'from_run', run: value.from_run,
      ...(value.store !== undefined ? { store: value.store.startsWith('/') ? value.store : joinPath(dirName(file), value.store) } : {}),
      ...(value.model !== undefined ? { model: value.model } : {}),
    };
  }
  if ('p10' in value) return { kind: 'percentiles', p10: value.p10, p50: value.p50, p90: value.p90 };
  return { kind: 'lognormal', p50: value.p50, p90: value.p90 };
}

/** Where a measured size is written (its from_set / from_run value), else the size's own field. */
function tokenPath(path: PathSegment[], value: TokensValue): PathSegment[] {
  if (typeof value === 'object' && 'from_set' in value) return [...path, 'from_set'];
  if (typeof value === 'object' && 'from_run' in value) return [...path, 'from_run'];
  return path;
}

/** Parses a traffic profile's text (`file` names it in errors and anchors its relative paths). */
export function parseProfile(text: string, file: string): TrafficProfile {
  const source = YamlSource.parse(text, file);
  const root = source.value() ?? {};
  const result = ProfileDocSchema.safeParse(root, { reportInput: true });
  if (!result.success) throw schemaError(result.error.issues, source, root, PROFILE);
  const doc = result.data;
  const decimal = (value: number, path: PathSegment[]): Fraction => {
    try {
      return fromDecimal(value, formatPath(path));
    } catch (error) {
      if (error instanceof CostlabError) throw new CostlabError('bad-profile', error.message, { location: source.where(path) });
      throw error;
    }
  };
  const routes = doc.routes.map((route, index): ProfileRoute => {
    const at = (...rest: PathSegment[]): PathSegment[] => ['routes', index, ...rest];
    const model: RouteModel = typeof route.model === 'string'
      ? { kind: 'single', model: route.model }
      : { kind: 'router', weak: route.model.weak, strong: route.model.strong, strongShare: decimal(route.model.strong_share, at('model', 'strong_share')) };
    const optional = (value: number | undefined, fallback: Fraction, field: string): Fraction =>
      value === undefined ? fallback : decimal(value, at(field));
    return {
      name: route.name,
      requestsPerDay: decimal(route.requests_per_day, at('requests_per_day')),
      model,
      input: tokenSpec(route.input_tokens, file),
      output: tokenSpec(route.output_tokens, file),
      semanticCacheHitRate: optional(route.semantic_cache_hit_rate, F0, 'semantic_cache_hit_rate'),
      cachedPrefixTokens: route.cached_prefix_tokens ?? 0,
      promptCacheTtlMinutes: route.prompt_cache_ttl === '1h' ? 60 : 5,
      batchShare: optional(route.batch_share, F0, 'batch_share'),
      compressionRate: optional(route.compression_rate, F1, 'compression_rate'),
      where: {
        route: source.where(at()),
        model: source.where(at('model')),
        input: source.where(tokenPath(at('input_tokens'), route.input_tokens)),
        output: source.where(tokenPath(at('output_tokens'), route.output_tokens)),
      },
    };
  });
  return {
    file,
    name: doc.name,
    daysPerMonth: doc.days_per_month === undefined ? fromDecimal(30) : decimal(doc.days_per_month, ['days_per_month']),
    growthPerMonth: doc.growth_per_month === undefined ? F0 : decimal(doc.growth_per_month, ['growth_per_month']),
    routes,
  };
}

/** Measures a `from_set` or `from_run` size for a route (the CLI reads the files); the location is for errors. */
export type TokenMeasurer = (
  spec: Extract<TokenSpec, { kind: 'from_set' | 'from_run' }>,
  context: { route: ProfileRoute; field: 'input' | 'output'; where: ErrorLocation },
) => Promise<TokenDistribution>;

/** The distribution a written size stands for (a number, {p50, p90}, {p10, p50, p90}); errors name the field. */
export function writtenDistribution(spec: Exclude<TokenSpec, { kind: 'from_set' | 'from_run' }>, where: ErrorLocation): TokenDistribution {
  try {
    if (spec.kind === 'fixed') return fixedDistribution(spec.tokens);
    if (spec.kind === 'lognormal') return lognormalDistribution(spec.p50, spec.p90);
    return percentileDistribution(spec.p10, spec.p50, spec.p90);
  } catch (error) {
    if (error instanceof CostlabError) throw new CostlabError('bad-profile', error.message, { hint: error.hint, location: where });
    throw error;
  }
}

/** Every route's token sizes as distributions: written ones directly, measured ones through `measure`. */
export async function resolveProfile(profile: TrafficProfile, measure: TokenMeasurer): Promise<ResolvedProfile> {
  const routes: ResolvedRoute[] = [];
  for (const route of profile.routes) {
    const resolveOne = async (spec: TokenSpec, field: 'input' | 'output'): Promise<TokenDistribution> => {
      const where = route.where[field];
      if (spec.kind === 'from_set' || spec.kind === 'from_run') return measure(spec, { route, field, where });
      return writtenDistribution(spec, where);
    };
    const input = await resolveOne(route.input, 'input');
    const output = await resolveOne(route.output, 'output');
    routes.push({ ...route, input, output });
  }
  return { ...profile, routes };
}
