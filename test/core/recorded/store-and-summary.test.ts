/** A recorded import goes into the store (file and memory) with its quality labels, and summarizes per candidate. */
import { beforeAll, describe, expect, it } from 'vitest';
import { importAlpacaEval } from '../../../src/core/recorded/alpaca-eval.ts';
import { defaultRunId, freeRunId, withRunId, writeRecordedRun } from '../../../src/core/recorded/build.ts';
import { summarizeRun } from '../../../src/core/recorded/summary.ts';
import { openFileStore } from '../../../src/core/store/file-store.ts';
import { MemoryDisk, memoryStoreFiles } from '../../../src/core/store/memory-files.ts';
import { MemoryStore } from '../../../src/core/store/memory-store.ts';
import { setPackageDataLoader } from '../../../src/core/tokens/bpe/encodings.ts';
import { readPackageJson } from '../../../src/platform/package-data.ts';
import { rejection } from '../promptset/memory-fs.ts';
import { alpacaFiles, importOptions } from './fixtures.ts';

beforeAll(() => setPackageDataLoader(readPackageJson));

describe('writeRecordedRun', () => {
  it('stores the run (finished, origin recorded) and every result with quality and labels, in a file store', async () => {
    const imported = await importAlpacaEval(alpacaFiles(), importOptions());
    const disk = new MemoryDisk();
    const store = await openFileStore('.costlab', memoryStoreFiles(disk));
    await writeRecordedRun(store, imported);
    await store.close();

    const reopened = await openFileStore('.costlab', memoryStoreFiles(disk));
    expect(await reopened.runSummaries()).toEqual([
      expect.objectContaining({ id: imported.run.id, origin: 'recorded', status: 'finished', trialCount: 6, candidateCount: 3 }),
    ]);
    expect(await reopened.getRun(imported.run.id)).toEqual(imported.run);
    const results = await reopened.results(imported.run.id);
    expect(new Set(results)).toEqual(new Set(imported.results));
    expect(results.find((r) => r.caseId === '0' && r.candidateId === 'base@recorded:claude-instant-1.1')).toMatchObject({ quality: 0.75, labels: { preference: 1.75, model_win: 0.75 } });
    await reopened.close();
  });

  it('refuses quality outside [0, 1] and labels that are not numbers or booleans', async () => {
    const imported = await importAlpacaEval(alpacaFiles(), importOptions());
    const store = new MemoryStore();
    await store.createRun(imported.run);
    const result = imported.results[0]!;
    expect((await rejection(store.appendResult({ ...result, quality: 1.5 }))).location.field).toBe('quality');
    expect((await rejection(store.appendResult({ ...result, labels: { note: 'x' as unknown as number } }))).location.field).toBe('labels.note');
    await store.appendResult({ ...result, quality: null });
    await store.appendResult({ ...imported.results[1]!, quality: undefined, labels: undefined });
  });

  it('picks a free run id when the default is taken', async () => {
    expect(defaultRunId('alpaca-eval', '2026-11-22T10:00:00.123Z')).toBe('alpaca-eval-20261122T100000Z');
    expect(freeRunId('a', new Set(['a', 'a-2']))).toBe('a-3');
    const imported = withRunId(await importAlpacaEval(alpacaFiles(), importOptions()), 'other');
    expect(imported.run.id).toBe('other');
    expect(imported.results.every((r) => r.runId === 'other')).toBe(true);
  });
});

describe('summarizeRun', () => {
  it('gives trials, mean quality, tokens and the exact cost per candidate — null cost when a price is unknown', async () => {
    const { run, results } = await importAlpacaEval(alpacaFiles(), importOptions());
    expect(summarizeRun(run, results)).toEqual([
      { candidateId: 'base@recorded:claude-instant-1.1', model: 'recorded:claude-instant-1.1', trials: 2, results: 2, labelled: 2, meanQuality: 0.375, inputTokens: 16, outputTokens: 21, costUsd: null, unpriced: 2 },
      { candidateId: 'base@recorded:gpt-3.5-turbo-1106', model: 'openai:gpt-3.5-turbo', trials: 2, results: 2, labelled: 2, meanQuality: 0.375, inputTokens: 13, outputTokens: 8, costUsd: '0.0000185', unpriced: 0 },
      { candidateId: 'base@recorded:gpt4_1106_preview', model: 'openai:gpt-4-turbo', trials: 2, results: 2, labelled: 2, meanQuality: 0.5, inputTokens: 13, outputTokens: 8, costUsd: '0.00037', unpriced: 0 },
    ]);
  });

  it('averages quality over labelled results only', async () => {
    const { run, results } = await importAlpacaEval(alpacaFiles(), importOptions());
    const partly = results.map((r, i) => (i === 0 ? { ...r, quality: null } : i === 1 ? { ...r, quality: undefined } : r));
    const [claude] = summarizeRun(run, partly);
    expect(claude).toMatchObject({ labelled: 0, meanQuality: null });
  });
});
