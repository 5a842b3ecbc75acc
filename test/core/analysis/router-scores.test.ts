import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  HEURISTIC_CLASSIFIER, classifyComplexity, heuristicScore, heuristicWordCount,
} from '../../../src/core/analysis/router-scores/heuristic.ts';
import { knnScores, knnScoresWithEmbedder, strongWins } from '../../../src/core/analysis/router-scores/knn.ts';
import { characterCount, lengthScores } from '../../../src/core/analysis/router-scores/length.ts';
import { oracleScores } from '../../../src/core/analysis/router-scores/oracle.ts';
import { randomScores } from '../../../src/core/analysis/router-scores/random.ts';
import { parseScoreFile } from '../../../src/core/analysis/router-scores/score-file.ts';
import { selfConfidenceScores } from '../../../src/core/analysis/router-scores/self-confidence.ts';
import type { Embedder } from '../../../src/core/embeddings/embedder.ts';
import { catchError } from '../../helpers/catch-error.ts';

const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');

describe('heuristic: the seed ComplexityClassifier (002 §2.2), rule by rule', () => {
  it('one trivial opener and one question mark → trivial (score 0)', () => {
    // TRIVIAL_SIGNALS ^(what is…) matches (1); one "?" adds 1; no complex signal
    expect(classifyComplexity('What is the capital of France?')).toMatchObject({ level: 'trivial', score: 0, complexScore: 0, trivialScore: 2 });
  });

  it('three complex signals → complex (score 1)', () => {
    // compare (pattern 1), pros and cons (pattern 4), explain why (pattern 5)
    expect(classifyComplexity('Compare the pros and cons of microservices and explain why teams pick them.')).toMatchObject({ level: 'complex', score: 1, complexScore: 3 });
  });

  it('one complex signal: simple up to 30 words, moderate above', () => {
    expect(classifyComplexity('Please debug this function for me')).toMatchObject({ level: 'simple', complexScore: 1, words: 6 });
    expect(heuristicScore('Please debug this function for me')).toBeCloseTo(1 / 3, 15);
    // "I am stuck because" (4 words) + 31 = 35 words > 30
    expect(classifyComplexity(`I am stuck because ${words(31)}`)).toMatchObject({ level: 'moderate', words: 35 });
    expect(heuristicScore(`I am stuck because ${words(31)}`)).toBeCloseTo(2 / 3, 15);
  });

  it('no signal: by word count — ≤ 10 trivial, ≤ 30 simple, else moderate', () => {
    expect(classifyComplexity(words(10)).level).toBe('trivial');
    expect(classifyComplexity(words(11)).level).toBe('simple');
    expect(classifyComplexity(words(30)).level).toBe('simple');
    expect(classifyComplexity(words(31)).level).toBe('moderate');
  });

  it('code markers and more than three question marks add 2 each', () => {
    // ``` → +2 (simple); + refactor → 3 (complex)
    expect(classifyComplexity('```js\nconsole.log(1)\n```')).toMatchObject({ complexScore: 2, level: 'simple' });
    expect(classifyComplexity('refactor: ```js\nconsole.log(1)\n```')).toMatchObject({ complexScore: 3, level: 'complex' });
    expect(classifyComplexity('def f(x): return x')).toMatchObject({ complexScore: 2 });
    // four "?" → +2; exactly three → neither
    expect(classifyComplexity('a? b? c? d?')).toMatchObject({ complexScore: 2, trivialScore: 0 });
    expect(classifyComplexity('a? b? c?')).toMatchObject({ complexScore: 0, trivialScore: 0, level: 'trivial' });
  });

  it('the greeting pattern is case-sensitive, as in the seed', () => {
    // 1 + 11 words = 12 > 10: only the trivial signal makes it trivial
    expect(classifyComplexity(`hello ${words(11)}`).level).toBe('trivial');
    expect(classifyComplexity(`Hello ${words(11)}`).level).toBe('simple');
  });

  it('context tokens and turns decide first', () => {
    expect(classifyComplexity('hi', { contextTokens: 100_001 }).level).toBe('complex');
    expect(classifyComplexity('hi', { contextTokens: 60_000 }).level).toBe('moderate');
    expect(classifyComplexity('hi', { contextTokens: 50_000 }).level).toBe('trivial');
    expect(classifyComplexity('hi', { turns: 6 }).level).toBe('moderate');
    expect(classifyComplexity('hi', { turns: 5 }).level).toBe('trivial');
  });

  it('Chinese: the 001 keywords, CJK characters as words, the full-width question mark', () => {
    expect(heuristicWordCount('hello 世界 again')).toBe(4);
    // 翻译 is a trivial signal (001 line 429)
    expect(classifyComplexity('请把这段话翻译成英文')).toMatchObject({ level: 'trivial', trivialScore: 1, words: 10 });
    // 数学推理 and 如果…那么: two complex signals; 17 CJK characters + punctuation: ≤ 30 words → simple
    const zh = '做数学推理：如果甲比乙大，那么谁最小';
    expect(classifyComplexity(zh)).toMatchObject({ complexScore: 2, level: 'simple' });
    // 4 + 30 CJK characters = 34 words > 30 with a complex signal → moderate
    expect(classifyComplexity(`代码生成${'很'.repeat(30)}`)).toMatchObject({ complexScore: 1, words: 34, level: 'moderate' });
    expect(classifyComplexity('这是什么？')).toMatchObject({ trivialScore: 1 });
  });

  it('is a pure function of the text with four possible scores', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const score = heuristicScore(text);
        expect(HEURISTIC_CLASSIFIER.scores).toContain(score);
        expect(heuristicScore(text)).toBe(score);
      }),
    );
  });
});

