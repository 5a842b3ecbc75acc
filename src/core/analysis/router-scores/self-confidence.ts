/**
 * The self-confidence router score: how unsure the weak model was of its own answer, when that was recorded.
 * A result's labels may carry
 * - `confidence`: a probability or self-rating in [0, 1] (1 = sure), or
 * - `logprob`: the log-probability of the answer (natural log, ≤ 0; a sum or a per-token mean — whatever the
 *   recorder stored, used as given), turned into a confidence exp(logprob) in (0, 1].
 * Score = 1 − confidence: the less sure the weak model was, the sooner the item goes to the strong one.
 * `confidence` wins when both are present. An item without either is an error naming it: a router score must
 * exist for every item.
 */
import { CostlabError } from '../../errors.ts';

export type Labels = Readonly<Record<string, number | boolean>> | undefined;

export const CONFIDENCE_LABELS = ['confidence', 'logprob'] as const;

function bad(message: string, field: string, hint: string): never {
  throw new CostlabError('bad-routing-input', message, { location: { field }, hint });
}

/** The weak model's confidence in [0, 1] from one result's labels; undefined when it has neither label. */
export function labelConfidence(labels: Labels, where = 'labels'): number | undefined {
  const confidence = labels?.['confidence'];
  if (confidence !== undefined) {
    if (typeof confidence !== 'number' || !(confidence >= 0 && confidence <= 1)) {
      bad(`confidence must be a number from 0 to 1, got ${JSON.stringify(confidence)}`, `${where}.confidence`, 'record the probability or self-rating as a fraction');
    }
    return confidence;
  }
  const logprob = labels?.['logprob'];
  if (logprob !== undefined) {
    if (typeof logprob !== 'number' || !(logprob <= 0) || Number.isNaN(logprob)) {
      bad(`logprob must be a number ≤ 0 (a natural-log probability), got ${JSON.stringify(logprob)}`, `${where}.logprob`, 'record the log-probability of the answer');
    }
    return Math.exp(logprob);
  }
  return undefined;
}

/** 1 − confidence per item, from the weak model's labels; `ids` name the items in errors. */
export function selfConfidenceScores(weakLabels: readonly Labels[], ids: readonly string[] = []): number[] {
  const missing = weakLabels.findIndex((labels) => labels?.['confidence'] === undefined && labels?.['logprob'] === undefined);
  if (missing !== -1) {
    const total = weakLabels.filter((labels) => labels?.['confidence'] === undefined && labels?.['logprob'] === undefined).length;
    const id = ids[missing] ?? String(missing);
    bad(
      `the weak model's result for item ${id} has no confidence or logprob label (${total} of ${weakLabels.length} items lack one)`,
      `items[${missing}].labels`,
      'self-confidence routing needs the weak model\'s confidence (labels.confidence in [0,1]) or log-probability (labels.logprob) on every result; use another --score',
    );
  }
  return weakLabels.map((labels, i) => 1 - (labelConfidence(labels, `items[${i}].labels`) as number));
}
