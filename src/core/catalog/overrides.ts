/**
 * User override files: `costlab.yaml` in the project and `config.yaml` in the user's config directory
 * (the caller reads them). Each may hold a `models:` list in the catalog schema and a `providers:` section
 * (checked by platform/provider-config.ts); any other top-level key is a typo, an error with a did-you-mean.
 *
 * An entry that names an existing provider + id (or alias) gives only the fields it corrects — `rates`
 * may name one price. An entry for a model nobody knows must be complete: tokenizer, source, asOf (on
 * the entry or at the top of the file), and input and output when it gives rates. Whether a model
 * exists is known only when the file is applied to a catalog, so parsing records where each entry is
 * and what a new model would still need, and applying raises the error with file, line and field.
 */
import { z } from 'zod';
import { CostlabError } from '../errors.ts';
import type { ErrorLocation } from '../errors.ts';
import type { LongContextTier, ModelEntry, Rates } from './model.ts';
import {
  IsoDateSchema, ModelPatchDocSchema, RATE_FIELDS, YamlSource, cleanAliases, formatPath, longContextFromDoc,
  partialRatesFromDoc, schemaError,
} from './schema.ts';
import type { ParsedModelPatch } from './schema.ts';

const OverrideDocSchema = z.strictObject({
  asOf: IsoDateSchema.optional(),
  models: z.array(ModelPatchDocSchema).optional(),
  providers: z.unknown().optional(),
});

/** The fields an override entry gives, already converted (rates as exact Rates). */
export interface ModelPatchFields {
  displayName?: string;
  aliases?: string[];
  contextWindow?: number | null;
  maxOutput?: number | null;
  tokenizer?: ModelEntry['tokenizer'];
  /** Only the rates the entry names; null replaces the whole rate table (e.g. now self-hosted). */
  rates?: Partial<Rates> | null;
  longContext?: LongContextTier[];
  selfHosted?: boolean;
  source?: string;
  asOf?: string;
  notes?: string;
}

export interface ModelPatch {
  provider: string;
  id: string;
  fields: ModelPatchFields;
  /** The names of the fields given, for notes such as "corrected rates.input". */
  corrected: string[];
  /** file, line, column and field (`models[2]`) of the entry. */
  location: ErrorLocation;
  /** Fields a new model would still need, each with its location. */
  missing: { field: string; location: ErrorLocation }[];
}

export interface OverrideFile {
  file: string;
  asOf?: string;
  models: ModelPatch[];
}

/** Parses an override file (YAML or JSON text); syntax and schema errors name file, line and field. */
export function parseOverrides(text: string, filePath: string): OverrideFile {
  const source = YamlSource.parse(text, filePath);
  const value = source.value() ?? {};
  const result = OverrideDocSchema.safeParse(value, { reportInput: true });
  if (!result.success) throw schemaError(result.error.issues, filePath, source);
  const doc = result.data;
  const models = (doc.models ?? []).map((entry, index) => toPatch(entry, index, doc.asOf, filePath, source));
  const file: OverrideFile = { file: filePath, models };
  if (doc.asOf !== undefined) file.asOf = doc.asOf;
  return file;
}

function toPatch(entry: ParsedModelPatch, index: number, fileAsOf: string | undefined, file: string, source: YamlSource): ModelPatch {
  const where = (path: (string | number)[]): ErrorLocation => {
    const pos = source.locate(path);
    return { file, field: formatPath(path), ...(pos ? { line: pos.line, column: pos.column } : {}) };
  };
  const base = ['models', index];
  const fields: ModelPatchFields = {};
  const corrected: string[] = [];
  const give = <K extends keyof ModelPatchFields>(key: K, value: ModelPatchFields[K] | undefined) => {
    if (value === undefined) return;
    fields[key] = value;
    corrected.push(key);
  };
  give('displayName', entry.displayName);
  give('aliases', entry.aliases);
  give('contextWindow', entry.contextWindow);
  give('maxOutput', entry.maxOutput);
  give('tokenizer', entry.tokenizer);
  give('longContext', entry.longContext ? longContextFromDoc(entry.longContext) : undefined);
  give('selfHosted', entry.selfHosted);
  give('source', entry.source);
  give('notes', entry.notes);
  if (entry.asOf !== undefined) fields.asOf = entry.asOf;
  if (entry.rates === null) {
    fields.rates = null;
    corrected.push('rates');
  } else if (entry.rates !== undefined) {
    fields.rates = partialRatesFromDoc(entry.rates);
    corrected.push(...Object.keys(fields.rates).map((field) => `rates.${field}`));
  }

  const missing: { field: string; location: ErrorLocation }[] = [];
  const need = (path: (string | number)[], present: boolean) => {
    if (!present) missing.push({ field: formatPath(path), location: where(path) });
  };
  need([...base, 'tokenizer'], entry.tokenizer !== undefined);
  need([...base, 'source'], entry.source !== undefined);
  need([...base, 'asOf'], entry.asOf !== undefined || fileAsOf !== undefined);
  if (entry.rates) {
    need([...base, 'rates', 'input'], entry.rates.input !== undefined);
    need([...base, 'rates', 'output'], entry.rates.output !== undefined);
  }
  return { provider: entry.provider, id: entry.id, fields, corrected, location: where(base), missing };
}

