/**
 * The token counter for a tokenizer id or a catalog model: the family's own tokenizer when costlab has
 * it (exact), otherwise a named base tokenizer times a sourced factor (an estimate, shown with ≈).
 */
import type { ModelEntry } from '../catalog/model.ts';
import { EXACT_TOKENIZERS, type EstimatedTokenizerId, type ExactTokenizerId, type TokenizerId } from '../types.ts';
import type { BpeTokenizer } from './bpe/bpe-tokenizer.ts';
import { loadBpeTokenizer } from './bpe/encodings.ts';
import type { EstimateBasis, TokenCounter } from './counter.ts';
import { ESTIMATE_BASES, claudeEstimateBasis, estimateCount } from './estimates.ts';

/** Counts with a base tokenizer and scales by the basis' factor. */
export class EstimatingCounter implements TokenCounter {
  readonly exact = false;

  constructor(
    readonly id: EstimatedTokenizerId,
    readonly estimate: EstimateBasis,
    readonly base: BpeTokenizer,
  ) {}

  count(text: string): number {
    return this.scale(this.base.count(text));
  }

  /** The estimate for a count made with the base tokenizer (e.g. by an incremental counter). */
  scale(baseCount: number): number {
    return estimateCount(baseCount, this.estimate).estimate;
  }

  /** The error band around an estimate of this text: [low, high]. */
  band(text: string): { low: number; high: number } {
    const { low, high } = estimateCount(this.base.count(text), this.estimate);
    return { low, high };
  }
}

export function isExactTokenizer(id: TokenizerId): id is ExactTokenizerId {
  return (EXACT_TOKENIZERS as readonly string[]).includes(id);
}

/** The counter for a tokenizer id (loaded lazily: a vocabulary is parsed on first use). */
export async function loadTokenCounter(id: TokenizerId, basis?: EstimateBasis): Promise<TokenCounter> {
  if (isExactTokenizer(id)) return loadBpeTokenizer(id);
  const chosen = basis ?? ESTIMATE_BASES[id];
  return new EstimatingCounter(id, chosen, await loadBpeTokenizer(chosen.base));
}

/** The counter for a model: its tokenizer, and for Claude the basis of its tokenizer generation. */
export function loadModelCounter(model: Pick<ModelEntry, 'id' | 'tokenizer'>): Promise<TokenCounter> {
  return loadTokenCounter(model.tokenizer, model.tokenizer === 'claude' ? claudeEstimateBasis(model.id) : undefined);
}
