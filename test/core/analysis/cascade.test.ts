import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acceptanceProbability, cascadeAnalysis } from '../../../src/core/analysis/cascade.ts';
import type { CascadeAcceptance, CascadeItem, CascadeTierOutcome } from '../../../src/core/analysis/cascade.ts';
import { catchError } from '../../helpers/catch-error.ts';

const at = (quality: number, cost: number | null, latencyMs: number | null, confidence?: number): CascadeTierOutcome => ({
  quality, cost, latencyMs, ...(confidence === undefined ? {} : { confidence }),
});

// Two tiers: A costs $0.001 and takes 500 ms, B costs $0.01 and takes 2,000 ms.
const two = (qa: number, qb: number, ca?: number, cb?: number): CascadeItem => ({ tiers: [at(qa, 0.001, 500, ca), at(qb, 0.01, 2000, cb)] });
//   1: A right, B right   2: A wrong, B right   3: A right, B wrong   4: both wrong
const twoItems = [two(1, 1), two(0, 1), two(1, 0), two(0, 0)];

describe('cascadeAnalysis — two tiers', () => {
  it('assertion acceptance: worked by hand', () => {
    // 1 and 3 end at A ($0.001, 500 ms, quality 1); 2 and 4 escalate ($0.011, 2,500 ms; quality 1 and 0).
    // quality (1+1+1+0)/4 = 0.75; cost 0.024/4 × 1000 = $6 per 1k; wasted 2 × 0.001 → $0.5 per 1k;
    // latency (500+2500+500+2500)/4 = 1,500 ms; calls (1+2+1+2)/4 = 1.5 per request.
    const r = cascadeAnalysis(['A', 'B'], twoItems, { kind: 'assertion', passMark: 0.5 });
    expect(r.quality).toBe(0.75);
    expect(r.passRate).toBe(0.75);
    expect(r.costPer1k).toBeCloseTo(6, 12);
    expect(r.wastedPer1k).toBeCloseTo(0.5, 12);
    expect(r.judgePer1k).toBe(0);
    expect(r.latencyMs).toBe(1500);
    expect(r.callsPerRequest).toBe(1.5);
    expect(r.tiers).toEqual([{ name: 'A', callShare: 1, endShare: 0.5 }, { name: 'B', callShare: 0.5, endShare: 0.5 }]);
    expect([r.badAccepted, r.goodRejected]).toEqual([0, 0]);
    // Alone: A quality 0.5, $1 per 1k, 500 ms; B quality 0.5, $10 per 1k, 2,000 ms.
    expect(r.singles.map((s) => [s.name, s.quality, s.costPer1k, s.latencyMs])).toEqual([['A', 0.5, 1, 500], ['B', 0.5, 10, 2000]]);
  });

  it('judge acceptance with error rate 0.1 and $0.0001 per judgement: the expectation worked by hand', () => {
    // Good A answers (1, 3) are accepted with 0.9, bad ones (2, 4) with 0.1.
    //   1: q = .9×1 + .1×1 = 1      cost .001 + .0001 + .1×.01 = .0021   wasted .1×.001 = .0001  latency 500 + .1×2000 = 700
    //   2: q = .1×0 + .9×1 = .9     cost .001 + .0001 + .9×.01 = .0101   wasted .9×.001 = .0009  latency 500 + .9×2000 = 2300
    //   3: q = .9×1 + .1×0 = .9     cost .0021                          wasted .0001            latency 700
    //   4: q = 0                    cost .0101                          wasted .0009            latency 2300
    // quality 2.8/4 = 0.7; cost .0244/4 × 1000 = $6.1 per 1k (judge $0.1 of it); wasted .002 → $0.5; latency 1,500.
    // Accepted bad: items 2 and 4 end at A with .1 → 0.2/4 = 0.05; rejected good: items 1 and 3 with .1 → 0.05.
    const r = cascadeAnalysis(['A', 'B'], twoItems, { kind: 'judge', passMark: 0.5, errorRate: 0.1, judgeCost: 0.0001 });
    expect(r.quality).toBeCloseTo(0.7, 12);
    expect(r.costPer1k).toBeCloseTo(6.1, 12);
    expect(r.judgePer1k).toBeCloseTo(0.1, 12);
    expect(r.wastedPer1k).toBeCloseTo(0.5, 12);
    expect(r.latencyMs).toBeCloseTo(1500, 9);
    expect(r.tiers.map((t) => t.endShare)).toEqual([expect.closeTo(0.5, 12), expect.closeTo(0.5, 12)]);
    expect(r.badAccepted).toBeCloseTo(0.05, 12);
    expect(r.goodRejected).toBeCloseTo(0.05, 12);
    expect(r.judgeCallsPerRequest).toBe(1);
  });

  it('confidence acceptance uses the recorded label, not the quality (seed 003: one threshold per model)', () => {
    // A's confidences 0.9, 0.85, 0.5, 0.79 against threshold 0.8: items 1 and 2 end at A (2 is wrong but confident),
    // 3 and 4 escalate. quality (1 + 0 + 0 + 0)/4 = 0.25; cost (.001 + .001 + .011 + .011)/4 × 1000 = $6;
    // accepted bad: item 2 → 0.25; rejected good: item 3 → 0.25.
    const items = [two(1, 1, 0.9), two(0, 1, 0.85), two(1, 0, 0.5), two(0, 0, 0.79)];
    const r = cascadeAnalysis(['A', 'B'], items, { kind: 'confidence', thresholds: [0.8] });
    expect(r.quality).toBe(0.25);
    expect(r.costPer1k).toBeCloseTo(6, 12);
    expect([r.badAccepted, r.goodRejected]).toEqual([0.25, 0.25]);
  });

  it('an unknown price or latency makes the figures that need it unknown, never $0', () => {
    const items = [{ tiers: [at(1, 0.001, null), at(1, null, 100)] }, { tiers: [at(0, 0.001, null), at(1, null, 100)] }];
    const r = cascadeAnalysis(['A', 'B'], items, { kind: 'assertion', passMark: 0.5 });
    expect(r.costPer1k).toBeNull(); // item 2 reaches B, whose price is unknown
    expect(r.wastedPer1k).toBeCloseTo(0.5, 12); // A's rejected call is priced: 0.001/2 × 1000
    expect(r.latencyMs).toBeNull();
    expect(r.singles[1]?.costPer1k).toBeNull();
    // A tier no request reaches needs no price.
    const onlyA = cascadeAnalysis(['A', 'B'], [items[0] as CascadeItem], { kind: 'assertion', passMark: 0.5 });
    expect(onlyA.costPer1k).toBeCloseTo(1, 12);
  });
});

