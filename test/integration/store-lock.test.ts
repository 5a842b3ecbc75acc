/** The store lock across processes: a second opener is refused with the holder's pid; a dead holder's lock is stale. */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openFileStore } from '../../src/core/index.ts';
import { nodeStoreFiles } from '../../src/platform/store-files.ts';
import { rejection } from '../core/promptset/memory-fs.ts';

const HOLDER = fileURLToPath(new URL('./fixtures/store-holder.ts', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'costlab-store-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('file store lock', () => {
  it('refuses a second process naming the holder, and takes over the lock once the holder is killed', async () => {
    const dir = join(root, '.costlab');
    const child = spawn(process.execPath, ['--import', 'tsx', HOLDER, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    try {
      await new Promise<void>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('locked')) resolve();
        });
        child.on('exit', (code) => reject(new Error(`holder exited early (${code})`)));
      });

      const error = await rejection(openFileStore(dir, nodeStoreFiles()));
      expect(error.code).toBe('store-locked');
      expect(error.message).toContain(`in use by process ${child.pid}`);
      expect(error.hint).toBe(`wait for it to finish, or remove ${dir}/lock if that process is gone`);
    } finally {
      child.kill('SIGKILL');
      await exited;
    }

    expect(JSON.parse(readFileSync(join(dir, 'lock'), 'utf8')).pid).toBe(child.pid); // left behind: stale now
    const store = await openFileStore(dir, nodeStoreFiles());
    expect(JSON.parse(readFileSync(join(dir, 'lock'), 'utf8')).pid).toBe(process.pid);
    expect((await rejection(openFileStore(dir, nodeStoreFiles()))).message).toContain(`process ${process.pid}`);
    await store.close();
    expect(existsSync(join(dir, 'lock'))).toBe(false);
  });
});
