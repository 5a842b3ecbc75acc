/**
 * The response cache: an identical request is answered from the store's cache (`cacheGet`/`cachePut`) instead
 * of being sent again. The key is `v1:` + SHA-256 (sha256.ts, or a `hash` function given as a port) of a
 * canonical JSON of everything that shapes the answer:
 *
 *     target, model, system, messages (role + content, in order), maxOutputTokens, temperature, topP,
 *     cacheSystemPrefix, and the repeat number.
 *
 * The repeat number is in the key so that repeats stay repeats: repeat 2 of a request is answered by the
 * cached repeat 2, never by repeat 1's answer. The variant name and case id are not: two variants or cases
 * that render the same request share an answer.
 *
 * A hit becomes a result with `cached: true`, `costUsd: "0"` (no call, no spend) and `attempts: 0`; its usage is
 * the original call's, for token statistics. Only successful answers are cached. `noCache` skips the lookup; the
 * fresh answer is still stored, so a later run can use it.
 */
import type { CachedResponse } from '../store/result-store.ts';
import { sha256Hex } from './sha256.ts';
import type { Candidate, Trial, TrialResult } from './trial.ts';
import { resultKeys } from './trial.ts';

export type HashFn = (text: string) => string;

export const CACHE_KEY_VERSION = 'v1';

/** The canonical text a cache key hashes (stable key order, undefined fields left out). */
export function requestFingerprint(candidate: Candidate, trial: Trial): string {
  return JSON.stringify([
    CACHE_KEY_VERSION,
    candidate.target,
    candidate.model,
    trial.system ?? null,
    trial.messages.map((m) => [m.role, m.content]),
    candidate.params.maxOutputTokens,
    candidate.params.temperature ?? null,
    candidate.params.topP ?? null,
    candidate.params.cacheSystemPrefix ?? false,
    trial.repeat,
  ]);
}

export function responseCacheKey(candidate: Candidate, trial: Trial, hash: HashFn = sha256Hex): string {
  return `${CACHE_KEY_VERSION}:${hash(requestFingerprint(candidate, trial))}`;
}

/** The result row of a trial answered from the cache. */
export function cachedResult(runId: string, trial: Trial, hit: CachedResponse, finishedAt: string): TrialResult {
  return {
    ...resultKeys(runId, trial),
    status: 'succeeded',
    cached: true,
    output: hit.output,
    usage: hit.usage,
    usageSource: hit.usageSource,
    costUsd: '0',
    latencyMs: null,
    ttftMs: null,
    attempts: 0,
    error: null,
    finishedAt,
  };
}
