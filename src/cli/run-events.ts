/**
 * Where a run's RunEvents go: with `--json`, one JSON object per line on stdout (NDJSON); without it, a
 * progress line on stderr — redrawn in place on a terminal, plain periodic lines otherwise.
 *
 * The NDJSON is the runner's events as they are, except the last one, which is exactly
 * `{"type":"run-finished","runId","trials","succeeded","failed","cached","spentUsd"}`; a run stopped by a
 * signal says so first with `{"type":"run-stopped","runId","notRun","resume"}`. Every line passes through
 * scrubSecrets, so a key can never reach it.
 */
import type { RunEvent } from '../core/index.ts';
import { formatScaled, parseScaled } from '../core/index.ts';
import { formatInteger } from './format/table.ts';
import { scrubSecrets } from './run-providers.ts';
import { formatDuration } from './run-report.ts';

export type Write = (text: string) => void;

/** The NDJSON form of one event: zero, one or two lines' worth of objects. */
export function eventObjects(event: RunEvent): object[] {
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
  return [{ type: 'run-stopped', runId: event.runId, notRun: event.notRun, resume: `costlab run --resume ${event.runId}` }, finished];
}

export function ndjsonWriter(write: Write, secrets: readonly string[]): (event: RunEvent | object) => void {
  return (event) => {
    const objects = 'type' in event && typeof event.type === 'string' ? eventObjects(event as RunEvent) : [event];
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

export interface ProgressOptions {
  write: Write;
  /** Redraw one line in place (a terminal); else print a plain line every `intervalMs`. */
  tty: boolean;
  intervalMs?: number;
  now?: () => number;
  secrets: readonly string[];
}

/** The live progress of a run, for people. */
export class ProgressView {
  private lastDraw = -Infinity;
  private drawn = false;
  private readonly intervalMs: number;
  private readonly now: () => number;

  constructor(private readonly options: ProgressOptions) {
    this.intervalMs = options.intervalMs ?? (options.tty ? 100 : 2_000);
    this.now = options.now ?? (() => performance.now());
  }

  onEvent(event: RunEvent): void {
    switch (event.type) {
      case 'run-started':
        this.show(progressText({ done: 0, total: event.trials, etaMs: null, spentUsd: '0', projectedUsd: event.bill.total.expectedUsd, unpriced: 0 }), true);
        break;
      case 'progress':
        this.show(progressText(event), event.done === event.total);
        break;
      case 'budget-exhausted':
        this.line(`budget: ${event.message} — the trials that do not fit are refused (error code budget)`);
        break;
      case 'run-finished':
        this.clear();
        break;
      default:
        break;
    }
  }

  private show(text: string, force: boolean): void {
    const now = this.now();
    if (!force && now - this.lastDraw < this.intervalMs) return;
    this.lastDraw = now;
    if (this.options.tty) {
      this.options.write(`\r\x1b[2K${text}`);
      this.drawn = true;
    } else {
      this.options.write(`progress: ${text}\n`);
    }
  }

  private line(text: string): void {
    this.clear();
    this.options.write(`${scrubSecrets(text, this.options.secrets)}\n`);
  }

  private clear(): void {
    if (this.drawn) this.options.write('\r\x1b[2K');
    this.drawn = false;
  }
}
