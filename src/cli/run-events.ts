/**
 * Where a run's RunEvents go: with `--json`, one JSON object per line on stdout (NDJSON); without it, a
 * progress line on stderr — redrawn in place on a terminal, plain periodic lines otherwise. A `--batch` run
 * adds its batch events (batch-submitted, batch-progress, batch-poll-retry, batch-ended, batch-cancelled,
 * batch-error): as they are in the NDJSON; for people, a line per batch submitted, ended, cancelled or failed,
 * and a progress line with the batches' states and the requests they have done.
 *
 * The NDJSON is the runner's events as they are, except the last one, which is exactly
 * `{"type":"run-finished","runId","trials","succeeded","failed","cached","spentUsd"}`; a run stopped by a
 * signal says so first with `{"type":"run-stopped","runId","notRun","resume"}`. Every line passes through
 * scrubSecrets, so a key can never reach it.
 */
import type { BatchRunEvent, RunEvent } from '../core/index.ts';
import { formatScaled, parseScaled } from '../core/index.ts';
import { formatInteger, plural } from './format/table.ts';
import { scrubSecrets } from './run-providers.ts';
import { formatDuration } from './run-report.ts';
import { resumeCommand } from './run-store.ts';

export type Write = (text: string) => void;

/**
 * The NDJSON form of one event: zero, one or two lines' worth of objects. `store` is the run's `--store` (the
 * run-stopped event's `resume` command names it).
 */
export function eventObjects(event: RunEvent, store?: string): object[] {
  if (event.type !== 'run-finished') return [event];
  const finished = {
    type: 'run-finished',
    runId: event.runId,
    trials: event.trials,
    succeeded: event.succeeded,
    failed: event.failed,
    cached: event.cached,
    spentUsd: event.spentUsd,
  };
  if (event.status !== 'stopped') return [finished];
  return [{ type: 'run-stopped', runId: event.runId, notRun: event.notRun, resume: resumeCommand(event.runId, store) }, finished];
}

export function ndjsonWriter(write: Write, secrets: readonly string[], store?: string): (event: BatchRunEvent | object) => void {
  return (event) => {
    const objects = 'type' in event && typeof event.type === 'string' ? eventObjects(event as RunEvent, store) : [event];
    write(objects.map((o) => `${scrubSecrets(JSON.stringify(o), secrets)}\n`).join(''));
  };
}

function usd(value: string): string {
  return `$${formatScaled(parseScaled(value, 12), 12, 2)}`;
}

type Progress = Extract<RunEvent, { type: 'progress' }>;

export function progressText(p: Pick<Progress, 'done' | 'total' | 'etaMs' | 'spentUsd' | 'projectedUsd' | 'unpriced'>): string {
  const share = p.total === 0 ? 100 : Math.floor((p.done / p.total) * 100);
  const parts = [
    `${formatInteger(p.done)}/${formatInteger(p.total)} trials (${share}%)`,
    `ETA ${p.etaMs === null ? '—' : formatDuration(p.etaMs)}`,
    `spent ${usd(p.spentUsd)}${p.unpriced > 0 ? ` + ${p.unpriced} unpriced` : ''}`,
    `projected ${p.projectedUsd === null ? 'unknown' : usd(p.projectedUsd)}`,
  ];
  return parts.join(' · ');
}

/** What people see of one batch: `submitted` until its first status, then `in progress`, then `ended` (or `cancelled`). */
export type BatchState = 'submitted' | 'in progress' | 'ended' | 'cancelled';

export interface BatchView {
  provider: string;
  batchId: string;
  state: BatchState;
  /** The provider's own status word, once polled. */
  status: string | null;
  /** Requests in the batch, when known. */
  requests: number | null;
  /** Requests with an outcome so far, and of those the failed ones. */
  done: number;
  failed: number;
}

const BATCH_STATES: readonly BatchState[] = ['submitted', 'in progress', 'ended', 'cancelled'];

/** `2 batches: 1 submitted, 1 in progress · requests 3/6 done (1 failed)`; `no batch yet` before the first. */
export function batchText(batches: readonly BatchView[]): string {
  if (batches.length === 0) return 'no batch yet';
  const counts = BATCH_STATES.map((state) => [state, batches.filter((b) => b.state === state).length] as const).filter(([, n]) => n > 0);
  const states = counts.map(([state, n]) => `${formatInteger(n)} ${state}`).join(', ');
  const done = batches.reduce((sum, b) => sum + b.done, 0);
  const failed = batches.reduce((sum, b) => sum + b.failed, 0);
  const total = batches.every((b) => b.requests !== null) ? batches.reduce((sum, b) => sum + (b.requests ?? 0), 0) : null;
  const requests = `requests ${formatInteger(done)}${total === null ? '' : `/${formatInteger(total)}`} done${failed > 0 ? ` (${formatInteger(failed)} failed)` : ''}`;
  return `${formatInteger(batches.length)} batch${batches.length === 1 ? '' : 'es'}${states === '' ? '' : `: ${states}`} · ${requests}`;
}

/** `0/4 trials (0%) · spent $0.00 · projected $0.0001`: a batch run's results, without an ETA (batches answer within 24 hours). */
function batchTrialText(p: Pick<Progress, 'done' | 'total' | 'spentUsd' | 'projectedUsd' | 'unpriced'>): string {
  const share = p.total === 0 ? 100 : Math.floor((p.done / p.total) * 100);
  return [
    `${formatInteger(p.done)}/${formatInteger(p.total)} trials (${share}%)`,
    `spent ${usd(p.spentUsd)}${p.unpriced > 0 ? ` + ${p.unpriced} unpriced` : ''}`,
    `projected ${p.projectedUsd === null ? 'unknown' : usd(p.projectedUsd)}`,
  ].join(' · ');
}

