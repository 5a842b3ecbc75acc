/**
 * Per-trial quality in [0, 1] and its per-candidate summary. A trial's quality is, in order, the most deliberate
 * signal there is: a person's rating of the answer; an LLM judge's score when the user asked for one; the
 * recorded quality when present (a dataset's label); the weighted mean of its evaluated assertions; its reference
 * metric (per set: token F1, or numeric for a math set); else unknown. Per candidate: the mean with a bootstrap
 * 95 % interval.
 */
import type { Random } from '../ports.ts';
import type { Assertion } from '../promptset/assertions.ts';
import type { TrialResult } from '../runner/trial.ts';
import { assertionScore, evaluateAssertions, type AssertionResult } from './assertions.ts';
import { bootstrapMean, type BootstrapOptions, type MeanInterval } from './bootstrap.ts';
import { referenceScore, type ReferenceMetric } from './reference.ts';

/** What a case offers for scoring (a `PromptCase` fits). */
export interface ScoringCase {
  reference?: string;
  assert?: readonly Assertion[];
}

export type ScoredResult = Pick<TrialResult, 'status' | 'output' | 'costUsd' | 'latencyMs' | 'quality'>;

export interface TrialQualityOptions {
  /** The set's reference metric (default `f1`; see `chooseReferenceMetric`). */
  metric?: ReferenceMetric;
  /** A failed trial (or one with no output) scores 0 (`zero`, default) or is left unscored (`skip`). */
  failed?: 'zero' | 'skip';
  /** A person's rating of this trial's answer, in [0, 1] (see core/store/annotations). */
  rating?: number | null;
  /** A judge's score of this trial's answer, in [0, 1]; null when the judge failed. */
  judgeScore?: number | null;
  /**
   * The answer's similarity to the reference computed elsewhere (embedding cosine, clamped to [0, 1]); replaces
   * the lexical reference metric when given.
   */
  referenceSimilarity?: number | null;
}

export type QualitySource = 'rating' | 'judge' | 'recorded' | 'failed' | 'assertions' | 'reference';

export interface TrialQuality {
  /** In [0, 1]; null when nothing could score the trial. */
  quality: number | null;
  source: QualitySource | null;
  /** The assertions as evaluated (empty when the quality came from elsewhere first). */
  assertions: AssertionResult[];
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

/** The quality of one trial result for its case. */
export function trialQuality(result: ScoredResult, testCase: ScoringCase, options: TrialQualityOptions = {}): TrialQuality {
  if (typeof options.rating === 'number' && Number.isFinite(options.rating)) {
    return { quality: clamp01(options.rating), source: 'rating', assertions: [] };
  }
  if (typeof options.judgeScore === 'number' && Number.isFinite(options.judgeScore)) {
    return { quality: clamp01(options.judgeScore), source: 'judge', assertions: [] };
  }
  if (typeof result.quality === 'number' && Number.isFinite(result.quality)) {
    return { quality: clamp01(result.quality), source: 'recorded', assertions: [] };
  }
  if (result.status === 'failed' || result.output === null) {
    return options.failed === 'skip'
      ? { quality: null, source: null, assertions: [] }
      : { quality: 0, source: 'failed', assertions: [] };
  }
  const assertions = evaluateAssertions(testCase.assert ?? [], result.output, { costUsd: result.costUsd, latencyMs: result.latencyMs });
  const fromAssertions = assertionScore(assertions);
  if (fromAssertions !== null) return { quality: fromAssertions, source: 'assertions', assertions };
  if (testCase.reference !== undefined) {
    const similarity = options.referenceSimilarity;
    const value = typeof similarity === 'number' && Number.isFinite(similarity) ? clamp01(similarity) : referenceScore(options.metric ?? 'f1', result.output, testCase.reference);
    return { quality: value, source: 'reference', assertions };
  }
  return { quality: null, source: null, assertions };
}

export interface CandidateQuality {
  candidateId: string;
  /** Trials with a known quality. */
  scored: number;
  /** Trials without one. */
  unscored: number;
  /** Mean and bootstrap interval; null when no trial was scored. */
  interval: MeanInterval | null;
}

/**
 * Per candidate, in first-seen order: the mean quality of its scored trials and a bootstrap interval.
 * Candidates draw from the same `random` in that order, so a seeded generator gives a stable summary.
 */
export function candidateQuality(
  scored: readonly { candidateId: string; quality: number | null }[],
  random: Random,
  options: BootstrapOptions = {},
): CandidateQuality[] {
  const groups = new Map<string, { values: number[]; unscored: number }>();
  for (const s of scored) {
    let group = groups.get(s.candidateId);
    if (!group) {
      group = { values: [], unscored: 0 };
      groups.set(s.candidateId, group);
    }
    if (s.quality === null) group.unscored += 1;
    else group.values.push(s.quality);
  }
  return Array.from(groups, ([candidateId, group]) => ({
    candidateId,
    scored: group.values.length,
    unscored: group.unscored,
    interval: bootstrapMean(group.values, random, options),
  }));
}
