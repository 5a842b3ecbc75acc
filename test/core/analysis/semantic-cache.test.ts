import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lexicalFeatures, lexicalSimilarity, lexicalVectors, sparseDot } from '../../../src/core/analysis/lexical-similarity.ts';
import { buildNeighborIndex } from '../../../src/core/analysis/semantic-cache-neighbors.ts';
import { semanticCacheAudit } from '../../../src/core/analysis/semantic-cache.ts';
import type { CacheLogEntry, CacheSweepRow } from '../../../src/core/analysis/semantic-cache.ts';
import { known, unknown } from '../../../src/core/money/money.ts';
import { catchError } from '../../helpers/catch-error.ts';

const cent = known(10_000_000_000n); // $0.01 in picodollars

describe('lexicalFeatures / lexicalSimilarity', () => {
  it('words, their edge-marked trigrams, and CJK character bigrams', () => {
    expect(Object.fromEntries(lexicalFeatures('Cat, cat!'))).toEqual({ 'w:cat': 2, 't:#ca': 2, 't:cat': 2, 't:at#': 2 });
    expect(Object.fromEntries(lexicalFeatures('申请退款'))).toEqual({ 'c2:申请': 1, 'c2:请退': 1, 'c2:退款': 1 });
    expect(Object.fromEntries(lexicalFeatures('好 ok'))).toEqual({ 'c1:好': 1, 'w:ok': 1 }); // "#ok#" is too short for trigrams
    expect(Object.fromEntries(lexicalFeatures('订单12退款'))).toEqual({ 'c2:订单': 1, 'w:12': 1, 'c2:退款': 1 });
    expect(lexicalFeatures('?! …').size).toBe(0);
  });

  it('cosine of TF vectors, worked by hand (rounded to 9 decimals)', () => {
    // {a, b} · {a, c}: one shared word of two → 1/(√2·√2) = 1/2
    expect(lexicalSimilarity('a b', 'a c')).toBeCloseTo(0.5, 12);
    // 退款申请 {退款, 款申, 申请} · 申请退款 {申请, 请退, 退款}: 2 shared of 3 → 2/3
    expect(lexicalSimilarity('退款申请', '申请退款')).toBeCloseTo(2 / 3, 9);
    // cat {w:cat, #ca, cat, at#} · cats {w:cats, #ca, cat, ats, ts#}: 2 shared → 2/√(4·5)
    expect(lexicalSimilarity('cat', 'cats')).toBeCloseTo(2 / Math.sqrt(20), 9);
    expect(lexicalSimilarity('Where is my order?', 'where is my ORDER')).toBe(1);
    expect(lexicalSimilarity('怎么减肥', '瘦身的方法')).toBe(0); // same question, no shared wording: lexical cannot see it
    expect(lexicalSimilarity('', 'anything')).toBe(0);
  });
});

// Six queries with 2-d vectors (cosines by hand: [1,0]·[.8,.6] = .8, [0,1]·[.8,.6] = .6, [.8,.6]·[.6,.8] = .96).
const log: (CacheLogEntry & { vector: number[] })[] = [
  { text: 'Hi', group: 'A', cost: cent, vector: [1, 0] },
  { text: 'hi ', group: 'A', cost: cent, vector: [2, 0] }, // length does not matter
  { text: 'b', group: 'B', cost: cent, vector: [0, 1] },
  { text: 'c', group: 'B', cost: cent, vector: [0.8, 0.6] },
  { text: 'd', group: 'B', cost: cent, vector: [0.6, 0.8] },
  { text: 'HI', group: 'C', cost: cent, vector: [1, 0] },
];
const dense = { kind: 'dense' as const, vectors: log.map((q) => q.vector) };
const figures = (r: CacheSweepRow) => [r.threshold, r.hits, r.trueHits, r.falseHits, r.falseHitRate, r.recall];

