/**
 * Append-only NDJSON logs: one JSON record per line, appended with fsync before the append resolves.
 *
 * A crash mid-append can leave a torn last line (no trailing newline): reading ignores it, and `repair`
 * (run under the store lock, before this session's first append) cuts it off. A complete record that only
 * lacks its newline is kept and given one. Any other bad line is a CostlabError naming file and line.
 *
 * Appends are group-committed: lines that arrive while an fsync is in flight go out together in the next
 * write + fsync, so a pool of concurrent callers does not pay one fsync each.
 */
import { CostlabError } from '../errors.ts';
import { parseJson } from './schemas.ts';
import type { Where } from './schemas.ts';
import { byteLength } from './store-files.ts';
import type { StoreFiles } from './store-files.ts';

export interface LogEntry<T> {
  value: T;
  /** 1-based line number in the file. */
  line: number;
}

export interface LogRead<T> {
  entries: LogEntry<T>[];
  /** How the file ends: with a newline (or empty / missing), a torn line, or a complete record without its newline. */
  tail: 'clean' | 'torn' | 'unterminated';
  /** Bytes up to and including the last newline. */
  goodBytes: number;
}

/** Reads and checks every line; `parse` gets the JSON value of a line and throws on a bad record. */
export async function readLog<T>(files: StoreFiles, path: string, parse: (value: unknown, where: Where) => T): Promise<LogRead<T>> {
  const text = await files.readText(path);
  if (text === null || text.length === 0) return { entries: [], tail: 'clean', goodBytes: 0 };
  const end = text.lastIndexOf('\n') + 1;
  const entries: LogEntry<T>[] = [];
  let start = 0;
  let line = 0;
  while (start < end) {
    const stop = text.indexOf('\n', start);
    const body = text.slice(start, stop);
    line += 1;
    start = stop + 1;
    if (body.trim() === '') continue;
    entries.push({ value: parse(parseJson(body, { file: path, line }), { file: path, line }), line });
  }
  let tail: LogRead<T>['tail'] = 'clean';
  if (end < text.length) {
    tail = 'torn';
    const rest = { file: path, line: line + 1 };
    try {
      entries.push({ value: parse(JSON.parse(text.slice(end)) as unknown, rest), line: rest.line });
      tail = 'unterminated';
    } catch (error) {
      // A newer format version is an error wherever it is; anything else in the last line is a torn write.
      if (error instanceof CostlabError && error.code === 'store-version') throw error;
    }
  }
  return { entries, tail, goodBytes: byteLength(text.slice(0, end)) };
}

/** Makes the file end cleanly before anything is appended to it: drops a torn last line, ends an unterminated one. */
export async function repairLog(files: StoreFiles, path: string, read: LogRead<unknown>): Promise<void> {
  if (read.tail === 'torn') await files.truncate(path, read.goodBytes);
  else if (read.tail === 'unterminated') await files.appendDurable(path, '\n');
}

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class AppendLog {
  private queue: string[] = [];
  private waiters: Waiter[] = [];
  private flushing: Promise<void> | null = null;
  private failure: CostlabError | null = null;

  constructor(
    private readonly files: StoreFiles,
    readonly path: string,
  ) {}

  /** Appends text (whole lines); resolves once it is written and fsynced. After a failed write the log refuses appends. */
  append(text: string): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<void>((resolve, reject) => {
      this.queue.push(text);
      this.waiters.push({ resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  /** Resolves when nothing is waiting to be written. */
  async idle(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private async flush(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const text = this.queue.join('');
        const waiters = this.waiters;
        this.queue = [];
        this.waiters = [];
        try {
          await this.files.appendDurable(this.path, text);
          for (const waiter of waiters) waiter.resolve();
        } catch (error) {
          // The file may now end in a partial write: refuse further appends until the store is reopened (which repairs it).
          this.failure = new CostlabError('store-write-failed', `cannot append to ${this.path}: ${error instanceof Error ? error.message : String(error)}`, {
            location: { file: this.path },
            hint: 'free disk space or fix permissions, then resume the run: results already written are safe',
            cause: error,
          });
          for (const waiter of [...waiters, ...this.waiters]) waiter.reject(this.failure);
          this.queue = [];
          this.waiters = [];
        }
      }
    } finally {
      this.flushing = null;
    }
  }
}
