/**
 * Masked text: the prompt with every protected span replaced by a three-character placeholder from
 * the Unicode private-use area (U+E000 then two base-4096 digits). Strategies transform masked text, so
 * they cannot alter a protected span; the pipeline checks the placeholders came back in order.
 *
 * Private-use characters in the input are themselves protected spans, so the masked text holds no
 * private-use character except placeholders.
 */
import { findProtectedSpans } from './protected-spans.ts';
import { isHardSpan, type ProtectedSpan } from './types.ts';

const MARK = 0xe000;
const DIGIT0 = 0xe100;
const MAX_SPANS = 4096 * 4096;

/** One placeholder: matches a whole placeholder in masked text. */
export const PLACEHOLDER_SOURCE = '\\uE000[\\uE100-\\uF0FF]{2}';
const PLACEHOLDER_GLOBAL = new RegExp(PLACEHOLDER_SOURCE, 'g');
const PRIVATE_USE = /[\uE000-\uF8FF]/g;

export function placeholder(index: number): string {
  return String.fromCharCode(MARK, DIGIT0 + (index >> 12), DIGIT0 + (index & 0xfff));
}

const PLACEHOLDER_EXACT = new RegExp(`^${PLACEHOLDER_SOURCE}$`);

/** The span index a placeholder stands for. */
export function placeholderIndex(token: string): number {
  return ((token.charCodeAt(1) - DIGIT0) << 12) + (token.charCodeAt(2) - DIGIT0);
}
const indexOf = placeholderIndex;

/** True when a string is exactly one placeholder. */
export function isPlaceholder(token: string): boolean {
  return PLACEHOLDER_EXACT.test(token);
}

export interface MaskedText {
  masked: string;
  spans: ProtectedSpan[];
}

/** Finds the protected spans of a text and replaces each with its placeholder. */
export function maskText(text: string): MaskedText {
  const spans = findProtectedSpans(text);
  if (spans.length > MAX_SPANS) throw new RangeError(`too many protected spans (${spans.length})`);
  let masked = '';
  let at = 0;
  spans.forEach((span, i) => {
    masked += text.slice(at, span.start) + placeholder(i);
    at = span.end;
  });
  return { masked: masked + text.slice(at), spans };
}

/** Replaces every placeholder by its span's output. */
export function unmask(masked: string, spans: readonly ProtectedSpan[]): string {
  return masked.replace(PLACEHOLDER_GLOBAL, (token) => spans[indexOf(token)]?.output ?? token);
}

/** The span indices of the placeholders in masked text, or null when a private-use character is stray. */
export function placeholderIndices(masked: string): number[] | null {
  const indices: number[] = [];
  let inPlaceholders = 0;
  for (const match of masked.matchAll(PLACEHOLDER_GLOBAL)) {
    indices.push(indexOf(match[0]));
    inPlaceholders += 3;
  }
  const privateUse = masked.match(PRIVATE_USE)?.length ?? 0;
  return privateUse === inPlaceholders ? indices : null;
}

/**
 * Applies `transform` to each stretch of text between placeholders (and leaves the placeholders alone).
 * The transform sees the stretch index and whether a placeholder comes right before and after it.
 */
export function mapUnprotected(
  masked: string,
  transform: (segment: string, info: { index: number; afterSpan: boolean; beforeSpan: boolean }) => string,
): string {
  const parts = masked.split(new RegExp(`(${PLACEHOLDER_SOURCE})`));
  let out = '';
  for (let i = 0; i < parts.length; i += 2) {
    out += transform(parts[i] ?? '', { index: i / 2, afterSpan: i > 0, beforeSpan: i + 1 < parts.length });
    if (i + 1 < parts.length) out += parts[i + 1];
  }
  return out;
}

/** Convenience for raw text: protects its spans, transforms the rest, and puts the spans back. */
export function mapUnprotectedText(text: string, transform: (segment: string) => string): string {
  const { masked, spans } = maskText(text);
  return unmask(
    mapUnprotected(masked, (segment) => transform(segment)),
    spans,
  );
}

/**
 * Checks a strategy's output against its input: placeholders unchanged and in order, none invented;
 * every placeholder kept unless the strategy drops whole units, and hard spans always kept.
 * Returns a reason when the output breaks a rule, undefined when it is fine.
 */
export function checkPlaceholders(
  before: string,
  after: string,
  spans: readonly ProtectedSpan[],
  dropsWholeUnits: boolean,
): string | undefined {
  const was = placeholderIndices(before) ?? [];
  const now = placeholderIndices(after);
  if (now === null) return 'a placeholder was split or altered';
  const present = new Set(was);
  for (let i = 0; i < now.length; i++) {
    const index = now[i] as number;
    if (!present.has(index)) return `protected span ${index} appeared from nowhere or twice`;
    if (i > 0 && index <= (now[i - 1] as number)) return 'protected spans were reordered or repeated';
  }
  if (now.length === was.length) return undefined;
  const kept = new Set(now);
  for (const index of was) {
    if (kept.has(index)) continue;
    const span = spans[index];
    if (!dropsWholeUnits) return `protected span ${JSON.stringify(span?.output ?? index)} was removed`;
    if (span && isHardSpan(span)) return `protected ${span.kind} ${JSON.stringify(span.output)} was removed`;
  }
  return undefined;
}
