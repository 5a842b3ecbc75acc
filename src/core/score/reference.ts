/**
 * Reference similarity without a model, each in [0, 1]: exact match and token F1 after SQuAD-style
 * normalisation, ROUGE-L F (longest common token subsequence), and numeric-answer match for math
 * (the number after the last `####`, else the last number in the text; 1e-6 relative tolerance).
 */

export interface NormalizeOptions {
  /** Drop the articles a / an / the (SQuAD). */
  removeArticles?: boolean;
}

const PUNCTUATION = /[\p{P}\p{S}]/gu;
const ARTICLES = /\b(?:a|an|the)\b/gu;

/** Lowercase, punctuation removed, optionally articles removed, whitespace collapsed (SQuAD `normalize_answer`). */
export function normalizeAnswer(text: string, options: NormalizeOptions = {}): string {
  let s = text.toLowerCase().replace(PUNCTUATION, '');
  if (options.removeArticles) s = s.replace(ARTICLES, ' ');
  return s.split(/\s+/u).filter((t) => t.length > 0).join(' ');
}

/** The normalised tokens of a text. */
export function answerTokens(text: string, options: NormalizeOptions = {}): string[] {
  const normalized = normalizeAnswer(text, options);
  return normalized === '' ? [] : normalized.split(' ');
}

/** 1 when the texts are equal ignoring case, whitespace and punctuation (and articles if asked), else 0. */
export function exactMatch(output: string, reference: string, options: NormalizeOptions = {}): number {
  return normalizeAnswer(output, options) === normalizeAnswer(reference, options) ? 1 : 0;
}

/** Harmonic mean of precision and recall; 0 when there is no overlap. */
function fMeasure(overlap: number, candidateLength: number, referenceLength: number): number {
  if (candidateLength === 0 || referenceLength === 0) return candidateLength === referenceLength ? 1 : 0;
  if (overlap === 0) return 0;
  const precision = overlap / candidateLength;
  const recall = overlap / referenceLength;
  return (2 * precision * recall) / (precision + recall);
}

/**
 * SQuAD token F1: the bag-of-tokens overlap (counted with multiplicity) of the normalised texts.
 * Articles are removed by default, as SQuAD does; `{ removeArticles: false }` keeps them.
 * Two empty texts score 1; one empty text scores 0.
 */
export function tokenF1(output: string, reference: string, options: NormalizeOptions = { removeArticles: true }): number {
  const candidate = answerTokens(output, options);
  const expected = answerTokens(reference, options);
  const counts = new Map<string, number>();
  for (const t of expected) counts.set(t, (counts.get(t) ?? 0) + 1);
  let overlap = 0;
  for (const t of candidate) {
    const left = counts.get(t) ?? 0;
    if (left > 0) {
      overlap += 1;
      counts.set(t, left - 1);
    }
  }
  return fMeasure(overlap, candidate.length, expected.length);
}

/** Lowercase runs of letters and digits (the rouge-score tokenizer, Unicode-aware, no stemming). */
export function rougeTokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Length of the longest common subsequence of two token lists (O(n·m) time, O(m) space). */
export function lcsLength(a: readonly string[], b: readonly string[]): number {
  let previous = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    const current = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      current[j] = x === b[j - 1] ? (previous[j - 1] ?? 0) + 1 : Math.max(previous[j] ?? 0, current[j - 1] ?? 0);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** ROUGE-L F1: P = LCS / |output|, R = LCS / |reference|. Two empty texts score 1; one empty text scores 0. */
export function rougeL(output: string, reference: string): number {
  const candidate = rougeTokens(output);
  const expected = rougeTokens(reference);
  return fMeasure(lcsLength(candidate, expected), candidate.length, expected.length);
}

/** A number with optional sign, thousands commas and decimals; a minus counts only when not after a letter or digit. */
const NUMBER = /(?<![\p{L}\p{N}])-?(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?|(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?/gu;

function parseNumber(token: string): number {
  return Number(token.replace(/,/g, ''));
}

/**
 * The answer number of a text: the first number after the last `####` (GSM8K), else the last number in it.
 * Commas are thousands separators ("3,450" → 3450); a trailing period ends the sentence. null when none.
 */
export function extractNumber(text: string): number | null {
  const marker = text.lastIndexOf('####');
  if (marker >= 0) {
    const first = text.slice(marker + 4).match(NUMBER)?.[0];
    if (first !== undefined) return parseNumber(first);
  }
  const all = text.match(NUMBER);
  const last = all?.[all.length - 1];
  return last === undefined ? null : parseNumber(last);
}

/** Whether two numbers agree within `tolerance`, relative to the larger magnitude. */
export function numbersAgree(a: number, b: number, tolerance = 1e-6): boolean {
  return a === b || Math.abs(a - b) <= tolerance * Math.max(Math.abs(a), Math.abs(b));
}

/** 1 when the output's answer number agrees with the reference's, else 0 (also when either has none). */
export function numericMatch(output: string, reference: string, tolerance = 1e-6): number {
  const got = extractNumber(output);
  const expected = extractNumber(reference);
  return got !== null && expected !== null && numbersAgree(got, expected, tolerance) ? 1 : 0;
}

export const REFERENCE_METRICS = ['exact', 'f1', 'rouge-l', 'numeric'] as const;
export type ReferenceMetric = (typeof REFERENCE_METRICS)[number];

/** The score of `output` against `reference` under one metric, in [0, 1]. */
export function referenceScore(metric: ReferenceMetric, output: string, reference: string): number {
  switch (metric) {
    case 'exact':
      return exactMatch(output, reference);
    case 'f1':
      return tokenF1(output, reference);
    case 'rouge-l':
      return rougeL(output, reference);
    case 'numeric':
      return numericMatch(output, reference);
  }
}

/** A reference that is a bare number ("42", "-3.5", "3,450") or a GSM8K solution ending in `#### N`. */
export function isNumericReference(reference: string): boolean {
  const trimmed = reference.trim();
  if (/####\s*-?[\d,]*\d(?:\.\d+)?\s*$/u.test(trimmed)) return true;
  return /^[-+]?\$?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?\.?$/u.test(trimmed);
}

/**
 * The reference metric for a set: `numeric` when every reference is a number or a `#### N` solution
 * (a math set), else token F1. Empty when there are no references: F1.
 */
export function chooseReferenceMetric(references: readonly string[]): ReferenceMetric {
  return references.length > 0 && references.every(isNumericReference) ? 'numeric' : 'f1';
}
