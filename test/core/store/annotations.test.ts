import { describe, expect, it } from 'vitest';
import { MemoryDisk, memoryStoreFiles } from '../../../src/core/store/memory-files.ts';
import {
  annotationsPath, appendAnnotation, latestJudgements, latestRatings, ratingFromRaw, readAnnotations, sumJudgeSpend,
} from '../../../src/core/store/annotations.ts';
import type { Annotation, Judgement } from '../../../src/core/store/annotations.ts';

const judgement = (trialId: string, score: number | null, costUsd: string | null, judge = 'openai:gpt-4o'): Judgement => ({
  kind: 'judgement', trialId, judge, mode: 'rubric', score, reason: '', usage: { input: 10, output: 2, reasoning: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0 },
  costUsd, error: null, judgedAt: '2026-11-22T00:00:00Z',
});

describe('annotations log', () => {
  it('maps stars and +/- into [0, 1]', () => {
    expect([1, 2, 3, 4, 5].map((r) => ratingFromRaw(r))).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(ratingFromRaw('+')).toBe(1);
    expect(ratingFromRaw('-')).toBe(0);
  });

  it('appends durably, reads back in order, and the latest record per trial wins', async () => {
    const disk = new MemoryDisk();
    const files = memoryStoreFiles(disk);
    const records: Annotation[] = [
      { kind: 'rating', trialId: 't1', rating: 0.25, raw: 2, ratedAt: '2026-11-22T00:00:00Z' },
      judgement('t1', 0.5, '0.0001'),
      { kind: 'rating', trialId: 't1', rating: 1, raw: '+', ratedAt: '2026-11-22T00:01:00Z', note: 'on reflection' },
      judgement('t2', null, '0.0001'),
      judgement('t2', 1, null, 'vllm:local@http://127.0.0.1:1/v1'),
    ];
    for (const r of records) await appendAnnotation(files, '.costlab', 'r1', r);
    expect(disk.appends).toBe(5);
    const read = await readAnnotations(files, '.costlab', 'r1');
    expect(read).toEqual(records);
    expect(latestRatings(read).get('t1')?.rating).toBe(1);
    expect(latestJudgements(read).get('t2')?.judge).toBe('vllm:local@http://127.0.0.1:1/v1');
    expect(latestJudgements(read, 'openai:gpt-4o').get('t2')?.score).toBeNull();
    // openai:gpt-4o: two verdicts, $0.0001 each = $0.0002 exact; the local judge has usage but no price.
    expect(sumJudgeSpend(read)).toEqual([
      { judge: 'openai:gpt-4o', verdicts: 2, failed: 1, pico: 200_000_000n, unpriced: 0 },
      { judge: 'vllm:local@http://127.0.0.1:1/v1', verdicts: 1, failed: 0, pico: 0n, unpriced: 1 },
    ]);
  });

  it('refuses a record outside the schema before writing anything', async () => {
    const disk = new MemoryDisk();
    const bad = { kind: 'rating', trialId: 't1', rating: 1.5, raw: 5, ratedAt: 'x' } as Annotation;
    await expect(appendAnnotation(memoryStoreFiles(disk), '.costlab', 'r1', bad)).rejects.toMatchObject({ code: 'bad-annotation' });
    expect(disk.text(annotationsPath('.costlab', 'r1'))).toBeUndefined();
  });

  it('skips a torn last line (a crash mid-append) and reads [] for a run with no annotations', async () => {
    const disk = new MemoryDisk();
    const files = memoryStoreFiles(disk);
    expect(await readAnnotations(files, '.costlab', 'r1')).toEqual([]);
    await appendAnnotation(files, '.costlab', 'r1', judgement('t1', 1, '0.001'));
    await files.appendDurable(annotationsPath('.costlab', 'r1'), '{"v":1,"kind":"rati');
    expect(await readAnnotations(files, '.costlab', 'r1')).toHaveLength(1);
  });
});
