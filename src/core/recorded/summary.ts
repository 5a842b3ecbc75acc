/**
 * Per-candidate figures of a run (recorded or live): trials, mean quality over the labelled results, tokens, and
 * the exact total cost — null when any billed result has no known price, never a partial sum shown as a total.
 */
import { parseScaled } from '../money/decimal.ts';
import { moneyToUsdString } from '../money/money.ts';
import type { TrialResult } from '../runner/trial.ts';
import type { RunRecord } from '../store/result-store.ts';

export interface CandidateSummary {
  candidateId: string;
  model: string;
  trials: number;
  /** Results that came back (succeeded or failed). */
  results: number;
  /** Results with a quality label. */
  labelled: number;
  /** Mean quality in [0, 1] over the labelled results; null when none is labelled. */
  meanQuality: number | null;
  inputTokens: number;
  outputTokens: number;
  /** Exact decimal USD over every result, or null when some result's price is unknown. */
  costUsd: string | null;
  /** Results with usage but no known price. */
  unpriced: number;
}

export function summarizeRun(run: Pick<RunRecord, 'candidates' | 'trials'>, results: readonly TrialResult[]): CandidateSummary[] {
  const byCandidate = new Map<string, TrialResult[]>();
  for (const result of results) {
    const list = byCandidate.get(result.candidateId) ?? [];
    list.push(result);
    byCandidate.set(result.candidateId, list);
  }
  const trialCounts = new Map<string, number>();
  for (const trial of run.trials) trialCounts.set(trial.candidateId, (trialCounts.get(trial.candidateId) ?? 0) + 1);

  return run.candidates.map((candidate) => {
    const own = byCandidate.get(candidate.id) ?? [];
    let qualitySum = 0;
    let labelled = 0;
    let inputTokens = 0;
    let outputTokens = 0;
    let pico = 0n;
    let unpriced = 0;
    for (const result of own) {
      if (typeof result.quality === 'number') {
        qualitySum += result.quality;
        labelled += 1;
      }
      if (result.usage) {
        inputTokens += result.usage.input + result.usage.cacheRead + result.usage.cacheWrite5m + result.usage.cacheWrite1h;
        outputTokens += result.usage.output + result.usage.reasoning;
      }
      if (result.costUsd !== null) pico += parseScaled(result.costUsd, 12, 'costUsd');
      else if (result.usage !== null) unpriced += 1;
    }
    return {
      candidateId: candidate.id,
      model: candidate.model,
      trials: trialCounts.get(candidate.id) ?? 0,
      results: own.length,
      labelled,
      meanQuality: labelled === 0 ? null : qualitySum / labelled,
      inputTokens,
      outputTokens,
      costUsd: unpriced > 0 ? null : moneyToUsdString(pico),
      unpriced,
    };
  });
}
