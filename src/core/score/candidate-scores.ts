/**
 * A run's scorecard: per candidate, its mean quality with a bootstrap interval, its exact cost per 1,000 requests
 * and its latency. The cost per 1,000 is 1,000 × the mean cost of the candidate's results (failed calls included:
 * they were billed), rounded to the picodollar once; unknown (null) when any billed result has no known price.
 * Latency is over succeeded results: mean and median in milliseconds.
 */
import { parseScaled } from '../money/decimal.ts';
import type { Random } from '../ports.ts';
import type { Candidate, TrialResult } from '../runner/trial.ts';
import { bootstrapMean, quantileSorted } from './bootstrap.ts';
import type { BootstrapOptions, MeanInterval } from './bootstrap.ts';

export interface ScoredTrialInput {
  candidateId: string;
  result: Pick<TrialResult, 'status' | 'costUsd' | 'usage' | 'latencyMs'> | undefined;
  quality: number | null;
}

export interface CandidateScore {
  candidateId: string;
  model: string;
  variant: string;
  trials: number;
  /** Trials with a result. */
  done: number;
  failed: number;
  scored: number;
  quality: MeanInterval | null;
  /** Picodollars per 1,000 requests; null when unknown or when nothing came back. */
  costPer1kPico: bigint | null;
  /** Billed results without a known price. */
  unpriced: number;
  latencyMeanMs: number | null;
  latencyMedianMs: number | null;
}

export function scoreCandidates(
  candidates: readonly Pick<Candidate, 'id' | 'model' | 'variant'>[],
  trials: readonly ScoredTrialInput[],
  random: Random,
  options: BootstrapOptions = {},
): CandidateScore[] {
  return candidates.map((candidate) => {
    const own = trials.filter((t) => t.candidateId === candidate.id);
    const qualities: number[] = [];
    const latencies: number[] = [];
    let done = 0;
    let failed = 0;
    let pico = 0n;
    let unpriced = 0;
    for (const t of own) {
      if (t.quality !== null) qualities.push(t.quality);
      const r = t.result;
      if (!r) continue;
      done += 1;
      if (r.status === 'failed') failed += 1;
      if (r.costUsd !== null) pico += parseScaled(r.costUsd, 12);
      else if (r.usage !== null) unpriced += 1;
      if (r.status === 'succeeded' && r.latencyMs !== null) latencies.push(r.latencyMs);
    }
    latencies.sort((a, b) => a - b);
    const perThousand = done === 0 || unpriced > 0 ? null : (pico * 1000n + BigInt(done) / 2n) / BigInt(done);
    return {
      candidateId: candidate.id,
      model: candidate.model,
      variant: candidate.variant,
      trials: own.length,
      done,
      failed,
      scored: qualities.length,
      quality: bootstrapMean(qualities, random, options),
      costPer1kPico: perThousand,
      unpriced,
      latencyMeanMs: latencies.length === 0 ? null : latencies.reduce((a, b) => a + b, 0) / latencies.length,
      latencyMedianMs: latencies.length === 0 ? null : quantileSorted(latencies, 0.5),
    };
  });
}
