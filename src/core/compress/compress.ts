/**
 * The compression pipeline: protect spans, run the strategies on the masked text, put the spans back.
 *
 * Strategies that are not budgeted (whitespace, filler, dedupe, minify) run first, in the order given;
 * then the budgeted ones (few-shot, importance) in the order given, each aiming at the same token
 * budget — what is left to save after the others ran. Every step is checked: a step that alters,
 * reorders or (unless it drops whole units) removes a protected span, or that makes the text longer, is
 * discarded with a warning. Each strategy runs once, so the pipeline always ends; the report says what
 * was requested and what was achieved (the budget can be missed when protected spans or the strategies'
 * limits leave too little to remove).
 */
import { CostlabError } from '../errors.ts';
import type { TokenCounter } from '../tokens/counter.ts';
import type { TokenizerId } from '../types.ts';
import { checkPlaceholders, maskText, unmask } from './masked-text.ts';
import { ALL_STRATEGY_NAMES, DEFAULT_STRATEGIES, MODEL_STRATEGIES, STRATEGIES } from './registry.ts';
import type { LogProbScorer, Strategy, StrategyContext } from './types.ts';
import type { Rewriter } from './llm-rewriter.ts';

export interface CompressOptions {
  /** Strategy names (see STRATEGIES); default whitespace, filler, dedupe, minify. */
  strategies?: readonly string[];
  /** Target compressed/original tokens, e.g. 0.5 (0 < rate ≤ 1). */
  rate?: number;
  /** Target compressed tokens. With `rate` too, the smaller budget applies. */
  targetTokens?: number;
  counter: TokenCounter;
  /** Replaces the bundled bigram statistic for the importance strategy. */
  scorer?: LogProbScorer;
  /** The model the llm-rewrite strategy calls (its spend is on the rewriter). */
  rewriter?: Rewriter;
}

export interface StrategyStep {
  name: string;
  tokensBefore: number;
  tokensAfter: number;
  /** Set when the step's change was discarded because it made the text longer. */
  discarded?: string;
}

export interface CompressResult {
  text: string;
  originalTokens: number;
  compressedTokens: number;
  /** Achieved compressedTokens / originalTokens (1 for an empty text). */
  ratio: number;
  requested: { rate?: number; targetTokens?: number };
  /** The token budget the budgeted strategies aimed at, when one was requested. */
  target?: number;
  /** Whether compressedTokens ≤ target, when a budget was requested. */
  met?: boolean;
  strategies: StrategyStep[];
  protectedSpans: number;
  /** Steps discarded because they broke a protected span (a bug in a strategy), and why. */
  warnings: string[];
}

function resolveStrategies(names: readonly string[]): Strategy[] {
  return names.map((name) => {
    const strategy = STRATEGIES[name] ?? MODEL_STRATEGIES[name];
    if (strategy === undefined) {
      throw new CostlabError('compress-unknown-strategy', `unknown compression strategy "${name}"`, {
        hint: `use one of: ${ALL_STRATEGY_NAMES.join(', ')}`,
        location: { field: 'strategies' },
      });
    }
    return strategy;
  });
}

function resolveTarget(options: CompressOptions, originalTokens: number): number | undefined {
  const { rate, targetTokens } = options;
  if (rate !== undefined && !(Number.isFinite(rate) && rate > 0 && rate <= 1)) {
    throw new CostlabError('compress-bad-rate', `rate must be a number above 0 and at most 1, got ${rate}`, {
      hint: 'e.g. 0.5 keeps about half of the tokens',
      location: { field: 'rate' },
    });
  }
  if (targetTokens !== undefined && !(Number.isInteger(targetTokens) && targetTokens >= 0)) {
    throw new CostlabError('compress-bad-target', `targetTokens must be a whole number of tokens, got ${targetTokens}`, {
      location: { field: 'targetTokens' },
    });
  }
  const budgets = [rate === undefined ? undefined : Math.floor(rate * originalTokens), targetTokens].filter((b): b is number => b !== undefined);
  return budgets.length === 0 ? undefined : Math.min(...budgets);
}

