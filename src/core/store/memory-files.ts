/**
 * StoreFiles in memory, for tests: a shared MemoryDisk holds the bytes (so a test can tear a line in
 * the middle of a UTF-8 character) and the locks; each port instance plays one process with its own pid.
 */
import { storeLockedError } from './store-files.ts';
import type { LockHolder, StoreFiles, StoreLock } from './store-files.ts';

export class MemoryDisk {
  readonly files = new Map<string, Uint8Array>();
  /** The pids of the processes that are running; a lock held by any other pid is stale. */
  readonly alive = new Set<number>();
  /** How many appendDurable calls (each one fsync) there were. */
  appends = 0;
  /** When set, the next appendDurable writes only this many bytes of its text and then fails. */
  failNextAppendAfter: number | null = null;

  text(path: string): string | undefined {
    const bytes = this.files.get(path);
    return bytes === undefined ? undefined : new TextDecoder().decode(bytes);
  }

  setText(path: string, text: string): void {
    this.files.set(path, new TextEncoder().encode(text));
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

export function memoryStoreFiles(disk: MemoryDisk, pid = 1): StoreFiles {
  disk.alive.add(pid);
  return {
    async readText(path) {
      return disk.text(path) ?? null;
    },
    async appendDurable(path, text) {
      disk.appends += 1;
      let bytes = new TextEncoder().encode(text);
      const failAfter = disk.failNextAppendAfter;
      if (failAfter !== null) bytes = bytes.slice(0, failAfter);
      disk.files.set(path, concat(disk.files.get(path) ?? new Uint8Array(), bytes));
      if (failAfter !== null) {
        disk.failNextAppendAfter = null;
        throw new Error('ENOSPC: no space left on device');
      }
    },
    async writeAtomic(path, text) {
      disk.setText(path, text);
    },
    async truncate(path, bytes) {
      const current = disk.files.get(path);
      if (current !== undefined) disk.files.set(path, current.slice(0, bytes));
    },
    async lock(dir): Promise<StoreLock> {
      const path = `${dir}/lock`;
      const existing = disk.text(path);
      if (existing !== undefined) {
        let holder: LockHolder | null = null;
        try {
          holder = JSON.parse(existing) as LockHolder;
        } catch {
          throw storeLockedError(dir, null);
        }
        if (disk.alive.has(holder.pid)) throw storeLockedError(dir, holder);
      }
      const mine = JSON.stringify({ pid, host: 'memory' });
      disk.setText(path, mine);
      return {
        async release() {
          if (disk.text(path) === mine) disk.files.delete(path);
        },
      };
    },
  };
}
