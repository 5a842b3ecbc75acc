/**
 * The queue-driven merge for long pieces must give the same count as the plain quadratic merge, and the
 * whole counter must agree with gpt-tokenizer (a second, independent implementation) on random text.
 */
import fc from 'fast-check';
import { countTokens as gptCountO200k } from 'gpt-tokenizer/encoding/o200k_base';
import { countTokens as gptCountCl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { beforeAll, describe, expect, it } from 'vitest';
import { NO_MERGE, countByteMerges, type PairRank } from '../../../src/core/tokens/bpe/byte-pair-count.ts';
import { loadBpeTokenizer } from '../../../src/core/tokens/bpe/encodings.ts';
import { RankQueue } from '../../../src/core/tokens/bpe/rank-queue.ts';
import type { BpeTokenizer } from '../../../src/core/tokens/bpe/bpe-tokenizer.ts';
import { utf8ByteString } from '../../../src/core/tokens/bpe/utf8.ts';
import { concatenationRank, mergeListRank, mergeRanksFromByteLevel } from '../../../src/core/tokens/bpe/vocabulary.ts';

/**
 * Textbook BPE: repeatedly merge the lowest-ranked adjacent pair, leftmost first. Parts are strings
 * and each pair is ranked as a string of its own, so no positions, memo or queue are shared with the
 * code under test; only the two pairs a merge touches are re-ranked, to keep 2,000-byte pieces fast.
 */
function referenceCount(bytes: string, rank: PairRank): number {
  const parts = [...bytes];
  const pairRank = (i: number): number => {
    const joined = parts[i]! + parts[i + 1]!;
    return rank(joined, 0, parts[i]!.length, joined.length);
  };
  const ranks = parts.slice(1).map((_, i) => pairRank(i));
  for (;;) {
    let best = NO_MERGE;
    let at = -1;
    for (let i = 0; i < ranks.length; i++) {
      if (ranks[i]! < best) {
        best = ranks[i]!;
        at = i;
      }
    }
    if (at < 0) return parts.length;
    parts.splice(at, 2, parts[at]! + parts[at + 1]!);
    ranks.splice(at, 1);
    if (at < ranks.length) ranks[at] = pairRank(at);
    if (at > 0) ranks[at - 1] = pairRank(at - 1);
  }
}

let o200k: BpeTokenizer;
let cl100k: BpeTokenizer;
beforeAll(async () => {
  o200k = await loadBpeTokenizer('o200k_base');
  cl100k = await loadBpeTokenizer('cl100k_base');
});

describe('byte-pair merging', () => {
  const vocabularyOf = (tokenizer: BpeTokenizer) =>
    (tokenizer as unknown as { spec: { vocabulary: Map<string, number> } }).spec.vocabulary;
  const units = ['a', 'b', 'ab', 'the', ' ', '  ', '中', 'é', '0', '=', 'ing', 'x', 'xx', '\n', '😀', 'ー', '--'];

  it('long pieces count as the textbook merge does', () => {
    const rank = concatenationRank(vocabularyOf(o200k));
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...units), { minLength: 20, maxLength: 120 }), (chunks) => {
        const bytes = utf8ByteString(chunks.join(''));
        expect(countByteMerges(bytes, rank)).toBe(referenceCount(bytes, rank));
      }),
      { numRuns: 500 },
    );
  });

  it('repetitive 200–2,000-byte pieces count as the textbook merge does', () => {
    // Runs of one unit and mixes of two or three units put thousands of pairs at one rank, many of
    // them overlapping ('xxx'), where leftmost-first decides.
    const run = fc.record({ unit: fc.constantFrom(...units), times: fc.integer({ min: 1, max: 400 }) });
    const runs = fc
      .array(run, { minLength: 1, maxLength: 6 })
      .map((rs) => rs.map((r) => r.unit.repeat(r.times)).join(''));
    const few = fc.array(fc.constantFrom(...units), { minLength: 2, maxLength: 3 });
    const picks = fc.array(fc.nat(), { minLength: 60, maxLength: 700 });
    const mixes = fc.tuple(few, picks).map(([us, ks]) => ks.map((k) => us[k % us.length]!).join(''));
    const ranks = [concatenationRank(vocabularyOf(o200k)), concatenationRank(vocabularyOf(cl100k))];
    fc.assert(
      fc.property(fc.oneof(runs, mixes), fc.nat(1), (text, which) => {
        const bytes = utf8ByteString(text).slice(0, 2000);
        fc.pre(bytes.length >= 200);
        expect(countByteMerges(bytes, ranks[which]!)).toBe(referenceCount(bytes, ranks[which]!));
      }),
      { numRuns: 300 },
    );
  });

  it('random vocabularies and merge lists count as the textbook merge does', async () => {
    // Tokens over a 3-letter alphabet ranked in random order, so a merge often makes a pair ranked
    // below the one being merged; then Hugging Face's merge-list rule with random merge lists.
    const token = fc.stringMatching(/^[abc]{2,5}$/);
    const piece = fc.oneof(
      fc.stringMatching(/^[abc]{49,2000}$/),
      fc.tuple(fc.stringMatching(/^[abc]{1,4}$/), fc.integer({ min: 20, max: 500 })).map(([u, k]) => u.repeat(k)),
    );
    fc.assert(
      fc.property(fc.uniqueArray(token, { minLength: 1, maxLength: 120 }), piece, (tokens, bytes) => {
        const rank = concatenationRank(new Map(tokens.map((t, i) => [t, i])));
        expect(countByteMerges(bytes, rank)).toBe(referenceCount(bytes, rank));
      }),
      { numRuns: 300 },
    );
    const merge = fc.tuple(fc.stringMatching(/^[abc]{1,3}$/), fc.stringMatching(/^[abc]{1,3}$/));
    await fc.assert(
      fc.asyncProperty(fc.array(merge, { minLength: 1, maxLength: 80 }), piece, async (merges, bytes) => {
        const rank = mergeListRank(await mergeRanksFromByteLevel(merges));
        expect(countByteMerges(bytes, rank)).toBe(referenceCount(bytes, rank));
      }),
      { numRuns: 200 },
    );
  });

  it('the rank queue pops lowest rank, then lowest position, whatever order entries come in', () => {
    // Merging has not been seen to push a rank's positions out of order, so the queue's out-of-order
    // path is checked here, against a sorted list.
    const queue = new RankQueue();
    const push = fc.record({ rank: fc.integer({ min: 0, max: 40 }), step: fc.integer({ min: -30, max: 30 }) });
    const op = fc.oneof({ arbitrary: push, weight: 4 }, { arbitrary: fc.constant(null), weight: 1 });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 600 }), fc.integer({ min: 1, max: 8 }), (ops, ranks) => {
        queue.reset();
        const rankOf = new Map<number, number>();
        const model: Array<[number, number]> = [];
        const popBoth = () => {
          model.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
          const [rank, position] = model.shift()!;
          expect(queue.isEmpty).toBe(false);
          const got = queue.pop();
          expect([rankOf.get(queue.popped), got]).toEqual([rank, position]);
        };
        let cursor = 0;
        for (const o of ops) {
          if (o === null) {
            if (model.length > 0) popBoth();
            continue;
          }
          cursor = Math.max(0, cursor + o.step);
          const rank = o.rank % ranks;
          const id = queue.bucketOf(rank);
          rankOf.set(id, rank);
          queue.push(id, cursor);
          model.push([rank, cursor]);
        }
        while (model.length > 0) popBoth();
        expect(queue.isEmpty).toBe(true);
      }),
      { numRuns: 500 },
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
    // gpt-tokenizer is quadratic on these, so the cross-check runs on 4,096-character versions. Both
    // encodings make 128-space, 8-letter and one-character tokens of such runs, so 2^20 characters
    // count exactly 256 times as many tokens.
    for (const unit of [' ', 'x', '中']) {
      const small = unit.repeat(4096);
      const large = unit.repeat(1 << 20);
      const [o200kSmall, cl100kSmall] = [gptCountO200k(small), gptCountCl100k(small)];
      expect(o200k.count(small)).toBe(o200kSmall);
      expect(cl100k.count(small)).toBe(cl100kSmall);
      expect(o200k.count(large)).toBe(256 * o200kSmall);
      expect(cl100k.count(large)).toBe(256 * cl100kSmall);
    }
  });
});

describe('UTF-8 byte strings', () => {
  it('long and short paths agree with Buffer, lone surrogates included', () => {
    const unit = fc.constantFrom('a', 'é', '中', '😀', '\ud800', '\udc00', ' ', '\u0085');
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 400 }), (units) => {
        const text = units.join('');
        expect(utf8ByteString(text)).toBe(Buffer.from(text, 'utf8').toString('latin1'));
      }),
      { numRuns: 500 },
    );
  });
});
