/**
 * The compression strategies by name, in their default pipeline order.
 * `llm-rewrite` is registered too but runs only with a rewriter (a provider) in the options.
 */
import { dedupe } from './strategies/dedupe.ts';
import { fewShot } from './strategies/few-shot.ts';
import { filler } from './strategies/filler.ts';
import { importance } from './strategies/importance.ts';
import { llmRewrite } from './strategies/llm-rewrite.ts';
import { minify } from './strategies/minify.ts';
import { whitespace } from './strategies/whitespace.ts';
import type { Strategy } from './types.ts';

export const STRATEGIES: Readonly<Record<string, Strategy>> = Object.freeze({
  whitespace,
  filler,
  dedupe,
  minify,
  'few-shot': fewShot,
  importance,
  'llm-rewrite': llmRewrite,
});

export const STRATEGY_NAMES: readonly string[] = Object.keys(STRATEGIES);

/** The pipeline compress() runs when no strategies are named. */
export const DEFAULT_STRATEGIES: readonly string[] = ['whitespace', 'filler', 'dedupe', 'minify'];
