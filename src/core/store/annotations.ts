/**
 * What people and judges said about a run's answers, kept beside its results in an append-only log,
 * runs/<runId>.annotations.ndjson — one record per line, durable before the append resolves:
 *
 * - `rating`: a human rating of one trial's answer, entered in the app or on the command line. `raw` is what
 *   the person typed (a 1–5 star count, or `+` / `-`); `rating` is it mapped into [0, 1].
 * - `judgement`: an LLM judge's verdict on one trial (rubric) or on a trial against a baseline trial of the
 *   same case (pairwise), with the judge's own usage and exact cost, so a run's spend includes its scoring.
 *
 * The results log is never rewritten to add these: a later record for the same trial (and judge) replaces an
 * earlier one when the log is read, so re-rating is an append and the history stays.
 */
import { z } from 'zod';
import { CostlabError } from '../errors.ts';
import { parseScaled } from '../money/decimal.ts';
import { readLog } from './ndjson-log.ts';
import { RECORD_VERSION, checkRecord, providerErrorSchema, usageSchema } from './schemas.ts';
import type { StoreFiles } from './store-files.ts';
import { storePaths } from './store-files.ts';

const isoTime = z.string().min(1);
const decimalUsd = z.string().regex(/^-?\d+(\.\d+)?$/, 'an exact decimal string such as "0.00045"');

export const humanRatingSchema = z.strictObject({
  kind: z.literal('rating'),
  trialId: z.string().min(1),
  rating: z.number().min(0).max(1),
  raw: z.union([z.number().int().min(1).max(5), z.enum(['+', '-'])]),
  ratedAt: isoTime,
  note: z.string().optional(),
});

export const judgementSchema = z.strictObject({
  kind: z.literal('judgement'),
  trialId: z.string().min(1),
  /** The judge's target, e.g. `openai:gpt-4o`. */
  judge: z.string().min(1),
  mode: z.enum(['rubric', 'pairwise']),
  /** Pairwise: the baseline trial this answer was compared with. */
  baselineTrialId: z.string().min(1).optional(),
  /** In [0, 1]; null when the judge failed or its verdict could not be read. */
  score: z.number().min(0).max(1).nullable(),
  reason: z.string(),
  usage: usageSchema.nullable(),
  costUsd: decimalUsd.nullable(),
  error: providerErrorSchema.nullable(),
  judgedAt: isoTime,
});

export const annotationSchema = z.discriminatedUnion('kind', [humanRatingSchema, judgementSchema]);
const annotationLineSchema = z.union([humanRatingSchema.extend({ v: z.literal(RECORD_VERSION) }), judgementSchema.extend({ v: z.literal(RECORD_VERSION) })]);

export type HumanRating = z.infer<typeof humanRatingSchema>;
export type Judgement = z.infer<typeof judgementSchema>;
export type Annotation = z.infer<typeof annotationSchema>;

export function annotationsPath(dir: string, runId: string): string {
  return `${storePaths(dir).dir}/runs/${runId}.annotations.ndjson`;
}

/** Maps what a person typed to a rating: 1–5 stars → 0, .25, .5, .75, 1; `+` → 1, `-` → 0. */
export function ratingFromRaw(raw: HumanRating['raw']): number {
  if (raw === '+') return 1;
  if (raw === '-') return 0;
  return (raw - 1) / 4;
}

/** Appends one annotation durably; a record that does not match the schema is refused before anything is written. */
export async function appendAnnotation(files: StoreFiles, dir: string, runId: string, annotation: Annotation): Promise<void> {
  const parsed = annotationSchema.safeParse(annotation);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CostlabError('bad-annotation', `annotation not saved: ${issue?.message ?? 'invalid'}`, {
      location: { field: issue?.path.map(String).join('.') || 'annotation' },
    });
  }
  await files.appendDurable(annotationsPath(dir, runId), `${JSON.stringify({ v: RECORD_VERSION, ...parsed.data })}\n`);
}

/** Every annotation of a run in the order written (a torn last line is skipped); [] when there are none. */
export async function readAnnotations(files: StoreFiles, dir: string, runId: string): Promise<Annotation[]> {
  const read = await readLog(files, annotationsPath(dir, runId), (value, where) => {
    const { v: _v, ...record } = checkRecord(value, annotationLineSchema, 'v', RECORD_VERSION, where);
    return record as Annotation;
  });
  return read.entries.map((entry) => entry.value);
}

/** The latest human rating of each trial. */
export function latestRatings(annotations: readonly Annotation[]): Map<string, HumanRating> {
  const out = new Map<string, HumanRating>();
  for (const a of annotations) if (a.kind === 'rating') out.set(a.trialId, a);
  return out;
}

/** The latest judgement of each trial by one judge in one mode (the judge's last word wins). */
export function latestJudgements(annotations: readonly Annotation[], judge?: string, mode?: Judgement['mode']): Map<string, Judgement> {
  const out = new Map<string, Judgement>();
  for (const a of annotations) {
    if (a.kind !== 'judgement') continue;
    if (judge !== undefined && a.judge !== judge) continue;
    if (mode !== undefined && a.mode !== mode) continue;
    out.set(a.trialId, a);
  }
  return out;
}

export interface JudgeSpend {
  judge: string;
  verdicts: number;
  /** Verdicts without a score (the call failed or the reply was unreadable). */
  failed: number;
  /** Exact spend in picodollars over every verdict recorded, re-judged ones included (they were paid for). */
  pico: bigint;
  /** Verdicts with usage but no known price. */
  unpriced: number;
}

/** What each judge cost the run, in the order judges first appear. */
export function sumJudgeSpend(annotations: readonly Annotation[]): JudgeSpend[] {
  const byJudge = new Map<string, JudgeSpend>();
  for (const a of annotations) {
    if (a.kind !== 'judgement') continue;
    const spend = byJudge.get(a.judge) ?? { judge: a.judge, verdicts: 0, failed: 0, pico: 0n, unpriced: 0 };
    spend.verdicts += 1;
    if (a.score === null) spend.failed += 1;
    if (a.costUsd !== null) spend.pico += parseScaled(a.costUsd, 12);
    else if (a.usage !== null) spend.unpriced += 1;
    byJudge.set(a.judge, spend);
  }
  return [...byJudge.values()];
}
