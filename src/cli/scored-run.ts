/**
 * A stored run with every trial's quality, as `costlab score`, `frontier` and `rate` see it: the run and its
 * results, the prompt set it was run from (for the cases' assertions and references; a set that is gone or no
 * longer loads leaves only recorded labels, judges and ratings, with a warning), and the annotations log
 * (human ratings and judge verdicts). Reads the store without its lock; writes nothing.
 */
import {
  chooseReferenceMetric, latestJudgements, latestRatings, loadPromptSet, readAnnotations, trialQuality,
} from '../core/index.ts';
import type {
  Annotation, PromptSet, QualitySource, ReferenceMetric, RunRecord, ScoringCase, Trial, TrialQualityOptions, TrialResult,
} from '../core/index.ts';
import { exists, nodePorts } from '../platform/node.ts';
import { nodeStoreFiles } from '../platform/store-files.ts';
import { readRun } from './run-store.ts';

export interface ScoredTrial {
  trial: Trial;
  result: TrialResult | undefined;
  quality: number | null;
  source: QualitySource | null;
}

export interface ScoredRun {
  run: RunRecord;
  results: TrialResult[];
  set: PromptSet | null;
  warnings: string[];
  annotations: Annotation[];
  metric: ReferenceMetric;
  trials: ScoredTrial[];
}

export interface ScoreOptions {
  /** Only this judge's verdicts count (default: the latest verdict of any judge). */
  judge?: string;
  failed?: TrialQualityOptions['failed'];
  metric?: ReferenceMetric;
  /** Per trial id: the answer's embedding similarity to its reference, replacing the lexical metric. */
  similarities?: ReadonlyMap<string, number>;
}

async function loadSetOf(run: RunRecord, warnings: string[]): Promise<PromptSet | null> {
  // A recorded run's set file is the dataset it came from, not a prompt set: its labels are its quality.
  if (run.setFile === null || run.origin === 'recorded') return null;
  if (!(await exists(run.setFile))) {
    warnings.push(`the prompt set ${run.setFile} is gone: assertions and references are not applied`);
    return null;
  }
  try {
    return await loadPromptSet(run.setFile, nodePorts().fs);
  } catch (error) {
    warnings.push(`the prompt set ${run.setFile} no longer loads (${error instanceof Error ? error.message : String(error)}): assertions and references are not applied`);
    return null;
  }
}

/** Scores a run's trials from what is known: ratings, judges, recorded labels, assertions, references. */
export function scoreTrials(
  run: RunRecord,
  results: readonly TrialResult[],
  set: PromptSet | null,
  annotations: readonly Annotation[],
  options: ScoreOptions = {},
): { metric: ReferenceMetric; trials: ScoredTrial[] } {
  const cases = new Map<string, ScoringCase>((set?.cases ?? []).map((c) => [c.id, c]));
  const references = (set?.cases ?? []).flatMap((c) => (c.reference === undefined ? [] : [c.reference]));
  const metric = options.metric ?? chooseReferenceMetric(references);
  const byTrial = new Map(results.map((r) => [r.trialId, r]));
  const ratings = latestRatings(annotations);
  const judgements = latestJudgements(annotations, options.judge);
  const trials = run.trials.map((trial): ScoredTrial => {
    const result = byTrial.get(trial.id);
    if (!result) return { trial, result, quality: null, source: null };
    const scored = trialQuality(result, cases.get(trial.caseId) ?? {}, {
      metric,
      ...(options.failed ? { failed: options.failed } : {}),
      rating: ratings.get(trial.id)?.rating ?? null,
      judgeScore: judgements.get(trial.id)?.score ?? null,
      referenceSimilarity: options.similarities?.get(trial.id) ?? null,
    });
    return { trial, result, quality: scored.quality, source: scored.source };
  });
  return { metric, trials };
}

/** The same run scored again: with the annotations log read anew (after judging) and/or other options. */
export async function rescoreRun(scored: ScoredRun, dir: string, options: ScoreOptions, rereadAnnotations: boolean): Promise<ScoredRun> {
  const annotations = rereadAnnotations ? await readAnnotations(nodeStoreFiles(), dir, scored.run.id) : scored.annotations;
  return { ...scored, annotations, ...scoreTrials(scored.run, scored.results, scored.set, annotations, options) };
}

export async function loadScoredRun(dir: string, runId: string, options: ScoreOptions = {}): Promise<ScoredRun> {
  const { run, results } = await readRun(dir, runId);
  const warnings: string[] = [];
  const set = await loadSetOf(run, warnings);
  const annotations = await readAnnotations(nodeStoreFiles(), dir, runId);
  return { run, results, set, warnings, annotations, ...scoreTrials(run, results, set, annotations, options) };
}
