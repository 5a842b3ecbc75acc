/**
 * The store's on-disk shapes, checked with zod on every load (and on every write, so nothing is written
 * that could not be read back). Every record carries its format version: `version` in store.json, `v`
 * in a results, cache or plan line. A newer version is refused with a clear error, never guessed at.
 */
import { z } from 'zod';
import { CostlabError } from '../errors.ts';
import type { ProviderErrorCode } from '../providers/provider.ts';
import type { Candidate, Trial, TrialResult } from '../runner/trial.ts';
import type { CachedResponse, RunSummary } from './result-store.ts';

export const STORE_VERSION = 1;
export const RECORD_VERSION = 1;

const PROVIDER_ERROR_CODES = [
  'rate-limited', 'overloaded', 'server-error', 'timeout', 'connection', 'bad-request', 'auth', 'forbidden',
  'not-found', 'malformed-response', 'aborted', 'budget', 'unknown',
] as const satisfies readonly ProviderErrorCode[];
// Fails to compile when provider.ts gains an error code this schema does not know.
const _allCodes: readonly (typeof PROVIDER_ERROR_CODES)[number][] = [] as ProviderErrorCode[];

const count = z.number().int().nonnegative();
const isoTime = z.string().min(1);

export const usageSchema = z.strictObject({
  input: count, output: count, reasoning: count, cacheRead: count, cacheWrite5m: count, cacheWrite1h: count,
});

export const providerErrorSchema = z.strictObject({
  code: z.enum(PROVIDER_ERROR_CODES),
  message: z.string(),
  retryable: z.boolean(),
  status: z.number().int().optional(),
  retryAfterMs: z.number().nonnegative().optional(),
});

export const trialResultSchema = z.strictObject({
  runId: z.string().min(1),
  trialId: z.string().min(1),
  candidateId: z.string(),
  caseId: z.string(),
  repeat: count,
  status: z.enum(['succeeded', 'failed']),
  cached: z.boolean(),
  output: z.string().nullable(),
  usage: usageSchema.nullable(),
  usageSource: z.enum(['reported', 'estimated']).nullable(),
  costUsd: z.string().regex(/^-?\d+(\.\d+)?$/, 'an exact decimal string such as "0.00045"').nullable(),
  latencyMs: z.number().nonnegative().nullable(),
  ttftMs: z.number().nonnegative().nullable(),
  attempts: count,
  error: providerErrorSchema.nullable(),
  finishedAt: isoTime,
  // Optional (older lines have neither), so the record version stays 1.
  quality: z.number().min(0).max(1).nullable().optional(),
  labels: z.record(z.string(), z.union([z.number(), z.boolean()])).optional(),
}) satisfies z.ZodType<TrialResult>;

export const candidateSchema = z.strictObject({
  id: z.string().min(1),
  variant: z.string(),
  model: z.string(),
  target: z.string(),
  params: z.strictObject({
    maxOutputTokens: count,
    temperature: z.number().optional(),
    topP: z.number().optional(),
    cacheSystemPrefix: z.boolean().optional(),
  }),
}) satisfies z.ZodType<Candidate>;

export const trialSchema = z.strictObject({
  id: z.string().min(1),
  candidateId: z.string(),
  caseId: z.string(),
  repeat: count,
  system: z.string().optional(),
  messages: z.array(z.strictObject({ role: z.enum(['system', 'user', 'assistant']), content: z.string() })),
}) satisfies z.ZodType<Trial>;

/** Run ids become file names: letters, digits, `.`, `_`, `-`, starting with a letter or digit. */
export const runIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'letters, digits, ".", "_" and "-" (at most 128), starting with a letter or digit');

export const runSummarySchema = z.strictObject({
  id: runIdSchema,
  createdAt: isoTime,
  setName: z.string(),
  setFile: z.string().nullable(),
  options: z.record(z.string(), z.unknown()),
  status: z.enum(['running', 'finished', 'stopped']),
  origin: z.enum(['live', 'recorded']),
  trialCount: count,
  candidateCount: count,
}) satisfies z.ZodType<RunSummary>;

export const cachedResponseSchema = z.strictObject({
  output: z.string(),
  usage: usageSchema.nullable(),
  usageSource: z.enum(['reported', 'estimated']).nullable(),
  storedAt: isoTime,
}) satisfies z.ZodType<CachedResponse>;

/** store.json: the lowdb document — small, rarely-changing data only. */
export const storeDocSchema = z.strictObject({ version: z.literal(STORE_VERSION), runs: z.array(runSummarySchema) });
export type StoreDoc = z.infer<typeof storeDocSchema>;

/** runs/<runId>.plan.json, written once. */
export const planSchema = z.strictObject({
  v: z.literal(RECORD_VERSION),
  runId: runIdSchema,
  candidates: z.array(candidateSchema),
  trials: z.array(trialSchema),
});
export type PlanFile = z.infer<typeof planSchema>;

/** One line of runs/<runId>.results.ndjson. */
export const resultLineSchema = trialResultSchema.extend({ v: z.literal(RECORD_VERSION) });

/** One line of cache.ndjson. */
export const cacheLineSchema = z.strictObject({ v: z.literal(RECORD_VERSION), key: z.string(), value: cachedResponseSchema });

export interface Where {
  file: string;
  line?: number;
}

const CORRUPT_HINT = 'it was changed by something other than costlab: restore it from a backup, or move the store folder aside to start afresh';

export function corrupt(message: string, where: Where, field?: string): CostlabError {
  return new CostlabError('store-corrupt', message, { location: { ...where, ...(field ? { field } : {}) }, hint: CORRUPT_HINT });
}

/** Checks a parsed record's format version, then its shape; throws CostlabError naming file, line and field. */
export function checkRecord<T>(value: unknown, schema: z.ZodType<T>, versionKey: 'v' | 'version', current: number, where: Where): T {
  const what = where.line === undefined ? 'the store document' : `line ${where.line}`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw corrupt(`${what} is not a JSON object`, where);
  const version = (value as Record<string, unknown>)[versionKey];
  if (version !== current) {
    if (typeof version === 'number' && Number.isInteger(version) && version > current) {
      throw new CostlabError('store-version', `written by a newer costlab (format version ${version}; this costlab reads version ${current})`, {
        location: { ...where, field: versionKey },
        hint: 'upgrade costlab, or use another store folder',
      });
    }
    throw corrupt(`${what} has no known format version (${versionKey}: ${JSON.stringify(version) ?? 'missing'})`, where, versionKey);
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.map(String).join('.') || undefined;
  throw corrupt(`${what} is not valid: ${issue?.message ?? 'invalid'}`, where, field);
}

/** JSON.parse with a store-corrupt error that names the line (and, for a document, the line of the position). */
export function parseJson(text: string, where: Where): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const position = /position (\d+)/.exec(String(error))?.[1];
    const line = where.line ?? (position === undefined ? undefined : text.slice(0, Number(position)).split('\n').length);
    const what = where.line === undefined ? 'is not valid JSON' : `line ${where.line} is not valid JSON`;
    const why = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').slice(0, 120);
    throw corrupt(`${what} (${why})`, line === undefined ? where : { ...where, line });
  }
}