describe('length, oracle and random scores', () => {
  it('length: tokens with a counter, else code points', () => {
    expect(characterCount('a中😀')).toBe(3);
    expect(lengthScores(['ab', 'a中😀'])).toEqual({ unit: 'characters', scores: [2, 3] });
    expect(lengthScores(['one two', 'x'], { count: (t) => t.split(' ').length })).toEqual({ unit: 'tokens', scores: [2, 1] });
  });

  it('oracle: strong − weak quality', () => {
    expect(oracleScores([{ weakQuality: 0, strongQuality: 1 }, { weakQuality: 1, strongQuality: 1 }, { weakQuality: 0.75, strongQuality: 0.25 }])).toEqual([1, 0, -0.5]);
  });

  it('random: seeded, uniform in [0, 1), different per seed', () => {
    const a = randomScores(1000, 1);
    expect(randomScores(1000, 1)).toEqual(a);
    expect(randomScores(1000, 2)).not.toEqual(a);
    expect(a.every((s) => s >= 0 && s < 1)).toBe(true);
    const mean = a.reduce((x, y) => x + y, 0) / a.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.05); // σ of the mean ≈ 0.29/√1000 ≈ 0.009
    expect(catchError(() => randomScores(3, -1))).toMatchObject({ code: 'bad-routing-input' });
    expect(catchError(() => randomScores(3, 1.5))).toMatchObject({ code: 'bad-routing-input' });
  });
});

describe('self-confidence score', () => {
  it('1 − confidence, or 1 − exp(logprob); confidence wins when both are there', () => {
    const scores = selfConfidenceScores([{ confidence: 0.8 }, { logprob: -0.5 }, { confidence: 1, logprob: -3 }, { logprob: 0 }]);
    expect(scores[0]).toBeCloseTo(0.2, 12);
    expect(scores[1]).toBeCloseTo(1 - Math.exp(-0.5), 12); // 0.3935
    expect(scores.slice(2)).toEqual([0, 0]);
  });

  it('names the first item without a label, and rejects values out of range', () => {
    const error = catchError(() => selfConfidenceScores([{ confidence: 0.5 }, { correct: true }, undefined], ['7', '8', '9']));
    expect(error).toMatchObject({ code: 'bad-routing-input', location: { field: 'items[1].labels' } });
    expect(error.message).toContain('item 8');
    expect(error.message).toContain('2 of 3');
    expect(catchError(() => selfConfidenceScores([{ confidence: 1.5 }])).location.field).toBe('items[0].labels.confidence');
    expect(catchError(() => selfConfidenceScores([{ logprob: 0.1 }])).location.field).toBe('items[0].labels.logprob');
  });
});

