/** platform/store-files.ts on the real file system: appends, atomic writes, truncation and the lock file. */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeStoreFiles } from '../../src/platform/store-files.ts';
import { rejection } from '../core/promptset/memory-fs.ts';

const root = mkdtempSync(join(tmpdir(), 'costlab-store-files-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const files = nodeStoreFiles();

/** A pid that is not running: spawn-free, the largest pid Linux hands out is 2^22. */
const DEAD_PID = 4_194_303;

describe('nodeStoreFiles', () => {
  it('appends (creating folders), replaces atomically, truncates, and reads a missing file as null', async () => {
    const dir = join(root, 'a');
    const log = join(dir, 'runs', 'r.results.ndjson');
    expect(await files.readText(log)).toBeNull();
    await files.appendDurable(log, 'one\n');
    await files.appendDurable(log, 'two 中\n');
    expect(await files.readText(log)).toBe('one\ntwo 中\n');
    await files.truncate(log, 4);
    expect(readFileSync(log, 'utf8')).toBe('one\n');
    await files.writeAtomic(join(dir, 'store.json'), '{"version":1}\n');
    await files.writeAtomic(join(dir, 'store.json'), '{"version":1,"runs":[]}\n');
    expect(readFileSync(join(dir, 'store.json'), 'utf8')).toBe('{"version":1,"runs":[]}\n');
    expect(readdirSync(dir).sort()).toEqual(['runs', 'store.json']);
  });

  it('takes over a lock whose process is gone, and removes temporary files a killed writer left', async () => {
    const dir = join(root, 'stale');
    await files.appendDurable(join(dir, 'runs', 'x'), '');
    writeFileSync(join(dir, 'lock'), JSON.stringify({ pid: DEAD_PID, host: hostname() }));
    writeFileSync(join(dir, 'store.json.123.0a1b2c3d.tmp'), '{"half');
    writeFileSync(join(dir, 'runs', 'r.plan.json.99.deadbeef.tmp'), '');
    const lock = await files.lock(dir);
    expect(JSON.parse(readFileSync(join(dir, 'lock'), 'utf8')).pid).toBe(process.pid);
    expect(readdirSync(dir).sort()).toEqual(['lock', 'runs']);
    expect(readdirSync(join(dir, 'runs'))).toEqual(['x']);
    await lock.release();
    await lock.release();
    expect(readdirSync(dir)).toEqual(['runs']);
  });

  it('refuses a lock held on another host (its pid cannot be checked) or one it cannot read', async () => {
    const dir = join(root, 'other');
    await files.appendDurable(join(dir, 'x'), '');
    writeFileSync(join(dir, 'lock'), JSON.stringify({ pid: DEAD_PID, host: 'build-server-7', since: '2026-11-22T09:00:00.000Z' }));
    const other = await rejection(files.lock(dir));
    expect(other.describe()).toBe(
      `${dir}/lock: the store ${dir} is in use by process ${DEAD_PID} on build-server-7 (since 2026-11-22T09:00:00.000Z) — wait for it to finish, or remove ${dir}/lock if that process is gone`,
    );
    writeFileSync(join(dir, 'lock'), 'garbage');
    expect((await rejection(files.lock(dir))).message).toContain('its lock file is unreadable');
  });
});