function emptyRates(): Rates {
  const rates = {} as Rates;
  for (const field of RATE_FIELDS) rates[field] = null;
  return rates;
}

/**
 * A corrected price without a source of its own is sourced to the file that corrects it, so every price
 * figure names where it came from: `costlab.yaml (rates.input; the rest: https://…)`.
 */
function correctedSource(existing: ModelEntry, patch: ModelPatch, file: OverrideFile): string {
  const rates = patch.corrected.filter((field) => field === 'rates' || field.startsWith('rates.'));
  return rates.length === 0 ? existing.source : `${file.file} (${rates.join(', ')}; the rest: ${existing.source})`;
}

/**
 * Applies one patch: corrects `existing` when given (provider + id or alias matched by the caller),
 * else builds a new model — or throws when the entry lacks what a new model needs.
 */
export function applyPatch(existing: ModelEntry | undefined, patch: ModelPatch, file: OverrideFile): ModelEntry {
  const { fields } = patch;
  const asOf = fields.asOf ?? file.asOf;
  if (existing) {
    const merged: ModelEntry = {
      ...existing,
      displayName: fields.displayName ?? existing.displayName,
      aliases: cleanAliases(existing.id, [...existing.aliases, ...(fields.aliases ?? [])]),
      contextWindow: fields.contextWindow !== undefined ? fields.contextWindow : existing.contextWindow,
      maxOutput: fields.maxOutput !== undefined ? fields.maxOutput : existing.maxOutput,
      tokenizer: fields.tokenizer ?? existing.tokenizer,
      rates: fields.rates === null ? null
        : fields.rates !== undefined ? { ...(existing.rates ?? emptyRates()), ...fields.rates }
        : existing.rates,
      longContext: fields.longContext ?? existing.longContext,
      selfHosted: fields.selfHosted ?? existing.selfHosted,
      source: fields.source ?? correctedSource(existing, patch, file),
      asOf: asOf ?? existing.asOf,
      origin: 'override',
    };
    const note = `Corrected by ${file.file}: ${patch.corrected.join(', ') || 'no fields'}.`;
    merged.notes = fields.notes ?? (existing.notes ? `${existing.notes} ${note}` : note);
    return merged;
  }
  const first = patch.missing[0];
  if (first || asOf === undefined || fields.tokenizer === undefined || fields.source === undefined) {
    const names = patch.missing.map((m) => m.field.replace(/^models\[\d+\]\./, '')).join(', ');
    throw new CostlabError(
      'incomplete-model',
      `${patch.location.field ?? 'entry'} adds a new model ${patch.provider}:${patch.id} but is missing ${names || 'required fields'}`,
      {
        hint: 'to correct an existing model, write its provider and id exactly as \'costlab models\' lists them; a new model needs tokenizer, source, asOf, and rates.input/output when it gives rates',
        location: first?.location ?? patch.location,
      },
    );
  }
  const entry: ModelEntry = {
    id: patch.id,
    provider: patch.provider,
    displayName: fields.displayName ?? patch.id,
    aliases: cleanAliases(patch.id, fields.aliases ?? []),
    contextWindow: fields.contextWindow ?? null,
    maxOutput: fields.maxOutput ?? null,
    tokenizer: fields.tokenizer,
    rates: fields.rates ? { ...emptyRates(), ...fields.rates } : null,
    longContext: fields.longContext ?? [],
    selfHosted: fields.selfHosted ?? false,
    source: fields.source,
    asOf,
    origin: 'override',
  };
  entry.notes = fields.notes ?? `Added by ${file.file}.`;
  return entry;
}
