/**
 * The `length` router score: how long the prompt is — its token count with a model's counter, or its length
 * in characters (Unicode code points) when there is no counter. Longer prompts go to the strong model first,
 * the seeds' "context length" signal (../shared/seeds/001_b706edf1a1cf95b9.txt line 428: a very long prompt
 * makes a small model forget; route it to a bigger one).
 */
import type { TokenCounter } from '../../tokens/counter.ts';

export type LengthUnit = 'tokens' | 'characters';

/** Code points, so an emoji or a CJK extension character counts once. */
export function characterCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** One score per prompt: tokens with `counter`, else characters. */
export function lengthScores(prompts: readonly string[], counter?: Pick<TokenCounter, 'count'>): { unit: LengthUnit; scores: number[] } {
  if (counter) return { unit: 'tokens', scores: prompts.map((p) => counter.count(p)) };
  return { unit: 'characters', scores: prompts.map(characterCount) };
}
