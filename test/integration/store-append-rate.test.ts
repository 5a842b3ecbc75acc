/**
 * Appends cost the same however many results a run already has (nothing rewrites the history): the time
 * per 1,000 appends on the real file store, for a 1,000-result run and across a 100,000-result run.
 * Printed, not asserted — benchmarks live in benchmarks/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openFileStore, pendingTrials } from '../../src/core/index.ts';
import type { ResultStore } from '../../src/core/index.ts';
import { nodeStoreFiles } from '../../src/platform/store-files.ts';
import { makeResult, makeRun } from '../core/store/fixtures.ts';

const root = mkdtempSync(join(tmpdir(), 'costlab-store-rate-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Appends results for every trial with 16 appends in flight (a runner's pool); returns ms per 1,000 for each block of 1,000. */
async function appendAll(store: ResultStore, runId: string, trials: number): Promise<number[]> {
  const run = makeRun(runId, trials);
  await store.createRun(run);
  const perBlock: number[] = [];
  let next = 0;
  let blockStart = performance.now();
  const worker = async () => {
    while (next < run.trials.length) {
      const i = next++;
      await store.appendResult(makeResult(runId, run.trials[i]!, i));
      if ((i + 1) % 1000 === 0) {
        perBlock.push(performance.now() - blockStart);
        blockStart = performance.now();
      }
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  expect(pendingTrials(run, await store.results(runId))).toEqual([]);
  return perBlock;
}

describe('file store append cost', () => {
  it('is flat: 1,000 appends and 100,000 appends take about the same time per 1,000', async () => {
    const store = await openFileStore(join(root, '.costlab'), nodeStoreFiles());
    const small = await appendAll(store, 'small', 1_000);
    const large = await appendAll(store, 'large', 100_000);
    await store.close();
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const ms = (x: number) => `${x.toFixed(0)} ms`;
    console.log(
      `store append cost per 1,000 results (16 in flight): 1,000-result run ${ms(mean(small))}; 100,000-result run: ` +
        `first 1,000 ${ms(large[0]!)}, mean ${ms(mean(large))}, last 10,000 ${ms(mean(large.slice(-10)))} per 1,000`,
    );
    expect(large).toHaveLength(100);
  }, 300_000);
});
