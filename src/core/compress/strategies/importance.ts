/**
 * importance (budgeted, LLMLingua-like): scores every word of the unprotected text (single characters
 * for CJK) by its self-information −log p(w | previous word) under the bundled bigram statistic (or a
 * LogProbScorer from the context), and drops the least informative words until the text fits the token
 * budget. Protected spans, punctuation, line structure and negations (not, never, 不, 没 …) are never
 * dropped, nor the word right after a number ("30 days"). The number of words to drop is found by a
 * binary search on the real token count, so the result is the largest text within the budget (or every
 * droppable word gone when even that is not enough).
 */
import { placeholderIndex } from '../masked-text.ts';
import { splitUnits, type Unit } from '../text-units.ts';
import type { Strategy, StrategyContext } from '../types.ts';
import { bigramScorer } from '../word-model.ts';

const NEVER_DROP = new Set([
  'not', 'no', 'never', 'nor', 'none', 'nothing', 'cannot', "can't", "don't", "doesn't", "didn't", "won't", "wouldn't",
  "shouldn't", "mustn't", "isn't", "aren't", "wasn't", "weren't", 'without', 'except', 'unless',
  '不', '没', '无', '非', '别', '勿', '未', '莫', '否',
]);
const PUNCT_AFTER_WORD = /^[,.;:!?，。；：！？、)]$/;

/** Two CJK characters belong to one word when the second follows the first with p ≥ this. */
const BOUND = Math.log(0.05);
const MAX_CJK_WORD = 4;

interface Candidate {
  indices: number[];
  /** Self-information in nats: −Σ log p. */
  information: number;
}

function keepsWord(unit: Unit): boolean {
  return NEVER_DROP.has(unit.text.toLowerCase().replace('’', "'"));
}

/**
 * The droppable words: Latin-script words one by one, CJK runs cut into words of up to 4 characters
 * where each character is likely after the one before (so 成本 goes or stays whole).
 */
function candidates(units: readonly Unit[], logProbs: readonly number[], isNumber: (unit: Unit | undefined) => boolean): Candidate[] {
  const out: Candidate[] = [];
  const kept = new Map<string, boolean>();
  const keeps = (unit: Unit) => {
    let keep = kept.get(unit.text);
    if (keep === undefined) kept.set(unit.text, (keep = keepsWord(unit)));
    return keep;
  };
  for (let i = 0; i < units.length; i++) {
    const unit = units[i] as Unit;
    if ((unit.kind !== 'word' && unit.kind !== 'cjk') || keeps(unit)) continue;
    const before = i > 0 ? units[i - 1] : undefined;
    const afterNumber = isNumber(before) || (before?.kind === 'space' && !before.text.includes('\n') && isNumber(i > 1 ? units[i - 2] : undefined));
    if (unit.kind === 'word') {
      if (!afterNumber) out.push({ indices: [i], information: -(logProbs[i] ?? 0) });
      continue;
    }
    const indices = [i];
    while (indices.length < MAX_CJK_WORD) {
      const next = units[i + 1];
      if (next?.kind !== 'cjk' || keeps(next) || (logProbs[i + 1] ?? -Infinity) < BOUND) break;
      indices.push(++i);
    }
    out.push({ indices, information: -indices.reduce((sum, j) => sum + (logProbs[j] ?? 0), 0) });
  }
  return out;
}

/**
 * The candidates by information, then position. They come in text order, so this is a stable sort by
 * information: candidates are grouped by value and the distinct values sorted as numbers (far fewer
 * than candidates, since words repeat). A NaN from a custom scorer makes that order ill-defined; then
 * the comparator sort decides, as it always did.
 */
function leastInformativeFirst(list: Candidate[]): Candidate[] {
  const byInformation = (a: Candidate, b: Candidate) => a.information - b.information || (a.indices[0] ?? 0) - (b.indices[0] ?? 0);
  if (list.some((c) => Number.isNaN(c.information))) return list.sort(byInformation);
  const groups = new Map<number, Candidate[]>();
  for (const c of list) {
    const group = groups.get(c.information);
    if (group === undefined) groups.set(c.information, [c]);
    else group.push(c);
  }
  const values = Float64Array.from(groups.keys()).sort();
  const out: Candidate[] = [];
  for (const value of values) for (const c of groups.get(value) as Candidate[]) out.push(c);
  return out;
}

