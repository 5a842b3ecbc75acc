/**
 * One trial, start to end: the response cache, then calls with retries — each call reserving its maximum
 * cost under the budget, waiting for the provider's RPM / TPM buckets, and settling its billed cost — and
 * finally one TrialResult, or null when the run was stopped before the trial finished (no result, so a resume
 * runs it again).
 *
 * Money: every billed call is priced once with priceUsage (exact) and counted once, failed calls that report
 * billed usage (ProviderCallError.billedUsage) included. A result's `usage` and `costUsd` cover every billed
 * call of the trial, retries included, so summing a run's `costUsd` gives what the run spent. A price the
 * catalog does not know gives `costUsd: null`.
 */
import type { ModelEntry } from '../catalog/model.ts';
import { addUsage, priceUsage, promptTokens } from '../economics/usage.ts';
import type { Usage } from '../economics/usage.ts';
import { ZERO, addMoney, moneyToUsdString, unknown } from '../money/money.ts';
import type { Money } from '../money/money.ts';
import type { Clock, Random, Sleep } from '../ports.ts';
import { ProviderCallError } from '../providers/provider.ts';
import type { CompletionRequest, CompletionResult, Provider, ProviderError } from '../providers/provider.ts';
import type { CachedResponse, ResultStore } from '../store/result-store.ts';
import type { BudgetGuard } from './budget.ts';
import type { TrialBill } from './dry-run-bill.ts';
import type { RunEvent } from './events.ts';
import type { ProviderLimiter } from './rate-limit.ts';
import { cachedResult, responseCacheKey } from './response-cache.ts';
import type { HashFn } from './response-cache.ts';
import { abortedError, asProviderError, withRetry } from './retry.ts';
import type { RetryPolicy } from './retry.ts';
import type { Candidate, Trial, TrialResult } from './trial.ts';
import { resultKeys } from './trial.ts';

export interface TrialContext {
  runId: string;
  trial: Trial;
  candidate: Candidate;
  bill: TrialBill;
  entry: ModelEntry | undefined;
  provider: Provider;
  requestModel: string;
  limiter: ProviderLimiter;
  budget: BudgetGuard;
  store: ResultStore;
  clock: Clock;
  sleep: Sleep;
  random: Random;
  signal: AbortSignal;
  retry: Partial<RetryPolicy> | undefined;
  noCache: boolean;
  hash: HashFn | undefined;
  timeoutMs: number | undefined;
  emit: (event: RunEvent) => void;
  /** The budget refused a call that did not fit (not an unknown price). */
  onBudgetRefused: (trial: Trial, max: Money, message: string) => void;
}

export interface TrialOutcome {
  result: TrialResult;
  /** A fresh answer to store in the response cache, after the result is appended. */
  cache?: { key: string; value: CachedResponse };
}

export async function executeTrial(ctx: TrialContext): Promise<TrialOutcome | null> {
  const { trial, candidate, budget, limiter, signal } = ctx;
  const key = responseCacheKey(candidate, trial, ctx.hash);
  const finishedAt = () => new Date(ctx.clock.now()).toISOString();
  if (!ctx.noCache) {
    const hit = await ctx.store.cacheGet(key);
    if (hit) return { result: cachedResult(ctx.runId, trial, hit, finishedAt()) };
  }
  if (signal.aborted) return null;

  const request: CompletionRequest = { model: ctx.requestModel, messages: trial.messages, maxOutputTokens: candidate.params.maxOutputTokens, signal };
  if (trial.system !== undefined) request.system = trial.system;
  if (candidate.params.temperature !== undefined) request.temperature = candidate.params.temperature;
  if (candidate.params.topP !== undefined) request.topP = candidate.params.topP;
  if (candidate.params.cacheSystemPrefix !== undefined) request.cacheSystemPrefix = candidate.params.cacheSystemPrefix;
  if (ctx.timeoutMs !== undefined) request.timeoutMs = ctx.timeoutMs;

  const tpmTokens = ctx.bill.inputTokensHigh + candidate.params.maxOutputTokens;
  let attempts = 0;
  let usage: Usage | null = null;
  let cost: Money = ZERO;
  let lastError: ProviderError | null = null;

  const attempt = async (n: number): Promise<CompletionResult> => {
    const outcome = await budget.reserve(ctx.bill.max, signal);
    if (!outcome.ok) {
      if (outcome.reason === 'aborted') throw abortedError();
      if (outcome.reason === 'would-exceed') ctx.onBudgetRefused(trial, ctx.bill.max, outcome.message);
      const after = lastError ? ` (after attempt ${n - 1} failed: ${lastError.code}: ${lastError.message})` : '';
      throw new ProviderCallError({ code: 'budget', message: `${outcome.message}${after}`, retryable: false });
    }
    try {
      await limiter.throttle(tpmTokens, signal);
    } catch (error) {
      budget.release(outcome.reservation);
      throw signal.aborted ? abortedError() : error;
    }
    if (n === 1) ctx.emit({ type: 'trial-started', ...resultKeys(ctx.runId, trial) });
    attempts = n;
    let billed: Usage | undefined;
    try {
      const response = await ctx.provider.complete(request);
      billed = response.usage;
      return response;
    } catch (error) {
      billed = error instanceof ProviderCallError ? error.billedUsage : undefined;
      lastError = asProviderError(error);
      throw error;
    } finally {
      const actual = billed ? priceOf(ctx, billed) : ZERO;
      budget.settle(outcome.reservation, actual);
      if (billed) {
        usage = usage ? addUsage(usage, billed) : billed;
        cost = addMoney(cost, actual);
        limiter.refund(tpmTokens - promptTokens(billed) - billed.output - billed.reasoning);
      }
    }
  };

  const base = { ...resultKeys(ctx.runId, trial), cached: false };
  const costUsd = (): string | null => (cost.known ? moneyToUsdString(cost.pico) : null);
  try {
    const response = await withRetry(attempt, {
      policy: ctx.retry,
      sleep: ctx.sleep,
      random: ctx.random,
      signal,
      onRetry: (info) => ctx.emit({ type: 'trial-retry', runId: ctx.runId, trialId: trial.id, ...info }),
    });
    const result: TrialResult = {
      ...base,
      status: 'succeeded',
      output: response.output,
      usage,
      usageSource: response.usageSource,
      costUsd: costUsd(),
      latencyMs: response.latencyMs,
      ttftMs: response.ttftMs,
      attempts,
      error: null,
      finishedAt: finishedAt(),
    };
    const value: CachedResponse = { output: response.output, usage: response.usage, usageSource: response.usageSource, storedAt: result.finishedAt };
    return { result, cache: { key, value } };
  } catch (thrown) {
    const error = asProviderError(thrown);
    if (signal.aborted && error.code === 'aborted') return null;
    return {
      result: {
        ...base,
        status: 'failed',
        output: null,
        usage,
        usageSource: usage ? 'reported' : null,
        costUsd: costUsd(),
        latencyMs: null,
        ttftMs: null,
        attempts,
        error,
        finishedAt: finishedAt(),
      },
    };
  }
}

/** The exact cost of one billed call; unknown when the model or a rate is unknown, or the usage is malformed. */
function priceOf(ctx: TrialContext, usage: Usage): Money {
  if (!ctx.entry) return unknown(`${ctx.candidate.model} (not in the catalog)`);
  try {
    return priceUsage(ctx.entry, usage).total;
  } catch (error) {
    return unknown(`a valid usage (${error instanceof Error ? error.message : String(error)})`);
  }
}
