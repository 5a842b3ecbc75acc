/**
 * The budgeted strategies: few-shot (whole examples) and importance (least informative words).
 * Worked examples, the token budget (rate 0.5 lands within a stated tolerance and the report says
 * requested versus achieved), and the few-shot structure property.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { compress } from '../../../src/core/compress/compress.ts';
import { maskText, unmask } from '../../../src/core/compress/masked-text.ts';
import { findExamples } from '../../../src/core/compress/strategies/few-shot-blocks.ts';
import { fewShot, pruneFewShotMessages } from '../../../src/core/compress/strategies/few-shot.ts';
import type { LogProbScorer, StrategyContext } from '../../../src/core/compress/types.ts';
import type { TokenCounter } from '../../../src/core/tokens/counter.ts';
import { loadTokenCounter } from '../../../src/core/tokens/registry.ts';
import { SKIP_NO_SHARED, hasShared, sharedPath } from '../../helpers/shared-data.ts';
import { promptText } from './arbitraries.ts';

let counter: TokenCounter;
beforeAll(async () => {
  counter = await loadTokenCounter('o200k_base');
});

const DEMO = readFileSync(new URL('../../../prompts/demo/support-system-prompt.md', import.meta.url), 'utf8');

const SENTIMENT = `Classify the sentiment of each review as positive or negative.

Example 1:
Review: The sofa arrived on time and looks lovely.
Sentiment: positive

Example 2:
Review: The lamp was broken and support never answered my emails about it, which was very frustrating.
Sentiment: negative

Example 3:
Review: Great kettle, boils fast.
Sentiment: positive

Now classify: {{review}}`;

const QA = 'Answer briefly.\n\nQ: What is the capital of France?\nA: Paris.\n\nQ: What is the capital of Japan?\nA: Tokyo.\n\nQ: Who wrote Hamlet?\nA: William Shakespeare wrote Hamlet around 1600.\n\nQ: {{question}}\nA:';

const ZH = '把句子翻译成英文。\n\n问题：今天天气很好。\n答案：The weather is nice today.\n\n问题：我喜欢喝茶。\n答案：I like drinking tea.\n\n问题：这家店的服务非常周到，我下次还会再来。\n答案：The service at this shop is very thoughtful; I will come again.\n\n问题：{{sentence}}\n答案：';

describe('few-shot', () => {
  it('finds Example N:, Q:/A: and 问题：/答案： blocks, not the final question', () => {
    for (const [text, first] of [[SENTIMENT, 'Example 1:'], [QA, 'Q: What is the capital of France?'], [ZH, '问题：今天天气很好。']] as const) {
      const { masked, spans } = maskText(text);
      const blocks = findExamples(masked).map((b) => unmask(b.text, spans));
      expect(blocks).toHaveLength(3);
      expect(blocks[0]?.startsWith(first)).toBe(true);
      expect(blocks.join('')).not.toContain('{{');
    }
  });

  it.each([
    [SENTIMENT, 0.8, SENTIMENT.replace(/Example 2:[\s\S]*?\n\n(?=Example 3)/, '')],
    [SENTIMENT, 0.3, SENTIMENT.replace(/Example 1:[\s\S]*?\n\n(?=Example 3)/, '')],
    [QA, 0.8, QA.replace('Q: What is the capital of France?\nA: Paris.\n\n', '')],
    [QA, 0.5, 'Answer briefly.\n\nQ: What is the capital of Japan?\nA: Tokyo.\n\nQ: {{question}}\nA:'],
    [ZH, 0.3, ZH.replace(/问题：今天[\s\S]*?\n\n/, '').replace(/问题：这家店[\s\S]*?\n\n/, '')],
  ])('drops the least useful (longest / most alike) examples first (%#)', async (text, rate, expected) => {
    const result = await compress(text, { counter, strategies: ['few-shot'], rate });
    expect(result.text).toBe(expected);
  });

  it('keeps one example even when the budget is not met, and says so', async () => {
    const result = await compress(QA, { counter, strategies: ['few-shot'], rate: 0.1 });
    expect(result.met).toBe(false);
    expect(result.requested).toEqual({ rate: 0.1 });
    expect(result.target).toBe(Math.floor(0.1 * result.originalTokens));
    expect(findExamples(maskText(result.text).masked)).toHaveLength(0); // one left is no longer "few-shot"
    expect(result.text).toContain('Q: What is the capital of Japan?');
  });

  it('rate 0.5 on a long few-shot prompt lands within one example below the budget', async () => {
    const examples = Array.from({ length: 12 }, (_, i) => `Example ${i + 1}:\nInput: ${'order '.repeat(i + 3)}status\nOutput: item ${i} is ${i % 2 ? 'shipped' : 'pending'}\n\n`);
    const text = `Report the order status.\n\n${examples.join('')}Input: {{order}}`;
    const result = await compress(text, { counter, strategies: ['few-shot'], rate: 0.5 });
    const largest = Math.max(...examples.map((e) => counter.count(e)));
    expect(result.compressedTokens).toBeLessThanOrEqual(result.target as number);
    expect(result.compressedTokens).toBeGreaterThan((result.target as number) - largest);
  });

  it('only ever removes whole examples (property)', async () => {
    const block = fc.tuple(promptText, promptText).map(([q, a]) => `Q: ${q.replace(/\n/g, ' ')}x\nA: ${a.replace(/\n/g, ' ')}y\n\n`);
    await fc.assert(
      fc.asyncProperty(promptText, fc.array(block, { minLength: 2, maxLength: 6 }), fc.integer({ min: 0, max: 200 }), async (head, blocks, target) => {
        const text = `${head}\n\n${blocks.join('')}Q: {{q}}\nA:`;
        const { masked, spans } = maskText(text);
        const ctx: StrategyContext = { counter, spans, targetTokens: target, count: (m) => counter.count(unmask(m, spans)), unmask: (m) => unmask(m, spans) };
        const out = await fewShot.apply(masked, ctx);
        const found = findExamples(masked);
        // The output is the masked input with a subset of the examples cut out, in order.
        let rest = out;
        let at = 0;
        for (const b of found) {
          const before = masked.slice(at, b.start);
          expect(rest.startsWith(before)).toBe(true);
          rest = rest.slice(before.length);
          if (rest.startsWith(b.text)) rest = rest.slice(b.text.length);
          at = b.end;
        }
        expect(rest).toBe(masked.slice(at));
      }),
      { numRuns: 100 },
    );
  });

  it('prunes user/assistant pairs of a chat given as a list', () => {
    const messages = [
      { role: 'system', content: 'Translate to French.' },
      { role: 'user', content: 'Good morning' },
      { role: 'assistant', content: 'Bonjour' },
      { role: 'user', content: 'Good morning, everyone, and welcome to the annual meeting of the society' },
      { role: 'assistant', content: "Bonjour à tous et bienvenue à l'assemblée annuelle de la société" },
      { role: 'user', content: 'Thank you' },
      { role: 'assistant', content: 'Merci' },
      { role: 'user', content: 'See you tomorrow' },
    ];
    const pruned = pruneFewShotMessages(messages, { counter, targetTokens: 20 });
    expect(pruned.messages.map((m) => m.content)).toEqual(['Translate to French.', 'Good morning', 'Bonjour', 'Thank you', 'Merci', 'See you tomorrow']);
    expect(pruned.dropped).toBe(1);
    expect(pruned.tokensAfter).toBeLessThanOrEqual(20);
  });
});

/** Scores words by a fixed table (unknown words very informative): a deterministic stand-in model. */
const tableScorer = (table: Record<string, number>): LogProbScorer => ({
  id: 'table',
  score: (pieces) => pieces.map((p) => (/^[\p{L}\p{N}]/u.test(p) ? (table[p.toLowerCase()] ?? -20) : 0)),
});

