/**
 * Estimate bases for model families whose tokenizer costlab does not ship: a public base tokenizer's count times a
 * factor, with a relative error band. Every factor below comes from public measurements (URLs in `source`); all use
 * o200k_base as the base because that is the tokenizer the measurements compare against (and the exact one
 * costlab already has).
 *
 * Measured here (2026-11) to put published chars/token and words/token figures on an o200k footing:
 *   - English prose, o200k_base: 5.05 chars/token, 1.19 tokens/word on the 224 awesome-chatgpt-prompts (CC0), and
 *     4.79 chars/token, 1.32 tokens/word on AlpacaEval's 805 gpt-4-1106 reference outputs (../shared/data);
 *     cl100k_base is within 1 % of o200k_base on both;
 *   - Gemma 2 tokenizer vs o200k_base on the transformers.js Gemma test strings (../shared/data/tokens): English
 *     paragraph 367 vs 365 tokens (×1.01), digits 42 vs 31 (×1.35, Gemma splits digits), emoji fewer (×0.6).
 */
import type { EstimatedTokenizerId } from '../types.ts';
import type { EstimateBasis } from './counter.ts';

/**
 * Claude's tokenizer changed with Claude Opus 4.7: Anthropic says the new one "may use roughly 1x to 1.35x as many
 * tokens when processing text compared to previous models", and prices per token did not change. Which one a model
 * uses follows its release, so a model id selects its basis (`claudeEstimateBasis`).
 */
export const CLAUDE_ESTIMATE_BASES = {
  /**
   * Claude 3, 3.5, 3.7, Opus/Sonnet 4–4.6, Haiku 4.5. Published ratios to GPT-4o's o200k_base: Claude 3.5 Sonnet
   * needs ~16 % more tokens for English articles, ~21 % for math and ~30 % for Python (VentureBeat); Claude
   * Opus 4.6 reads 4.33 English chars/token (Claude Code Camp), i.e. ×1.11–1.17 against the 4.79–5.05 measured
   * above; Anthropic's own "~750,000 words per 1M tokens" (1.33 tokens/word; the models overview's tooltips, as
   * quoted by tygartmedia.com) is ×1.01–1.12. Factor 1.15 with ±15 % spans 0.98–1.32: English, math and code all
   * fall inside.
   */
  'claude-3-to-4.6': {
    base: 'o200k_base',
    factor: 1.15,
    errorBand: 0.15,
    source:
      'https://venturebeat.com/ai/hidden-costs-in-ai-deployment-why-claude-models-may-be-20-30-more-expensive-than-gpt-in-enterprise-settings/ (summary: https://news.quarkybyte.com/understanding-tokenizer-differences-impacting-ai-model-costs-and-efficiency-2025-05-01) ; https://www.claudecodecamp.com/p/i-measured-claude-4-7-s-new-tokenizer-here-s-what-it-costs-you ; https://platform.claude.com/docs/en/about-claude/models/overview (quoted at https://tygartmedia.com/claude-tokens-to-words/)',
  },
  /**
   * Claude Opus 4.7 and later (Opus 4.8, Sonnet 5, Fable 5, …). Anthropic: ×1.0–1.35 of the previous tokenizer
   * (migration guide, pricing page). Measured through count_tokens, 4.7 vs 4.6: English prose ×1.45–1.46,
   * technical docs ×1.47, code ×1.13–1.36, CJK/Cyrillic/Arabic ×1.00 (Claude Code Camp; sol.ava.dev; Simon
   * Willison's 1.46 on the Opus 4.7 system prompt). Chained to the ratios above that is ×1.6–1.7 for English prose
   * and ×1.5–1.8 for code; Anthropic's "~555,000 words per 1M tokens" (1.80 tokens/word) is ×1.36–1.51. Factor
   * 1.55 with ±15 % spans 1.32–1.78. Scripts the new tokenizer left alone (CJK, Cyrillic, Arabic) fall below it.
   */
  'claude-opus-4.7-and-later': {
    base: 'o200k_base',
    factor: 1.55,
    errorBand: 0.15,
    source:
      'https://platform.claude.com/docs/en/about-claude/models/migration-guide ; https://platform.claude.com/docs/en/about-claude/pricing ; https://www.claudecodecamp.com/p/i-measured-claude-4-7-s-new-tokenizer-here-s-what-it-costs-you ; https://sol.ava.dev/writings/2026-04-17-opus-4-7-tokenizer.html ; https://agentpatterns.ai/token-engineering/tokenizer-swap-tax/',
  },
} as const satisfies Record<string, EstimateBasis>;

export type ClaudeTokenizerGeneration = keyof typeof CLAUDE_ESTIMATE_BASES;

/**
 * The estimate bases by tokenizer id. `claude` is for a Claude model whose generation is unknown: it spans both
 * tokenizers above (×0.97–1.79); use `claudeEstimateBasis(modelId)` when the model is known.
 */
