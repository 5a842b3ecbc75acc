/**
 * The result store as `costlab run`, `runs` and `show` use it: `--store DIR`, else `.costlab/` in the working
 * folder. A run opens it for writing and holds its lock; `runs` and `show` read it without the lock — so they
 * work while a run is going on — and never write to it (a torn last line is skipped, not repaired).
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { CostlabError, DEFAULT_STORE_DIR, openFileStore, parseScaled, storePaths } from '../core/index.ts';
import type { ErrorLocation, ResultStore, RunRecord, StoreFiles, TrialResult } from '../core/index.ts';
import { exists } from '../platform/node.ts';
import { isProcessAlive, nodeStoreFiles } from '../platform/store-files.ts';

export function storeDir(option: string | undefined): string {
  return option ?? DEFAULT_STORE_DIR;
}

/** A word as a POSIX shell reads it back: as it is when plain, else in single quotes. */
function shellWord(word: string): string {
  return /^[\w./:@%+=,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** `costlab run --resume ID`, with `--store DIR` when the run was given a store folder: every resume hint says it so. */
export function resumeCommand(runId: string, store: string | undefined): string {
  return `costlab run --resume ${runId}${store === undefined ? '' : ` --store ${shellWord(store)}`}`;
}

/** Opens the store for a run (creating it when missing), taking its lock. */
export function openStoreForWriting(dir: string): Promise<ResultStore> {
  return openFileStore(dir, nodeStoreFiles());
}

/** Opens an existing store read-only, without its lock; null when there is no store in `dir`. */
export async function openStoreForReading(dir: string): Promise<ResultStore | null> {
  if (!(await exists(storePaths(dir).doc))) return null;
  const files = nodeStoreFiles();
  const nothing = async () => undefined;
  const readOnly: StoreFiles = {
    readText: files.readText,
    appendDurable: nothing,
    writeAtomic: nothing,
    truncate: nothing,
    lock: async () => ({ release: nothing }),
  };
  return openFileStore(dir, readOnly);
}

/** Like openStoreForReading, but an absent store is an error naming the folder. */
export async function requireStoreForReading(dir: string): Promise<ResultStore> {
  const store = await openStoreForReading(dir);
  if (store) return store;
  throw new CostlabError('no-store', `there is no costlab store in ${dir}`, {
    location: { file: dir },
    hint: 'run `costlab run SET` first, or give the folder of an existing store with --store DIR',
  });
}

/**
 * A stored run and its results, read without the lock; an unknown run is an error naming the store, at the
 * caller's `location` (an option or a profile field) with its `hint`.
 */
export async function readRun(
  dir: string, runId: string, error: { location?: ErrorLocation; hint?: string } = {},
): Promise<{ run: RunRecord; results: TrialResult[] }> {
  const store = await requireStoreForReading(dir);
  try {
    const run = await store.getRun(runId);
    if (!run) {
      throw new CostlabError('unknown-run', `there is no run ${runId} in the store ${dir}`, {
        ...(error.location ? { location: error.location } : {}),
        hint: error.hint ?? 'list the runs with: costlab runs',
      });
    }
    return { run, results: await store.results(runId) };
  } finally {
    await store.close();
  }
}

/** `20261122-101530-ticket-triage-3f2a`: sortable, readable, and a valid file name. */
export function newRunId(setName: string, now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${setName.slice(0, 80)}-${randomBytes(2).toString('hex')}`;
}

export type DisplayStatus = RunRecord['status'] | 'interrupted';

/**
 * A run the store says is `running` is only running while the process holding the store's lock is alive:
 * after a crash or a kill it is `interrupted` (resume it with `costlab run --resume ID`).
 */
export async function displayStatus(dir: string, status: RunRecord['status']): Promise<DisplayStatus> {
  if (status !== 'running') return status;
  let holder: { pid?: unknown; host?: unknown } | null = null;
  try {
    holder = JSON.parse(await readFile(storePaths(dir).lock, 'utf8')) as { pid?: unknown; host?: unknown };
  } catch {
    holder = null;
  }
  if (holder === null || typeof holder.pid !== 'number') return 'interrupted';
  if (typeof holder.host === 'string' && holder.host !== hostname()) return 'running';
  return isProcessAlive(holder.pid) ? 'running' : 'interrupted';
}

export interface Spend {
  /** Exact picodollars of the results whose cost is known. */
  pico: bigint;
  /** Results that were billed at an unknown price (costUsd null with usage). */
  unpriced: number;
}

export function spendOf(results: readonly TrialResult[]): Spend {
  let pico = 0n;
  let unpriced = 0;
  for (const result of results) {
    if (result.costUsd !== null) pico += parseScaled(result.costUsd, 12, 'costUsd');
    else if (result.usage !== null) unpriced++;
  }
  return { pico, unpriced };
}
