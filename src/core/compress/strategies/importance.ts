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

function keeps(unit: Unit): boolean {
  return NEVER_DROP.has(unit.text.toLowerCase().replace('’', "'"));
}

/**
 * The droppable words: Latin-script words one by one, CJK runs cut into words of up to 4 characters
 * where each character is likely after the one before (so 成本 goes or stays whole).
 */
function candidates(units: readonly Unit[], logProbs: readonly number[], isNumber: (unit: Unit | undefined) => boolean): Candidate[] {
  const out: Candidate[] = [];
  for (let i = 0; i < units.length; i++) {
    const unit = units[i] as Unit;
    if ((unit.kind !== 'word' && unit.kind !== 'cjk') || keeps(unit)) continue;
    const before = units[i - 1];
    const afterNumber = isNumber(before) || (before?.kind === 'space' && !before.text.includes('\n') && isNumber(units[i - 2]));
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

/** Concatenates the kept units, mending the seams left by dropped words. */
export function renderKept(units: readonly Unit[], dropped: ReadonlySet<number>): string {
  const out: string[] = [];
  let seam = false;
  const lastIsSpace = () => /^[ \t]+$/.test(out[out.length - 1] ?? '');
  const atLineStart = () => out.length === 0 || /\n[ \t]*$/.test(out[out.length - 1] ?? '');
  const afterOpening = () => /[(（\[]$/.test(out[out.length - 1] ?? '');
  for (let i = 0; i < units.length; i++) {
    const unit = units[i] as Unit;
    if (dropped.has(i)) {
      seam = true;
      continue;
    }
    if (seam && unit.kind === 'space' && !unit.text.includes('\n') && (lastIsSpace() || atLineStart() || afterOpening())) continue;
    if (seam && /^[)）\]]$/.test(unit.text) && afterOpening()) {
      // "(US)" lost its only word: the brackets go too, with the space before them.
      out.pop();
      if (lastIsSpace()) out.pop();
      continue;
    }
    if (seam && unit.kind === 'other' && PUNCT_AFTER_WORD.test(unit.text)) {
      if (lastIsSpace()) out.pop();
      // All the words between two punctuation marks went: keep the first mark only (".,:" → ".").
      const previous = out[out.length - 1] ?? '';
      if (atLineStart() || PUNCT_AFTER_WORD.test(previous.slice(-1))) continue;
    }
    out.push(unit.text);
    seam = false;
  }
  return tidyLines(out.join(''));
}

/** Drops lines the pruning emptied (or left as a lone bullet or mark) and runs of blank lines. */
function tidyLines(text: string): string {
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.replace(/[ \t]+$/, '');
    const blank = trimmed.trim() === '' || /^[ \t]*[-*+•,.;:!?，。；：！？、]+$/.test(trimmed);
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
  const order = candidates(units, logProbs, isNumber).sort((a, b) => a.information - b.information || (a.indices[0] ?? 0) - (b.indices[0] ?? 0));
  const render = (k: number) => renderKept(units, new Set(order.slice(0, k).flatMap((c) => c.indices)));
  // The fewest drops that fit: binary search on the real count (it falls as more words go).
  let low = 0;
  let high = order.length;
  if (ctx.count(render(high)) > target) return render(high);
  while (low < high) {
    const mid = (low + high) >> 1;
    if (ctx.count(render(mid)) <= target) high = mid;
    else low = mid + 1;
  }
  return render(low);
}

export const importance: Strategy = {
  name: 'importance',
  description: 'Drop the least informative words (bigram self-information, LLMLingua-like) down to the token budget',
  lossless: false,
  budgeted: true,
  apply: (masked, ctx) => pruneWords(masked, ctx),
};
