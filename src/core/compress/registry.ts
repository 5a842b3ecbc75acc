/**
 * The compression strategies by name, in their default pipeline order.
 * `llm-rewrite` calls a model: it is kept apart (MODEL_STRATEGIES) and runs only with a rewriter.
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
});

export const STRATEGY_NAMES: readonly string[] = Object.keys(STRATEGIES);

/** Strategies that call a model (and cost money): they run only with a rewriter in the options. */
export const MODEL_STRATEGIES: Readonly<Record<string, Strategy>> = Object.freeze({ 'llm-rewrite': llmRewrite });

/** Every strategy name compress() accepts. */
export const ALL_STRATEGY_NAMES: readonly string[] = [...STRATEGY_NAMES, ...Object.keys(MODEL_STRATEGIES)];

/** The pipeline compress() runs when no strategies are named. */
export const DEFAULT_STRATEGIES: readonly string[] = ['whitespace', 'filler', 'dedupe', 'minify'];