describe('kNN score over embeddings (leave-one-out)', () => {
  // A (1, 0) and B (0.9, 0.1): the strong model won; C (0, 1) and D (0.1, 0.9): it did not.
  const vectors = [[1, 0], [0.9, 0.1], [0, 1], [0.1, 0.9]];
  const wins = [1, 1, 0, 0];

  it('k = 1: each item takes its one nearest other item\'s label', () => {
    expect(knnScores(vectors, wins, { k: 1 })).toEqual([1, 1, 0, 0]);
  });

  it('k = 2: A\'s neighbours are B (cos 0.994) and D (cos 0.110), not C (cos 0) → 0.5', () => {
    expect(knnScores(vectors, wins, { k: 2 })).toEqual([0.5, 0.5, 0.5, 0.5]);
  });

  it('never sees its own label: with k ≥ n − 1 the score is the mean of the others', () => {
    // A: (1 + 0 + 0)/3; C: (1 + 1 + 0)/3
    const scores = knnScores(vectors, wins, { k: 10 });
    expect(scores[0]).toBeCloseTo(1 / 3, 15);
    expect(scores[2]).toBeCloseTo(2 / 3, 15);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }), fc.boolean()), { minLength: 2, maxLength: 12 }), (rows) => {
        const v = rows.map(([x, y]) => [x, y]);
        const w = rows.map(([, , win]) => (win ? 1 : 0));
        const all = knnScores(v, w, { k: rows.length });
        const total = w.reduce((a: number, b) => a + b, 0);
        all.forEach((s, i) => expect(s).toBeCloseTo((total - (w[i] as number)) / (rows.length - 1), 12));
      }),
    );
  });

  it('strongWins: 1 where strong − weak > 0', () => {
    expect(strongWins([{ weakQuality: 0, strongQuality: 1 }, { weakQuality: 1, strongQuality: 1 }, { weakQuality: 0.2, strongQuality: 0.3 }])).toEqual([1, 0, 1]);
  });

  it('through an Embedder port, in batches, adding up its tokens', async () => {
    const embedder: Embedder = {
      name: 'test:table',
      embed: async (texts) => ({ vectors: texts.map((t) => vectors[Number(t)] as number[]), inputTokens: texts.length * 3 }),
    };
    expect(await knnScoresWithEmbedder(embedder, ['0', '1', '2', '3'], wins, { k: 1, batchSize: 3 })).toEqual({ scores: [1, 1, 0, 0], inputTokens: 12 });
  });

  it('rejects k < 1, mismatched lengths and a single item', () => {
    expect(catchError(() => knnScores(vectors, wins, { k: 0 }))).toMatchObject({ code: 'bad-routing-input' });
    expect(catchError(() => knnScores(vectors, [1]))).toMatchObject({ code: 'bad-routing-input' });
    expect(catchError(() => knnScores([[1, 0]], [1]))).toMatchObject({ code: 'bad-routing-input' });
  });
});

describe('file:PATH scores', () => {
  const file = (text: string) => ({ path: 'scores.jsonl', text });

  it('reads {"index","score"} lines in any order, skipping blank lines and extra keys', () => {
    expect(parseScoreFile(file('{"index": 2, "score": 0.5}\n\n{"index": 0, "score": -1, "note": "x"}\r\n{"index": 1, "score": 3}\n'), 3)).toEqual([-1, 3, 0.5]);
  });

  it('names file, line and field for each problem', () => {
    const cases: [string, number, Record<string, unknown>, string][] = [
      ['{"index": 0, "score": 1}\n{"index": 1, "score": }', 2, { line: 2 }, 'not valid JSON'],
      ['[1, 2]', 1, { line: 1 }, 'not a JSON object'],
      ['{"score": 1}', 1, { line: 1, field: 'index' }, 'got nothing'],
      ['{"index": 0.5, "score": 1}', 1, { line: 1, field: 'index' }, 'whole number'],
      ['{"index": 3, "score": 1}', 1, { line: 1, field: 'index' }, 'out of range'],
      ['{"index": -1, "score": 1}', 1, { line: 1, field: 'index' }, 'out of range'],
      ['{"index": 0, "score": 1}\n{"index": 0, "score": 2}', 2, { line: 2, field: 'index' }, 'first on line 1'],
      ['{"index": 0, "score": "high"}', 1, { line: 1, field: 'score' }, 'finite number'],
      ['{"index": 0, "score": null}', 1, { line: 1, field: 'score' }, 'finite number'],
    ];
    for (const [text, n, location, message] of cases) {
      const error = catchError(() => parseScoreFile(file(text), n));
      expect(error.code).toBe('bad-score-file');
      expect(error.location).toMatchObject({ file: 'scores.jsonl', ...location });
      expect(error.message).toContain(message);
      if (location['line'] !== undefined) expect(error.describe()).toMatch(new RegExp(`^scores\\.jsonl:${String(location['line'])}: `));
    }
  });

  it('lists indices with no line', () => {
    const error = catchError(() => parseScoreFile(file('{"index": 1, "score": 0}'), 4));
    expect(error.location).toMatchObject({ file: 'scores.jsonl', field: 'index' });
    expect(error.message).toBe('has no line for index 0, 2, 3 (1 of 4 items scored)');
  });
});