export async function compress(text: string, options: CompressOptions): Promise<CompressResult> {
  const chosen = resolveStrategies(options.strategies ?? DEFAULT_STRATEGIES);
  const { counter } = options;
  const originalTokens = counter.count(text);
  const target = resolveTarget(options, originalTokens);
  const budgeted = chosen.filter((s) => s.budgeted);
  if (budgeted.length > 0 && target === undefined) {
    throw new CostlabError('compress-no-budget', `strategy ${budgeted.map((s) => s.name).join(', ')} needs a token budget`, {
      hint: 'pass a rate (e.g. 0.5) or a target number of tokens',
      location: { field: 'strategies' },
    });
  }
  const { masked, spans } = maskText(text);
  // Counting is most of the time on long prompts, so a text is not counted twice: the last text
  // counted, and the last that fit the budget (what a budgeted strategy's search ends on and returns),
  // keep their counts. The masked input unmasks to the original text (and takes its count) unless
  // <keep> markers were dropped.
  const plain = unmask(masked, spans);
  let lastCounted = { masked, tokens: plain === text ? originalTokens : counter.count(plain) };
  let lastFit = lastCounted;
  const count = (m: string): number => {
    if (m === lastCounted.masked) return lastCounted.tokens;
    if (m === lastFit.masked) return lastFit.tokens;
    lastCounted = { masked: m, tokens: counter.count(unmask(m, spans)) };
    if (target !== undefined && lastCounted.tokens <= target) lastFit = lastCounted;
    return lastCounted.tokens;
  };
  const ctx: StrategyContext = {
    counter,
    spans,
    ...(target === undefined ? {} : { targetTokens: target }),
    ...(options.scorer === undefined ? {} : { scorer: options.scorer }),
    ...(options.rewriter === undefined ? {} : { rewriter: options.rewriter }),
    count,
    unmask: (m) => unmask(m, spans),
  };
  const steps: StrategyStep[] = [];
  const warnings: string[] = [];
  let current = masked;
  let tokens = ctx.count(current);
  for (const strategy of [...chosen.filter((s) => !s.budgeted), ...budgeted]) {
    const next = await strategy.apply(current, ctx);
    const problem = checkPlaceholders(current, next, spans, strategy.dropsWholeUnits === true);
    const after = problem === undefined ? ctx.count(next) : tokens;
    if (problem !== undefined) warnings.push(`${strategy.name}: ${problem}; its change was discarded`);
    const accepted = problem === undefined && after <= tokens;
    steps.push({
      name: strategy.name,
      tokensBefore: tokens,
      tokensAfter: accepted ? after : tokens,
      ...(problem === undefined && after > tokens ? { discarded: `made the text longer (${tokens} → ${after} tokens)` } : {}),
    });
    if (accepted) {
      current = next;
      tokens = after;
    }
  }
  const output = unmask(current, spans);
  const compressedTokens = tokens; // the count of `current`, that is of `output`
  const requested = {
    ...(options.rate === undefined ? {} : { rate: options.rate }),
    ...(options.targetTokens === undefined ? {} : { targetTokens: options.targetTokens }),
  };
  return {
    text: output,
    originalTokens,
    compressedTokens,
    ratio: originalTokens === 0 ? 1 : compressedTokens / originalTokens,
    requested,
    ...(target === undefined ? {} : { target, met: compressedTokens <= target }),
    strategies: steps,
    protectedSpans: spans.length,
    warnings,
  };
}

export interface TokenizerSaving {
  tokenizer: TokenizerId;
  exact: boolean;
  before: number;
  after: number;
  saved: number;
  /** after / before (1 for an empty text). */
  ratio: number;
}

/** Tokens before and after compression on each tokenizer (savings differ between tokenizers). */
export function reportPerTokenizer(original: string, compressed: string, counters: readonly TokenCounter[]): TokenizerSaving[] {
  return counters.map((counter) => {
    const before = counter.count(original);
    const after = counter.count(compressed);
    return { tokenizer: counter.id, exact: counter.exact, before, after, saved: before - after, ratio: before === 0 ? 1 : after / before };
  });
}
