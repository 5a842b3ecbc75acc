/**
 * A run's vocabulary: a candidate is (prompt variant, model, parameters); a trial is one
 * (candidate, case, repeat); a trial result is what came back — output and usage, or a typed error.
 */
import type { ChatMessage, ProviderError } from '../providers/provider.ts';
import type { Usage } from '../economics/usage.ts';

export interface CandidateParams {
  maxOutputTokens: number;
  temperature?: number;
  topP?: number;
  cacheSystemPrefix?: boolean;
}

export interface Candidate {
  /** Stable, readable id: `variant@provider:model`, plus `[max=…,t=…,top_p=…,cache]` for non-default params (plan.ts). */
  id: string;
  variant: string;
  /** The catalog key `provider:model` (prices and tokenizer). */
  model: string;
  /** How to reach it: the model reference as given (e.g. `vllm:NAME@http://host:8000/v1`, `ollama:llama3.1:8b`). */
  target: string;
  params: CandidateParams;
}

export interface Trial {
  /** Stable id: `${candidateId}|${caseId}|${repeat}` (repeats from 1). */
  id: string;
  candidateId: string;
  caseId: string;
  repeat: number;
  system?: string;
  messages: ChatMessage[];
}

export interface TrialResult {
  runId: string;
  trialId: string;
  candidateId: string;
  caseId: string;
  repeat: number;
  status: 'succeeded' | 'failed';
  /** Answered from the response cache: no call, $0. */
  cached: boolean;
  output: string | null;
  usage: Usage | null;
  usageSource: 'reported' | 'estimated' | null;
  /** Exact decimal USD string (e.g. "0.00045"), or null when the price is unknown. */
  costUsd: string | null;
  latencyMs: number | null;
  ttftMs: number | null;
  attempts: number;
  error: ProviderError | null;
  /** ISO timestamp. */
  finishedAt: string;
  /**
   * A quality label in [0, 1] when one is known (recorded datasets: AlpacaEval's model_win, RouteLLM's
   * correctness as 1 / 0); null or absent when the result has not been scored.
   */
  quality?: number | null;
  /** Other per-result labels as recorded (e.g. AlpacaEval `preference`, RouteLLM `correct`). */
  labels?: Record<string, number | boolean>;
}

/** The fields that say which trial of which run a result belongs to. */
export function resultKeys(runId: string, trial: Trial): Pick<TrialResult, 'runId' | 'trialId' | 'candidateId' | 'caseId' | 'repeat'> {
  return { runId, trialId: trial.id, candidateId: trial.candidateId, caseId: trial.caseId, repeat: trial.repeat };
}
