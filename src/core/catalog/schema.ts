/**
 * The catalog document: the shape of the bundled catalog and of the `models:` list in user files
 * (YAML or JSON — JSON is YAML, so one parser serves both). Prices are USD per million tokens, as a
 * number or a decimal string; `null` means unknown or not offered. Validation errors name the file,
 * the field path (`models[3].rates.input`) and, when there is source text, the line and column.
 */
import { z } from 'zod';
import { CostlabError } from '../errors.ts';
import { YamlSource, editDistance, formatPath } from '../yaml-source.ts';
import type { PathSegment } from '../yaml-source.ts';
import { ratePerMTok } from '../money/money.ts';
import type { Rate } from '../money/money.ts';
import { TOKENIZER_IDS } from '../types.ts';
import type { TokenizerId } from '../types.ts';
import type { LongContextTier, ModelEntry, Rates } from './model.ts';

export const RATE_FIELDS = [
  'input', 'output', 'reasoningOutput', 'cacheRead', 'cacheWrite5m', 'cacheWrite1h', 'batchInput', 'batchOutput',
] as const;
export type RateField = (typeof RATE_FIELDS)[number];

const MODEL_FIELDS = [
  'id', 'provider', 'displayName', 'aliases', 'contextWindow', 'maxOutput', 'tokenizer', 'rates', 'longContext',
  'selfHosted', 'source', 'asOf', 'notes',
] as const;

const DECIMAL = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isValidIsoDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const PRICE_MESSAGE =
  'expected a price in USD per million tokens: a non-negative number, a decimal string such as "2.50", or null when unknown';

const price = z.union(
  [
    z.number({ error: PRICE_MESSAGE }).nonnegative({ error: 'a price cannot be negative' }),
    z.string().trim().regex(DECIMAL, { error: PRICE_MESSAGE }),
    z.null(),
  ],
  { error: PRICE_MESSAGE },
);

export const IsoDateSchema = z.string({ error: 'expected an ISO date such as 2026-11-22' })
  .refine(isValidIsoDate, { error: 'expected an ISO date such as 2026-11-22' });
const isoDate = IsoDateSchema;
const tokens = z.number().int({ error: 'expected a whole number of tokens' }).positive({ error: 'expected a positive number of tokens' });
const nonEmpty = z.string().trim().min(1, { error: 'must not be empty' });
const providerName = z.string().trim().toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]*$/, { error: 'a provider is lowercase letters, digits, ".", "_" or "-" (no ":" or "/")' });
const modelId = nonEmpty.regex(/^\S+$/, { error: 'a model id has no spaces' });
const tokenizer = z.enum(TOKENIZER_IDS as [TokenizerId, ...TokenizerId[]], {
  error: `expected a tokenizer: one of ${TOKENIZER_IDS.join(', ')}`,
});

export const RatesDocSchema = z.strictObject({
  input: price,
  output: price,
  reasoningOutput: price.optional(),
  cacheRead: price.optional(),
  cacheWrite5m: price.optional(),
  cacheWrite1h: price.optional(),
  batchInput: price.optional(),
  batchOutput: price.optional(),
});

export const PartialRatesDocSchema = RatesDocSchema.partial();

export const LongContextDocSchema = z.strictObject({
  aboveInputTokens: tokens,
  rates: PartialRatesDocSchema,
});

const modelFields = {
  id: modelId,
  provider: providerName,
  displayName: nonEmpty.optional(),
  aliases: z.array(modelId).optional(),
  contextWindow: tokens.nullable().optional(),
  maxOutput: tokens.nullable().optional(),
  tokenizer,
  rates: RatesDocSchema.nullable().optional(),
  longContext: z.array(LongContextDocSchema).optional(),
  selfHosted: z.boolean().optional(),
  source: nonEmpty,
  asOf: isoDate.optional(),
  notes: z.string().optional(),
};

/** A complete model: what the bundled catalog holds and what a new model in a user file must give. */
export const ModelDocSchema = z.strictObject(modelFields);

/** A correction: names provider + id and gives only the fields it corrects (rates may be partial). */
export const ModelPatchDocSchema = z.strictObject({
  ...modelFields,
  tokenizer: tokenizer.optional(),
  source: nonEmpty.optional(),
  rates: PartialRatesDocSchema.nullable().optional(),
});

export const CatalogDocSchema = z.strictObject({
  asOf: isoDate.optional(),
  models: z.array(ModelDocSchema),
}).superRefine((doc, ctx) => {
  const seen = new Map<string, number>();
  doc.models.forEach((model, index) => {
    if (model.asOf === undefined && doc.asOf === undefined) {
      ctx.addIssue({ code: 'custom', path: ['models', index, 'asOf'], message: 'missing asOf: the date the prices were read' });
    }
    const key = `${model.provider}:${model.id.toLowerCase()}`;
    const first = seen.get(key);
    if (first !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['models', index, 'id'], message: `duplicate model ${model.provider}:${model.id} (first at models[${first}])` });
    } else {
      seen.set(key, index);
    }
  });
});

/** What a bundled or user catalog document looks like before validation (prices as numbers or strings). */
export type CatalogDocument = z.input<typeof CatalogDocSchema>;
export type ModelDocument = z.input<typeof ModelDocSchema>;
export type ParsedCatalogDocument = z.output<typeof CatalogDocSchema>;
export type ParsedModelDocument = z.output<typeof ModelDocSchema>;
export type ParsedModelPatch = z.output<typeof ModelPatchDocSchema>;
type PriceValue = z.output<typeof price>;

// ---------------------------------------------------------------------------------------------
// Source text and locations (generic: see ../yaml-source.ts)

export { YamlSource, editDistance, formatPath } from '../yaml-source.ts';

