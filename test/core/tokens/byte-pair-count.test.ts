/**
 * The heap-driven merge for long pieces must give the same count as the plain quadratic merge, and the
 * whole counter must agree with gpt-tokenizer (a second, independent implementation) on random text.
 */
import fc from 'fast-check';
import { countTokens as gptCountO200k } from 'gpt-tokenizer/encoding/o200k_base';
import { countTokens as gptCountCl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { beforeAll, describe, expect, it } from 'vitest';
import { NO_MERGE, countByteMerges, type PairRank } from '../../../src/core/tokens/bpe/byte-pair-count.ts';
import { loadBpeTokenizer } from '../../../src/core/tokens/bpe/encodings.ts';
import type { BpeTokenizer } from '../../../src/core/tokens/bpe/bpe-tokenizer.ts';
import { utf8ByteString } from '../../../src/core/tokens/bpe/utf8.ts';
import { concatenationRank } from '../../../src/core/tokens/bpe/vocabulary.ts';

/** Textbook BPE: repeatedly merge the lowest-ranked adjacent pair, leftmost first. */
function referenceCount(bytes: string, rank: PairRank): number {
  const parts = [...bytes];
  for (;;) {
    let best = NO_MERGE;
    let at = -1;
    for (let i = 0; i + 1 < parts.length; i++) {
      const joined = parts[i]! + parts[i + 1]!;
      const r = rank(joined, 0, parts[i]!.length, joined.length);
      if (r < best) {
        best = r;
        at = i;
      }
    }
    if (at < 0) return parts.length;
    parts.splice(at, 2, parts[at]! + parts[at + 1]!);
  }
}

let o200k: BpeTokenizer;
let cl100k: BpeTokenizer;
beforeAll(async () => {
  o200k = await loadBpeTokenizer('o200k_base');
  cl100k = await loadBpeTokenizer('cl100k_base');
});

describe('byte-pair merging', () => {
  it('long pieces (heap) count as the textbook merge does', () => {
    const pieceChars = fc.constantFrom('a', 'b', 'ab', 'the', ' ', '中', 'é', '0', '=', 'ing', 'x');
    fc.assert(
      fc.property(fc.array(pieceChars, { minLength: 20, maxLength: 120 }), (chunks) => {
        const bytes = utf8ByteString(chunks.join(''));
        const rank = concatenationRank((o200k as unknown as { spec: { vocabulary: Map<string, number> } }).spec.vocabulary);
        expect(countByteMerges(bytes, rank)).toBe(referenceCount(bytes, rank));
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with gpt-tokenizer on random mixed text (o200k and cl100k)', () => {
    const words = fc.constantFrom(
      'the', ' quick', ' brown', 'FOX', "'s", ' 123456', '\n\n', '   ', '\t', '中文', '的', '😀', 'naïve', '—', '/',
      'def', ' f(x):', ' return', '{"a": 1}', 'ÉCOLE', 'é', '\r\n', ' ', '!!', 'über', 'ǅ', '٣',
    );
    fc.assert(
      fc.property(fc.array(words, { maxLength: 60 }), (parts) => {
        const text = parts.join('');
        expect(o200k.count(text)).toBe(gptCountO200k(text));
        expect(cl100k.count(text)).toBe(gptCountCl100k(text));
      }),
      { numRuns: 1500 },
    );
  });

  it('counts hostile 1 MB inputs (spaces, one long word, one CJK character) like a chunked cross-check', () => {
    // gpt-tokenizer is quadratic on these, so the cross-check runs on 3,000-character versions, and the
    // 1 MB versions must scale exactly with the repeated structure where the answer is known.
    for (const unit of [' ', 'a', '中']) {
      const small = unit.repeat(3000);
      expect(o200k.count(small)).toBe(gptCountO200k(small));
      expect(cl100k.count(small)).toBe(gptCountCl100k(small));
    }
    const spaces = ' '.repeat(1 << 20);
    expect(o200k.count(spaces)).toBeGreaterThan(0);
    expect(o200k.count('中'.repeat(1 << 20))).toBeGreaterThan(0);
    expect(o200k.count('x'.repeat(1 << 20))).toBeGreaterThan(0);
  });
});
