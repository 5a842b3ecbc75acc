/** After any sequence of edits, the incremental count equals a full recount of the same text. */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BpeTokenizer } from '../../../src/core/tokens/bpe/bpe-tokenizer.ts';
import { loadBpeTokenizer, setPackageDataLoader } from '../../../src/core/tokens/bpe/encodings.ts';
import { IncrementalCounter } from '../../../src/core/tokens/incremental-counter.ts';
import type { ExactTokenizerId } from '../../../src/core/types.ts';
import { readPackageJson } from '../../../src/platform/package-data.ts';

const FRAGMENTS = [
  'a', 'b', 'S', 'T', ' ', '  ', '\n', '\r\n', '\t', "'", "'s", "'LL", '0', '12', '3456', '中', '文字', 'é', 'e\u0301',
  '\u0301', '!', '/', '//', '😀', 'HELLO', 'world', ' the', '   ', '\n\n', '\u00a0', 'ǅ', 'ʰ',
];
const text = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 30 }).map((parts) => parts.join(''));
const edit = fc.record({ at: fc.nat(), length: fc.nat({ max: 6 }), insert: text });

const tokenizers: Partial<Record<ExactTokenizerId, BpeTokenizer>> = {};
beforeAll(async () => {
  setPackageDataLoader(readPackageJson);
  for (const id of ['o200k_base', 'cl100k_base', 'r50k_base', 'qwen2'] as const) tokenizers[id] = await loadBpeTokenizer(id);
});

describe('IncrementalCounter', () => {
  for (const id of ['o200k_base', 'cl100k_base', 'r50k_base', 'qwen2'] as const) {
    it(`${id}: random edits always equal a full recount`, () => {
      const tokenizer = tokenizers[id]!;
      fc.assert(
        fc.property(text, fc.array(edit, { minLength: 1, maxLength: 12 }), (initial, edits) => {
          const counter = new IncrementalCounter(tokenizer, initial);
          let expected = counter.value;
          for (const { at, length, insert } of edits) {
            const from = expected.length === 0 ? 0 : at % (expected.length + 1);
            const to = Math.min(expected.length, from + length);
            expected = tokenizer.normalize(expected.slice(0, from) + insert + expected.slice(to));
            const got = counter.replace(from, to, insert);
            expect(counter.value).toBe(expected);
            expect(got).toBe(tokenizer.count(expected));
          }
        }),
        { numRuns: 700 },
      );
    });
  }

  it('setText diffs against the current text: typing one character at a time', () => {
    const tokenizer = tokenizers.o200k_base!;
    const target = 'The quick brown fox — 敏捷的棕色狐狸 — jumps over 13 lazy dogs.\n\n  def f(x): return x';
    const counter = new IncrementalCounter(tokenizer);
    for (let i = 1; i <= target.length; i++) expect(counter.setText(target.slice(0, i))).toBe(tokenizer.count(target.slice(0, i)));
    for (let i = target.length - 1; i >= 0; i--) expect(counter.setText(target.slice(0, i))).toBe(tokenizer.count(target.slice(0, i)));
  });
});
