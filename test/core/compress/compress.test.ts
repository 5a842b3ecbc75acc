/** The pipeline: order, report, errors, and savings per tokenizer. */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CostlabError } from '../../../src/core/errors.ts';
import { compress, reportPerTokenizer } from '../../../src/core/compress/compress.ts';
import { findProtectedSpans } from '../../../src/core/compress/protected-spans.ts';
import { DEFAULT_STRATEGIES, STRATEGIES, STRATEGY_NAMES } from '../../../src/core/compress/registry.ts';
import type { TokenCounter } from '../../../src/core/tokens/counter.ts';
import { loadTokenCounter } from '../../../src/core/tokens/registry.ts';

let counter: TokenCounter;
beforeAll(async () => {
  counter = await loadTokenCounter('o200k_base');
});

const DEMO = readFileSync(new URL('../../../prompts/demo/support-system-prompt.md', import.meta.url), 'utf8');

async function rejection(promise: Promise<unknown>): Promise<CostlabError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CostlabError) return error;
    throw error;
  }
  throw new Error('expected a CostlabError');
}

describe('compress', () => {
  it('runs the default pipeline (whitespace, filler, dedupe, minify) and reports each step', async () => {
    const text = '# Task\n\nPlease   summarize the **ticket** below.   Please summarize the ticket below.\n\n\n\nKeep it under 50 words, thank you.\n';
    const result = await compress(text, { counter });
    expect(result.text).toBe('Task\n\nSummarize the ticket below.\n\nKeep it under 50 words.');
    expect(result.strategies.map((s) => s.name)).toEqual([...DEFAULT_STRATEGIES]);
    expect(result.originalTokens).toBe(counter.count(text));
    expect(result.compressedTokens).toBe(counter.count(result.text));
    expect(result.ratio).toBeCloseTo(result.compressedTokens / result.originalTokens, 12);
    expect(result.requested).toEqual({});
    expect(result).not.toHaveProperty('target');
    expect(result.protectedSpans).toBe(findProtectedSpans(text).length);
    result.strategies.forEach((step, i) => {
      expect(step.tokensAfter).toBeLessThanOrEqual(step.tokensBefore);
      if (i > 0) expect(step.tokensBefore).toBe(result.strategies[i - 1]?.tokensAfter);
    });
    expect(result.strategies.at(-1)?.tokensAfter).toBe(result.compressedTokens);
  });

  it('runs the strategies that need no budget first, then the budgeted ones with what is left', async () => {
    const result = await compress('Please, please answer.   Really.', { counter, strategies: ['importance', 'whitespace', 'filler'], rate: 0.9 });
    expect(result.strategies.map((s) => s.name)).toEqual(['whitespace', 'filler', 'importance']);
    expect(result.requested).toEqual({ rate: 0.9 });
    expect(result.met).toBe(true);
  });

  it('takes the smaller budget when both rate and targetTokens are given', async () => {
    const result = await compress(DEMO, { counter, strategies: ['importance'], rate: 0.5, targetTokens: 300 });
    expect(result.target).toBe(300);
    expect(result.requested).toEqual({ rate: 0.5, targetTokens: 300 });
    expect(result.compressedTokens).toBeLessThanOrEqual(300);
  });

  it('an unknown strategy is an error that lists the valid ones', async () => {
    const error = await rejection(compress('x', { counter, strategies: ['whitespace', 'shrink'] }));
    expect(error.code).toBe('compress-unknown-strategy');
    expect(error.describe()).toBe(`field strategies: unknown compression strategy "shrink" — use one of: ${[...STRATEGY_NAMES, 'llm-rewrite'].join(', ')}`);
    expect(STRATEGY_NAMES).toEqual(['whitespace', 'filler', 'dedupe', 'minify', 'few-shot', 'importance']);
  });

  it.each([
    [{ strategies: ['importance'] }, 'compress-no-budget'],
    [{ rate: 0 }, 'compress-bad-rate'],
    [{ rate: 1.5 }, 'compress-bad-rate'],
    [{ rate: Number.NaN }, 'compress-bad-rate'],
    [{ targetTokens: -1 }, 'compress-bad-target'],
    [{ targetTokens: 2.5 }, 'compress-bad-target'],
  ])('rejects %j', async (options, code) => {
    expect((await rejection(compress('some text', { counter, ...options }))).code).toBe(code);
  });

  it('handles empty text', async () => {
    const result = await compress('', { counter, strategies: [...STRATEGY_NAMES], rate: 0.5 });
    expect(result).toMatchObject({ text: '', originalTokens: 0, compressedTokens: 0, ratio: 1, target: 0, met: true });
  });

  it('each strategy says whether it is lossless and budgeted', () => {
    const flags = Object.fromEntries(Object.entries(STRATEGIES).map(([name, s]) => [name, [s.lossless, s.budgeted]]));
    expect(flags).toEqual({
      whitespace: [true, false],
      filler: [false, false],
      dedupe: [true, false],
      minify: [true, false],
      'few-shot': [false, true],
      importance: [false, true],
    });
    for (const [name, strategy] of Object.entries(STRATEGIES)) {
      expect(strategy.name).toBe(name);
      expect(strategy.description.length).toBeGreaterThan(20);
    }
  });

  it('the demo prompt: what each lossless strategy saves (it is already tight)', async () => {
    const saved: Record<string, number> = {};
    for (const name of DEFAULT_STRATEGIES) saved[name] = (await compress(DEMO, { counter, strategies: [name] })).compressedTokens;
    const all = await compress(DEMO, { counter });
    expect(all.originalTokens).toBe(856);
    expect(saved).toEqual({ whitespace: 856, filler: 856, dedupe: 856, minify: 847 });
    expect(all.compressedTokens).toBe(847);
  });
});

describe('reportPerTokenizer', () => {
  it('gives tokens before and after on each tokenizer', async () => {
    const counters = [counter, await loadTokenCounter('cl100k_base'), await loadTokenCounter('claude')];
    const original = 'Please, kindly summarize the following ticket in order to help the agent.';
    const { text } = await compress(original, { counter });
    const report = reportPerTokenizer(original, text, counters);
    expect(report.map((r) => [r.tokenizer, r.exact])).toEqual([['o200k_base', true], ['cl100k_base', true], ['claude', false]]);
    for (const [i, row] of report.entries()) {
      const c = counters[i] as TokenCounter;
      expect(row).toEqual({ tokenizer: c.id, exact: c.exact, before: c.count(original), after: c.count(text), saved: c.count(original) - c.count(text), ratio: c.count(text) / c.count(original) });
      expect(row.saved).toBeGreaterThan(0);
    }
  });
});
