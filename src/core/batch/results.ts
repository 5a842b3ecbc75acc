/**
 * A batch outcome as the trial's one TrialResult, priced at batch rates: priceUsage(model, usage, { batch: true }).
 * A failed request is a result with its typed error and costs $0 (batch APIs bill only answered requests); a
 * cancelled one gets no result (the trial stays pending). A batch has no per-request latency: latencyMs and
 * ttftMs are null, attempts 1 (0 for a trial refused before any call).
 */
import type { ModelEntry } from '../catalog/model.ts';
import { priceUsage } from '../economics/usage.ts';
import type { Usage } from '../economics/usage.ts';
import { ZERO, moneyToUsdString, unknown } from '../money/money.ts';
import type { Money } from '../money/money.ts';
import type { ProviderError } from '../providers/provider.ts';
import type { Trial, TrialResult } from '../runner/trial.ts';
import { resultKeys } from '../runner/trial.ts';
import type { BatchOutcome } from './types.ts';

export interface PricedResult {
  result: TrialResult;
  cost: Money;
}

/** The exact batch-rate cost of a billed usage; unknown when the model, a batch rate or the usage is unknown. */
export function batchCost(model: string, entry: ModelEntry | undefined, usage: Usage | null): Money {
  if (usage === null) return unknown(`${model} usage (the provider reported none)`);
  if (!entry) return unknown(`${model} (not in the catalog)`);
  return priceUsage(entry, usage, { batch: true }).total;
}

export function outcomeResult(runId: string, trial: Trial, model: string, entry: ModelEntry | undefined, outcome: BatchOutcome, finishedAt: string): PricedResult | null {
  if (outcome.kind === 'canceled') return null;
  if (outcome.kind === 'failed') return errorResult(runId, trial, outcome.error, finishedAt, 1);
  const cost = batchCost(model, entry, outcome.usage);
  return {
    cost,
    result: {
      ...base(runId, trial, finishedAt),
      status: 'succeeded',
      output: outcome.output,
      usage: outcome.usage,
      usageSource: outcome.usage === null ? null : 'reported',
      costUsd: cost.known ? moneyToUsdString(cost.pico) : null,
      attempts: 1,
      error: null,
    },
  };
}

/** A result for a request that failed, or that was never sent (`attempts` 0). */
export function errorResult(runId: string, trial: Trial, error: ProviderError, finishedAt: string, attempts: number): PricedResult {
  return {
    cost: ZERO,
    result: { ...base(runId, trial, finishedAt), status: 'failed', output: null, usage: null, usageSource: null, costUsd: '0', attempts, error },
  };
}

function base(runId: string, trial: Trial, finishedAt: string) {
  return {
    ...resultKeys(runId, trial),
    cached: false,
    latencyMs: null,
    ttftMs: null,
    finishedAt,
  };
}
