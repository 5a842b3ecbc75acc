/**
 * The planned spend of a run before any call, in exact money. Per trial, the input is counted with the model's
 * counter and chat framing (request-tokens.ts), then priced with priceUsage at the catalog's dated rates:
 *
 * - min      = every input token at the input rate, no output. A floor for calls that succeed; prompt-cache
 *              reads can still make the real bill lower.
 * - expected = input + the expected output: the case's reference answer counted with the model's counter (at
 *              most maxOutputTokens) when the case has one, else half of maxOutputTokens (rounded up).
 * - max      = the top of the input's band (an estimated count's upper end) + maxOutputTokens, priced at the
 *              dearest way they can be billed: output tokens at the output or the reasoning rate, whichever is
 *              higher, and with `cacheSystemPrefix` the system prompt at the cache-write rate (when the model
 *              has one). This is what the budget reserves before a call.
 *
 * A rate the catalog does not know makes that figure `unknown`, naming the rate, for the trial and its
 * candidate; the run's total is then unknown too, and `known` sums the candidates whose bill is known.
 */
import type { Catalog } from '../catalog/catalog.ts';
import type { ModelEntry } from '../catalog/model.ts';
import { priceUsage } from '../economics/usage.ts';
import type { Usage } from '../economics/usage.ts';
import { ZERO, addMoney, unknown } from '../money/money.ts';
import type { Money } from '../money/money.ts';
import type { TokenCounter } from '../tokens/counter.ts';
import { loadModelCounter, loadTokenCounter } from '../tokens/registry.ts';
import { countRequestTokens } from './request-tokens.ts';
import type { RequestTokens } from './request-tokens.ts';
import type { Candidate, Trial } from './trial.ts';

export type CounterFor = (model: ModelEntry) => Promise<TokenCounter>;

export interface TrialBill {
  trialId: string;
  candidateId: string;
  inputTokens: number;
  inputTokensHigh: number;
  exact: boolean;
  expectedOutputTokens: number;
  expectedFrom: 'reference' | 'half-max';
  maxOutputTokens: number;
  min: Money;
  expected: Money;
  max: Money;
}

export interface BillFigures {
  min: Money;
  expected: Money;
  max: Money;
}

export interface CandidateBill extends BillFigures {
  candidateId: string;
  model: string;
  trials: number;
  inputTokens: number;
  /** Every trial's input count is exact. */
  exact: boolean;
  /** The rates (or catalog entry) whose absence makes this candidate's bill unknown; empty when known. */
  missing: string[];
}

export interface DryRunBill {
  trials: TrialBill[];
  candidates: CandidateBill[];
  /** Unknown when any candidate's bill is unknown. */
  total: BillFigures;
  /** Sum over the candidates whose bill is known. */
  known: BillFigures;
  unknownCandidates: { candidateId: string; model: string; missing: string[] }[];
}

export interface DryRunInput {
  candidates: readonly Candidate[];
  trials: readonly Trial[];
  catalog: Catalog;
  /** Case id → reference answer. */
  references?: ReadonlyMap<string, string>;
  /** Default: loadModelCounter (o200k_base for a model the catalog does not know). */
  counterFor?: CounterFor;
}