describe('importance', () => {
  it('drops the most predictable words first and keeps spans, punctuation and negations (injected scorer)', async () => {
    const scorer = tableScorer({ the: -1, a: -1.2, of: -1.5, is: -2, very: -2.5, not: -0.1, really: -3 });
    const text = 'The price of the sofa is $499. It is not really a very big sofa.';
    const at = async (targetTokens: number) => (await compress(text, { counter, strategies: ['importance'], targetTokens, scorer })).text;
    expect(await at(17)).toBe('price of the sofa is $499. It is not really a very big sofa.');
    expect(await at(14)).toBe('price sofa is $499. It is not really very big sofa.');
    expect(await at(11)).toBe('price sofa $499. It not really big sofa.');
    // Then the unknown (very informative) words, in text order; never "not", never the spans.
    expect(await at(8)).toBe('$499. It not big sofa.');
  });

  it('keeps the word after a number and cuts CJK text into likely words (bundled statistic)', async () => {
    const result = await compress('Refunds take 30 days. 请在三十天内退货。', { counter, strategies: ['importance'], rate: 0.7 });
    expect(result.text).toContain('30 days');
    expect(result.met).toBe(true);
  });

  it('rate 0.5 on the demo prompt lands within 2% of the original below the budget, and reports it', async () => {
    const result = await compress(DEMO, { counter, strategies: ['importance'], rate: 0.5 });
    const target = Math.floor(0.5 * result.originalTokens);
    expect(result).toMatchObject({ requested: { rate: 0.5 }, target, met: true, protectedSpans: expect.any(Number) });
    expect(result.compressedTokens).toBeLessThanOrEqual(target);
    expect(result.compressedTokens).toBeGreaterThanOrEqual(target - Math.ceil(0.02 * result.originalTokens));
    expect(result.ratio).toBeCloseTo(result.compressedTokens / result.originalTokens, 10);
    expect(result.text).toContain('$24.99');
    expect(result.text).toContain('"Is there anything else I can help with?"');
  });

  it('one huge word that must go does not take every other word with it', async () => {
    // A 3,000-character identifier is the most informative "word", so the order drops it last; at keep 80 % it
    // cannot stay (alone it is far more than 80 % of the prompt), and once it is gone the sentence fits whole.
    const blob = Array.from({ length: 3000 }, (_, i) => 'abcdefghijklmnopqrstuvwxyz'[(i * 7919) % 26]).join('');
    const sentence = 'Refunds are accepted within thirty days of delivery when the item is unused and in its box.';
    const result = await compress(`${sentence} ${blob}`, { counter, strategies: ['importance'], rate: 0.8 });
    expect(result.met).toBe(true);
    expect(result.text).not.toContain(blob.slice(0, 50));
    expect(result.text).toContain('thirty days of delivery');
    expect(result.compressedTokens).toBeGreaterThanOrEqual(counter.count(sentence) - 3);
  });

  it('a budget below what protected text needs is missed, not looped on', async () => {
    const result = await compress('Call "+1 555 0100" or visit https://example.com/help today.', { counter, strategies: ['importance'], targetTokens: 3 });
    expect(result.met).toBe(false);
    expect(result.text).toBe('"+1 555 0100" https://example.com/help.');
  });

  it.skipIf(!hasShared('seeds'))(`rate 0.5 on a Chinese seed excerpt (${SKIP_NO_SHARED})`, async () => {
    const seed = readFileSync(sharedPath('seeds/001_b706edf1a1cf95b9.txt'), 'utf8').split('\n').slice(0, 24).join('\n');
    const result = await compress(seed, { counter, strategies: ['importance'], rate: 0.5 });
    expect(result.compressedTokens).toBeLessThanOrEqual(result.target as number);
    expect(result.compressedTokens).toBeGreaterThanOrEqual((result.target as number) - Math.ceil(0.02 * result.originalTokens));
  });
});
