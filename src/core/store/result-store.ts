/**
 * Where runs and their results live. A result is durable (written and fsynced) before appendResult
 * resolves; nothing rewrites the whole history on each write; a killed process leaves a store that
 * loads; a second process on the same store gets a clear error.
 */
import type { Candidate, Trial, TrialResult } from '../runner/trial.ts';

export interface RunRecord {
  id: string;
  /** ISO timestamp. */
  createdAt: string;
  setName: string;
  setFile: string | null;
  candidates: Candidate[];
  trials: Trial[];
  /** Options as given (budget, concurrency, repeats, batch, …), for show and resume. */
  options: Record<string, unknown>;
  status: 'running' | 'finished' | 'stopped';
  /** Where the run came from: a live run, or recorded results imported from a dataset. */
  origin: 'live' | 'recorded';
}

/** A run without its plan: what listing runs needs, kept in the small store document. */
export type RunSummary = Omit<RunRecord, 'candidates' | 'trials'> & { trialCount: number; candidateCount: number };

export interface CachedResponse {
  output: string;
  usage: TrialResult['usage'];
  usageSource: TrialResult['usageSource'];
  /** ISO timestamp of the original call. */
  storedAt: string;
}

export interface ResultStore {
  createRun(run: RunRecord): Promise<void>;
  setRunStatus(runId: string, status: RunRecord['status']): Promise<void>;
  getRun(runId: string): Promise<RunRecord | undefined>;
  /** Every run with its plan, oldest first (reads every plan: prefer runSummaries to list runs). */
  listRuns(): Promise<RunRecord[]>;
  /** Every run without its plan, oldest first. */
  runSummaries(): Promise<RunSummary[]>;
  /**
   * Durable before it resolves. Rejects (CostlabError) for an unknown run or trial, or a trial that
   * already has a result.
   */
  appendResult(result: TrialResult): Promise<void>;
  results(runId: string): Promise<TrialResult[]>;
  cacheGet(key: string): Promise<CachedResponse | undefined>;
  cachePut(key: string, value: CachedResponse): Promise<void>;
  /** Waits for pending writes, then releases the store; later calls reject with `store-closed`. */
  close(): Promise<void>;
}
