/**
 * The batch advisor: what sending the share of traffic that tolerates a 24-hour turnaround through the
 * provider's Batch API saves (OpenAI Batch, Anthropic Message Batches, Gemini Batch Mode: 50% of the
 * standard prices for the bundled models). A model without batch prices in the catalog has no batch API
 * costlab knows of: no saving is claimed.
 *
 * saving = requests × share × (standard price of a request − batch price of a request), with both prices
 * from priceUsage (so long-context tiers apply), rounded once to the picodollar.
 */
import { CostlabError } from '../errors.ts';
import type { ModelEntry } from '../catalog/model.ts';
import { modelKey } from '../catalog/model.ts';
import { known, unknown } from '../money/money.ts';
import type { Money } from '../money/money.ts';
import { F0, F1, cmp, frac, mul, roundHalfUp, sub } from './fraction.ts';
import type { Fraction } from './fraction.ts';
import { makeUsage, priceUsage } from './usage.ts';

export interface BatchAdviceInput {
  model: ModelEntry;
  inputTokens: number;
  outputTokens: number;
  requestsPerMonth: Fraction;
  /** The share of requests that can wait up to 24 hours, in [0, 1]. */
  tolerantShare: Fraction;
}

export interface BatchAdvice {
  model: string;
  available: boolean;
  /** Why there is no batch saving (no batch API for this model, unknown price), or null. */
  reason: string | null;
  /** Every request at standard prices, per month. */
  standard: Money;
  /** The tolerant share at batch prices and the rest at standard prices, per month. */
  withBatch: Money;
  saving: Money;
}

export function batchAdvice(request: BatchAdviceInput): BatchAdvice {
  const { model, tolerantShare, requestsPerMonth } = request;
  if (cmp(tolerantShare, F0) < 0 || cmp(tolerantShare, F1) > 0) {
    throw new CostlabError('bad-batch-advice', 'the batch-tolerant share must be between 0 and 1', { location: { field: 'batch-share' } });
  }
  const key = modelKey(model);
  const usage = makeUsage({ input: request.inputTokens, output: request.outputTokens });
  const standardPerRequest = priceUsage(model, usage).total;
  const standard = monthly(standardPerRequest, requestsPerMonth);
  const noBatch = model.rates === null || model.rates.batchInput === null || model.rates.batchOutput === null;
  if (noBatch) {
    const reason = model.rates === null ? `${key} is self-hosted: no batch API` : `no batch API for ${key} (no batch price in the catalog)`;
    return { model: key, available: false, reason, standard, withBatch: standard, saving: standard.known ? known(0n) : standard };
  }
  const batchPerRequest = priceUsage(model, usage, { batch: true }).total;
  if (!standardPerRequest.known || !batchPerRequest.known) {
    const missing = [...(standardPerRequest.known ? [] : standardPerRequest.missing), ...(batchPerRequest.known ? [] : batchPerRequest.missing)];
    return { model: key, available: true, reason: `unknown price (no ${missing.join(', ')} rate)`, standard, withBatch: unknown(...missing), saving: unknown(...missing) };
  }
  const withBatchPico = roundHalfUp(mul(requestsPerMonth, sub(frac(standardPerRequest.pico), mul(tolerantShare, frac(standardPerRequest.pico - batchPerRequest.pico)))));
  const withBatch = known(withBatchPico);
  return { model: key, available: true, reason: null, standard, withBatch, saving: standard.known ? known(standard.pico - withBatchPico) : standard };
}

function monthly(perRequest: Money, requests: Fraction): Money {
  return perRequest.known ? known(roundHalfUp(mul(frac(perRequest.pico), requests))) : perRequest;
}
