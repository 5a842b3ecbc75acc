/**
 * Lexical similarity without any model: the cosine of two texts' term-frequency (TF) vectors over word and
 * character n-grams. It sees shared wording, not meaning — "refund for order 123" and "refund for order 456" score
 * high, "怎么减肥" and "瘦身的方法" (seed 001's example of one question asked two ways) score 0 — which is exactly what
 * a semantic-cache audit has to show before anyone trusts a threshold.
 *
 * Features of a text, after Unicode NFKC and lower-casing:
 * - Chinese, Japanese and Korean runs (Han, Hiragana, Katakana, Hangul): every character bigram (`c2:退款`); a run of
 *   one character counts as itself (`c1:好`). These scripts write no spaces, so bigrams stand in for words.
 * - Other runs of letters, digits and combining marks are words: each word (`w:refund`) and, for words of three
 *   characters or more, its character trigrams with `#` marking the word's edges (`t:#re`, `t:ref`, …, `t:nd#`),
 *   so "refund" / "refunds" / "refunded" stay close. Punctuation and spaces separate runs and are not features.
 * - Weights are raw counts (TF; no IDF, so the score of a pair never depends on the rest of the log); the vector
 *   is scaled to length 1, so the cosine is a dot product. A text with no features is the zero vector: its
 *   similarity to anything is 0.
 *
 * Vectors are sparse: feature ids (interned per vocabulary, ascending) and weights.
 */

export interface SparseVector {
  /** Feature ids, ascending. */
  ids: Int32Array;
  /** Weights, length 1 overall (or all zero for a text with no features). */
  weights: Float64Array;
}

const CJK = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}';
const RUN = new RegExp(`([${CJK}]+)|((?:(?![${CJK}])[\\p{L}\\p{N}\\p{M}])+)`, 'gu');

/** The feature counts of a text (see the file comment). */
export function lexicalFeatures(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (feature: string) => counts.set(feature, (counts.get(feature) ?? 0) + 1);
  for (const match of text.normalize('NFKC').toLowerCase().matchAll(RUN)) {
    if (match[1] !== undefined) {
      const chars = [...match[1]];
      if (chars.length === 1) add(`c1:${chars[0]}`);
      for (let i = 0; i + 1 < chars.length; i++) add(`c2:${chars[i]}${chars[i + 1]}`);
    } else if (match[2] !== undefined) {
      const word = match[2];
      add(`w:${word}`);
      const chars = [...`#${word}#`];
      if (chars.length >= 5) for (let i = 0; i + 2 < chars.length; i++) add(`t:${chars[i]}${chars[i + 1]}${chars[i + 2]}`);
    }
  }
  return counts;
}

/** Turns texts into sparse unit vectors over one shared vocabulary. */
export class LexicalVectorizer {
  private readonly vocabulary = new Map<string, number>();

  /** Distinct features seen so far. */
  get size(): number {
    return this.vocabulary.size;
  }

  vectorize(text: string): SparseVector {
    const entries: [number, number][] = [];
    let norm = 0;
    for (const [feature, count] of lexicalFeatures(text)) {
      let id = this.vocabulary.get(feature);
      if (id === undefined) {
        id = this.vocabulary.size;
        this.vocabulary.set(feature, id);
      }
      entries.push([id, count]);
      norm += count * count;
    }
    entries.sort((a, b) => a[0] - b[0]);
    const scale = norm === 0 ? 0 : 1 / Math.sqrt(norm);
    return { ids: Int32Array.from(entries, (e) => e[0]), weights: Float64Array.from(entries, (e) => e[1] * scale) };
  }
}

/** Sparse unit vectors of many texts over one vocabulary. */
export function lexicalVectors(texts: readonly string[]): SparseVector[] {
  const vectorizer = new LexicalVectorizer();
  return texts.map((text) => vectorizer.vectorize(text));
}

/** The dot product of two sparse vectors (their cosine, as both have length 1). */
export function sparseDot(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let dot = 0;
  while (i < a.ids.length && j < b.ids.length) {
    const x = a.ids[i] as number;
    const y = b.ids[j] as number;
    if (x === y) dot += (a.weights[i++] as number) * (b.weights[j++] as number);
    else if (x < y) i++;
    else j++;
  }
  return dot;
}

/** Lexical cosine similarity of two texts, in [0, 1], rounded to 9 decimals (identical texts score exactly 1). */
export function lexicalSimilarity(a: string, b: string): number {
  const vectorizer = new LexicalVectorizer();
  return Math.min(1, Math.round(sparseDot(vectorizer.vectorize(a), vectorizer.vectorize(b)) * 1e9) / 1e9);
}