export const ESTIMATE_BASES: Record<EstimatedTokenizerId, EstimateBasis> = {
  claude: {
    base: 'o200k_base',
    factor: 1.38,
    errorBand: 0.3,
    source: `either Claude tokenizer: ${CLAUDE_ESTIMATE_BASES['claude-3-to-4.6'].source} ; ${CLAUDE_ESTIMATE_BASES['claude-opus-4.7-and-later'].source}`,
  },
  /**
   * Gemini 2.x and later share Gemma 3's 262k SentencePiece vocabulary (Gemma 3 technical report). Google's
   * guidance is "about 4 characters" per token (×1.2–1.26 against the o200k figures above, but OpenAI gives the
   * same rule of thumb for tokenizers that measure 4.8–5 here, so it runs high); the Gemma 2 vocabulary measured
   * above is ×1.0 on English prose and ×1.35 on digits. Factor 1.1 with ±15 % spans 0.94–1.27.
   */
  gemini: {
    base: 'o200k_base',
    factor: 1.1,
    errorBand: 0.15,
    source:
      'https://ai.google.dev/gemini-api/docs/tokens ; https://arxiv.org/abs/2503.19786 ; measured on the Gemma 2 test strings of https://github.com/huggingface/transformers.js (packages/transformers/tests/models/gemma)',
  },
  /**
   * Mistral's Tekken (NeMo and later, tiktoken-style BPE, 131k vocabulary) compresses better than the Llama 3
   * tokenizer for ~85 % of languages, and Llama 3's vocabulary (cl100k_base plus 28k) is within 2 % of o200k_base
   * on English (measured above): ≈ ×1.0. Older Mistral models used a 32k SentencePiece vocabulary that Tekken beats
   * by ~30 % on code and European languages: ≈ ×1.3. Factor 1.15 with ±20 % spans 0.92–1.38, both generations.
   */
  mistral: {
    base: 'o200k_base',
    factor: 1.15,
    errorBand: 0.2,
    source: 'https://docs.mistral.ai/guides/tokenization/',
  },
  /**
   * Gemma's tokenizers are public (Gemma 2: 256k, Gemma 3: 262k SentencePiece) but not shipped yet. Measured on
   * Gemma 2: ×1.01 on English prose, more on digits, less on emoji and CJK. Factor 1.05 with ±15 % (0.89–1.21).
   */
  gemma: {
    base: 'o200k_base',
    factor: 1.05,
    errorBand: 0.15,
    source:
      'measured on the Gemma 2 test strings of https://github.com/huggingface/transformers.js (packages/transformers/tests/models/gemma) ; https://arxiv.org/abs/2503.19786',
  },
  /**
   * A model of a family costlab knows no tokenizer for (DeepSeek, Cohere, … imported from LiteLLM): the
   * o200k_base count as it is, with a wide ±30 % band — an assumption, not a measurement, and said so.
   */
  generic: {
    base: 'o200k_base',
    factor: 1,
    errorBand: 0.3,
    source: 'no tokenizer known for this model family: the o200k_base count, ±30 % (an assumption, not a measurement)',
  },
};

/** Claude 1, 2 and 3.x ids (claude-2.1, claude-instant-1.2, claude-3-5-sonnet-…, claude-3-7-sonnet-…). */
const CLAUDE_UP_TO_3 = /claude-(?:instant|2|3)(?![0-9])/;
/** Claude 3 and 4 ids in the opus/sonnet/haiku-first spelling; group 1 the major, group 2 the minor or a date. */
const CLAUDE_NAMED = /claude-(?:opus|sonnet|haiku)-([34])(?:[-.](\d+))?/;

/**
 * The estimate basis for a Claude model id (Anthropic, Bedrock or Vertex spelling). Models before Opus 4.7 use the
 * old tokenizer; any other Claude id (Opus 4.7+, Sonnet 5, Fable 5, …) is taken to use the new one.
 */
export function claudeEstimateBasis(modelId: string): EstimateBasis {
  const id = modelId.toLowerCase();
  if (!id.includes('claude')) return ESTIMATE_BASES.claude;
  const named = CLAUDE_NAMED.exec(id);
  const minor = named?.[2];
  const older =
    CLAUDE_UP_TO_3.test(id) ||
    (named !== null && (named[1] === '3' || minor === undefined || minor.length >= 8 || Number(minor) <= 6));
  return CLAUDE_ESTIMATE_BASES[older ? 'claude-3-to-4.6' : 'claude-opus-4.7-and-later'];
}

export interface EstimatedCount {
  /** ceil(baseCount × factor). */
  estimate: number;
  /** floor(estimate × (1 − errorBand)). */
  low: number;
  /** ceil(estimate × (1 + errorBand)). */
  high: number;
}

/** The estimate for a base tokenizer's count, with its band. */
export function estimateCount(baseCount: number, basis: EstimateBasis): EstimatedCount {
  const estimate = ceilExact(baseCount * basis.factor);
  return {
    estimate,
    low: floorExact(estimate * (1 - basis.errorBand)),
    high: ceilExact(estimate * (1 + basis.errorBand)),
  };
}

/** Products like 10 × 1.1 = 11.000000000000002 must not round up to 12. */
const EPSILON = 1e-9;
function ceilExact(x: number): number {
  return Math.max(0, Math.ceil(x - EPSILON));
}
function floorExact(x: number): number {
  return Math.max(0, Math.floor(x + EPSILON));
}
