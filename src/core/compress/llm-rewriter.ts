/**
 * The model behind the `llm-rewrite` strategy: a cheap provider asked to say the same thing in fewer
 * tokens. Protected spans travel as numbered markers (⟦1⟧, ⟦2⟧ …) that the model is told to copy
 * unchanged; the answer is mapped back to placeholders, and the pipeline discards the rewrite if any
 * marker was lost, duplicated or moved. Every call's usage is priced from the catalog and added up, so
 * the saving can be weighed against what the rewrite cost.
 */
import type { ModelEntry } from '../catalog/model.ts';
import { priceUsage } from '../economics/usage.ts';
import { addMoney, ZERO, type Money } from '../money/money.ts';
import type { Provider } from '../providers/provider.ts';
import { PLACEHOLDER_SOURCE, placeholder, placeholderIndex } from './masked-text.ts';

export interface Rewriter {
  /** `provider:model`, for reports. */
  readonly model: string;
  /** Rewrites masked text (placeholders in, placeholders out). */
  rewrite(masked: string, targetTokens: number | undefined): Promise<string>;
  /** What the calls so far cost. */
  readonly spent: Money;
  readonly calls: number;
}

const INSTRUCTIONS = [
  'You compress prompts for large language models.',
  'Rewrite the text the user sends so that it keeps every instruction, fact, constraint and example,',
  'in the same language, using as few words as possible. Remove politeness, filler, hedging and repetition.',
  'Markers such as ⟦1⟧ stand for text that must not change: copy every marker exactly once, in the same',
  'order, and never add new ones. Reply with the rewritten text only, with no preface or explanation.',
].join(' ');

const MARKER = /⟦(\d+)⟧/g;

function toMarkers(masked: string): string {
  return masked.replace(new RegExp(PLACEHOLDER_SOURCE, 'g'), (token) => `⟦${placeholderIndex(token) + 1}⟧`);
}

function fromMarkers(text: string): string {
  return text.replace(MARKER, (_, n: string) => placeholder(Number(n) - 1));
}

export interface LlmRewriterOptions {
  provider: Provider;
  /** The provider-side model name. */
  requestModel: string;
  /** The catalog entry (prices). */
  model: ModelEntry;
  /** Output tokens allowed per call (default: the input's length in tokens plus 10 %, at least 256). */
  maxOutputTokens?: (inputTokens: number) => number;
  /** Tokens of a text, for the output limit. */
  count: (text: string) => number;
}

export function llmRewriter(options: LlmRewriterOptions): Rewriter {
  let spent: Money = ZERO;
  let calls = 0;
  return {
    model: `${options.model.provider}:${options.model.id}`,
    get spent() {
      return spent;
    },
    get calls() {
      return calls;
    },
    async rewrite(masked, targetTokens) {
      const input = toMarkers(masked);
      const inputTokens = options.count(input);
      const budget = targetTokens === undefined ? '' : ` Aim for at most ${targetTokens} tokens.`;
      const result = await options.provider.complete({
        model: options.requestModel,
        system: INSTRUCTIONS + budget,
        messages: [{ role: 'user', content: input }],
        maxOutputTokens: options.maxOutputTokens?.(inputTokens) ?? Math.max(256, Math.ceil(inputTokens * 1.1)),
        temperature: 0,
      });
      calls++;
      spent = addMoney(spent, priceUsage(options.model, result.usage).total);
      return fromMarkers(result.output.trim());
    },
  };
}
