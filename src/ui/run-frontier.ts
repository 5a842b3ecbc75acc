/**
 * A run from the store as a frontier set for the Frontier screen: one point per candidate with its quality
 * (each trial's quality as the store access scored it: ratings, judges, labels, assertions, references), its cost
 * per 1,000 requests from the results' exact costs (core/score scoreCandidates: the catalog's rates when the run
 * was made) and its median latency. A candidate without a quality label is left out and counted; one whose
 * price was unknown stays in, unpriced (never $0).
 */
import { moneyToUsdNumber, known, scoreCandidates, seededRandom } from '../core/index.ts';
import type { RunRecord, TrialResult } from '../core/index.ts';

/** One trial of the run with its result and quality (the store access's ScoredTrialView has these fields). */
export interface ScoredTrial {
  trial: { candidateId: string };
  result: TrialResult | undefined;
  quality: number | null;
}
import { nameSeed } from './demo-data.ts';
import type { FrontierPoint, FrontierSet } from './demo-data.ts';

export interface RunFrontier {
  set: FrontierSet;
  /** Candidates left out because none of their trials has a quality. */
  unscored: number;
}

export function runFrontierSet(run: RunRecord, scored: readonly ScoredTrial[], options: { resamples?: number } = {}): RunFrontier {
  const trials = scored.map((t) => ({ candidateId: t.trial.candidateId, result: t.result, quality: t.quality }));
  const scores = scoreCandidates(run.candidates, trials, seededRandom(nameSeed(run.id)), options);
  let unscored = 0;
  const points: FrontierPoint[] = [];
  for (const score of scores) {
    if (score.quality === null) {
      unscored += 1;
      continue;
    }
    const costPer1k = score.costPer1kPico === null ? null : moneyToUsdNumber(known(score.costPer1kPico));
    points.push({
      id: score.candidateId,
      label: score.candidateId.replace(/^base@/, ''),
      role: 'run',
      costPer1k,
      quality: score.quality.mean,
      low: score.quality.low,
      high: score.quality.high,
      latencyMs: score.latencyMedianMs,
      pricedAs: costPer1k === null ? `unpriced: ${score.unpriced} results without a known price` : `${score.model}: the run's recorded costs (${score.done} results)`,
      priceNote: '',
    });
  }
  return {
    set: {
      id: `run:${run.id}`,
      title: `run ${run.id}`,
      qualityName: `${run.setName} quality`,
      attribution: `${run.origin === 'recorded' ? 'recorded results' : 'a run'} in the store, ${run.createdAt.slice(0, 10)}`,
      points,
    },
    unscored,
  };
}
