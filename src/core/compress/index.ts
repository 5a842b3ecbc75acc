/** Prompt compression: protected spans, one strategy per file, the pipeline and the word diff. */
export { compress, reportPerTokenizer } from './compress.ts';
export type { CompressOptions, CompressResult, StrategyStep, TokenizerSaving } from './compress.ts';
export { ALL_STRATEGY_NAMES, DEFAULT_STRATEGIES, MODEL_STRATEGIES, STRATEGIES, STRATEGY_NAMES } from './registry.ts';
export { countProtectedSpans, findProtectedSpans, removeKeepMarkers } from './protected-spans.ts';
export { checkPlaceholders, mapUnprotected, mapUnprotectedText, maskText, placeholder, unmask } from './masked-text.ts';
export type { MaskedText } from './masked-text.ts';
export { isHardSpan } from './types.ts';
export type { LogProbScorer, ProtectedSpan, ProtectedSpanKind, Strategy, StrategyContext } from './types.ts';
export { bigramScorer } from './word-model.ts';
export { findExamples } from './strategies/few-shot-blocks.ts';
export type { ExampleBlock } from './strategies/few-shot-blocks.ts';
export { pruneFewShotMessages } from './strategies/few-shot.ts';
export type { FewShotMessage, PrunedMessages } from './strategies/few-shot.ts';
export { renderDiff, wordDiff } from './word-diff.ts';
export type { DiffOp, DiffOpKind } from './word-diff.ts';
export { llmRewriter } from './llm-rewriter.ts';
export type { LlmRewriterOptions, Rewriter } from './llm-rewriter.ts';
