/** Runs and results for store tests. */
import type { Candidate, Trial, TrialResult } from '../../../src/core/runner/trial.ts';
import type { RunRecord } from '../../../src/core/store/result-store.ts';

export const CANDIDATES: Candidate[] = [
  { id: 'terse@openai:gpt-4o-mini', variant: 'terse', model: 'openai:gpt-4o-mini', target: 'openai:gpt-4o-mini', params: { maxOutputTokens: 256, temperature: 0 } },
  {
    id: 'full@anthropic:claude-haiku-4-5#1a2b',
    variant: 'full',
    model: 'anthropic:claude-haiku-4-5',
    target: 'anthropic:claude-haiku-4-5',
    params: { maxOutputTokens: 512, topP: 0.9, cacheSystemPrefix: true },
  },
];

export function makeTrials(count: number): Trial[] {
  return Array.from({ length: count }, (_, i) => {
    const candidate = CANDIDATES[i % CANDIDATES.length]!;
    const caseId = `case-${Math.floor(i / CANDIDATES.length)}`;
    return {
      id: `${candidate.id}|${caseId}|0`,
      candidateId: candidate.id,
      caseId,
      repeat: 0,
      ...(i % 3 === 0 ? { system: 'You are a support bot. Answer in one line.' } : {}),
      messages: [{ role: 'user' as const, content: `Ticket ${i}: 退款还没到账 — where is my refund? ✓` }],
    };
  });
}

export function makeRun(id: string, trialCount: number): RunRecord {
  return {
    id,
    createdAt: '2026-11-22T10:00:00.000Z',
    setName: 'support-bot',
    setFile: 'prompts/support-bot.yaml',
    candidates: CANDIDATES,
    trials: makeTrials(trialCount),
    options: { budgetUsd: '5.00', concurrency: 4, repeats: 1 },
    status: 'running',
    origin: 'live',
  };
}

/** A result for a trial: every 5th one failed (rate limited, with the optional error fields), the rest succeeded. */
export function makeResult(runId: string, trial: Trial, i = 0): TrialResult {
  const base = { runId, trialId: trial.id, candidateId: trial.candidateId, caseId: trial.caseId, repeat: trial.repeat, cached: false, finishedAt: '2026-11-22T10:00:01.250Z' };
  if (i % 5 === 4) {
    return {
      ...base,
      status: 'failed',
      output: null,
      usage: null,
      usageSource: null,
      costUsd: null,
      latencyMs: 812.5,
      ttftMs: null,
      attempts: 3,
      error: { code: 'rate-limited', message: 'Rate limit reached for requests', retryable: true, status: 429, retryAfterMs: 1200 },
    };
  }
  return {
    ...base,
    status: 'succeeded',
    output: `Your refund #${i} is on its way — 3–5 business days. 退款处理中。`,
    usage: { input: 120 + i, output: 18, reasoning: 0, cacheRead: i % 2 === 0 ? 1024 : 0, cacheWrite5m: 0, cacheWrite1h: 0 },
    usageSource: 'reported',
    costUsd: '0.000045000',
    latencyMs: 431,
    ttftMs: 120.25,
    attempts: 1,
    error: null,
  };
}