describe('cascadeAnalysis — three tiers', () => {
  // S $0.0002 / 300 ms, M $0.002 / 800 ms, L $0.02 / 3,000 ms.
  const three = (s: number, m: number, l: number): CascadeItem => ({ tiers: [at(s, 0.0002, 300), at(m, 0.002, 800), at(l, 0.02, 3000)] });
  const items = [three(1, 1, 1), three(0, 1, 1), three(0, 0, 1), three(0, 0, 0), three(0.4, 0.6, 0.9)];

  it('assertion acceptance, pass mark 0.5: worked by hand', () => {
    // A ends at S: q 1, $.0002, 300 ms.   B ends at M: q 1, $.0022, 1,100 ms, wasted .0002.
    // C ends at L: q 1, $.0222, 4,100 ms, wasted .0022.   D ends at L: q 0, same.   E: S 0.4 fails, M 0.6 passes.
    // quality 3.6/5 = .72; cost .049/5 × 1000 = $9.8; wasted .0048 → $0.96; latency 10,700/5 = 2,140 ms;
    // ends S 1/5, M 2/5, L 2/5; calls S 1, M 4/5, L 2/5; pass rate 4/5.
    const r = cascadeAnalysis(['S', 'M', 'L'], items, { kind: 'assertion', passMark: 0.5 });
    expect(r.quality).toBeCloseTo(0.72, 12);
    expect(r.passRate).toBe(0.8);
    expect(r.costPer1k).toBeCloseTo(9.8, 12);
    expect(r.wastedPer1k).toBeCloseTo(0.96, 12);
    expect(r.latencyMs).toBe(2140);
    expect(r.tiers.map((t) => [t.callShare, t.endShare])).toEqual([[1, 0.2], [0.8, 0.4], [0.4, 0.4]]);
    // Alone: S (1+.4)/5 = .28, $0.2; M 2.6/5 = .52, $2; L 3.9/5 = .78, $20.
    expect(r.singles.map((s) => [s.quality, s.costPer1k])).toEqual([
      [expect.closeTo(0.28, 12), expect.closeTo(0.2, 12)], [expect.closeTo(0.52, 12), expect.closeTo(2, 12)], [expect.closeTo(0.78, 12), expect.closeTo(20, 12)],
    ]);
  });

  it('per-tier confidence thresholds', () => {
    // thresholds S 0.8, M 0.9; confidences S .85 / .7, M .95 / .85 for two items.
    //   item 1: S .85 ≥ .8 → ends at S.   item 2: S .7 < .8, M .85 < .9 → ends at L.
    const conf = (cs: number, cm: number, q: number[]): CascadeItem => ({ tiers: [at(q[0] as number, 1, 1, cs), at(q[1] as number, 2, 1, cm), at(q[2] as number, 4, 1)] });
    const r = cascadeAnalysis(['S', 'M', 'L'], [conf(0.85, 0.95, [1, 1, 1]), conf(0.7, 0.85, [0, 1, 1])], { kind: 'confidence', thresholds: [0.8, 0.9] });
    expect(r.tiers.map((t) => t.endShare)).toEqual([0.5, 0, 0.5]);
    expect(r.costPer1k).toBe(((1 + 7) / 2) * 1000); // item 2 pays 1 + 2 + 4
    expect(r.goodRejected).toBe(0.5); // item 2's good M answer was rejected
  });
});

