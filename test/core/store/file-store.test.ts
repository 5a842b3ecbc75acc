/** The file store's on-disk behaviour, over the in-memory port: layout, torn lines, corruption, versions, lock. */
import { describe, expect, it } from 'vitest';
import { MemoryDisk, memoryStoreFiles, openFileStore, pendingTrials } from '../../../src/core/store/index.ts';
import type { ResultStore } from '../../../src/core/store/index.ts';
import { rejection } from '../promptset/memory-fs.ts';
import { makeResult, makeRun } from './fixtures.ts';

const LOG = '.costlab/runs/r1.results.ndjson';

async function storeWith(results: number, trials = 10): Promise<{ disk: MemoryDisk; store: ResultStore }> {
  const disk = new MemoryDisk();
  const store = await openFileStore('.costlab', memoryStoreFiles(disk));
  const run = makeRun('r1', trials);
  await store.createRun(run);
  for (let i = 0; i < results; i++) await store.appendResult(makeResult('r1', run.trials[i]!, i));
  await store.close();
  return { disk, store };
}

const reopen = (disk: MemoryDisk, pid = 2) => openFileStore('.costlab', memoryStoreFiles(disk, pid));

describe('file store on disk', () => {
  it('lays out store.json (runs only, versioned), the plan and an NDJSON results log', async () => {
    const { disk } = await storeWith(3);
    expect([...disk.files.keys()].sort()).toEqual(['.costlab/runs/r1.plan.json', LOG, '.costlab/store.json']);
    const doc = JSON.parse(disk.text('.costlab/store.json')!);
    expect(doc.version).toBe(1);
    expect(doc.runs[0]).toMatchObject({ id: 'r1', trialCount: 10, candidateCount: 2 });
    expect(doc.runs[0].trials).toBeUndefined();
    expect(JSON.parse(disk.text('.costlab/runs/r1.plan.json')!).trials).toHaveLength(10);
    const lines = disk.text(LOG)!.split('\n');
    expect(lines).toHaveLength(4);
    expect(JSON.parse(lines[0]!)).toMatchObject({ v: 1, trialId: makeRun('r1', 1).trials[0]!.id, costUsd: '0.000045000' });
  });

  it('round-trips results exactly through a reopen', async () => {
    const { disk } = await storeWith(6);
    const store = await reopen(disk);
    const run = makeRun('r1', 10);
    expect(await store.results('r1')).toStrictEqual(run.trials.slice(0, 6).map((t, i) => makeResult('r1', t, i)));
    expect(await store.getRun('r1')).toStrictEqual(run);
  });

  it('ignores a torn last line (cut inside a UTF-8 character), truncates it, and appends after it', async () => {
    const { disk } = await storeWith(3);
    const run = makeRun('r1', 10);
    const line = `${JSON.stringify({ v: 1, ...makeResult('r1', run.trials[3]!, 3) })}\n`;
    const bytes = new TextEncoder().encode(line);
    const cut = new TextEncoder().encode(line.slice(0, line.indexOf('退'))).length + 1;
    disk.files.set(LOG, new Uint8Array([...disk.files.get(LOG)!, ...bytes.slice(0, cut)]));
    const store = await reopen(disk);
    const results = await store.results('r1');
    expect(results).toHaveLength(3);
    expect(disk.text(LOG)!.endsWith('}\n')).toBe(true);
    expect(pendingTrials(run, results)).toEqual(run.trials.slice(3));
    await store.appendResult(makeResult('r1', run.trials[3]!, 3));
    expect(await store.results('r1')).toHaveLength(4);
    expect(disk.text(LOG)!.trimEnd().split('\n').map((l) => JSON.parse(l).trialId)).toEqual(run.trials.slice(0, 4).map((t) => t.id));
  });

  it('keeps a complete last record that only lacks its newline, and ends it', async () => {
    const { disk } = await storeWith(3);
    disk.setText(LOG, disk.text(LOG)!.replace(/\n$/, ''));
    const store = await reopen(disk);
    expect(await store.results('r1')).toHaveLength(3);
    expect(disk.text(LOG)!.endsWith('\n')).toBe(true);
  });

  it('names file and line of a corrupt line that is not the last', async () => {
    const { disk } = await storeWith(4);
    const lines = disk.text(LOG)!.split('\n');
    disk.setText(LOG, [lines[0], lines[1]!.slice(0, 40), ...lines.slice(2)].join('\n'));
    const error = await rejection((await reopen(disk)).results('r1'));
    expect([error.code, error.location.file, error.location.line]).toEqual(['store-corrupt', LOG, 2]);
    expect(error.describe()).toMatch(/^\.costlab\/runs\/r1\.results\.ndjson:2: line 2 is not valid JSON/);
  });

  it('names the field of a line that is JSON but not a result', async () => {
    const { disk } = await storeWith(4);
    disk.setText(LOG, disk.text(LOG)!.replace('"costUsd":"0.000045000"', '"costUsd":0.000045'));
    const error = await rejection((await reopen(disk)).results('r1'));
    expect([error.code, error.location.line, error.location.field]).toEqual(['store-corrupt', 1, 'costUsd']);
  });

  it('refuses a second result for a trial found in the log', async () => {
    const { disk } = await storeWith(2);
    const first = disk.text(LOG)!.split('\n')[0]!;
    disk.setText(LOG, `${disk.text(LOG)}${first}\n`);
    const error = await rejection((await reopen(disk)).results('r1'));
    expect([error.location.line, error.message]).toEqual([3, expect.stringContaining('second result')]);
  });

  it('checks format versions: a newer store.json or result line is refused clearly, a missing version is corrupt', async () => {
    const { disk } = await storeWith(2);
    const doc = disk.text('.costlab/store.json')!;
    disk.setText('.costlab/store.json', doc.replace('"version": 1', '"version": 2'));
    const newer = await rejection(reopen(disk));
    expect([newer.code, newer.location.field, newer.hint]).toEqual(['store-version', 'version', 'upgrade costlab, or use another store folder']);
    expect(disk.text('.costlab/lock')).toBeUndefined(); // a failed open releases the lock
    disk.setText('.costlab/store.json', doc.replace('"version": 1,', ''));
    expect((await rejection(reopen(disk))).code).toBe('store-corrupt');
    disk.setText('.costlab/store.json', doc.slice(0, doc.indexOf('"setName"') + 12));
    const cut = await rejection(reopen(disk));
    expect([cut.code, cut.location.line]).toEqual(['store-corrupt', 7]);
    expect(cut.describe()).not.toContain('\n');
    disk.setText('.costlab/store.json', doc);
    disk.setText(LOG, disk.text(LOG)!.replace(/^\{"v":1/, '{"v":3'));
    const line = await rejection((await reopen(disk)).results('r1'));
    expect([line.code, line.location.line]).toEqual(['store-version', 1]);
  });

  it('cache: last write wins across reopen; a torn last line is ignored; superseded lines are compacted on close', async () => {
    const disk = new MemoryDisk();
    const value = { output: 'a', usage: null, usageSource: null, storedAt: '2026-11-22T10:00:00.000Z' };
    let store = await openFileStore('.costlab', memoryStoreFiles(disk));
    for (let i = 0; i < 40; i++) await store.cachePut(`k${i % 3}`, { ...value, output: `v${i}` });
    await store.close();
    expect(disk.text('.costlab/cache.ndjson')!.trimEnd().split('\n')).toHaveLength(3);
    disk.setText('.costlab/cache.ndjson', `${disk.text('.costlab/cache.ndjson')}{"v":1,"key":"k0","val`);
    store = await reopen(disk);
    expect([(await store.cacheGet('k0'))?.output, (await store.cacheGet('k1'))?.output, (await store.cacheGet('k2'))?.output]).toEqual(['v39', 'v37', 'v38']);
    await store.cachePut('k0', { ...value, output: 'new' });
    await store.close();
    expect((await (await reopen(disk, 3)).cacheGet('k0'))?.output).toBe('new');
  });

  it('groups concurrent appends into fewer fsyncs, each acknowledged only after its write', async () => {
    const disk = new MemoryDisk();
    const store = await openFileStore('.costlab', memoryStoreFiles(disk));
    const run = makeRun('r1', 50);
    await store.createRun(run);
    const before = disk.appends;
    await Promise.all(run.trials.map((t, i) => store.appendResult(makeResult('r1', t, i))));
    expect(disk.appends - before).toBeLessThan(10);
    expect(pendingTrials(run, await store.results('r1'))).toEqual([]);
  });

  it('after a failed write refuses further appends; reopening repairs the log', async () => {
    const { disk } = await storeWith(2);
    const run = makeRun('r1', 10);
    const store = await reopen(disk);
    disk.failNextAppendAfter = 30;
    expect((await rejection(store.appendResult(makeResult('r1', run.trials[2]!, 2)))).code).toBe('store-write-failed');
    expect((await rejection(store.appendResult(makeResult('r1', run.trials[3]!, 3)))).code).toBe('store-write-failed');
    await store.close();
    const again = await reopen(disk, 3);
    expect(pendingTrials(run, await again.results('r1'))).toEqual(run.trials.slice(2));
    await again.appendResult(makeResult('r1', run.trials[2]!, 2));
    expect(await again.results('r1')).toHaveLength(3);
  });

  it('a second process gets store-locked naming the holder; a lock whose process is gone is taken over', async () => {
    const disk = new MemoryDisk();
    const first = await openFileStore('.costlab', memoryStoreFiles(disk, 4242));
    const error = await rejection(reopen(disk, 7));
    expect(error.code).toBe('store-locked');
    expect(error.describe()).toContain('in use by process 4242');
    expect(error.hint).toBe('wait for it to finish, or remove .costlab/lock if that process is gone');
    disk.alive.delete(4242); // killed without closing
    const second = await reopen(disk, 7);
    await second.close();
    expect(disk.text('.costlab/lock')).toBeUndefined();
    await first.close(); // its lock is no longer its own: releasing leaves nothing behind
  });
});
