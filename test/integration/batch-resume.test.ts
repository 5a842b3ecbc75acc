/**
 * Stopping and resuming batch runs: an abort cancels the live batches (the servers see the cancel) and leaves
 * their trials without a result; a resumed process follows the batches in the ledger first — collecting what
 * was answered before the cancel, billed once — then sends only the trials still without a result.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runBatch } from '../../src/core/batch/run-batch.ts';
import { loadPending } from '../../src/core/runner/pending.ts';
import { startAnthropicBatchServer } from './servers/batch-anthropic.ts';
import { nthMatching } from './servers/batch-harness.ts';
import { abortingSleep, batchEventLog, batchSetup } from './servers/batch-fixtures.ts';
import { startOpenAIBatchServer } from './servers/batch-openai.ts';
import type { OpenAIBatchScript } from './servers/batch-openai.ts';
import type { TestServer } from './servers/index.ts';

const servers: TestServer[] = [];
async function track<T extends TestServer>(server: Promise<T>): Promise<T> {
  const started = await server;
  servers.push(started);
  return started;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe('runBatch stop and resume', () => {
  it('abort cancels the OpenAI batch; the resume collects the answer given before the cancel and sends only the rest', async () => {
    const script: OpenAIBatchScript = { end: 'never', doneBeforeCancel: 1 };
    const openai = await track(startOpenAIBatchServer(script));
    const { options, store, time, plan, log } = batchSetup(3, ['openai:gpt-4o-mini'], { openai: openai.url });
    const controller = new AbortController();

    const first = await runBatch({ ...options, signal: controller.signal, sleep: abortingSleep(time.sleep, controller, 2) });

    expect(openai.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /v1/files', 'POST /v1/batches', 'GET /v1/batches/batch_loop_1', 'GET /v1/batches/batch_loop_1', 'POST /v1/batches/batch_loop_1/cancel',
    ]);
    expect(first).toMatchObject({ trials: 3, succeeded: 0, failed: 0, notRun: 3, spentUsd: '0', status: 'stopped' });
    expect(first.batches).toEqual([expect.objectContaining({ batchId: 'batch_loop_1', state: 'cancel-requested', requests: 3 })]);
    expect(log.of('batch-cancelled')).toEqual([expect.objectContaining({ batchId: 'batch_loop_1', error: null })]);
    expect(await store.results('run-1')).toEqual([]);
    expect((await store.getRun('run-1'))?.status).toBe('stopped');

    // A new process: the same store (and its ledger), the pending trials.
    script.end = 'completed';
    const pending = await loadPending(store, 'run-1');
    expect(pending.trials).toHaveLength(3);
    const again = batchEventLog();
    const second = await runBatch({ ...options, trials: pending.trials, onEvent: again.onEvent });

    // The cancelled batch answered case 1 before the cancel (billed: collected now); cases 2 and 3 go in a new batch.
    expect(again.of('batch-ended').map((e) => [e.batchId, e.status, e.results])).toEqual([['batch_loop_1', 'cancelled', 1], ['batch_loop_2', 'completed', 2]]);
    expect(openai.batches.get('batch_loop_2')?.lines.map((l) => l.custom_id)).toEqual([plan.trials[1]?.id, plan.trials[2]?.id]);
    const results = await store.results('run-1');
    expect(results.map((r) => r.trialId).sort()).toEqual(plan.trials.map((t) => t.id).sort());
    // 3 answers × (20 × $0.075/M + 6 × $0.30/M) = 3 × 3.3 µ$, each counted once
    expect(second).toMatchObject({ trials: 3, succeeded: 3, notRun: 0, spentUsd: '0.0000099', status: 'finished' });
    expect(second.batches.map((b) => [b.batchId, b.state])).toEqual([['batch_loop_1', 'collected'], ['batch_loop_2', 'collected']]);

    // A third run of the same trials finds nothing to do: no batch, no second result.
    const third = await runBatch({ ...options, onEvent: () => undefined });
    expect(openai.batches.size).toBe(2);
    expect(third).toMatchObject({ trials: 0, notRun: 0, spentUsd: '0', status: 'finished' });
    expect(await store.results('run-1')).toHaveLength(3);
  });

  it('abort cancels the Anthropic batch; its trials stay pending', async () => {
    const anthropic = await track(startAnthropicBatchServer({ end: 'never' }));
    const { options, store, time } = batchSetup(2, ['anthropic:claude-haiku-4-5'], { anthropic: anthropic.url });
    const controller = new AbortController();
    const totals = await runBatch({ ...options, signal: controller.signal, sleep: abortingSleep(time.sleep, controller, 1) });
    expect(anthropic.requests.at(-1)).toMatchObject({ method: 'POST', path: '/v1/messages/batches/msgbatch_loop_1/cancel' });
    expect(totals).toMatchObject({ notRun: 2, status: 'stopped' });
    expect((await loadPending(store, 'run-1')).trials).toHaveLength(2);
  });

  it('a batch that cannot be polled stays in the ledger: no new batch, the run stopped; a resume collects it', async () => {
    let broken = true;
    const polls = nthMatching((r) => r.method === 'GET', 2, { status: 404, message: 'no such batch' });
    const openai = await track(startOpenAIBatchServer({ fault: (r) => (broken ? polls(r) : undefined) }));
    const { options, store, log } = batchSetup(2, ['openai:gpt-4o-mini'], { openai: openai.url });
    const first = await runBatch(options);
    expect(log.of('batch-error')).toEqual([expect.objectContaining({ stage: 'follow', batchId: 'batch_loop_1', error: expect.objectContaining({ code: 'not-found' }) })]);
    expect(first).toMatchObject({ notRun: 2, status: 'stopped' });
    expect(first.batches).toEqual([expect.objectContaining({ state: 'submitted' })]);

    broken = false;
    const second = await runBatch({ ...options, onEvent: () => undefined });
    expect(openai.batches.size).toBe(1);
    expect(second).toMatchObject({ succeeded: 2, status: 'finished' });
    expect(await store.results('run-1')).toHaveLength(2);
  });
});
