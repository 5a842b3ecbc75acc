/** Names shared across core. */

/** Tokenizers costlab can count with. Exact ones use the model family's own vocabulary. */
export const EXACT_TOKENIZERS = ['o200k_base', 'cl100k_base', 'p50k_base', 'r50k_base', 'llama3', 'qwen2'] as const;
/** Families with no public tokenizer: counted as an estimate from a named base tokenizer. */
export const ESTIMATED_TOKENIZERS = ['claude', 'gemini', 'mistral', 'gemma', 'generic'] as const;

export type ExactTokenizerId = (typeof EXACT_TOKENIZERS)[number];
export type EstimatedTokenizerId = (typeof ESTIMATED_TOKENIZERS)[number];
export type TokenizerId = ExactTokenizerId | EstimatedTokenizerId;

export const TOKENIZER_IDS: readonly TokenizerId[] = [...EXACT_TOKENIZERS, ...ESTIMATED_TOKENIZERS];
