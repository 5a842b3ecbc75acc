import { describe, expect, it } from 'vitest';
import { ledgerKey, memoryLedger, storeLedger } from '../../../src/core/batch/ledger.ts';
import type { BatchRecord } from '../../../src/core/batch/ledger.ts';
import { CostlabError } from '../../../src/core/errors.ts';
import { MemoryStore } from '../../../src/core/store/memory-store.ts';
import { virtualTime } from '../runner/helpers.ts';

const record: BatchRecord = {
  provider: 'openai', baseURL: 'https://api.openai.com/v1', group: 'openai:gpt-4o-mini', batchId: 'batch_1', inputFileId: 'file-1',
  requests: 3, submittedAt: '2026-01-01T00:00:00.000Z', state: 'submitted',
};

describe('batch ledger', () => {
  it('keeps the records in the store’s key-value log, last write wins, per run', async () => {
    const store = new MemoryStore();
    const ledger = storeLedger(store, virtualTime().clock);
    expect(await ledger.load('run-1')).toEqual([]);
    await ledger.save('run-1', [record]);
    await ledger.save('run-1', [{ ...record, state: 'collected' }, { ...record, batchId: 'batch_2' }]);
    expect((await ledger.load('run-1')).map((r) => [r.batchId, r.state])).toEqual([['batch_1', 'collected'], ['batch_2', 'submitted']]);
    expect(await ledger.load('run-2')).toEqual([]);
    expect(await store.cacheGet(ledgerKey('run-1'))).toMatchObject({ usage: null, usageSource: null });
  });

  it('refuses a ledger entry it cannot read, saying where the batches still are', async () => {
    const store = new MemoryStore();
    await store.cachePut(ledgerKey('run-1'), { output: '[{"batchId": 3}]', usage: null, usageSource: null, storedAt: '2026-01-01T00:00:00Z' });
    const error = await storeLedger(store, virtualTime().clock).load('run-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CostlabError);
    expect(error).toMatchObject({ code: 'bad-batch-ledger', hint: expect.stringContaining('costlab_run') });
  });

  it('memoryLedger hands out copies', async () => {
    const ledger = memoryLedger({ 'run-1': [record] });
    const loaded = await ledger.load('run-1');
    loaded[0]!.state = 'collected';
    expect((await ledger.load('run-1'))[0]?.state).toBe('submitted');
  });
});
