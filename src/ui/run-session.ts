/**
 * One run as the Run screen follows it: folded from RunEvents (run-started, trial-finished, progress,
 * run-finished, …) into what the screen draws — progress overall and per candidate, spend so far and
 * projected, the ETA, and the latest trials. It lives in the App's memory, so the run goes on (and is
 * followed) while another screen is shown; `stop()` aborts it and the trials left stay resumable.
 */
import { formatUsd, parseScaled } from '../core/index.ts';
import type { Candidate, RunEvent, TrialResult } from '../core/index.ts';
import type { AppData, AppError, RunRequest } from './app-data.ts';
import { toAppError } from './errors.ts';

export type SessionStatus = 'starting' | 'running' | 'stopping' | 'finished' | 'stopped' | 'failed';

export interface CandidateProgress {
  candidate: Candidate;
  total: number;
  done: number;
  failed: number;
}

const KEEP_ROWS = 500;

export class RunSession {
  status: SessionStatus = 'starting';
  runId: string | null = null;
  total = 0;
  done = 0;
  succeeded = 0;
  failed = 0;
  cached = 0;
  notRun = 0;
  spentUsd = '0';
  projectedUsd: string | null = null;
  etaMs: number | null = null;
  unpriced = 0;
  budgetMessage: string | null = null;
  error: AppError | null = null;
  readonly candidates = new Map<string, CandidateProgress>();
  /** The latest finished trials, newest last. */
  rows: TrialResult[] = [];
  /** Changes on every event (for re-rendering). */
  version = 0;
  private readonly controller = new AbortController();
  private readonly listeners = new Set<() => void>();

  constructor(readonly request: RunRequest) {}

  /** A replay (or a resumed one): answered from recorded results, so nothing is called and nothing is paid. */
  get replay(): boolean {
    return this.request.kind === 'replay' || (this.request.kind === 'resume' && this.request.replay === true);
  }

  /** Starts the run through the CLI's callback; resolves when it has ended (never rejects). */
  start(data: AppData): Promise<void> {
    if (!data.startRun) {
      this.fail({ message: 'runs are not available here', hint: 'start costlab in a project folder (costlab tui)' });
      return Promise.resolve();
    }
    return data.startRun(this.request, (event) => this.onEvent(event), this.controller.signal).then(
      (runId) => {
        this.runId = runId;
        if (this.status === 'starting' || this.status === 'running' || this.status === 'stopping') this.status = this.controller.signal.aborted ? 'stopped' : 'finished';
        this.changed();
      },
      (error: unknown) => this.fail(toAppError(error)),
    );
  }

  stop(): void {
    if (this.status !== 'running' && this.status !== 'starting') return;
    this.status = 'stopping';
    this.controller.abort();
    this.changed();
  }

  get ended(): boolean {
    return this.status === 'finished' || this.status === 'stopped' || this.status === 'failed';
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  onEvent(event: RunEvent): void {
    switch (event.type) {
      case 'run-started':
        this.runId = event.runId;
        this.total = event.trials;
        this.status = this.status === 'stopping' ? 'stopping' : 'running';
        this.projectedUsd = event.bill.total.expectedUsd;
        for (const candidate of event.candidates) {
          const total = event.bill.candidates.find((c) => c.candidateId === candidate.id)?.trials ?? 0;
          this.candidates.set(candidate.id, { candidate, total, done: 0, failed: 0 });
        }
        break;
      case 'trial-finished': {
        const r = event.result;
        this.rows.push(r);
        if (this.rows.length > KEEP_ROWS) this.rows = this.rows.slice(-KEEP_ROWS);
        if (r.status === 'succeeded') this.succeeded++;
        else this.failed++;
        if (r.cached) this.cached++;
        const c = this.candidates.get(r.candidateId);
        if (c) {
          c.done++;
          if (r.status === 'failed') c.failed++;
        }
        break;
      }
      case 'progress':
        this.done = event.done;
        this.total = event.total;
        this.spentUsd = event.spentUsd;
        this.projectedUsd = event.projectedUsd;
        this.etaMs = event.etaMs;
        this.unpriced = event.unpriced;
        break;
      case 'budget-exhausted':
        this.budgetMessage = event.message;
        break;
      case 'run-finished':
        this.status = event.status === 'stopped' ? 'stopped' : 'finished';
        this.notRun = event.notRun;
        this.spentUsd = event.spentUsd;
        this.unpriced = event.unpriced;
        break;
      default:
        break;
    }
    this.changed();
  }

  private fail(error: AppError): void {
    this.status = 'failed';
    this.error = error;
    this.changed();
  }

  private changed(): void {
    this.version++;
    for (const listener of this.listeners) listener();
  }
}

/** An exact USD string as a short figure: "0.0012345" → "$0.00123". */
export function usd(value: string | null, significant = 3): string {
  if (value === null) return 'unknown';
  return formatUsd({ known: true, pico: parseScaled(value, 12) }, significant);
}

/** 65,000 ms → "1m 05s"; null → "—". */
export function duration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}
