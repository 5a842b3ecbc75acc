/**
 * few-shot (budgeted): recognises few-shot examples (few-shot-blocks.ts) and drops whole examples,
 * least useful first, until the text fits the token budget. "Least useful" is the highest
 * redundancy + size: the example's largest word-set Jaccard similarity to another remaining example
 * plus its token count relative to the longest example (each in 0–1). One example always stays, and
 * an example holding a hard protected span ({{variable}}, <keep>) is never dropped.
 *
 * pruneFewShotMessages does the same for a chat given as a list: user/assistant pairs between the
 * system messages and the final user turn.
 */
import { PLACEHOLDER_SOURCE, placeholderIndex } from '../masked-text.ts';
import { splitUnits } from '../text-units.ts';
import { isHardSpan, type Strategy, type StrategyContext } from '../types.ts';
import { findExamples, type ExampleBlock } from './few-shot-blocks.ts';
import type { TokenCounter } from '../../tokens/counter.ts';

const PLACEHOLDERS = new RegExp(PLACEHOLDER_SOURCE, 'g');

interface Candidate {
  words: Set<string>;
  tokens: number;
}

function wordSet(text: string): Set<string> {
  return new Set(splitUnits(text).filter((u) => u.kind === 'word' || u.kind === 'cjk').map((u) => u.text.toLowerCase()));
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 1 : shared / union;
}

/** The index (into `remaining`) of the least useful candidate. */
function leastUseful(
  candidates: readonly Candidate[],
  remaining: readonly number[],
  droppable: (i: number) => boolean,
  similarity: (i: number, j: number) => number,
): number | undefined {
  let longest = 1;
  for (const i of remaining) longest = Math.max(longest, candidates[i]?.tokens ?? 0);
  let best: number | undefined;
  let bestScore = -Infinity;
  for (const i of remaining) {
    if (!droppable(i)) continue;
    const c = candidates[i] as Candidate;
    let most = 0;
    for (const j of remaining) if (j !== i) most = Math.max(most, similarity(i, j));
    const score = most + c.tokens / longest;
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  }
  return best;
}

/** Pairwise similarities are remembered (each pair is compared once, not once per drop) up to this many candidates. */
const MEMO_CANDIDATES = 1024;

/**
 * Drops candidates (least useful first) while `fits` is false and more than one remains.
 * Returns the kept indices.
 */
export function dropLeastUseful(candidates: readonly Candidate[], droppable: (i: number) => boolean, fits: (kept: readonly number[]) => boolean): number[] {
  const n = candidates.length;
  const memo = n <= MEMO_CANDIDATES ? new Float64Array(n * n).fill(-1) : undefined;
  const similarity = (i: number, j: number) => {
    const at = i < j ? i * n + j : j * n + i; // jaccard is symmetric, to the bit
    let value = memo === undefined ? -1 : (memo[at] as number);
    if (value < 0) {
      value = jaccard((candidates[i] as Candidate).words, (candidates[j] as Candidate).words);
      if (memo !== undefined) memo[at] = value;
    }
    return value;
  };
  const canDrop = new Map<number, boolean>();
  const isDroppable = (i: number) => {
    let value = canDrop.get(i);
    if (value === undefined) canDrop.set(i, (value = droppable(i)));
    return value;
  };
  let kept = candidates.map((_, i) => i);
  while (!fits(kept) && kept.length > 1) {
    const drop = leastUseful(candidates, kept, isDroppable, similarity);
    if (drop === undefined) break;
    kept = kept.filter((i) => i !== drop);
  }
  return kept;
}

function hasHardSpan(block: ExampleBlock, ctx: StrategyContext): boolean {
  return [...block.text.matchAll(PLACEHOLDERS)].some((match) => {
    const span = ctx.spans[placeholderIndex(match[0])];
    return span !== undefined && isHardSpan(span);
  });
}

export function pruneExamples(masked: string, ctx: StrategyContext): string {
  const target = ctx.targetTokens;
  if (target === undefined || ctx.count(masked) <= target) return masked;
  const blocks = findExamples(masked);
  if (blocks.length < 2) return masked;
  const candidates = blocks.map((b) => ({ words: wordSet(ctx.unmask(b.text)), tokens: ctx.count(b.text) }));
  const render = (kept: readonly number[]) => {
    const keep = new Set(kept);
    let out = '';
    let at = 0;
    blocks.forEach((block, i) => {
      out += masked.slice(at, block.start);
      if (keep.has(i)) out += block.text;
      at = block.end;
    });
    return out + masked.slice(at);
  };
  const kept = dropLeastUseful(candidates, (i) => !hasHardSpan(blocks[i] as ExampleBlock, ctx), (k) => ctx.count(render(k)) <= target);
  return render(kept);
}

export const fewShot: Strategy = {
  name: 'few-shot',
  description: 'Drop whole few-shot examples (Example N:, Q:/A:, Input:/Output:, 问题：/答案：), least useful first, down to the token budget',
  lossless: false,
  budgeted: true,
  dropsWholeUnits: true,
  apply: (masked, ctx) => pruneExamples(masked, ctx),
};

export interface FewShotMessage {
  role: string;
  content: string;
}

export interface PrunedMessages<M extends FewShotMessage> {
  messages: M[];
  dropped: number;
  tokensBefore: number;
  tokensAfter: number;
}

/**
 * Drops few-shot user/assistant pairs from a chat until the contents fit `targetTokens` (counted as the
 * sum of the message contents). System messages, the final user turn and anything after the last
 * pair stay; one pair always stays.
 */
export function pruneFewShotMessages<M extends FewShotMessage>(messages: readonly M[], options: { counter: TokenCounter; targetTokens: number }): PrunedMessages<M> {
  const tokens = messages.map((m) => options.counter.count(m.content));
  const total = (list: readonly number[]) => list.reduce((a, b) => a + b, 0);
  const pairs: number[] = [];
  for (let i = 0; i + 2 < messages.length; i++) {
    if (messages[i]?.role === 'user' && messages[i + 1]?.role === 'assistant') pairs.push(i++);
  }
  const candidates = pairs.map((i) => ({ words: wordSet(`${messages[i]?.content}\n${messages[i + 1]?.content}`), tokens: (tokens[i] ?? 0) + (tokens[i + 1] ?? 0) }));
  const tokensBefore = total(tokens);
  const other = tokensBefore - total(candidates.map((c) => c.tokens));
  const kept = dropLeastUseful(candidates, () => true, (k) => other + total(k.map((i) => candidates[i]?.tokens ?? 0)) <= options.targetTokens);
  const droppedStarts = new Set(pairs.filter((_, p) => !kept.includes(p)));
  const out = messages.filter((_, i) => !droppedStarts.has(i) && !droppedStarts.has(i - 1));
  return { messages: out, dropped: droppedStarts.size, tokensBefore, tokensAfter: total(out.map((m) => options.counter.count(m.content))) };
}
