/**
 * The dry-run bill at batch rates. dryRunBill (runner/dry-run-bill.ts) counts each trial's tokens and prices
 * them at standard rates; a batch run pays the Batch API rates, so each trial's figures are priced again from
 * the same counts with priceUsage(…, { batch: true }):
 *
 * - min      = inputTokens at the batch input rate;
 * - expected = inputTokens + expectedOutputTokens;
 * - max      = inputTokensHigh + maxOutputTokens (output and reasoning share the batch output rate), with
 *              `cacheSystemPrefix` on a model with a cache-write rate the whole prompt at the batch
 *              cache-write rate — an upper bound, since that rate is the higher one.
 *
 * A model with no batch price gives `unknown` figures naming the missing batch rate, never standard prices.
 */
import type { ModelEntry } from '../catalog/model.ts';
import { EMPTY_USAGE, priceUsage } from '../economics/usage.ts';
import type { Usage } from '../economics/usage.ts';
import { unknown } from '../money/money.ts';
import type { Money } from '../money/money.ts';
import { sumFigures } from '../runner/dry-run-bill.ts';
import type { CandidateBill, DryRunBill, TrialBill } from '../runner/dry-run-bill.ts';
import type { Candidate } from '../runner/trial.ts';

export function batchBill(bill: DryRunBill, candidates: readonly Candidate[], entryOf: (model: string) => ModelEntry | undefined): DryRunBill {
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const trials = bill.trials.map((trial): TrialBill => {
    const candidate = byId.get(trial.candidateId);
    const entry = candidate === undefined ? undefined : entryOf(candidate.model);
    const price = (usage: Partial<Usage>): Money =>
      entry ? priceUsage(entry, { ...EMPTY_USAGE, ...usage }, { batch: true }).total : unknown(`${candidate?.model ?? trial.candidateId} (not in the catalog)`);
    const prefixCache = candidate?.params.cacheSystemPrefix === true && entry?.rates?.cacheWrite5m != null;
    const prompt: Partial<Usage> = prefixCache ? { cacheWrite5m: trial.inputTokensHigh } : { input: trial.inputTokensHigh };
    return {
      ...trial,
      min: price({ input: trial.inputTokens }),
      expected: price({ input: trial.inputTokens, output: trial.expectedOutputTokens }),
      max: price({ ...prompt, output: trial.maxOutputTokens }),
    };
  });
  const own = new Map<string, TrialBill[]>();
  for (const trial of trials) {
    const list = own.get(trial.candidateId);
    if (list) list.push(trial);
    else own.set(trial.candidateId, [trial]);
  }
  const candidateBills = bill.candidates.map((c): CandidateBill => {
    const figures = sumFigures(own.get(c.candidateId) ?? []);
    const missing = [...new Set([figures.min, figures.expected, figures.max].flatMap((m) => (m.known ? [] : m.missing)))];
    return { ...c, ...figures, missing };
  });
  return {
    trials,
    candidates: candidateBills,
    total: sumFigures(candidateBills),
    known: sumFigures(candidateBills.filter((c) => c.missing.length === 0)),
    unknownCandidates: candidateBills.filter((c) => c.missing.length > 0).map((c) => ({ candidateId: c.candidateId, model: c.model, missing: c.missing })),
  };
}