describe('semanticCacheAudit — worked example', () => {
  it('replays the cache (hits store nothing) at each threshold', () => {
    // 0.7: q0 miss; q1 → q0 (1.0) true; q2 miss; q3 → q0 (.8 beats q2's .6) FALSE; q4 → q2 (.8; q3 was a hit, so
    //      not cached) true; q5 → q0 (1.0) FALSE. 4 hits, 2 true, 2 false.
    // 0.9: q3 misses (.8) and is cached; q4 → q3 (.96) true; q5 false. 3 hits, 2 true, 1 false.
    // 1.0: q1 true, q4 misses (.96), q5 false. 2 hits, 1 true, 1 false.
    // Duplicates (group seen before): q1, q3, q4 → 3.
    const audit = semanticCacheAudit(log, dense, { thresholds: [1, 0.7, 0.9], embeddingCost: known(5_000_000_000n), maxFalseHitRate: 0.5 });
    expect([audit.queries, audit.groups, audit.duplicates]).toEqual([6, 3, 3]);
    expect(audit.rows.map(figures)).toEqual([
      [0.7, 4, 2, 2, 0.5, 2 / 3],
      [0.9, 3, 2, 1, 1 / 3, 2 / 3],
      [1, 2, 1, 1, 0.5, 1 / 3],
    ]);
    const at07 = audit.rows[0] as CacheSweepRow;
    // saved 4 × $0.01 = $0.04 of $0.06 (2/3); minus $0.005 of embeddings = $0.035
    expect(at07.saved).toEqual(known(40_000_000_000n));
    expect(at07.netSaved).toEqual(known(35_000_000_000n));
    expect(at07.savedShare).toBeCloseTo(2 / 3, 9);
    expect(audit.totalCost).toEqual(known(60_000_000_000n));
    // Most true hits within a 50 % false-hit rate: 0.7 and 0.9 both make 2; the higher threshold wins.
    expect(audit.recommended).toBe(0.9);
    // Exact match (NFKC, lower case, collapsed spaces): q1 and q5 both hit q0 — one right, one wrong.
    expect(figures(audit.exact as CacheSweepRow)).toEqual([null, 2, 1, 1, 0.5, 1 / 3]);
  });

  it('recommends nothing when every threshold serves a wrong answer and none is allowed', () => {
    expect(semanticCacheAudit(log, dense, { thresholds: [0.7, 0.9, 1] }).recommended).toBeNull();
  });

  it('an unknown cost stays unknown in the sums', () => {
    const priced = log.map((q, i) => ({ ...q, cost: i === 5 ? unknown('acme:x input') : q.cost }));
    const audit = semanticCacheAudit(priced, dense, { thresholds: [0.7] });
    expect(audit.totalCost.known).toBe(false);
    expect(audit.rows[0]?.saved.known).toBe(false); // q5 is a hit
    expect(audit.rows[0]?.savedShare).toBeNull();
  });

  it('bad input names the field', () => {
    expect(catchError(() => semanticCacheAudit([], dense, { thresholds: [0.5] })).location.field).toBe('entries');
    expect(catchError(() => semanticCacheAudit(log, { kind: 'dense', vectors: [[1]] }, { thresholds: [0.5] })).location.field).toBe('vectors');
    expect(catchError(() => semanticCacheAudit(log, dense, { thresholds: [2] })).location.field).toBe('thresholds[0]');
    expect(catchError(() => semanticCacheAudit(log, dense, { thresholds: [0.5, 0] })).location.field).toBe('thresholds[1]');
    const ragged = { kind: 'dense' as const, vectors: log.map((q, i) => (i === 3 ? [1, 2, 3] : q.vector)) };
    expect(catchError(() => semanticCacheAudit(log, ragged, { thresholds: [0.5] })).location.field).toBe('vectors[3]');
  });
});

// ---------------------------------------------------------------------------------------------------
// Properties: the fast paths agree with the plain O(n²) replay
// ---------------------------------------------------------------------------------------------------

/** The cache the plain way: for each query, scan every cached earlier query by text. */
function naive(texts: readonly string[], groups: readonly string[], threshold: number) {
  const cached: number[] = [];
  let hits = 0;
  let trueHits = 0;
  texts.forEach((text, i) => {
    let best = -1;
    let bestSim = -Infinity;
    for (const j of cached) {
      const s = Math.round(lexicalSimilarity(text, texts[j] as string) * 1e9) / 1e9;
      if (s >= threshold && s > bestSim) {
        best = j;
        bestSim = s;
      }
    }
    if (best < 0) cached.push(i);
    else {
      hits += 1;
      if (groups[best] === groups[i]) trueHits += 1;
    }
  });
  return [hits, trueHits];
}

