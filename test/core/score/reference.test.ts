import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  chooseReferenceMetric,
  exactMatch,
  extractNumber,
  lcsLength,
  normalizeAnswer,
  numericMatch,
  referenceScore,
  rougeL,
  tokenF1,
} from '../../../src/core/score/reference.ts';

describe('normalisation and exact match', () => {
  it('ignores case, whitespace and punctuation', () => {
    expect(normalizeAnswer('  The  Cat, sat!\n')).toBe('the cat sat');
    expect(normalizeAnswer('The cat', { removeArticles: true })).toBe('cat');
    expect(exactMatch('The Cat!', 'the   cat')).toBe(1);
    expect(exactMatch('the cat', 'a cat')).toBe(0);
    expect(exactMatch('the cat', 'a cat', { removeArticles: true })).toBe(1);
  });
});

describe('tokenF1', () => {
  it('"the cat sat" vs "a cat sat down", articles kept: P 2/3, R 2/4 → F1 4/7', () => {
    expect(tokenF1('the cat sat', 'a cat sat down', { removeArticles: false })).toBeCloseTo(4 / 7, 12);
    expect(4 / 7).toBeCloseTo(0.5714, 4);
  });

  it('SQuAD default drops articles: "cat sat" vs "cat sat down": P 1, R 2/3 → F1 0.8', () => {
    expect(tokenF1('the cat sat', 'a cat sat down')).toBeCloseTo(0.8, 12);
  });

  it('counts repeated tokens with multiplicity', () => {
    // output [cat, cat, cat], reference [cat, dog]: overlap 1, P 1/3, R 1/2 → F1 0.4
    expect(tokenF1('cat cat cat', 'cat dog')).toBeCloseTo(0.4, 12);
  });

  it('scores empty texts: both 1, one 0; no overlap 0', () => {
    expect(tokenF1('', '...')).toBe(1);
    expect(tokenF1('the', 'cat')).toBe(0);
    expect(tokenF1('dog', 'cat')).toBe(0);
  });

  it('is symmetric and in [0, 1]', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), (a, b) => {
        const f = tokenF1(a, b);
        expect(f).toBeGreaterThanOrEqual(0);
        expect(f).toBeLessThanOrEqual(1);
        expect(f).toBeCloseTo(tokenF1(b, a), 12);
      }),
    );
    const words = fc.array(fc.constantFrom('a', 'the', 'cat', 'sat', 'mat', 'on', 'Dog'), { maxLength: 12 }).map((w) => w.join(' '));
    fc.assert(
      fc.property(words, words, (a, b) => {
        expect(tokenF1(a, b)).toBeCloseTo(tokenF1(b, a), 12);
        expect(tokenF1(a, a)).toBe(1);
      }),
    );
  });
});

describe('ROUGE-L', () => {
  it('LCS of token lists', () => {
    expect(lcsLength(['a', 'b', 'c', 'd'], ['a', 'c', 'd', 'b'])).toBe(3);
    expect(lcsLength([], ['a'])).toBe(0);
  });

  it('"the cat sat on the mat" vs "the cat is on the mat": LCS 5, P = R = 5/6', () => {
    expect(rougeL('the cat sat on the mat', 'the cat is on the mat')).toBeCloseTo(5 / 6, 12);
  });

  it('"police killed the gunman" vs "the gunman killed police": LCS 2 of 4 → 0.5', () => {
    expect(rougeL('police killed the gunman', 'the gunman killed police')).toBeCloseTo(0.5, 12);
  });

  it('unequal lengths: "a b c" vs "a x b y c z": LCS 3, P 1, R 1/2 → 2/3', () => {
    expect(rougeL('A, b. C!', 'a x b y c z')).toBeCloseTo(2 / 3, 12);
  });

  it('is symmetric and in [0, 1]', () => {
    const words = fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { maxLength: 15 }).map((w) => w.join(' '));
    fc.assert(
      fc.property(words, words, (a, b) => {
        const r = rougeL(a, b);
        expect(r).toBeGreaterThanOrEqual(0);
        expect(r).toBeLessThanOrEqual(1);
        expect(r).toBeCloseTo(rougeL(b, a), 12);
      }),
    );
  });
});

describe('numeric answers', () => {
  it.each([
    ['#### 42', 42],
    ['The answer is 3,450.', 3450],
    ['She has 3 apples, then 5 more: 8 in all', 8],
    ['Janet sells 16 - 3 - 4 = 9 eggs.\n#### 18 dollars, so 9 * 2', 18],
    ['It costs $1,234.50 total', 1234.5],
    ['The temperature is -3.5 degrees', -3.5],
    ['pages 3-4', 4],
    ['x2 and y10', 10],
    ['no number here', null],
  ])('%j → %s', (text, expected) => {
    expect(extractNumber(text)).toBe(expected);
  });

  it('compares with 1e-6 relative tolerance', () => {
    expect(numericMatch('so it is 3450.000001', '#### 3,450')).toBe(1);
    expect(numericMatch('so it is 3450.01', '3450')).toBe(0);
    expect(numericMatch('0', '#### 0')).toBe(1);
    expect(numericMatch('none', '42')).toBe(0);
  });

  it('chooses numeric for a math set, else token F1', () => {
    expect(chooseReferenceMetric(['42', 'She pays 3 + 4 = 7.\n#### 7', '3,450', '-2.5'])).toBe('numeric');
    expect(chooseReferenceMetric(['42', 'Paris'])).toBe('f1');
    expect(chooseReferenceMetric([])).toBe('f1');
  });

  it('referenceScore dispatches on the metric', () => {
    expect(referenceScore('exact', 'Paris.', 'paris')).toBe(1);
    expect(referenceScore('numeric', 'The answer is 7.', '#### 7')).toBe(1);
    expect(referenceScore('f1', 'the cat sat', 'a cat sat down')).toBeCloseTo(0.8, 12);
    expect(referenceScore('rouge-l', 'the cat sat on the mat', 'the cat is on the mat')).toBeCloseTo(5 / 6, 12);
  });
});
