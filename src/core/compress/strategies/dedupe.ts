/**
 * dedupe: removes repeated sentences and instructions, keeping the first. A later sentence is a
 * duplicate when its normalised text (case, punctuation and spacing ignored) equals an earlier one's,
 * or, for sentences of 6+ words (10+ CJK characters), when at most 1 word in 5 differs (token edit
 * distance). Either way both must hold the same protected spans in the same order (so nothing
 * protected is lost: it is still there in the first copy) and the same negations and must/only words
 * (so "Always X" never removes "Never X"). Sentences end at . ! ? followed by a space, at 。！？；,
 * and at line ends. Headings, table rows and short sentences (under 4 words or 6 CJK characters)
 * are never removed: few-shot labels such as "Output: positive" repeat on purpose. Nor is a sentence
 * holding a hard span ({{variable}}, <keep>).
 */
import { PLACEHOLDER_SOURCE, placeholderIndex } from '../masked-text.ts';
import { splitUnits } from '../text-units.ts';
import { isHardSpan, type Strategy, type StrategyContext } from '../types.ts';

const PLACEHOLDER = new RegExp(PLACEHOLDER_SOURCE, 'g');
const SKIP_LINE = /^\s*(?:#|\||(?:[-*_]\s*){3,}$|$)/;
const LINE_PREFIX = new RegExp(`^[ \\t]*(?:(?:[-*+•]|${PLACEHOLDER_SOURCE}[.)]|[(（]?${PLACEHOLDER_SOURCE}[)）])[ \\t]+)?`, 'u');
const SENTENCE = /(?:[^.!?。！？；\n]|[.!?]+(?![\s"'”’)\]]|$))+(?:[.!?]+["'”’)\]]*(?=\s|$)|[。！？；]+[”’」』）]*)?[ \t]*/gu;
const POLARITY = new Set([
  'not', 'no', 'never', 'none', 'nor', 'nothing', 'cannot', 'without', 'always', 'must', 'only', 'except',
  "don't", "doesn't", "didn't", "won't", "can't", "shouldn't", "mustn't", "isn't", "aren't", "wasn't",
  '不', '没', '无', '非', '别', '勿', '禁', '必', '只', '仅', '须',
]);
const NEAR_MIN_WORDS = 6;
const NEAR_MIN_CJK = 10;
const NEAR_SIMILARITY = 0.8;

interface Sentence {
  start: number;
  end: number;
  lineStart: number;
  lineEnd: number;
  /** Normalised tokens: lowercase words and single CJK characters. */
  tokens: string[];
  key: string;
  /** The protected spans inside, as their output text. */
  spans: string;
  polarity: string;
  cjk: boolean;
  /** Holds a hard span ({{variable}}, <keep>): never removed. */
  hard: boolean;
}

function holdsHardSpan(text: string, ctx: StrategyContext): boolean {
  return (text.match(PLACEHOLDER) ?? []).some((p) => {
    const span = ctx.spans[placeholderIndex(p)];
    return span !== undefined && isHardSpan(span);
  });
}

function describe(text: string, ctx: StrategyContext): Pick<Sentence, 'tokens' | 'key' | 'spans' | 'polarity' | 'cjk' | 'hard'> {
  // One pass over the units: a placeholder is exactly a 'span' unit (the units and PLACEHOLDER scan the
  // same way), so the tokens, the spans and the counts come out as separate scans would give them.
  const tokens: string[] = [];
  const spanTexts: string[] = [];
  let hard = false;
  let cjkUnits = 0;
  let wordUnits = 0;
  for (const unit of splitUnits(text)) {
    if (unit.kind === 'word' || unit.kind === 'cjk') {
      tokens.push(unit.text.toLowerCase().replace('’', "'"));
      if (unit.kind === 'cjk') cjkUnits++;
      else wordUnits++;
    } else if (unit.kind === 'span') {
      spanTexts.push(ctx.unmask(unit.text));
      const span = ctx.spans[placeholderIndex(unit.text)];
      if (span !== undefined && isHardSpan(span)) hard = true;
    }
  }
  const spans = spanTexts.join('\u0000');
  const polarity = tokens.filter((t) => POLARITY.has(t)).sort().join(' ');
  return { tokens, key: `${tokens.join(' ')}\u0001${spans}`, spans, polarity, cjk: cjkUnits > wordUnits, hard };
}

function sentencesOf(masked: string, ctx: StrategyContext): Sentence[] {
  const sentences: Sentence[] = [];
  let lineStart = 0;
  for (const line of masked.split('\n')) {
    const lineEnd = lineStart + line.length;
    if (!SKIP_LINE.test(line)) {
      const prefix = LINE_PREFIX.exec(line)?.[0].length ?? 0;
      const body = line.slice(prefix);
      for (const match of body.matchAll(SENTENCE)) {
        if (match[0].trim() === '') continue;
        const start = lineStart + prefix + match.index;
        sentences.push({ start, end: start + match[0].length, lineStart, lineEnd, ...describe(match[0], ctx) });
      }
    }
    lineStart = lineEnd + 1;
  }
  return sentences;
}

function longEnough(s: Sentence): boolean {
  return s.cjk ? s.tokens.length >= 6 : s.tokens.length >= 4;
}

/** Levenshtein distance over token arrays, abandoned (Infinity) once it exceeds `limit`. */
function tokenDistance(a: readonly string[], b: readonly string[], limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return Infinity;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      current.push(value);
      best = Math.min(best, value);
    }
    if (best > limit) return Infinity;
    previous = current;
  }
  return previous[b.length] ?? Infinity;
}

function nearDuplicate(a: Sentence, b: Sentence): boolean {
  if (a.spans !== b.spans || a.polarity !== b.polarity || a.cjk !== b.cjk) return false;
  const min = a.cjk ? NEAR_MIN_CJK : NEAR_MIN_WORDS;
  if (a.tokens.length < min || b.tokens.length < min) return false;
  const longest = Math.max(a.tokens.length, b.tokens.length);
  const limit = Math.floor(longest * (1 - NEAR_SIMILARITY));
  return tokenDistance(a.tokens, b.tokens, limit) <= limit;
}

/** Token t (in f sentences) comes before token u (in g) in the rarest-first order. */
function before(f: number, t: string, g: number, u: string): boolean {
  return f < g || (f === g && t < u);
}

/**
 * The two rarest of distinct tokens (fewest sentences, then alphabetical), rarest first: what sorting
 * them by that order and taking the first two gives, in one pass.
 */
function rarest(tokens: readonly string[], frequency: ReadonlyMap<string, number>): string[] {
  let first: string | undefined;
  let second: string | undefined;
  let f1 = 0;
  let f2 = 0;
  for (const t of tokens) {
    const f = frequency.get(t) ?? 0;
    if (first === undefined || before(f, t, f1, first)) {
      [second, f2] = [first, f1];
      [first, f1] = [t, f];
    } else if (second === undefined || before(f, t, f2, second)) {
      [second, f2] = [t, f];
    }
  }
  return first === undefined ? [] : second === undefined ? [first] : [first, second];
}

/** The sentences of masked text that repeat an earlier one. */
export function findDuplicates(masked: string, ctx: StrategyContext): Sentence[] {
  const sentences = sentencesOf(masked, ctx);
  const seen = new Set<string>();
  // Near-duplicate candidates share their rarest token; each bucket keeps its latest 50 sentences.
  const frequency = new Map<string, number>();
  const distinct = sentences.map((s) => [...new Set(s.tokens)]);
  for (const tokens of distinct) for (const t of tokens) frequency.set(t, (frequency.get(t) ?? 0) + 1);
  const buckets = new Map<string, Sentence[]>();
  const duplicates: Sentence[] = [];
  for (const [index, s] of sentences.entries()) {
    if (!longEnough(s)) continue;
    const rare = rarest(distinct[index] as string[], frequency);
    const candidates = rare.flatMap((t) => buckets.get(t) ?? []);
    if (!s.hard && (seen.has(s.key) || candidates.some((c) => nearDuplicate(c, s)))) {
      duplicates.push(s);
      continue;
    }
    seen.add(s.key);
    for (const t of rare) {
      const bucket = buckets.get(t) ?? [];
      bucket.push(s);
      if (bucket.length > 50) bucket.shift();
      buckets.set(t, bucket);
    }
  }
  return duplicates;
}

export function removeDuplicates(masked: string, ctx: StrategyContext): string {
  const duplicates = findDuplicates(masked, ctx);
  if (duplicates.length === 0) return masked;
  // Whole lines whose every sentence is a duplicate go with their bullet and line break.
  const removedPerLine = new Map<number, number>();
  for (const d of duplicates) removedPerLine.set(d.lineStart, (removedPerLine.get(d.lineStart) ?? 0) + (d.end - d.start));
  let out = '';
  let at = 0;
  let skipLine = -1;
  for (const d of duplicates) {
    if (d.lineStart === skipLine) continue;
    const line = masked.slice(d.lineStart, d.lineEnd);
    const prefix = LINE_PREFIX.exec(line)?.[0].length ?? 0;
    if ((removedPerLine.get(d.lineStart) ?? 0) >= line.length - prefix && !holdsHardSpan(line.slice(0, prefix), ctx)) {
      out += masked.slice(at, d.lineStart);
      if (d.lineEnd >= masked.length) out = out.replace(/\n$/, '');
      at = Math.min(masked.length, d.lineEnd + 1);
      skipLine = d.lineStart;
      continue;
    }
    out += masked.slice(at, d.start).replace(d.end === d.lineEnd ? /[ \t]+$/ : /$/, '');
    at = d.end;
  }
  return out + masked.slice(at);
}

export const dedupe: Strategy = {
  name: 'dedupe',
  description: 'Remove repeated sentences and instructions (exact or near-duplicate), keeping the first',
  lossless: true,
  budgeted: false,
  dropsWholeUnits: true,
  apply: (masked, ctx) => removeDuplicates(masked, ctx),
};
