/**
 * A model as costlab prices it. Rates are exact (see core/money): micro-dollars per million tokens,
 * null when unknown or not offered. A self-hosted open model has no per-token prices at all.
 */
import type { Rate } from '../money/money.ts';
import type { TokenizerId } from '../types.ts';

export interface Rates {
  input: Rate | null;
  output: Rate | null;
  /** Billed apart for reasoning (thinking) tokens when a provider prices them differently from output. */
  reasoningOutput: Rate | null;
  cacheRead: Rate | null;
  /** Anthropic's 5-minute cache write (1.25× input); OpenAI and Gemini implicit caching: null. */
  cacheWrite5m: Rate | null;
  /** Anthropic's 1-hour cache write (2× input). */
  cacheWrite1h: Rate | null;
  batchInput: Rate | null;
  batchOutput: Rate | null;
}

/** Rates that replace the standard ones when a request's input passes `aboveInputTokens`. */
export interface LongContextTier {
  aboveInputTokens: number;
  rates: Partial<Rates>;
}

export interface ModelEntry {
  /** Canonical id, unique within the provider, e.g. `gpt-4o-mini`. */
  id: string;
  provider: string;
  displayName: string;
  aliases: string[];
  contextWindow: number | null;
  maxOutput: number | null;
  tokenizer: TokenizerId;
  /** Standard per-token rates; null for self-hosted open models (priced by economics). */
  rates: Rates | null;
  longContext: LongContextTier[];
  selfHosted: boolean;
  /** URL of the pricing page the rates come from. */
  source: string;
  /** ISO date (YYYY-MM-DD) the rates were read. */
  asOf: string;
  /** Where the entry came from: the bundled catalog, a LiteLLM import, or a user override file. */
  origin: 'bundled' | 'litellm' | 'override';
  notes?: string;
}

/** `provider:id`, the key a model is known by everywhere in costlab. */
export function modelKey(model: Pick<ModelEntry, 'provider' | 'id'>): string {
  return `${model.provider}:${model.id}`;
}
