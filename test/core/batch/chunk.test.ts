import { describe, expect, it } from 'vitest';
import { chunkItems } from '../../../src/core/batch/chunk.ts';
import type { BatchItem } from '../../../src/core/batch/types.ts';

const item = (n: number): BatchItem => ({ trialId: `t${n}`, customId: `t${n}`, request: { model: 'm', messages: [], maxOutputTokens: 1 } });
const ids = (chunks: BatchItem[][]) => chunks.map((chunk) => chunk.map((i) => i.trialId));

describe('chunkItems', () => {
  it('cuts at the request limit, keeping order', () => {
    const { chunks, tooLarge } = chunkItems([1, 2, 3, 4, 5].map(item), { maxRequests: 2, maxBytes: 1e9 }, () => 10);
    expect(ids(chunks)).toEqual([['t1', 't2'], ['t3', 't4'], ['t5']]);
    expect(tooLarge).toEqual([]);
  });

  it('cuts 1% below the byte limit, after the framing, and sets apart a request larger than a batch', () => {
    const sizes: Record<string, number> = { t1: 400, t2: 400, t3: 200, t4: 2000, t5: 100 };
    // budget: floor(1000 × 0.99) − 15 = 975 bytes
    const { chunks, tooLarge } = chunkItems([1, 2, 3, 4, 5].map(item), { maxRequests: 100, maxBytes: 1000 }, (i) => sizes[i.trialId] ?? 0, 15);
    expect(ids(chunks)).toEqual([['t1', 't2'], ['t3', 't5']]);
    expect(tooLarge.map((i) => i.trialId)).toEqual(['t4']);
  });

  it('gives no batch for no requests', () => {
    expect(chunkItems([], { maxRequests: 10, maxBytes: 100 }, () => 1)).toEqual({ chunks: [], tooLarge: [] });
  });
});
