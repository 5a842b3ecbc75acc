/**
 * The fast paths for long prompts give what the plain algorithms give: the unit splitter against the
 * single regular expression it stands for, the filler strategy's chunked output against line-by-line
 * runs, and importance's budget search on a long text.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { compress } from '../../../src/core/compress/compress.ts';
import { PLACEHOLDER_SOURCE } from '../../../src/core/compress/masked-text.ts';
import { removeFillers } from '../../../src/core/compress/strategies/filler.ts';
import { CJK_CLASS, WORD_SOURCE, splitTokens, splitUnits, type UnitKind } from '../../../src/core/compress/text-units.ts';
import type { TokenCounter } from '../../../src/core/tokens/counter.ts';
import { loadTokenCounter } from '../../../src/core/tokens/registry.ts';
import { promptText, spanFailures } from './arbitraries.ts';

let counter: TokenCounter;
beforeAll(async () => {
  counter = await loadTokenCounter('o200k_base');
});

/** The units as one global regular expression finds them (what splitUnits did before its ASCII fast path). */
function unitsByRegExp(text: string): { kind: UnitKind; text: string }[] {
  const unit = new RegExp(`(?<span>${PLACEHOLDER_SOURCE})|(?<cjk>${CJK_CLASS})|(?<word>${WORD_SOURCE})|(?<space>\\s+)|(?<other>[^])`, 'gu');
  return [...text.matchAll(unit)].map((match) => {
    const g = match.groups ?? {};
    const kind: UnitKind = g['span'] !== undefined ? 'span' : g['cjk'] !== undefined ? 'cjk' : g['word'] !== undefined ? 'word' : g['space'] !== undefined ? 'space' : 'other';
    return { kind, text: match[0] };
  });
}

describe('splitUnits', () => {
  it('finds the units the regular expression finds, on ASCII edges and beyond (property)', () => {
    // Characters where the ASCII fast path hands over: apostrophes, hyphens, accents, combining marks,
    // Unicode spaces, CJK, placeholders, surrogates (paired and lone).
    const alphabet = [...'ab Z9_\'-’é\u0301\u00a0\u3000\u2028\t\n\r\v\f中かカ한\uE000\uE100\uE101.,!\uD800x', '\uD83D\uDE00'];
    const text = fc.oneof(promptText, fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 60 }));
    fc.assert(
      fc.property(text, (t) => {
        const expected = unitsByRegExp(t);
        expect(splitUnits(t)).toEqual(expected);
        expect(splitTokens(t)).toEqual(expected.map((u) => u.text));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('filler on long text', () => {
  it('a text of independent lines gives its lines’ results, past the output buffer’s chunk size', () => {
    const lines = [1, 2, 37, 480, 511, 512, 513, 600, 1000, 4100, 5000].flatMap((n) => [
      `Answer the question${' '.repeat(n)}please.`,
      `The price is,${' '.repeat(n)}basically, fixed at five.`,
      'Please summarize the text. I would like you to answer in English, please. Thank you!',
      '请帮我总结一下这篇文章。需要注意的是，价格非常重要。',
      `Kindly reply in JSON.${'\t'.repeat(n % 7)} Thank you for your help.`,
    ]);
    const text = lines.join('\n');
    expect(text.length).toBeGreaterThan(25_000);
    expect(removeFillers(text)).toBe(lines.map((line) => removeFillers(line)).join('\n'));
    expect(removeFillers(lines[1] as string)).toBe('The price is fixed at five.');
  });
});

describe('importance on long text', () => {
  it('meets rate 0.5 on a ~15,000-token prompt, close to the budget, spans and negations kept', async () => {
    const paragraph = (i: number) =>
      `Order ${1000 + i} for customer {{name}} is late. Please check the tracking at https://example.com/t/${i} and ` +
      `tell the customer, in a friendly and short reply, when the parcel will arrive and what we will do if it does not arrive by Friday. ` +
      `Do not promise a refund unless the order is older than ${10 + (i % 5)} days.\n\n`;
    const text = Array.from({ length: 220 }, (_, i) => paragraph(i)).join('');
    expect(counter.count(text)).toBeGreaterThan(15_000);
    const result = await compress(text, { counter, strategies: ['importance'], rate: 0.5 });
    expect(result.met).toBe(true);
    expect(result.compressedTokens).toBe(counter.count(result.text));
    expect(result.compressedTokens).toBeGreaterThanOrEqual((result.target as number) - Math.ceil(0.01 * result.originalTokens));
    expect(spanFailures(text, result.text, 'none')).toEqual([]);
    expect(result.text.match(/not promise/g)).toHaveLength(220);
  });
});