const SPACES_ONLY = /^[ \t]+$/;
const ENDS_AT_LINE_START = /\n[ \t]*$/;
const ENDS_WITH_OPENING = /[(（\[]$/;
const CLOSING = /^[)）\]]$/;
const TRAILING_SPACES = /[ \t]+$/;
const EMPTIED_LINE = /^[ \t]*[-*+•,.;:!?，。；：！？、]+$/;

// What the seam repair asks of a unit, worked out once per unit (bit flags).
const SPACE_RUN = 1; // only spaces and tabs
const LINE_START = 2; // ends a line break and the indentation after it
const OPENING = 4; // ends with an opening bracket
const INLINE_SPACE = 8; // whitespace without a line break
const CLOSING_BRACKET = 16;
const PUNCT = 32; // a punctuation mark that follows a word
const ENDS_PUNCT = 64; // its last character is such a mark

/** The units with what rendering needs: their text joined, offsets and seam flags. */
interface Prepared {
  text: string;
  starts: Int32Array;
  flags: Uint8Array;
  /** Scratch space for the indices of the kept units. */
  kept: Int32Array;
}

function flagsOf(unit: Unit): number {
  const t = unit.text;
  return (
    (SPACES_ONLY.test(t) ? SPACE_RUN : 0)
    | (ENDS_AT_LINE_START.test(t) ? LINE_START : 0)
    | (ENDS_WITH_OPENING.test(t) ? OPENING : 0)
    | (unit.kind === 'space' && !t.includes('\n') ? INLINE_SPACE : 0)
    | (CLOSING.test(t) ? CLOSING_BRACKET : 0)
    | (unit.kind === 'other' && PUNCT_AFTER_WORD.test(t) ? PUNCT : 0)
    | (PUNCT_AFTER_WORD.test(t.slice(-1)) ? ENDS_PUNCT : 0)
  );
}

function prepare(units: readonly Unit[], text = units.map((u) => u.text).join('')): Prepared {
  const starts = new Int32Array(units.length + 1);
  const flags = new Uint8Array(units.length);
  // Words, CJK characters and placeholders hold no space, bracket or punctuation mark: no flags. The
  // rest (spaces and single marks) repeat, so each distinct text is looked at once.
  const known = new Map<string, number>();
  let at = 0;
  units.forEach((unit, i) => {
    starts[i] = at;
    at += unit.text.length;
    if (unit.kind === 'word' || unit.kind === 'cjk' || unit.kind === 'span') return;
    let f = known.get(unit.text);
    if (f === undefined) known.set(unit.text, (f = flagsOf(unit)));
    flags[i] = f;
  });
  starts[units.length] = at;
  return { text, starts, flags, kept: new Int32Array(units.length) };
}

/** Concatenates the kept units, mending the seams left by dropped words. */
export function renderKept(units: readonly Unit[], dropped: ReadonlySet<number>): string {
  const rank = Int32Array.from(units, (_, i) => (dropped.has(i) ? 0 : 1));
  return renderUnits(prepare(units), rank, 1);
}

/**
 * renderKept with unit i dropped when rank[i] < k. The kept units are a stack of unit indices (the seam
 * repair looks at and pops the last one), joined at the end as slices of the text: one per run of
 * consecutive units.
 */
function renderUnits({ text, starts, flags, kept }: Prepared, rank: Int32Array, k: number): string {
  const n = flags.length;
  let top = 0;
  let seam = false;
  const last = () => (top > 0 ? (flags[kept[top - 1] as number] as number) : 0);
  const lastIsSpace = () => (last() & SPACE_RUN) !== 0;
  const atLineStart = () => top === 0 || (last() & LINE_START) !== 0;
  const afterOpening = () => (last() & OPENING) !== 0;
  for (let i = 0; i < n; i++) {
    if ((rank[i] as number) < k) {
      seam = true;
      continue;
    }
    if (seam) {
      const f = flags[i] as number;
      if ((f & INLINE_SPACE) !== 0 && (lastIsSpace() || atLineStart() || afterOpening())) continue;
      if ((f & CLOSING_BRACKET) !== 0 && afterOpening()) {
        // "(US)" lost its only word: the brackets go too, with the space before them.
        top--;
        if (lastIsSpace()) top--;
        continue;
      }
      if ((f & PUNCT) !== 0) {
        if (lastIsSpace()) top--;
        // All the words between two punctuation marks went: keep the first mark only (".,:" → ".").
        if (atLineStart() || (last() & ENDS_PUNCT) !== 0) continue;
      }
    }
    kept[top++] = i;
    seam = false;
  }
  const parts: string[] = [];
  for (let j = 0; j < top; ) {
    const from = kept[j] as number;
    let to = from + 1;
    while (++j < top && kept[j] === to) to++;
    parts.push(text.slice(starts[from], starts[to]));
  }
  return tidyLines(parts.join(''));
}

