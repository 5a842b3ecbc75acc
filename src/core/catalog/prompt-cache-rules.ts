/**
 * Each provider's prompt-caching rules for a model: whether caching is automatic or needs breakpoints, the
 * minimum cacheable prefix, the granularity of what gets cached, how long an entry lives, and how many
 * breakpoints a request may carry. The prices of cache reads and writes are in the model's rates; these are
 * the rules that decide how many tokens those rates apply to.
 *
 * Sources (read 2026-11-22):
 * - OpenAI, https://platform.openai.com/docs/guides/prompt-caching — automatic for prompts of 1,024 tokens or
 *   more; the cached prefix grows in 128-token increments (1,024, 1,152, 1,280, …); entries usually live
 *   5–10 minutes of inactivity (up to an hour off-peak); no write surcharge.
 * - Anthropic, https://docs.claude.com/en/docs/build-with-claude/prompt-caching — explicit `cache_control`
 *   breakpoints, at most 4 per request; minimum cacheable length 4,096 tokens for Claude Opus 4.5 and
 *   Haiku 4.5, 2,048 for Haiku 3.5 and Haiku 3, 1,024 for the other Claude models (Sonnet 4.5, Sonnet 4,
 *   Opus 4.1, Opus 4); the whole prefix up to a breakpoint is cached (no increments); a 5-minute entry
 *   (write 1.25× input) or a 1-hour one (write 2× input), each refreshed when read; reads 0.1× input.
 * - Google, https://ai.google.dev/gemini-api/docs/caching — implicit caching on Gemini 2.5 models with a
 *   minimum of 1,024 tokens for 2.5 Flash / Flash-Lite and 2,048 for 2.5 Pro (older models have explicit
 *   caching only, which costs storage per hour and is out of scope here).
 */
import type { ModelEntry } from './model.ts';

export interface PromptCacheRules {
  /** `automatic`: the provider caches any long-enough prefix; `breakpoints`: the request marks what to cache. */
  mode: 'automatic' | 'breakpoints';
  /** The shortest prefix (tokens) that can be cached. */
  minTokens: number;
  /** Cached prefixes are a multiple of this past the minimum (OpenAI: 128); 1 when any length is cached. */
  incrementTokens: number;
  /** Breakpoints allowed per request (Anthropic: 4); null when caching is automatic. */
  maxBreakpoints: number | null;
  /** How long an unused entry lives, in minutes, for each kind of entry the provider offers. */
  ttlMinutes: readonly number[];
  source: string;
}

const OPENAI_SOURCE = 'https://platform.openai.com/docs/guides/prompt-caching';
const ANTHROPIC_SOURCE = 'https://docs.claude.com/en/docs/build-with-claude/prompt-caching';
const GOOGLE_SOURCE = 'https://ai.google.dev/gemini-api/docs/caching';

/** OpenAI models that predate prompt caching (no cached-input rate is offered for them). */
const OPENAI_UNCACHED = /^(gpt-4|gpt-4-turbo|gpt-3\.5-turbo|davinci-002|babbage-002|text-davinci-003)(-|$)/;

function anthropicMinimum(id: string): number {
  if (/haiku-4-5|opus-4-5|opus-4-6/.test(id)) return 4096;
  if (/haiku/.test(id)) return 2048;
  return 1024;
}

/** The prompt-caching rules for a model, or null when its provider offers none that costlab prices. */
export function promptCacheRules(model: Pick<ModelEntry, 'provider' | 'id' | 'rates' | 'selfHosted'>): PromptCacheRules | null {
  if (model.selfHosted || model.rates === null) return null;
  const id = model.id.toLowerCase();
  switch (model.provider) {
    case 'openai':
      if (OPENAI_UNCACHED.test(id)) return null;
      return { mode: 'automatic', minTokens: 1024, incrementTokens: 128, maxBreakpoints: null, ttlMinutes: [5], source: OPENAI_SOURCE };
    case 'anthropic':
      return { mode: 'breakpoints', minTokens: anthropicMinimum(id), incrementTokens: 1, maxBreakpoints: 4, ttlMinutes: [5, 60], source: ANTHROPIC_SOURCE };
    case 'google':
    case 'gemini':
      if (!/gemini-2\.5/.test(id)) return null;
      return { mode: 'automatic', minTokens: /pro/.test(id) ? 2048 : 1024, incrementTokens: 1, maxBreakpoints: null, ttlMinutes: [5], source: GOOGLE_SOURCE };
    default:
      return null;
  }
}

/**
 * The number of a prefix's tokens a provider would cache: 0 below the minimum, else the prefix rounded down to
 * the provider's increment past the minimum (OpenAI: 1,024 + 128k). Anthropic caches the whole marked prefix.
 */
export function cacheableTokens(rules: PromptCacheRules, prefixTokens: number): number {
  if (!Number.isInteger(prefixTokens) || prefixTokens < rules.minTokens) return 0;
  const extra = prefixTokens - rules.minTokens;
  return rules.minTokens + extra - (extra % rules.incrementTokens);
}
