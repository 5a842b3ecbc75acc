/**
 * What every tokenizer in costlab offers: a count for a text, and how sure that count is.
 */
import type { ExactTokenizerId, TokenizerId } from '../types.ts';

/** How an estimate is made: a named base tokenizer's count times a factor, with an error band. */
export interface EstimateBasis {
  base: ExactTokenizerId;
  /** Multiply the base count by this (then round up). */
  factor: number;
  /** Relative error band: the true count is expected within ±errorBand of the estimate (0.1 = ±10 %). */
  errorBand: number;
  /** Where the factor comes from (URL or citation). */
  source: string;
}

export interface TokenCounter {
  readonly id: TokenizerId;
  /** True when this is the model family's own tokenizer; false for an estimate (shown with ≈). */
  readonly exact: boolean;
  readonly estimate?: EstimateBasis;
  /** Tokens in plain text, with no special tokens parsed and no BOS/EOS added. */
  count(text: string): number;
}
