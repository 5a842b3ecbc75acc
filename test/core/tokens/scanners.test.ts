/**
 * The hand-written pre-tokenizers must split exactly as the regexes they replace. The regexes here use
 * \p{White_Space} for \s, as tiktoken's Rust regex does.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeCl100kScanner, scanO200k, scanR50k, type PieceScanner } from '../../../src/core/tokens/bpe/scanners.ts';

const S = '\\p{White_Space}';
const NS = '\\P{White_Space}';
const CONTRACTIONS_CI = "(?:'[sSſ]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])";
const UP = '[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]';
const LO = '[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]';

const cl100k = (digits: string) =>
  new RegExp(
    `${CONTRACTIONS_CI}|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}${digits}| ?[^${S}\\p{L}\\p{N}]+[\\r\\n]*|${S}*[\\r\\n]+|${S}+(?!${NS})|${S}+`,
    'gu',
  );
const o200k = new RegExp(
  `[^\\r\\n\\p{L}\\p{N}]?${UP}*${LO}+${CONTRACTIONS_CI}?|[^\\r\\n\\p{L}\\p{N}]?${UP}+${LO}*${CONTRACTIONS_CI}?|\\p{N}{1,3}| ?[^${S}\\p{L}\\p{N}]+[\\r\\n/]*|${S}*[\\r\\n]+|${S}+(?!${NS})|${S}+`,
  'gu',
);
const r50k = new RegExp(`'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^${S}\\p{L}\\p{N}]+|${S}+(?!${NS})|${S}+`, 'gu');

function byRegex(pattern: RegExp, text: string): string[] {
  return [...text.matchAll(pattern)].map((m) => m[0]);
}

function byScanner(scan: PieceScanner, text: string): string[] {
  const pieces: string[] = [];
  for (let i = 0; i < text.length; ) {
    const e = scan(text, i);
    expect(e).toBeGreaterThan(i);
    pieces.push(text.slice(i, e));
    i = e;
  }
  return pieces;
}

// Every class the patterns distinguish: cases, modifier/other letters, marks, digits and other numbers,
// spaces of several kinds, newlines, apostrophes and contraction letters, slashes, punctuation, CJK, emoji.
const ALPHABET = [
  'a', 'b', 's', 't', 'r', 'e', 'v', 'm', 'l', 'd', 'S', 'T', 'R', 'E', 'L', 'D', 'A', 'Z', 'ſ',
  'ǅ', 'ʰ', 'ª', '中', '文', 'é', '\u0301', '\u0903', '0', '7', '٣', 'Ⅻ', '½',
  ' ', ' ', ' ', '\t', '\u00a0', '\u3000', '\u2028', '\u0085', '\n', '\r', '\v',
  "'", "'", '/', '!', '.', ',', '-', '"', '😀', '🇫', '\ud800', '$',
];
const texts = fc
  .array(fc.constantFrom(...ALPHABET), { maxLength: 40 })
  .map((chars) => chars.join(''));

describe('pre-tokenizer scanners equal their regexes', () => {
  const cases: Array<[string, PieceScanner, RegExp]> = [
    ['cl100k / llama3 (\\p{N}{1,3})', makeCl100kScanner(3), cl100k('{1,3}')],
    ['qwen2 (\\p{N})', makeCl100kScanner(1), cl100k('')],
    ['o200k', scanO200k, o200k],
    ['r50k / p50k', scanR50k, r50k],
  ];
  for (const [name, scan, pattern] of cases) {
    it(`${name}: random strings over every character class`, () => {
      fc.assert(
        fc.property(texts, (text) => {
          expect(byScanner(scan, text)).toEqual(byRegex(pattern, text));
        }),
        { numRuns: 4000 },
      );
    });
  }

  it('worked examples', () => {
    expect(byScanner(scanO200k, "HELLOworld helloWorld aujourd'hui I'LL")).toEqual([
      'HELLOworld', ' hello', 'World', ' aujourd', "'hui", " I'LL",
    ]);
    expect(byScanner(makeCl100kScanner(3), 'x  \n\n  y 12345')).toEqual(['x', '  \n\n', ' ', ' y', ' ', '123', '45']);
    expect(byScanner(scanR50k, "it's   done")).toEqual(['it', "'s", '  ', ' done']);
  });

  it('scans a 1 MB run of spaces as one piece in one pass', () => {
    const text = ' '.repeat(1 << 20);
    expect(byScanner(scanO200k, text)).toEqual([text]);
    expect(byScanner(makeCl100kScanner(3), `${text}x`)).toEqual([text.slice(1), ' x']);
  });
});
