/**
 * Routing sweep speed: `routingCurve(items, {thresholds})` on 1,000,000 items × 1,000 thresholds (the sort once,
 * running totals, one binary search per threshold of src/core/analysis/routing.ts), first call and best of 3,
 * with the time of its phases' building block (the radix sort of the scores) and of the default sweep (one point
 * per distinct score, here ~1,000,000 points). Against the O(n·T) reference (`routingCurveNaive`, every
 * threshold over every item) on 100,000 items × 1,000 thresholds — where the naive sweep still finishes in
 * seconds — checking that both give the same points. Items: fixed-seed LCG (seed 42), 0/1 qualities (weak right
 * 64 %, strong 86 %, as RouteLLM's GSM8K), costs per request $0.0006 / $0.03 with ±50 % jitter, scores uniform.
 * Target: 1,000,000 × 1,000 in < 1 s (best of 3).
 */
import { routingCurve, routingCurveNaive } from '../src/core/analysis/routing.ts';
import type { RoutingItem, RoutingPoint } from '../src/core/analysis/routing.ts';
import { descendingOrder } from '../src/core/analysis/routing-sort.ts';
import { bestOf, finish, fmt, fmtMs, fmtRatio, heading, lcg, machine, mismatch, printTable, target, time } from './harness.ts';

const BIG = 1_000_000;
const SMALL = 100_000;
const THRESHOLDS = 1_000;
const LIMIT_MS = 1_000;

function makeItems(n: number, seed: number): RoutingItem[] {
  const next = lcg(seed);
  return Array.from({ length: n }, () => ({
    weakQuality: next() < 0.64 ? 1 : 0,
    strongQuality: next() < 0.86 ? 1 : 0,
    weakCost: 0.0006 * (0.5 + next()),
    strongCost: 0.03 * (0.5 + next()),
    score: next(),
  }));
}

const thresholds = Array.from({ length: THRESHOLDS }, (_, k) => k / (THRESHOLDS - 1));

/** Same shares and calls; quality and cost to rounding (they sum in different orders). */
function samePoints(a: readonly RoutingPoint[], b: readonly RoutingPoint[]): string | null {
  if (a.length !== b.length) return `${a.length} points vs ${b.length}`;
  for (let k = 0; k < a.length; k++) {
    const p = a[k] as RoutingPoint;
    const q = b[k] as RoutingPoint;
    if (p.threshold !== q.threshold || p.strongCalls !== q.strongCalls) return `point ${k}: threshold ${p.threshold}/${q.threshold}, calls ${p.strongCalls}/${q.strongCalls}`;
    if (Math.abs(p.quality - q.quality) > 1e-9 || Math.abs(p.costPer1k - q.costPer1k) > 1e-6 * Math.max(1, Math.abs(q.costPer1k))) {
      return `point ${k}: quality ${p.quality}/${q.quality}, cost ${p.costPer1k}/${q.costPer1k}`;
    }
  }
  return null;
}

console.log(`routing — ${machine()}`);
const big = makeItems(BIG, 42);
const small = makeItems(SMALL, 7);

heading(`${fmt(BIG)} items × ${fmt(THRESHOLDS)} thresholds (first call, and best of 3)`);
const first = time(() => routingCurve(big, { thresholds }));
const best = bestOf(3, () => routingCurve(big, { thresholds }).length);
const scores = Float64Array.from(big, (item) => item.score);
const sortOnly = bestOf(3, () => descendingOrder(scores).length);
const sweep = bestOf(3, () => routingCurve(big).length);
printTable(
  [' what', 'points', 'first', 'best of 3'],
  [
    [`routingCurve(items, {thresholds: ${fmt(THRESHOLDS)}})`, fmt(first.value.length), fmtMs(first.ms), fmtMs(best.ms)],
    ['  of which: radix sort of the scores (descendingOrder)', '—', '—', fmtMs(sortOnly.ms)],
    ['routingCurve(items): every distinct score', fmt(sweep.value), '—', fmtMs(sweep.ms)],
  ],
);

heading(`Against the O(n·T) reference on ${fmt(SMALL)} items × ${fmt(THRESHOLDS)} thresholds`);
const fastSmall = bestOf(3, () => routingCurve(small, { thresholds }).length);
const naive = time(() => routingCurveNaive(small, thresholds));
const diff = samePoints(routingCurve(small, { thresholds }), naive.value);
if (diff) mismatch(`fast and naive sweeps differ: ${diff}`);
printTable(
  [' implementation', 'time', 'naive ÷ this'],
  [
    ['routingCurve (sort once, binary search)', fmtMs(fastSmall.ms), fmtRatio(naive.ms / fastSmall.ms)],
    ['routingCurveNaive (every threshold over every item; one run)', fmtMs(naive.ms), '1.00×'],
  ],
);
console.log(diff ? `points differ: ${diff}` : `Both give the same ${fmt(naive.value.length)} points (calls exactly; quality and cost to 1e-9).`);

console.log('');
target('routing fast sweep = naive sweep', diff === null, diff ?? `${fmt(naive.value.length)} points agree on ${fmt(SMALL)} items`);
target(
  `routing ${fmt(BIG)} items × ${fmt(THRESHOLDS)} thresholds < 1 s`,
  best.ms < LIMIT_MS,
  `${fmtMs(best.ms)} best of 3 (first ${fmtMs(first.ms)}); naive ÷ fast ${fmtRatio(naive.ms / fastSmall.ms)} on ${fmt(SMALL)} items`,
);
finish();