/** Drops lines the pruning emptied (or left as a lone bullet or mark) and runs of blank lines. */
function tidyLines(text: string): string {
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    const end = line.charCodeAt(line.length - 1);
    const trimmed = end === 0x20 || end === 0x09 ? line.replace(TRAILING_SPACES, '') : line;
    const blank = trimmed.trim() === '' || EMPTIED_LINE.test(trimmed);
    if (blank && (lines.length === 0 || lines[lines.length - 1] === '')) continue;
    lines.push(blank ? '' : trimmed);
  }
  while (lines[lines.length - 1] === '') lines.pop();
  return lines.join('\n');
}

export async function pruneWords(masked: string, ctx: StrategyContext): Promise<string> {
  const target = ctx.targetTokens;
  if (target === undefined || ctx.count(masked) <= target) return masked;
  const units = splitUnits(masked);
  const pieces = units.map((u) => (u.kind === 'span' ? ctx.unmask(u.text) : u.text));
  const logProbs = await (ctx.scorer ?? bigramScorer).score(pieces);
  const isNumber = (unit: Unit | undefined) => unit?.kind === 'span' && ctx.spans[placeholderIndex(unit.text)]?.kind === 'number';
  const order = leastInformativeFirst(candidates(units, logProbs, isNumber));
  // Unit i goes when its candidate is among the first k of the order: rank[i] < k.
  const rank = new Int32Array(units.length).fill(order.length);
  order.forEach((c, r) => {
    for (const i of c.indices) rank[i] = r;
  });
  const prepared = prepare(units, masked);
  const render = (k: number) => renderUnits(prepared, rank, k);
  // The fewest drops that fit: binary search on the real count (it falls as more words go).
  let low = 0;
  let high = order.length;
  let fit = render(high);
  if (ctx.count(fit) > target) return fit;
  while (low < high) {
    const mid = (low + high) >> 1;
    const text = render(mid);
    if (ctx.count(text) <= target) [high, fit] = [mid, text];
    else low = mid + 1;
  }
  return low === 0 ? fit : giveBack(fit, low, order, rank, prepared, ctx.count, target);
}

/**
 * The word that made the drops fit may alone be most of the overshoot — one huge informative word (a long
 * identifier, a pasted blob) that the order drops last, after every other word. Keep it dropped and give back
 * the words before it: the fewest earlier drops that still fit, by the same binary search. Never worse than
 * the plain search (which drops all k), and only when that search fell more than 2 % short of the budget.
 */
function giveBack(
  fit: string, k: number, order: readonly { indices: readonly number[] }[], rank: Int32Array, prepared: Prepared,
  count: (text: string) => number, target: number,
): string {
  // Within 2 % of the budget there is nothing worth giving back (the usual case: one count, no search).
  if (count(fit) >= target * 0.98) return fit;
  const forced = rank.slice();
  for (const i of (order[k - 1] as { indices: readonly number[] }).indices) forced[i] = -1;
  let low = 0;
  let high = k - 1;
  let best = fit;
  while (low < high) {
    const mid = (low + high) >> 1;
    const text = renderUnits(prepared, forced, mid);
    if (count(text) <= target) [high, best] = [mid, text];
    else low = mid + 1;
  }
  return best; // render(forced, low), or the plain search's fit when no fewer drops fit
}

export const importance: Strategy = {
  name: 'importance',
  description: 'Drop the least informative words (bigram self-information, LLMLingua-like) down to the token budget',
  lossless: false,
  budgeted: true,
  apply: (masked, ctx) => pruneWords(masked, ctx),
};