const word = fc.constantFrom('refund', 'order', '123', '456', 'my', 'where', 'is', 'password', 'reset', '退款', '订单', '怎么');
const query = fc.array(word, { minLength: 0, maxLength: 5 }).map((w) => w.join(' '));
const queryLog = fc.array(fc.tuple(query, fc.constantFrom('g1', 'g2', 'g3')), { minLength: 1, maxLength: 25 });

describe('semanticCacheAudit — properties', () => {
  it('the inverted index finds exactly the pairs a brute-force dot product finds', () => {
    fc.assert(fc.property(queryLog, fc.double({ min: 0.05, max: 1, noNaN: true }), (rows, floor) => {
      const vectors = lexicalVectors(rows.map((r) => r[0]));
      const index = buildNeighborIndex({ kind: 'sparse', vectors }, floor, 1000);
      vectors.forEach((v, i) => {
        const expected = vectors
          .slice(0, i)
          .map((w, j) => [j, Math.round(sparseDot(v, w) * 1e9) / 1e9] as const)
          .filter(([, s]) => s >= floor)
          .sort((a, b) => b[1] - a[1] || a[0] - b[0]);
        const list = index.neighbors(i);
        expect([...list.ids]).toEqual(expected.map(([j]) => j));
      });
    }));
  });

  it('lexical replay equals the plain replay at every threshold, with a cap of 1 (the fallback) and of 64', () => {
    fc.assert(fc.property(queryLog, (rows) => {
      const texts = rows.map((r) => r[0]);
      const groups = rows.map((r) => r[1]);
      const entries = rows.map(([text, group]) => ({ text, group, cost: cent }));
      const vectors = { kind: 'sparse' as const, vectors: lexicalVectors(texts) };
      const thresholds = [0.3, 0.5, 0.8, 1];
      const wide = semanticCacheAudit(entries, vectors, { thresholds });
      const narrow = semanticCacheAudit(entries, vectors, { thresholds, neighborCap: 1 });
      expect(narrow.rows).toEqual(wide.rows);
      wide.rows.forEach((row) => expect([row.hits, row.trueHits]).toEqual(naive(texts, groups, row.threshold as number)));
    }));
  });
});

describe('the bundled example log (prompts/cache-audit/support-queries.jsonl)', () => {
  const rows = readFileSync(new URL('../../../prompts/cache-audit/support-queries.jsonl', import.meta.url), 'utf8')
    .trim().split('\n').map((line) => JSON.parse(line) as { query: string; group: string });
  const entries = rows.map((r) => ({ text: r.query, group: r.group, cost: cent }));
  const audit = semanticCacheAudit(entries, { kind: 'sparse', vectors: lexicalVectors(rows.map((r) => r.query)) }, { thresholds: [0.5, 0.7, 0.85, 0.9, 0.95] });

  it('has known duplicates, paraphrases and near-miss traps', () => {
    expect(rows.length).toBeGreaterThanOrEqual(60);
    expect(audit.duplicates).toBeGreaterThan(30);
    // the trap: two orders' refunds are lexically close but different questions
    expect(lexicalSimilarity('Can I get a refund for order 123?', 'Can I get a refund for order 456?')).toBeGreaterThan(0.85);
  });

  it('a loose threshold serves wrong answers; the recommended one serves none and beats the exact-match cache', () => {
    const loose = audit.rows[0] as CacheSweepRow;
    expect(loose.falseHits).toBeGreaterThan(0);
    const recommended = audit.rows.find((r) => r.threshold === audit.recommended) as CacheSweepRow;
    expect(recommended.falseHits).toBe(0);
    expect(recommended.trueHits).toBeGreaterThan((audit.exact as CacheSweepRow).trueHits);
    // hit rates fall as the threshold rises
    const hitRates = audit.rows.map((r) => r.hitRate);
    expect([...hitRates].sort((a, b) => b - a)).toEqual(hitRates);
  });
});