describe('cascadeAnalysis — bad input', () => {
  it('names the field', () => {
    expect(catchError(() => cascadeAnalysis(['A'], twoItems, { kind: 'assertion', passMark: 0.5 })).location.field).toBe('tiers');
    expect(catchError(() => cascadeAnalysis(['A', 'B'], [], { kind: 'assertion', passMark: 0.5 })).location.field).toBe('items');
    expect(catchError(() => cascadeAnalysis(['A', 'B'], twoItems, { kind: 'judge', passMark: 0.5, errorRate: 1.5 })).location.field).toBe('errorRate');
    expect(catchError(() => cascadeAnalysis(['A', 'B'], [two(2, 1)], { kind: 'assertion', passMark: 0.5 })).location.field).toBe('items[0].tiers[0].quality');
    const noLabel = catchError(() => cascadeAnalysis(['A', 'B'], [two(1, 1)], { kind: 'confidence', thresholds: [0.8] }));
    expect(noLabel.location.field).toBe('items[0].tiers[0].confidence');
    expect(catchError(() => cascadeAnalysis(['A', 'B', 'C'], [], { kind: 'confidence', thresholds: [0.1, 0.2, 0.3] })).location.field).toBe('items');
  });
});

// ---------------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------------

const outcome = fc.record({
  quality: fc.oneof(fc.constantFrom(0, 1), fc.double({ min: 0, max: 1, noNaN: true })),
  cost: fc.double({ min: 0, max: 1, noNaN: true }),
  latencyMs: fc.double({ min: 0, max: 10_000, noNaN: true }),
});
const instance = fc.integer({ min: 2, max: 4 }).chain((tiers) =>
  fc.record({
    tiers: fc.constant(tiers),
    items: fc.array(fc.array(outcome, { minLength: tiers, maxLength: tiers }).map((t) => ({ tiers: t }) as CascadeItem), { minLength: 1, maxLength: 8 }),
    passMark: fc.double({ min: 0, max: 1, noNaN: true }),
    errorRate: fc.double({ min: 0, max: 1, noNaN: true }),
    judgeCost: fc.double({ min: 0, max: 0.1, noNaN: true }),
  }),
);
const names = (n: number) => Array.from({ length: n }, (_, k) => `T${k + 1}`);

