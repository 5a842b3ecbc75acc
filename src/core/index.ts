/** costlab's headless library: the one import path for cli, ui and platform. */
export { CostlabError, isCostlabError } from './errors.ts';
export type { ErrorLocation } from './errors.ts';
export { closestMatch } from './yaml-source.ts';
export type { Clock, Env, Fs, Logger, Ports, Random, Sleep } from './ports.ts';
export { ESTIMATED_TOKENIZERS, EXACT_TOKENIZERS, TOKENIZER_IDS } from './types.ts';
export type { EstimatedTokenizerId, ExactTokenizerId, TokenizerId } from './types.ts';

export * from './money/money.ts';
export { formatScaled, parseScaled } from './money/decimal.ts';
export * from './catalog/index.ts';
export * from './economics/index.ts';

export type { EstimateBasis, TokenCounter } from './tokens/counter.ts';
export { EstimatingCounter, isExactTokenizer, loadModelCounter, loadTokenCounter } from './tokens/registry.ts';
export { BpeTokenizer } from './tokens/bpe/bpe-tokenizer.ts';
export { loadBpeTokenizer, setLoadPause, setPackageDataLoader, setTokenizerPartsLoader } from './tokens/bpe/encodings.ts';
export type { TokenizerParts } from './tokens/bpe/tokenizer-parts.ts';
export type { PackageDataLoader } from './tokens/bpe/encodings.ts';
export { IncrementalCounter } from './tokens/incremental-counter.ts';
export { ESTIMATE_BASES, claudeEstimateBasis, estimateCount } from './tokens/estimates.ts';
export { countOpenAIChat, openAIChatRequestSchema, renderOpenAIFunctions } from './tokens/chat-openai.ts';
export type { OpenAIChatCount, OpenAIChatFamily, OpenAIChatRequest } from './tokens/chat-openai.ts';
export { estimateAnthropicMessages } from './tokens/chat-anthropic.ts';
export type { AnthropicEstimate } from './tokens/chat-anthropic.ts';
export * from './promptset/index.ts';
export * from './compress/index.ts';
export * from './store/index.ts';
export * from './providers/index.ts';
export * from './runner/index.ts';
export * from './recorded/index.ts';
export * from './batch/index.ts';
export * from './score/index.ts';
export * from './analysis/index.ts';
export * from './embeddings/index.ts';
