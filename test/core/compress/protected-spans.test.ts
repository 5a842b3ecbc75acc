/**
 * Protected spans: what is found (worked examples), and the guarantee every strategy and the whole
 * pipeline keep, at any rate, on random prompt-like text (fast-check).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { compress } from '../../../src/core/compress/compress.ts';
import { maskText, mapUnprotectedText, unmask } from '../../../src/core/compress/masked-text.ts';
import { findProtectedSpans, removeKeepMarkers } from '../../../src/core/compress/protected-spans.ts';
import { STRATEGIES, STRATEGY_NAMES } from '../../../src/core/compress/registry.ts';
import type { TokenCounter } from '../../../src/core/tokens/counter.ts';
import { loadTokenCounter } from '../../../src/core/tokens/registry.ts';
import { promptText, spanFailures, structuredText } from './arbitraries.ts';

let counter: TokenCounter;
beforeAll(async () => {
  counter = await loadTokenCounter('o200k_base');
});

const kinds = (text: string) => findProtectedSpans(text).map((s) => `${s.kind} ${s.text}`);

describe('findProtectedSpans', () => {
  it.each([
    ['Pay $1,234.50 or CA$20 (50% off) by 2024-12-31 at 14:30.', ['number $1,234.50', 'number CA$20', 'number 50%', 'number 2024-12-31', 'number 14:30']],
    ['Use v1.2.3 of gpt-4o-mini, 3–7 days, -5°C, £12 and 9am.', ['number v1.2.3', 'number gpt-4o-mini', 'number 3–7', 'number -5°C', 'number £12', 'number 9am']],
    ['共3天，价格500元，2024年12月31日。', ['number 3天', 'number 500元', 'number 2024年', 'number 12月', 'number 31日']],
    ['See https://example.com/a_(b). Or www.test.org, or mail me@x.co!', ['url https://example.com/a_(b)', 'url www.test.org', 'email me@x.co']],
    ['Say "hi \\"you\\"" and \'quoted text\' but not dogs\' bowls or don\'t.', ['quote "hi \\"you\\""', "quote 'quoted text'"]],
    ['“curly” 「引号」『书名』 ‘single’', ['quote “curly”', 'quote 「引号」', 'quote 『书名』', 'quote ‘single’']],
    ['Hi {{name}}, {essay} ${x} {% if y %} <doc>z</doc>', ['variable {{name}}', 'variable {essay}', 'variable ${x}', 'variable {% if y %}', 'tag <doc>', 'tag </doc>']],
    ['```js\nconst a  =  1;\n```\nthen `code` and\n~~~\nopen', ['fence ```js\nconst a  =  1;\n```', 'code `code`', 'fence ~~~\nopen']],
    ['a <keep>very  literal</keep> b', ['keep <keep>very  literal</keep>']],
    ['5" and 6" screens, e.g. this', ['number 5', 'number 6']],
  ])('%j', (text, expected) => {
    expect(kinds(text)).toEqual(expected);
  });

  it('a quotation holding a number is one span; spans never overlap', () => {
    expect(kinds('He said "pay $5 now" twice')).toEqual(['quote "pay $5 now"']);
    fc.assert(
      fc.property(promptText, (text) => {
        const spans = findProtectedSpans(text);
        spans.forEach((s, i) => {
          expect(text.slice(s.start, s.end)).toBe(s.text);
          if (i > 0) expect(s.start).toBeGreaterThanOrEqual((spans[i - 1] as { end: number }).end);
        });
      }),
    );
  });

  it('keep markers are removed and their inside kept verbatim', () => {
    expect(removeKeepMarkers('x <keep>a  b</keep> y <keep>c</keep>')).toBe('x a  b y c');
    expect(findProtectedSpans('<keep>a  b</keep>')[0]?.output).toBe('a  b');
    expect(removeKeepMarkers('say "<keep>x</keep>" or `<keep>y</keep>`')).toBe('say "x" or `<keep>y</keep>`');
  });
});

describe('masked text', () => {
  it('masking then unmasking gives the text back, keep markers removed', () => {
    fc.assert(
      fc.property(promptText, (text) => {
        const { masked, spans } = maskText(text);
        expect(unmask(masked, spans)).toBe(removeKeepMarkers(text));
      }),
    );
  });

  it('mapUnprotectedText transforms only the text between spans', () => {
    expect(mapUnprotectedText('pay "as  is" $5  now', (s) => s.toUpperCase().replace(/ {2}/g, ' '))).toBe('PAY "as  is" $5 NOW');
  });
});

describe('every protected span survives', () => {
  const budgeted = (name: string) => STRATEGIES[name]?.budgeted === true;
  const rate = fc.double({ min: 0.05, max: 1, noNaN: true });

  for (const name of STRATEGY_NAMES) {
    const rule = name === 'dedupe' ? 'repeats' : name === 'few-shot' ? 'any' : 'none';
    it(`${name}: verbatim and in order${rule === 'none' ? '' : ` (soft spans only leave inside a dropped ${name === 'dedupe' ? 'repeat' : 'example'})`}`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(promptText, structuredText), rate, async (text, r) => {
          const result = await compress(text, { counter, strategies: [name], ...(budgeted(name) ? { rate: r } : {}) });
          expect(spanFailures(text, result.text, rule)).toEqual([]);
          expect(result.warnings).toEqual([]);
        }),
        { numRuns: 150 },
      );
    });
  }

  it('the pipeline without unit-dropping strategies, at any rate: every span verbatim and in order', async () => {
    await fc.assert(
      fc.asyncProperty(promptText, rate, async (text, r) => {
        const result = await compress(text, { counter, strategies: ['whitespace', 'filler', 'minify', 'importance'], rate: r });
        expect(spanFailures(text, result.text, 'none')).toEqual([]);
        expect(result.warnings).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('the whole pipeline, at any rate: hard spans always, soft spans unless their unit was dropped', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(promptText, structuredText), rate, async (text, r) => {
        const result = await compress(text, { counter, strategies: [...STRATEGY_NAMES], rate: r });
        expect(spanFailures(text, result.text, 'any')).toEqual([]);
        expect(result.warnings).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('the default pipeline keeps every span, repeats of an earlier span aside', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(promptText, structuredText), async (text) => {
        const result = await compress(text, { counter });
        expect(spanFailures(text, result.text, 'repeats')).toEqual([]);
        expect(result.warnings).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
