/**
 * The file-system port of the file store. Core never touches the disk itself: platform/store-files.ts
 * implements this for real (O_APPEND + fsync, temp + rename, a pid lock file), and memory-files.ts
 * implements it in memory for tests.
 *
 * Paths are plain strings joined with `/`.
 */
import { CostlabError } from '../errors.ts';

export interface StoreLock {
  /** Removes the lock (only if it is still this process's). */
  release(): Promise<void>;
}

export interface StoreFiles {
  /** The file's text (UTF-8), or null when it does not exist. */
  readText(path: string): Promise<string | null>;
  /**
   * Appends `text` at the end of the file (O_APPEND) and fsyncs it before resolving. Creates the file,
   * and its folder, when missing (and fsyncs the folder so the new entry survives a crash).
   */
  appendDurable(path: string, text: string): Promise<void>;
  /** Replaces the file atomically: a temporary file in the same folder, fsynced, renamed over it, folder fsynced. */
  writeAtomic(path: string, text: string): Promise<void>;
  /** Cuts the file to its first `bytes` bytes and fsyncs it (used to drop a torn last line). */
  truncate(path: string, bytes: number): Promise<void>;
  /**
   * Takes the exclusive lock on a store folder (creating the folder). When another live process holds
   * it, rejects with CostlabError `store-locked` naming that process's pid and what to do; a lock left
   * by a process that is gone is detected and taken over.
   */
  lock(dir: string): Promise<StoreLock>;
}

/** The files of a store folder. */
export interface StorePaths {
  dir: string;
  doc: string;
  cache: string;
  lock: string;
  plan(runId: string): string;
  results(runId: string): string;
}

export function storePaths(dir: string): StorePaths {
  const base = dir.length > 1 ? dir.replace(/\/+$/, '') : dir;
  return {
    dir: base,
    doc: `${base}/store.json`,
    cache: `${base}/cache.ndjson`,
    lock: `${base}/lock`,
    plan: (runId) => `${base}/runs/${runId}.plan.json`,
    results: (runId) => `${base}/runs/${runId}.results.ndjson`,
  };
}

/** UTF-8 length of a string in bytes. */
export function byteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3; // the rest of the BMP, and a lone surrogate (written as U+FFFD)
  }
  return bytes;
}

/** What a lock file records about its holder. */
export interface LockHolder {
  pid: number;
  host?: string;
  /** ISO timestamp. */
  since?: string;
}

/** The error a second process gets: who holds the store, and what to do. */
export function storeLockedError(dir: string, holder: LockHolder | null, lockPath = `${dir}/lock`): CostlabError {
  const who = holder === null ? 'another process (its lock file is unreadable)' : `process ${holder.pid}${holder.host ? ` on ${holder.host}` : ''}${holder.since ? ` (since ${holder.since})` : ''}`;
  return new CostlabError('store-locked', `the store ${dir} is in use by ${who}`, {
    location: { file: lockPath },
    hint: `wait for it to finish, or remove ${lockPath} if that process is gone`,
  });
}

/** Where the CLI keeps its store unless told otherwise (relative to the working folder). */
export const DEFAULT_STORE_DIR = '.costlab';