function allowedFieldsAt(path: readonly PathSegment[]): readonly string[] {
  const last = path[path.length - 1];
  if (last === 'rates') return RATE_FIELDS;
  if (path.length === 0) return ['asOf', 'models', 'providers']; // providers: costlab.yaml's section for costlab run
  if (path.length === 2 && path[0] === 'models') return MODEL_FIELDS;
  if (path.length === 4 && path[2] === 'longContext') return ['aboveInputTokens', 'rates'];
  return [];
}

function describeIssue(issue: z.core.$ZodIssue): { path: PathSegment[]; message: string; hint: string } {
  const path = [...issue.path];
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const allowed = allowedFieldsAt(path);
    const closest = [...allowed].sort((a, b) => editDistance(key, a) - editDistance(key, b))[0];
    const suggestion = closest !== undefined && editDistance(key, closest) <= 3 ? `did you mean '${closest}'? ` : '';
    return {
      path: [...path, key],
      message: `unknown field '${key}'`,
      hint: `${suggestion}allowed fields here: ${allowed.join(', ') || 'none'}`,
    };
  }
  if (issue.code !== 'custom' && 'input' in issue && issue.input === undefined) {
    const field = String(path[path.length - 1] ?? 'value');
    return { path, message: `missing required field '${field}'`, hint: `add '${field}' to this entry` };
  }
  const field = path[path.length - 1];
  let hint = 'fix the value and try again';
  if (issue.message === PRICE_MESSAGE || issue.message.startsWith('a price')) hint = 'write USD per million tokens, e.g. 2.5 or "0.15"; use null when the price is unknown';
  else if (field === 'tokenizer') hint = `use one of: ${TOKENIZER_IDS.join(', ')}`;
  else if (field === 'asOf') hint = 'write the date the prices were read as YYYY-MM-DD, on the entry or at the top of the file';
  return { path, message: issue.message, hint };
}

/** Turns zod issues into one CostlabError naming the first problem (and counting the rest). */
export function schemaError(issues: readonly z.core.$ZodIssue[], file: string, source?: YamlSource): CostlabError {
  const first = issues[0];
  if (!first) return new CostlabError('bad-catalog', 'invalid catalog document', { location: { file } });
  const { path, message, hint } = describeIssue(first);
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  const pos = source?.locate(path);
  return new CostlabError('bad-catalog', `${message}${more}`, {
    hint,
    location: { file, field: formatPath(path), ...(pos ? { line: pos.line, column: pos.column } : {}) },
  });
}

// ---------------------------------------------------------------------------------------------
// Parsing and conversion

/** Validates an already-parsed value (e.g. the bundled const); `source` adds lines to errors. */
export function validateCatalogDocument(value: unknown, file: string, source?: YamlSource): ParsedCatalogDocument {
  const result = CatalogDocSchema.safeParse(value, { reportInput: true });
  if (!result.success) throw schemaError(result.error.issues, file, source);
  return result.data;
}

/** Parses a catalog document from YAML or JSON text. */
export function parseCatalogText(text: string, file: string): ParsedCatalogDocument {
  const source = YamlSource.parse(text, file);
  return validateCatalogDocument(source.value() ?? {}, file, source);
}

export function toRate(value: PriceValue | undefined): Rate | null {
  if (value === undefined || value === null) return null;
  return ratePerMTok(value);
}

/** Only the rate fields the document gives (an explicit null stays, as "unknown"). */
export function partialRatesFromDoc(rates: Partial<Record<RateField, PriceValue | undefined>>): Partial<Rates> {
  const out: Partial<Rates> = {};
  for (const field of RATE_FIELDS) {
    if (field in rates && rates[field] !== undefined) out[field] = toRate(rates[field]);
  }
  return out;
}

export function ratesFromDoc(rates: z.output<typeof RatesDocSchema>): Rates {
  const out = {} as Rates;
  for (const field of RATE_FIELDS) out[field] = toRate(rates[field]);
  return out;
}

export function longContextFromDoc(tiers: readonly z.output<typeof LongContextDocSchema>[]): LongContextTier[] {
  return tiers
    .map((tier) => ({ aboveInputTokens: tier.aboveInputTokens, rates: partialRatesFromDoc(tier.rates) }))
    .sort((a, b) => a.aboveInputTokens - b.aboveInputTokens);
}

export function cleanAliases(id: string, aliases: readonly string[]): string[] {
  const seen = new Set([id.toLowerCase()]);
  const out: string[] = [];
  for (const alias of aliases) {
    const key = alias.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(alias);
  }
  return out;
}

export function modelFromDoc(model: ParsedModelDocument, documentAsOf: string | undefined, origin: ModelEntry['origin']): ModelEntry {
  const asOf = model.asOf ?? documentAsOf;
  if (asOf === undefined) throw new CostlabError('bad-catalog', `model ${model.provider}:${model.id} has no asOf`);
  const entry: ModelEntry = {
    id: model.id,
    provider: model.provider,
    displayName: model.displayName ?? model.id,
    aliases: cleanAliases(model.id, model.aliases ?? []),
    contextWindow: model.contextWindow ?? null,
    maxOutput: model.maxOutput ?? null,
    tokenizer: model.tokenizer,
    rates: model.rates ? ratesFromDoc(model.rates) : null,
    longContext: longContextFromDoc(model.longContext ?? []),
    selfHosted: model.selfHosted ?? false,
    source: model.source,
    asOf,
    origin,
  };
  if (model.notes !== undefined) entry.notes = model.notes;
  return entry;
}

/** Converts a validated document into entries; `origin` says which layer they belong to. */
export function documentToEntries(doc: ParsedCatalogDocument, origin: ModelEntry['origin']): ModelEntry[] {
  return doc.models.map((model) => modelFromDoc(model, doc.asOf, origin));
}