export async function dryRunBill(input: DryRunInput): Promise<DryRunBill> {
  const counterFor = input.counterFor ?? loadModelCounter;
  const byId = new Map(input.candidates.map((c) => [c.id, c]));
  const counters = new Map<string, Promise<TokenCounter>>();
  const entries = new Map<string, ModelEntry | undefined>();
  const entryOf = (model: string): ModelEntry | undefined => {
    if (!entries.has(model)) entries.set(model, input.catalog.tryResolve(model));
    return entries.get(model);
  };
  const counterOf = (model: string, entry: ModelEntry | undefined): Promise<TokenCounter> => {
    let counter = counters.get(model);
    if (!counter) {
      counter = entry ? counterFor(entry) : loadTokenCounter('o200k_base');
      counters.set(model, counter);
    }
    return counter;
  };

  const trials: TrialBill[] = [];
  for (const trial of input.trials) {
    const candidate = byId.get(trial.candidateId);
    if (!candidate) throw new Error(`trial ${trial.id} names no candidate of the plan (${trial.candidateId})`);
    const entry = entryOf(candidate.model);
    const counter = await counterOf(candidate.model, entry);
    const tokens = countRequestTokens(entry ?? { id: candidate.model, provider: '' }, counter, trial);
    const reference = input.references?.get(trial.caseId);
    trials.push(billTrial(trial, candidate, entry, tokens, reference === undefined ? undefined : counter.count(reference)));
  }

  const grouped = new Map<string, TrialBill[]>();
  for (const bill of trials) {
    const list = grouped.get(bill.candidateId);
    if (list) list.push(bill);
    else grouped.set(bill.candidateId, [bill]);
  }
  const candidates = input.candidates.map((candidate) => {
    const own = grouped.get(candidate.id) ?? [];
    const figures = sumFigures(own);
    const missing = [...new Set([figures.min, figures.expected, figures.max].flatMap((m) => (m.known ? [] : m.missing)))];
    return {
      candidateId: candidate.id,
      model: candidate.model,
      trials: own.length,
      inputTokens: own.reduce((sum, t) => sum + t.inputTokens, 0),
      exact: own.every((t) => t.exact),
      ...figures,
      missing,
    } satisfies CandidateBill;
  });
  const unknownCandidates = candidates
    .filter((c) => c.missing.length > 0)
    .map((c) => ({ candidateId: c.candidateId, model: c.model, missing: c.missing }));
  return {
    trials,
    candidates,
    total: sumFigures(candidates),
    known: sumFigures(candidates.filter((c) => c.missing.length === 0)),
    unknownCandidates,
  };
}

/** One trial's three figures; `referenceTokens` is the reference answer's count on this model, if any. */
export function billTrial(
  trial: Pick<Trial, 'id' | 'candidateId'>,
  candidate: Candidate,
  entry: ModelEntry | undefined,
  tokens: RequestTokens,
  referenceTokens?: number,
): TrialBill {
  const maxOut = candidate.params.maxOutputTokens;
  const expectedOut = referenceTokens === undefined ? Math.ceil(maxOut / 2) : Math.min(referenceTokens, maxOut);
  const price = (usage: Partial<Usage>): Money =>
    entry ? priceUsage(entry, { ...ZERO_USAGE, ...usage }).total : unknown(`${candidate.model} (not in the catalog)`);

  const prefixCache = candidate.params.cacheSystemPrefix === true && entry?.rates?.cacheWrite5m != null;
  const system = Math.min(tokens.system, tokens.high);
  const maxPrompt: Partial<Usage> = prefixCache ? { input: tokens.high - system, cacheWrite5m: system } : { input: tokens.high };
  let max = price({ ...maxPrompt, output: maxOut });
  if (entry?.rates?.reasoningOutput != null) max = dearer(max, price({ ...maxPrompt, reasoning: maxOut }));

  return {
    trialId: trial.id,
    candidateId: trial.candidateId,
    inputTokens: tokens.input,
    inputTokensHigh: tokens.high,
    exact: tokens.exact,
    expectedOutputTokens: expectedOut,
    expectedFrom: referenceTokens === undefined ? 'half-max' : 'reference',
    maxOutputTokens: maxOut,
    min: price({ input: tokens.input }),
    expected: price({ input: tokens.input, output: expectedOut }),
    max,
  };
}

const ZERO_USAGE: Usage = { input: 0, output: 0, reasoning: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0 };

function dearer(a: Money, b: Money): Money {
  if (!a.known || !b.known) return addMoney(a, b); // unknown, naming every missing rate
  return a.pico >= b.pico ? a : b;
}

/** The sum of several bills' min, expected and max. */
export function sumFigures(items: readonly BillFigures[]): BillFigures {
  let min = ZERO;
  let expected = ZERO;
  let max = ZERO;
  for (const item of items) {
    min = addMoney(min, item.min);
    expected = addMoney(expected, item.expected);
    max = addMoney(max, item.max);
  }
  return { min, expected, max };
}
