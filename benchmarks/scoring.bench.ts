/**
 * Scoring and the frontier at scale, each against a plain peer measured in the same run:
 *
 * (a) The Pareto frontier of 10,000 candidates (random cost and quality) — paretoFrontier (sort once, sweep,
 *     then each dominated candidate's dominators by two binary searches) against the textbook version of the same
 *     output (pairwise dominance checks, O(n²)); both must find the same frontier and dominators. Target < 100 ms.
 * (b) 1,000 bootstrap resamples of 10,000 qualities — bootstrapMean (a typed array of resample means, one
 *     seeded generator) against the straightforward version (Array.from per resample, reduce, sort). Target < 1 s.
 */
import { bootstrapMean, paretoFrontier, seededRandom } from '../src/core/index.ts';
import type { FrontierCandidate } from '../src/core/index.ts';
import { bestOf, finish, fmt, fmtMs, fmtRatio, heading, machine, mismatch, printTable, target } from './harness.ts';

const CANDIDATES = 10_000;
const ITEMS = 10_000;
const RESAMPLES = 1_000;

const dominates = (b: FrontierCandidate, a: FrontierCandidate) =>
  b.costPer1k <= a.costPer1k && b.quality >= a.quality && (b.costPer1k < a.costPer1k || b.quality > a.quality);

/** The textbook version of the same answer: the frontier by pairwise checks, then each dominated candidate's dominators on it. */
function naiveFrontier(candidates: readonly FrontierCandidate[]): { frontier: FrontierCandidate[]; dominators: number } {
  const frontier = candidates.filter((a) => !candidates.some((b) => dominates(b, a)));
  let dominators = 0;
  for (const a of candidates) if (!frontier.includes(a)) dominators += frontier.filter((f) => dominates(f, a)).length;
  return { frontier, dominators };
}

function naiveBootstrap(values: readonly number[], random: () => number, resamples: number): { low: number; high: number } {
  const means: number[] = [];
  for (let b = 0; b < resamples; b++) {
    const sample = Array.from({ length: values.length }, () => values[Math.floor(random() * values.length)] as number);
    means.push(sample.reduce((s, v) => s + v, 0) / sample.length);
  }
  means.sort((x, y) => x - y);
  return { low: means[Math.floor(0.025 * (resamples - 1))] as number, high: means[Math.ceil(0.975 * (resamples - 1))] as number };
}

console.log(`# scoring — ${machine()}`);

heading(`(a) Pareto frontier of ${fmt(CANDIDATES)} candidates`);
const random = seededRandom(42);
// Quality rises with cost, with noise, as real candidates do: a frontier of some tens of points.
const candidates: FrontierCandidate[] = Array.from({ length: CANDIDATES }, (_, i) => {
  const cost = random() * 100;
  return { id: `c${i}`, costPer1k: cost, quality: Math.min(1, Math.max(0, Math.sqrt(cost / 100) * 0.8 + (random() - 0.5) * 0.3)) };
});
const ours = bestOf(5, () => {
  const result = paretoFrontier(candidates);
  return `${result.frontier.map((e) => e.id).sort().join(',')}|${result.entries.reduce((n, e) => n + e.dominatedBy.length, 0)}`;
});
const peer = bestOf(3, () => {
  const result = naiveFrontier(candidates);
  return `${result.frontier.map((c) => c.id).sort().join(',')}|${result.dominators}`;
});
const found = new Set(ours.value.split(','));
if (ours.value !== peer.value) mismatch('paretoFrontier and the pairwise check disagree');
printTable(['implementation', 'best of runs', 'frontier size'], [
  ['paretoFrontier (costlab)', fmtMs(ours.ms), fmt(found.size)],
  ['pairwise O(n²) check, same output', fmtMs(peer.ms), fmt(peer.value.split(',').length)],
]);
console.log(`\ncostlab vs pairwise: ${fmtRatio(peer.ms / ours.ms)} faster`);
target(`frontier of ${fmt(CANDIDATES)} candidates < 100 ms`, ours.ms < 100, fmtMs(ours.ms));

heading(`(b) ${fmt(RESAMPLES)} bootstrap resamples of ${fmt(ITEMS)} items`);
const qualities = Array.from({ length: ITEMS }, () => (random() < 0.7 ? 1 : 0));
const boot = bestOf(3, () => {
  const interval = bootstrapMean(qualities, seededRandom(7), { resamples: RESAMPLES });
  return `${interval?.low.toFixed(4)}–${interval?.high.toFixed(4)}`;
});
const naive = bestOf(3, () => {
  const interval = naiveBootstrap(qualities, seededRandom(7), RESAMPLES);
  return `${interval.low.toFixed(4)}–${interval.high.toFixed(4)}`;
});
printTable(['implementation', 'best of 3', 'interval'], [
  ['bootstrapMean (costlab)', fmtMs(boot.ms), boot.value],
  ['Array.from + reduce + sort', fmtMs(naive.ms), naive.value],
]);
console.log(`\ncostlab vs plain: ${fmtRatio(naive.ms / boot.ms)} faster`);
target(`${fmt(RESAMPLES)} resamples of ${fmt(ITEMS)} items < 1 s`, boot.ms < 1000, fmtMs(boot.ms));
finish();
