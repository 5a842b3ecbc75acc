/** The ResultStore contract, run against the memory store and the file store (over the in-memory port). */
import { describe, expect, it } from 'vitest';
import { MemoryDisk, MemoryStore, memoryStoreFiles, openFileStore, pendingTrials } from '../../../src/core/store/index.ts';
import type { ResultStore } from '../../../src/core/store/index.ts';
import { rejection } from '../promptset/memory-fs.ts';
import { makeResult, makeRun } from './fixtures.ts';

const stores: [string, () => Promise<ResultStore>][] = [
  ['MemoryStore', async () => new MemoryStore()],
  ['file store', () => openFileStore('.costlab', memoryStoreFiles(new MemoryDisk()))],
];

describe.each(stores)('%s', (_name, open) => {
  it('keeps a run and its results exactly, including the exact costUsd string', async () => {
    const store = await open();
    const run = makeRun('r1', 10);
    await store.createRun(run);
    const results = run.trials.slice(0, 7).map((trial, i) => makeResult('r1', trial, i));
    for (const result of results) await store.appendResult(result);
    expect(await store.getRun('r1')).toStrictEqual(run);
    expect(await store.results('r1')).toStrictEqual(results);
    expect((await store.results('r1'))[0]?.costUsd).toBe('0.000045000');
    expect(pendingTrials(run, await store.results('r1'))).toStrictEqual(run.trials.slice(7));
    await store.close();
  });

  it('lists runs oldest first, with summaries that leave the plan out', async () => {
    const store = await open();
    await store.createRun(makeRun('a', 4));
    await store.createRun(makeRun('b', 2));
    await store.setRunStatus('a', 'finished');
    expect((await store.listRuns()).map((r) => [r.id, r.status, r.trials.length])).toEqual([['a', 'finished', 4], ['b', 'running', 2]]);
    const summaries = await store.runSummaries();
    expect(summaries[1]).toStrictEqual({
      id: 'b', createdAt: '2026-11-22T10:00:00.000Z', setName: 'support-bot', setFile: 'prompts/support-bot.yaml',
      options: { budgetUsd: '5.00', concurrency: 4, repeats: 1 }, status: 'running', origin: 'live', trialCount: 2, candidateCount: 2,
    });
    expect(await store.getRun('missing')).toBeUndefined();
  });

  it('refuses a second result for a trial, a result for an unknown trial or run, and a duplicate run', async () => {
    const store = await open();
    const run = makeRun('r1', 3);
    await store.createRun(run);
    await store.appendResult(makeResult('r1', run.trials[0]!));
    expect((await rejection(store.appendResult(makeResult('r1', run.trials[0]!)))).code).toBe('duplicate-result');
    expect((await rejection(store.appendResult({ ...makeResult('r1', run.trials[1]!), trialId: 'nope' }))).code).toBe('unknown-trial');
    expect((await rejection(store.appendResult(makeResult('r2', run.trials[1]!)))).code).toBe('unknown-run');
    expect((await rejection(store.createRun(run))).code).toBe('run-exists');
    expect((await rejection(store.results('r2'))).code).toBe('unknown-run');
    expect(await store.results('r1')).toHaveLength(1);
  });

  it('refuses bad input with the field named', async () => {
    const store = await open();
    const run = makeRun('r1', 2);
    const bad = await rejection(store.createRun({ ...run, id: '../escape' }));
    expect([bad.code, bad.location.field]).toEqual(['bad-run', 'id']);
    const twice = await rejection(store.createRun({ ...run, trials: [run.trials[0]!, run.trials[0]!] }));
    expect(twice.message).toContain('appears twice');
    await store.createRun(run);
    const result = await rejection(store.appendResult({ ...makeResult('r1', run.trials[0]!), costUsd: '4.5e-5' }));
    expect([result.code, result.location.field]).toEqual(['bad-result', 'costUsd']);
  });

  it('response cache: last write wins; values are copies', async () => {
    const store = await open();
    const value = { output: 'first', usage: { input: 1, output: 2, reasoning: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0 }, usageSource: 'reported' as const, storedAt: '2026-11-22T10:00:00.000Z' };
    expect(await store.cacheGet('k')).toBeUndefined();
    await store.cachePut('k', value);
    await store.cachePut('k', { ...value, output: 'second' });
    await store.cachePut('other', { ...value, usage: null, usageSource: null });
    const got = await store.cacheGet('k');
    expect(got?.output).toBe('second');
    got!.output = 'changed';
    expect((await store.cacheGet('k'))?.output).toBe('second');
    expect((await store.cacheGet('other'))?.usage).toBeNull();
  });

  it('rejects every call after close', async () => {
    const store = await open();
    await store.close();
    expect((await rejection(store.listRuns())).code).toBe('store-closed');
    expect((await rejection(store.cacheGet('k'))).code).toBe('store-closed');
    await store.close();
  });
});
