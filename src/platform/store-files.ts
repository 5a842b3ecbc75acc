/**
 * The store's file port for real: appends with O_APPEND + fsync, atomic replaces (temporary file, fsync,
 * rename, fsync of the folder), and a pid lock file taken with link(2), which is atomic and never shows
 * a half-written lock. A lock whose pid is dead on this host is stale and taken over.
 *
 * One narrow race remains: two processes that find the same stale lock at the same moment both remove
 * it; the re-read just before the removal makes the window a few microseconds wide.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { CostlabError } from '../core/errors.ts';
import { storeLockedError } from '../core/store/index.ts';
import type { LockHolder, StoreFiles, StoreLock } from '../core/store/index.ts';

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** fsyncs a folder so a new, renamed or removed entry in it survives a crash (a no-op where folders cannot be opened). */
async function syncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    if (!['EISDIR', 'EPERM', 'EINVAL', 'EACCES', 'EBADF'].includes(errorCode(error) ?? '')) throw error;
  } finally {
    await handle?.close();
  }
}

/** Creates a folder and its missing parents, fsyncing each parent that gained an entry. */
async function ensureDir(dir: string): Promise<void> {
  const first = await mkdir(dir, { recursive: true });
  if (first === undefined) return;
  for (let d = dir; ; d = dirname(d)) {
    await syncDir(dirname(d));
    if (d === first || dirname(d) === d) break;
  }
}

/** Whether a process with this pid is running (EPERM: it is, under another user). */
export function isProcessAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
}

function parseHolder(text: string): LockHolder | null {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    return typeof value.pid === 'number' && Number.isInteger(value.pid) && value.pid > 0 ? (value as LockHolder) : null;
  } catch {
    return null;
  }
}

async function readOrNull(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    throw error;
  }
}

/** Creates `path` holding `text` only if it does not exist: true when created. */
async function createExclusive(path: string, text: string): Promise<boolean> {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, text, { flag: 'wx' });
  try {
    await link(temporary, path);
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    if (!['EPERM', 'ENOTSUP', 'ENOSYS', 'EOPNOTSUPP'].includes(errorCode(error) ?? '')) throw error;
    try {
      await writeFile(path, text, { flag: 'wx' }); // a file system without hard links
      return true;
    } catch (fallbackError) {
      if (errorCode(fallbackError) === 'EEXIST') return false;
      throw fallbackError;
    }
  } finally {
    await rm(temporary, { force: true });
  }
}

const TEMPORARY = /\.\d+\.[0-9a-f]{8}\.tmp$/;

/** Under the lock, removes the temporary files a killed writer left behind (not another opener's lock attempt). */
async function removeTemporaries(dir: string): Promise<void> {
  for (const folder of [dir, `${dir}/runs`]) {
    const names = await readdir(folder).catch(() => [] as string[]);
    for (const name of names) if (TEMPORARY.test(name) && !name.startsWith('lock.')) await rm(`${folder}/${name}`, { force: true });
  }
}

async function takeLock(dir: string): Promise<StoreLock> {
  await ensureDir(dir);
  const path = `${dir}/lock`;
  const host = hostname();
  const mine = `${JSON.stringify({ pid: process.pid, host, since: new Date().toISOString() })}\n`;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await createExclusive(path, mine)) {
      await syncDir(dir);
      await removeTemporaries(dir);
      return {
        async release() {
          if ((await readOrNull(path)) !== mine) return;
          await rm(path, { force: true });
          await syncDir(dir);
        },
      };
    }
    const existing = await readOrNull(path);
    if (existing === null) continue; // released in the meantime
    const holder = parseHolder(existing);
    if (holder === null) throw storeLockedError(dir, null, path);
    if ((holder.host !== undefined && holder.host !== host) || isProcessAlive(holder.pid)) throw storeLockedError(dir, holder, path);
    // Stale: its process is gone. Remove it only if it is still the lock we judged.
    if ((await readOrNull(path)) === existing) await rm(path, { force: true });
  }
  throw new CostlabError('store-locked', `could not take the lock of the store ${dir}: other processes keep taking it`, {
    location: { file: path },
    hint: 'wait for them to finish, then try again',
  });
}

export function nodeStoreFiles(): StoreFiles {
  const known = new Set<string>();
  return {
    readText: readOrNull,

    async appendDurable(path, text) {
      let handle;
      let created = false;
      if (!known.has(path)) {
        await ensureDir(dirname(path));
        try {
          handle = await open(path, 'ax');
          created = true;
        } catch (error) {
          if (errorCode(error) !== 'EEXIST') throw error;
        }
      }
      handle ??= await open(path, 'a');
      try {
        await handle.writeFile(text, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      if (created) await syncDir(dirname(path));
      known.add(path);
    },

    async writeAtomic(path, text) {
      await ensureDir(dirname(path));
      const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      try {
        const handle = await open(temporary, 'wx');
        try {
          await handle.writeFile(text, 'utf8');
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(temporary, path);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
      await syncDir(dirname(path));
    },

    async truncate(path, bytes) {
      const handle = await open(path, 'r+');
      try {
        await handle.truncate(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
    },

    lock: takeLock,
  };
}
