/**
 * What a run reports while it runs. The TUI renders these; `--json` prints them one per line (NDJSON), so
 * every event is plain JSON: money is an exact decimal USD string (`"0.000459"`), or null when unknown, with
 * the missing rates named beside it; no bigint, Map or Date.
 *
 * Order: run-started; per trial trial-started when its first call is sent (so not for a trial answered from the
 * cache or refused by the budget before any call), any trial-retry, trial-finished, then progress;
 * budget-exhausted once, when the budget first refuses a call that did not fit; run-finished last.
 */
import type { Money } from '../money/money.ts';
import { moneyToUsdString } from '../money/money.ts';
import type { ProviderError } from '../providers/provider.ts';
import type { BillFigures, DryRunBill } from './dry-run-bill.ts';
import type { Candidate, TrialResult } from './trial.ts';

/** Exact USD string, or null when unknown. */
export type UsdJson = string | null;

export interface BillFiguresJson {
  minUsd: UsdJson;
  expectedUsd: UsdJson;
  maxUsd: UsdJson;
}

export interface BillJson {
  candidates: (BillFiguresJson & { candidateId: string; model: string; trials: number; inputTokens: number; exact: boolean; missing: string[] })[];
  total: BillFiguresJson;
  known: BillFiguresJson;
  unknownCandidates: { candidateId: string; model: string; missing: string[] }[];
}

export type RunEvent =
  | { type: 'run-started'; runId: string; trials: number; candidates: Candidate[]; bill: BillJson; budgetUsd: string | null }
  | { type: 'trial-started'; runId: string; trialId: string; candidateId: string; caseId: string; repeat: number }
  | { type: 'trial-retry'; runId: string; trialId: string; attempt: number; error: ProviderError; delayMs: number }
  | { type: 'trial-finished'; runId: string; result: TrialResult }
  | {
      type: 'progress';
      runId: string;
      done: number;
      total: number;
      /** Spent so far in this run (known prices only; see `unpriced`). */
      spentUsd: string;
      /** Spent + the expected bill of the trials not finished yet; null when one of those is unknown. */
      projectedUsd: UsdJson;
      /** Elapsed / done × left, from the monotonic clock; null before the first trial finishes. */
      etaMs: number | null;
      unpriced: number;
    }
  | {
      type: 'budget-exhausted';
      runId: string;
      budgetUsd: string;
      spentUsd: string;
      /** The trial whose call was refused first, and its maximum cost. */
      trialId: string;
      neededUsd: UsdJson;
      message: string;
    }
  | {
      type: 'run-finished';
      runId: string;
      /** Trials this call of runPlan was given. */
      trials: number;
      succeeded: number;
      failed: number;
      cached: number;
      /** Trials left without a result (the run was stopped): a resume runs exactly these. */
      notRun: number;
      spentUsd: string;
      unpriced: number;
      status: 'finished' | 'stopped';
    };

export type RunEventType = RunEvent['type'];

export function usdJson(money: Money): UsdJson {
  return money.known ? moneyToUsdString(money.pico) : null;
}

export function figuresJson(figures: BillFigures): BillFiguresJson {
  return { minUsd: usdJson(figures.min), expectedUsd: usdJson(figures.expected), maxUsd: usdJson(figures.max) };
}

/** The bill without its per-trial rows, as JSON. */
export function billJson(bill: DryRunBill): BillJson {
  return {
    candidates: bill.candidates.map((c) => ({
      candidateId: c.candidateId,
      model: c.model,
      trials: c.trials,
      inputTokens: c.inputTokens,
      exact: c.exact,
      ...figuresJson(c),
      missing: c.missing,
    })),
    total: figuresJson(bill.total),
    known: figuresJson(bill.known),
    unknownCandidates: bill.unknownCandidates,
  };
}
