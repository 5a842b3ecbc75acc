/** core/runner public API: plan → dry-run bill → run (pool, limits, retries, budget, cache) → events; resume. */
export type { Candidate, CandidateParams, Trial, TrialResult } from './trial.ts';
export { DEFAULT_MAX_OUTPUT_TOKENS, buildPlan, candidateId, makeCandidate, plannedModel, trialId } from './plan.ts';
export type { ModelChoice, Plan, PlanSpec } from './plan.ts';
export { GENERIC_FRAMING, countRequestTokens } from './request-tokens.ts';
export type { ChatRequestText, RequestTokens } from './request-tokens.ts';
export { billTrial, dryRunBill } from './dry-run-bill.ts';
export type { BillFigures, CandidateBill, CounterFor, DryRunBill, DryRunInput, TrialBill } from './dry-run-bill.ts';
export {
  DEFAULT_RETRY_POLICY, NEVER_RETRIED_CODES, abortedError, backoffDelayMs, isRetryable, retryDecision, asProviderError, withRetry,
} from './retry.ts';
export type { RetryDecision, RetryInfo, RetryPolicy, WithRetryOptions } from './retry.ts';
export { ProviderLimiter, RateLimiter, TokenBucket } from './rate-limit.ts';
export type { RateLimits } from './rate-limit.ts';
export { BudgetGuard } from './budget.ts';
export type { Reservation, ReserveOutcome } from './budget.ts';
export { CACHE_KEY_VERSION, cachedResult, requestFingerprint, responseCacheKey } from './response-cache.ts';
export type { HashFn } from './response-cache.ts';
export { sha256Hex } from './sha256.ts';
export { billJson, figuresJson, usdJson } from './events.ts';
export type { BillFiguresJson, BillJson, RunEvent, RunEventType, UsdJson } from './events.ts';
export { runPool } from './pool.ts';
export type { PoolOptions } from './pool.ts';
export { defaultProviderKey, defaultRequestModel, targetPrefix, tryParseTarget } from './target.ts';
export { executeTrial } from './execute-trial.ts';
export type { TrialContext, TrialOutcome } from './execute-trial.ts';
export { DEFAULT_CONCURRENCY, runPlan } from './run.ts';
export type { RunPlanOptions, RunTotals } from './run.ts';
export { loadPending } from './pending.ts';
