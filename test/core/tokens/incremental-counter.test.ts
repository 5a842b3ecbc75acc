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
// For tiny blocks: longer texts, long whitespace runs, astral letters (a scan may stop between the
// halves of a surrogate pair), and characters NFC composes (Hangul jamo, kana sound marks).
const MORE_FRAGMENTS = [
  ...FRAGMENTS, ' '.repeat(40), '\n'.repeat(9), ' \n  \n \t ', '\u00a0\u3000 ', '𝐀', '𝐀𝐛', 'ABCDEF', '中ABCD!',
  '가', '\u1100', '\u1161', '\u11a8', 'か', '\u3099', "'re", 'o\u0308\u0301', 'Å',
];
const longText = fc.array(fc.constantFrom(...MORE_FRAGMENTS), { maxLength: 60 }).map((parts) => parts.join(''));
const longEdit = fc.record({ at: fc.nat(), length: fc.nat({ max: 60 }), insert: longText });

/** Applies an edit to a counter and checks it against the same edit on a plain string and a full recount. */
function check(tokenizer: BpeTokenizer, counter: IncrementalCounter, expected: string, from: number, to: number, insert: string): string {
  const next = tokenizer.normalize(expected.slice(0, from) + insert + expected.slice(to));
  const got = counter.replace(from, to, insert);
  expect(counter.value).toBe(next);
  expect(got).toBe(tokenizer.count(next));
  expect(counter.tokens).toBe(got);
  return next;
}

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

  for (const id of ['o200k_base', 'cl100k_base', 'r50k_base', 'qwen2'] as const) {
    it(`${id}: tiny blocks — edits across block boundaries always equal a full recount`, () => {
      const tokenizer = tokenizers[id]!;
      fc.assert(
        fc.property(fc.constantFrom(1, 2, 3, 5, 8), longText, fc.array(longEdit, { minLength: 1, maxLength: 10 }), (size, initial, edits) => {
          const counter = new IncrementalCounter(tokenizer, initial, size);
          let expected = tokenizer.normalize(initial);
          expect(counter.value).toBe(expected);
          expect(counter.tokens).toBe(tokenizer.count(expected));
          for (const { at, length, insert } of edits) {
            const from = at % (expected.length + 1);
            expected = check(tokenizer, counter, expected, from, Math.min(expected.length, from + length), insert);
          }
        }),
        { numRuns: 400 },
      );
    });
  }

  it('tiny blocks split as text grows and merge as it shrinks; edits at 0 and at the end', () => {
    for (const id of ['o200k_base', 'qwen2'] as const) {
      const tokenizer = tokenizers[id]!;
      const counter = new IncrementalCounter(tokenizer, '', 4);
      let expected = '';
      const line = "Hello, World! It's 2026: 中文字 and  spaces\n\n";
      for (let i = 0; i < 3 * line.length; i++) expected = check(tokenizer, counter, expected, expected.length, expected.length, line[i % line.length]!);
      expect(counter.blockCount).toBeGreaterThan(5);
      for (let i = 0; i < 40; i++) expected = check(tokenizer, counter, expected, 0, 0, 'x y'[i % 3]!);
      const grown = counter.blockCount;
      while (expected.length > 0) {
        expected = check(tokenizer, counter, expected, 0, Math.min(3, expected.length), '');
        if (expected.length > 0) expected = check(tokenizer, counter, expected, expected.length - 1, expected.length, '');
      }
      expect(grown).toBeGreaterThan(10);
      expect(counter.blockCount).toBe(0);
      expect(counter.tokens).toBe(0);
    }
  });

  it('whitespace runs that grow across many blocks, then split again', () => {
    for (const id of ['o200k_base', 'cl100k_base', 'r50k_base'] as const) {
      const tokenizer = tokenizers[id]!;
      const initial = Array.from({ length: 30 }, (_, i) => `w${i}${' '.repeat(7)}${i % 3 === 0 ? '\n\n  ' : ''}`).join('');
      const counter = new IncrementalCounter(tokenizer, initial, 2);
      expect(counter.blockCount).toBeGreaterThan(10);
      let expected = initial;
      // Delete every word, so the runs between them join into one run that spanned many blocks.
      for (let i = expected.search(/\S/); i >= 0; i = expected.search(/\S/)) expected = check(tokenizer, counter, expected, i, i + 1, '');
      expect(counter.tokens).toBe(tokenizer.count(expected));
      // Split the long run again at spread-out positions, then delete from the middle.
      for (let k = 1; k < 12; k++) {
        const at = Math.floor((expected.length * k) / 12);
        expected = check(tokenizer, counter, expected, at, at, k % 2 === 0 ? 'x' : '.\n');
      }
      const mid = expected.length >> 1;
      expected = check(tokenizer, counter, expected, mid - 20, mid + 20, '');
      expected = check(tokenizer, counter, expected, 0, expected.length, '  tail ');
    }
  });

  it('qwen2 (NFC): edits that make characters compose or reorder across the edit', () => {
    const tokenizer = tokenizers.qwen2!;
    const cases: Array<[string, number, number, string]> = [
      ['가a\u11a8', 1, 2, ''], // Hangul LV + T → LVT
      ['\u1100a\u1161', 1, 2, ''], // Hangul L + V → LV
      ['가', 1, 1, '\u11a8'],
      ['かa\u3099', 1, 2, ''], // kana + voiced sound mark
      ['ea\u0301', 1, 2, ''],
      ['e', 1, 1, '\u0301'],
      ['a\u0301b', 2, 2, '\u0323'], // canonical reordering, then composition
      ['\u00e9', 1, 1, '\u0323'], // the character before the edit decomposes and recomposes
      ['αβγδ'.repeat(50), 100, 100, '\u0301'], // no boundary character for a long way
      ['Åa\u030a', 1, 2, ''],
    ];
    const pad = 'x y. '.repeat(12);
    for (const size of [1, 2, 256]) {
      for (const [initial, from, to, insert] of cases) {
        for (const [before, after] of [['', ''], [pad, pad]] as const) {
          const counter = new IncrementalCounter(tokenizer, before + initial + after, size);
          check(tokenizer, counter, tokenizer.normalize(before + initial + after), before.length + from, before.length + to, insert);
        }
      }
    }
  });

  it('setText diffs against the current text: typing one character at a time', () => {
    const tokenizer = tokenizers.o200k_base!;
    const target = 'The quick brown fox — 敏捷的棕色狐狸 — jumps over 13 lazy dogs.\n\n  def f(x): return x';
    const counter = new IncrementalCounter(tokenizer);
    for (let i = 1; i <= target.length; i++) expect(counter.setText(target.slice(0, i))).toBe(tokenizer.count(target.slice(0, i)));
    for (let i = target.length - 1; i >= 0; i--) expect(counter.setText(target.slice(0, i))).toBe(tokenizer.count(target.slice(0, i)));
  });
});