export interface ProgressOptions {
  write: Write;
  /** Redraw one line in place (a terminal); else print a plain line every `intervalMs`. */
  tty: boolean;
  intervalMs?: number;
  now?: () => number;
  secrets: readonly string[];
  /** A `--batch` run: the line shows the batches, and the trials without an ETA. */
  batch?: boolean;
}

/** The live progress of a run, for people. */
export class ProgressView {
  private lastDraw = -Infinity;
  private lastText = '';
  private drawn = false;
  private readonly intervalMs: number;
  private readonly now: () => number;
  private readonly batches = new Map<string, BatchView>();
  private trials: Pick<Progress, 'done' | 'total' | 'spentUsd' | 'projectedUsd' | 'unpriced'> = { done: 0, total: 0, spentUsd: '0', projectedUsd: null, unpriced: 0 };

  constructor(private readonly options: ProgressOptions) {
    this.intervalMs = options.intervalMs ?? (options.tty ? 100 : 2_000);
    this.now = options.now ?? (() => performance.now());
  }

  onEvent(event: BatchRunEvent): void {
    switch (event.type) {
      case 'run-started':
        this.trials = { done: 0, total: event.trials, spentUsd: '0', projectedUsd: event.bill.total.expectedUsd, unpriced: 0 };
        if (this.options.batch) this.showBatch(true);
        else this.show(progressText({ ...this.trials, etaMs: null }), true);
        break;
      case 'progress':
        this.trials = event;
        if (this.options.batch) this.showBatch(event.done === event.total);
        else this.show(progressText(event), event.done === event.total);
        break;
      case 'budget-exhausted':
        this.line(`budget: ${event.message} — the trials that do not fit are refused (error code budget)`);
        break;
      case 'run-finished':
        this.clear();
        break;
      case 'batch-submitted':
        this.batches.set(event.batchId, { provider: event.provider, batchId: event.batchId, state: 'submitted', status: null, requests: event.requests, done: 0, failed: 0 });
        this.line(`batch submitted: ${event.provider} ${event.batchId} — ${plural(event.requests, 'request')} (${event.group})`);
        this.showBatch(true);
        break;
      case 'batch-progress': {
        const before = this.batches.get(event.batchId);
        const state: BatchState = event.nextPollMs === null ? 'ended' : event.status === 'validating' ? 'submitted' : 'in progress';
        this.batches.set(event.batchId, {
          provider: event.provider, batchId: event.batchId, state, status: event.status,
          requests: event.total ?? before?.requests ?? null, done: event.done, failed: event.failed,
        });
        this.showBatch(before === undefined || before.state !== state || before.status !== event.status);
        break;
      }
      case 'batch-poll-retry':
        this.line(`batch ${event.provider} ${event.batchId}: a poll failed (${event.error.code}: ${event.error.message}) — polling again in ${formatDuration(event.delayMs)} (attempt ${event.attempt})`);
        break;
      case 'batch-ended': {
        const view = this.batches.get(event.batchId);
        if (view) view.state = event.status === 'cancelled' || event.status === 'canceled' ? 'cancelled' : 'ended';
        const notRun = event.notRun > 0 ? `, ${plural(event.notRun, 'request')} not run (a resume sends ${event.notRun === 1 ? 'it' : 'them'} again)` : '';
        this.line(`batch ended: ${event.provider} ${event.batchId} ${event.status} — ${plural(event.results, 'result')}${notRun}`);
        this.showBatch(true);
        break;
      }
      case 'batch-cancelled': {
        const view = this.batches.get(event.batchId);
        if (view) view.state = 'cancelled';
        const why = event.error === null ? '' : ` (the cancel failed: ${event.error.code}: ${event.error.message})`;
        this.line(`batch cancelled: ${event.provider} ${event.batchId}${why} — what it answered before the cancel is billed; a resume collects it`);
        break;
      }
      case 'batch-error':
        if (event.stage === 'submit') {
          this.line(`batch error: ${event.provider} could not take a batch of ${plural(event.trials, 'request')} (${event.error.code}: ${event.error.message}) — its trials got that error`);
        } else {
          this.line(`batch error: ${event.provider} ${event.batchId ?? ''} could not be followed (${event.error.code}: ${event.error.message}) — it stays in the store for a resume`);
        }
        break;
      default:
        break;
    }
  }

  private showBatch(force: boolean): void {
    this.show(`${batchText([...this.batches.values()])} · ${batchTrialText(this.trials)}`, force);
  }

  private show(text: string, force: boolean): void {
    const now = this.now();
    if (!force && now - this.lastDraw < this.intervalMs) return;
    if (text === this.lastText) return; // nothing new to say
    this.lastDraw = now;
    this.lastText = text;
    const safe = scrubSecrets(text, this.options.secrets);
    if (this.options.tty) {
      this.options.write(`\r\x1b[2K${safe}`);
      this.drawn = true;
    } else {
      this.options.write(`progress: ${safe}\n`);
    }
  }

  private line(text: string): void {
    this.clear();
    this.options.write(`${scrubSecrets(text, this.options.secrets)}\n`);
  }

  private clear(): void {
    if (this.drawn) {
      this.options.write('\r\x1b[2K');
      this.lastText = ''; // wiped: the next show draws it again
    }
    this.drawn = false;
  }
}