/** The deterministic cascade, written the plain way: walk the tiers until one accepts. */
function walk(item: CascadeItem, accepts: (k: number) => boolean, judgeCost: number) {
  let cost = 0;
  let latency = 0;
  for (let k = 0; k < item.tiers.length; k++) {
    const o = item.tiers[k] as CascadeTierOutcome;
    cost += o.cost as number;
    latency += o.latencyMs as number;
    const last = k === item.tiers.length - 1;
    if (!last) cost += judgeCost;
    if (last || accepts(k)) return { quality: o.quality, cost, latency, end: k };
  }
  throw new Error('unreachable');
}

describe('cascadeAnalysis — properties', () => {
  it('judge error 0 with no judge cost equals assertion acceptance, which equals the plain walk', () => {
    fc.assert(fc.property(instance, ({ tiers, items, passMark }) => {
      const judge = cascadeAnalysis(names(tiers), items, { kind: 'judge', passMark, errorRate: 0 });
      const assertion = cascadeAnalysis(names(tiers), items, { kind: 'assertion', passMark });
      expect({ ...judge, judgeCallsPerRequest: assertion.judgeCallsPerRequest }).toEqual(assertion); // the judge is still called, at $0
      const walked = items.map((item) => walk(item, (k) => (item.tiers[k] as CascadeTierOutcome).quality >= passMark, 0));
      const n = items.length;
      expect(assertion.quality).toBeCloseTo(walked.reduce((s, w) => s + w.quality, 0) / n, 9);
      expect(assertion.costPer1k).toBeCloseTo((1000 * walked.reduce((s, w) => s + w.cost, 0)) / n, 9);
      expect(assertion.latencyMs).toBeCloseTo(walked.reduce((s, w) => s + w.latency, 0) / n, 6);
    }));
  });

  it('costs at least the first tier alone, and at most every tier plus the judge', () => {
    fc.assert(fc.property(instance, ({ tiers, items, passMark, errorRate, judgeCost }) => {
      for (const acceptance of [{ kind: 'assertion', passMark }, { kind: 'judge', passMark, errorRate, judgeCost }] as CascadeAcceptance[]) {
        const r = cascadeAnalysis(names(tiers), items, acceptance);
        const first = r.singles[0]?.costPer1k as number;
        const all = r.singles.reduce((s, x) => s + (x.costPer1k as number), 0) + (acceptance.kind === 'judge' ? 1000 * judgeCost * (tiers - 1) : 0);
        expect(r.costPer1k as number).toBeGreaterThanOrEqual(first - 1e-9);
        expect(r.costPer1k as number).toBeLessThanOrEqual(all + 1e-9);
        expect(r.tiers.reduce((s, t) => s + t.endShare, 0)).toBeCloseTo(1, 12);
        expect(r.tiers[0]?.callShare).toBe(1);
      }
    }));
  });

  it('with judge error e, the closed form equals the expectation over all 2^(tiers−1) verdicts by brute force', () => {
    fc.assert(fc.property(instance, ({ tiers, items, passMark, errorRate, judgeCost }) => {
      const acceptance: CascadeAcceptance = { kind: 'judge', passMark, errorRate, judgeCost };
      const r = cascadeAnalysis(names(tiers), items, acceptance);
      let quality = 0;
      let cost = 0;
      let latency = 0;
      const ends = new Array<number>(tiers).fill(0);
      for (const item of items) {
        for (let verdicts = 0; verdicts < 2 ** (tiers - 1); verdicts++) {
          // bit k set: the judge accepts tier k's answer
          let p = 1;
          for (let k = 0; k < tiers - 1; k++) {
            const a = acceptanceProbability(acceptance, item.tiers[k] as CascadeTierOutcome, k, tiers);
            p *= (verdicts >> k) & 1 ? a : 1 - a;
          }
          const w = walk(item, (k) => ((verdicts >> k) & 1) === 1, judgeCost);
          quality += p * w.quality;
          cost += p * w.cost;
          latency += p * w.latency;
          ends[w.end] = (ends[w.end] as number) + p;
        }
      }
      const n = items.length;
      expect(r.quality).toBeCloseTo(quality / n, 9);
      expect(r.costPer1k as number).toBeCloseTo((1000 * cost) / n, 9);
      expect(r.latencyMs as number).toBeCloseTo(latency / n, 6);
      r.tiers.forEach((t, k) => expect(t.endShare).toBeCloseTo((ends[k] as number) / n, 9));
    }));
  });
});
