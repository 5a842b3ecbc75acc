/**
 * The shapes of prompt compression: protected spans, strategies and the context a strategy runs in.
 *
 * Strategies never see protected text. The pipeline replaces every protected span with an opaque
 * placeholder (see masked-text.ts) and hands strategies that masked text; the placeholders come back
 * verbatim and in order, or the pipeline rejects the step.
 */
import type { TokenCounter } from '../tokens/counter.ts';
import type { Rewriter } from './llm-rewriter.ts';

/** What kind of text a protected span is. */
export type ProtectedSpanKind =
  | 'keep' // <keep>…</keep>: user-marked; the markers are dropped, the inside kept verbatim
  | 'fence' // ``` or ~~~ fenced code block
  | 'code' // `inline code`
  | 'variable' // {{variable}}, {% tag %}, ${expr}, {identifier}
  | 'tag' // <markup> tags such as <document> and </document>
  | 'url'
  | 'email'
  | 'quote' // "…", '…', “…”, ‘…’, 「…」, 『…』
  | 'number' // numbers, money, percentages, dates, times, versions, identifiers with a digit (gpt-4o)
  | 'private-use'; // characters of the Unicode private-use area (reserved for placeholders)

export interface ProtectedSpan {
  kind: ProtectedSpanKind;
  /** UTF-16 offsets in the input text. */
  start: number;
  end: number;
  /** The input text of the span, markers included. */
  text: string;
  /** What the span becomes in the output: `text`, or for `keep` the inside without the markers. */
  output: string;
}

/**
 * Hard spans are never removed by any strategy. Soft spans (numbers, quotes, code, URLs, …) are never
 * altered either, but a strategy that drops a whole unit (a duplicate sentence, a few-shot example) may
 * drop the soft spans inside that unit with it.
 */
export function isHardSpan(span: Pick<ProtectedSpan, 'kind'>): boolean {
  return span.kind === 'keep' || span.kind === 'variable';
}

/**
 * A language-model port for the importance strategy: natural-log probabilities of each word given the
 * words before it. The bundled implementation is a bigram statistic (word-model.ts); a local model
 * (e.g. a small GGUF through node-llama-cpp) can implement this later — not implemented yet.
 */
export interface LogProbScorer {
  readonly id: string;
  /**
   * One natural-log probability (≤ 0) per word, `words[i]` given `words[0..i-1]`. The words are the
   * text's units in order — words, single CJK characters, and the spaces, punctuation and protected
   * spans between them — so they concatenate to the text; a scorer may give non-words 0.
   */
  score(words: readonly string[]): readonly number[] | Promise<readonly number[]>;
}

/** What a strategy gets besides the masked text. */
export interface StrategyContext {
  readonly counter: TokenCounter;
  /** The protected spans; placeholder i stands for spans[i]. */
  readonly spans: readonly ProtectedSpan[];
  /** For budgeted strategies: the token budget of the whole (unmasked) text. */
  readonly targetTokens?: number;
  /** The importance scorer; the bundled bigram statistic when absent. */
  readonly scorer?: LogProbScorer;
  /** The model llm-rewrite calls; absent unless one is configured. */
  readonly rewriter?: Rewriter;
  /** Tokens of the unmasked text. */
  count(masked: string): number;
  /** The text with placeholders replaced by the spans' output. */
  unmask(masked: string): string;
}

export interface Strategy {
  readonly name: string;
  readonly description: string;
  /** True when the meaning is unchanged (formatting and exact repetition only). */
  readonly lossless: boolean;
  /** True when the strategy works towards `ctx.targetTokens` (and does nothing without it). */
  readonly budgeted: boolean;
  /**
   * True when the strategy removes whole units (sentences, examples) and may take the soft protected
   * spans inside a removed unit with it. Hard spans are never removed.
   */
  readonly dropsWholeUnits?: boolean;
  /** Transforms masked text: every placeholder must come back unchanged and in order. */
  apply(masked: string, ctx: StrategyContext): string | Promise<string>;
}
