/**
 * runBatch end to end against loopback OpenAI and Anthropic batch servers: a worked example priced at batch
 * rates by hand, one result per trial whatever became of its request, the JSONL the servers received, polling
 * with injected sleep (a 500 on a poll retried), limits that split a run into several batches, and the key
 * kept out of every result, event and ledger entry.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { anthropicCustomId } from '../../src/core/batch/anthropic-batch.ts';
import { ledgerKey } from '../../src/core/batch/ledger.ts';
import { runBatch } from '../../src/core/batch/run-batch.ts';
import { CostlabError } from '../../src/core/errors.ts';
import { nthMatching } from './servers/batch-harness.ts';
import { startAnthropicBatchServer } from './servers/batch-anthropic.ts';
import { batchSetup, keyPieces, lastMessage } from './servers/batch-fixtures.ts';
import { startOpenAIBatchServer } from './servers/batch-openai.ts';
import type { TestServer } from './servers/index.ts';
import { FAKE_KEY } from './helpers.ts';

const servers: TestServer[] = [];
async function track<T extends TestServer>(server: Promise<T>): Promise<T> {
  const started = await server;
  servers.push(started);
  return started;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** `openai:gpt-4o-mini` from `base@openai:gpt-4o-mini[max=64]`. */
const modelOf = (candidateId: string) => (candidateId.split('@')[1] ?? '').replace(/\[.*$/, '');
const OLLAMA = { target: 'ollama:llama3.1:8b', model: 'meta:llama-3.1-8b-instruct' };

describe('runBatch', () => {
  it('prices a worked example at batch rates, one result per trial (answered, errored, expired, not offered)', async () => {
    const openai = await track(startOpenAIBatchServer({
      line: (line) =>
        lastMessage(line.body['messages']).startsWith('case 1:')
          ? { text: 'openai answer', usage: { prompt_tokens: 2000, completion_tokens: 300, prompt_tokens_details: { cached_tokens: 1024 } } }
          : { status: 400, message: `invalid max_completion_tokens (key ${FAKE_KEY})` },
      fault: nthMatching((r) => r.method === 'GET' && r.path.startsWith('/v1/batches/'), 2, { status: 500, message: 'The server had an error' }),
    }));
    const anthropic = await track(startAnthropicBatchServer({
      line: (entry) =>
        lastMessage(entry.params['messages']).startsWith('case 1:')
          ? { text: 'claude answer', usage: { input_tokens: 2000, output_tokens: 500, cache_read_input_tokens: 4000, cache_creation_input_tokens: 0 } }
          : { expired: true },
    }));
    const { options, plan, store, time, log } = batchSetup(2, ['openai:gpt-4o-mini', 'anthropic:claude-haiku-4-5', OLLAMA], { openai: openai.url, anthropic: anthropic.url });

    const totals = await runBatch(options);

    // gpt-4o-mini batch: input $0.075/M, cache read $0.0375/M (half the standard $0.075), output $0.30/M:
    //   976 × 0.075 + 1024 × 0.0375 + 300 × 0.30 = 73.2 + 38.4 + 90 = 201.6 µ$ = $0.0002016
    // claude-haiku-4-5 batch: input $0.50/M, cache read $0.05/M (half of $0.10), output $2.50/M:
    //   2000 × 0.50 + 4000 × 0.05 + 500 × 2.50 = 1000 + 200 + 1250 = 2450 µ$ = $0.00245
    const results = new Map((await store.results('run-1')).map((r) => [`${modelOf(r.candidateId)}|${r.caseId}`, r]));
    expect(results.size).toBe(6);
    expect(results.get('openai:gpt-4o-mini|c1')).toMatchObject({
      status: 'succeeded', output: 'openai answer', costUsd: '0.0002016', usageSource: 'reported', attempts: 1, cached: false,
      usage: { input: 976, cacheRead: 1024, output: 300, reasoning: 0, cacheWrite5m: 0, cacheWrite1h: 0 },
    });
    expect(results.get('openai:gpt-4o-mini|c2')).toMatchObject({ status: 'failed', costUsd: '0', usage: null, error: { code: 'bad-request', status: 400, retryable: false } });
    expect(results.get('anthropic:claude-haiku-4-5|c1')).toMatchObject({
      status: 'succeeded', output: 'claude answer', costUsd: '0.00245', usage: { input: 2000, cacheRead: 4000, output: 500 },
    });
    expect(results.get('anthropic:claude-haiku-4-5|c2')).toMatchObject({ status: 'failed', costUsd: '0', error: { code: 'timeout', retryable: true } });
    for (const caseId of ['c1', 'c2']) {
      expect(results.get(`ollama:llama3.1:8b|${caseId}`)).toMatchObject({
        status: 'failed', attempts: 0, costUsd: '0',
        error: { code: 'bad-request', retryable: false, message: expect.stringContaining('batch is not offered for ollama') },
      });
    }
    expect(totals).toMatchObject({ trials: 6, succeeded: 2, failed: 4, cached: 0, notRun: 0, spentUsd: '0.0026516', unpriced: 0, status: 'finished' });
    expect((await store.getRun('run-1'))?.status).toBe('finished');

    // What the servers received: one JSONL line per trial, custom_id = trial id; Anthropic custom ids hashed.
    const trialsOf = (model: string) => plan.trials.filter((t) => t.candidateId.includes(model));
    expect(openai.inputLines().map((l) => [l.custom_id, l.body['model'], l.body['max_completion_tokens']])).toEqual(
      trialsOf('gpt-4o-mini').map((t) => [t.id, 'gpt-4o-mini', 64]),
    );
    expect(anthropic.entries().map((e) => [e.custom_id, e.params['model'], e.params['max_tokens']])).toEqual(
      trialsOf('claude-haiku-4-5').map((t) => [anthropicCustomId(t.id), 'claude-haiku-4-5', 64]),
    );

    // Polling with the injected sleep: OpenAI validating (1 s), a 500 retried after the current interval (2 s),
    // in_progress (2 s), completed; Anthropic in_progress (1 s), ended. Nothing really waited.
    expect([...time.slept].sort((a, b) => a - b)).toEqual([1000, 1000, 2000, 2000]);
    expect(log.of('batch-poll-retry')).toEqual([
      expect.objectContaining({ provider: 'openai', batchId: 'batch_loop_1', attempt: 1, delayMs: 2000, error: expect.objectContaining({ code: 'server-error', status: 500 }) }),
    ]);
    expect(log.of('batch-progress').filter((e) => e.provider === 'openai').map((e) => [e.status, e.nextPollMs])).toEqual([
      ['validating', 1000], ['in_progress', 2000], ['completed', null],
    ]);

    // Events: run-started with the bill at batch rates, the batch ids, one trial-finished per result, run-finished last.
    expect(log.events[0]).toMatchObject({ type: 'run-started', trials: 6, budgetUsd: null });
    expect(log.of('batch-submitted').map((e) => [e.provider, e.batchId, e.group, e.requests])).toEqual(
      expect.arrayContaining([['openai', 'batch_loop_1', 'openai:gpt-4o-mini', 2], ['anthropic', 'msgbatch_loop_1', 'anthropic', 2]]),
    );
    expect(log.of('batch-ended').map((e) => [e.batchId, e.status, e.results, e.notRun]).sort()).toEqual([
      ['batch_loop_1', 'completed', 2, 0], ['msgbatch_loop_1', 'ended', 2, 0],
    ]);
    expect(log.of('trial-finished')).toHaveLength(6);
    expect(log.of('progress').at(-1)).toMatchObject({ done: 6, total: 6, spentUsd: '0.0026516', projectedUsd: '0.0026516' });
    expect(log.events.at(-1)).toMatchObject({ type: 'run-finished', status: 'finished', spentUsd: '0.0026516' });

    // The ledger names both batches, collected; the key is nowhere.
    expect(totals.batches.map((b) => [b.provider, b.batchId, b.state])).toEqual(
      expect.arrayContaining([['openai', 'batch_loop_1', 'collected'], ['anthropic', 'msgbatch_loop_1', 'collected']]),
    );
    const stored = JSON.stringify([await store.results('run-1'), await store.cacheGet(ledgerKey('run-1')), log.events]);
    expect(keyPieces(stored)).toEqual([]);
  });

  it('splits a provider’s trials into batches under its limits, and gives each trial one result', async () => {
    const openai = await track(startOpenAIBatchServer());
    const { options, store } = batchSetup(5, ['openai:gpt-4o-mini'], { openai: openai.url });
    const totals = await runBatch({ ...options, limits: { openai: { maxRequests: 2 } } });
    expect([...openai.batches.values()].map((b) => b.lines.length)).toEqual([2, 2, 1]);
    expect(totals.batches.map((b) => [b.batchId, b.requests, b.state])).toEqual([
      ['batch_loop_1', 2, 'collected'], ['batch_loop_2', 2, 'collected'], ['batch_loop_3', 1, 'collected'],
    ]);
    const results = await store.results('run-1');
    expect(new Set(results.map((r) => r.trialId)).size).toBe(5);
    // default usage 20 in / 6 out: 20 × 0.075 + 6 × 0.30 = 3.3 µ$ per trial
    expect(totals).toMatchObject({ succeeded: 5, spentUsd: '0.0000165', status: 'finished' });
  });

  it('a batch that fails validation, and a submit refused for good: every trial gets the typed error', async () => {
    const openai = await track(startOpenAIBatchServer({ end: 'failed', failErrors: [{ code: 'invalid_value', message: 'bad model', line: 1 }] }));
    const anthropic = await track(startAnthropicBatchServer({ fault: (r) => (r.method === 'POST' ? { status: 401, message: `invalid x-api-key ${FAKE_KEY}` } : undefined) }));
    const { options, store, log } = batchSetup(2, ['openai:gpt-4o-mini', 'anthropic:claude-haiku-4-5'], { openai: openai.url, anthropic: anthropic.url });
    const totals = await runBatch(options);
    const results = await store.results('run-1');
    expect(results.map((r) => [modelOf(r.candidateId), r.error?.code, r.attempts]).sort()).toEqual([
      ['anthropic:claude-haiku-4-5', 'auth', 1], ['anthropic:claude-haiku-4-5', 'auth', 1],
      ['openai:gpt-4o-mini', 'bad-request', 1], ['openai:gpt-4o-mini', 'bad-request', 1],
    ]);
    expect(totals).toMatchObject({ succeeded: 0, failed: 4, spentUsd: '0', status: 'finished' });
    expect(log.of('batch-error')).toEqual([expect.objectContaining({ provider: 'anthropic', batchId: null, stage: 'submit', trials: 2 })]);
    expect(anthropic.requests).toHaveLength(1); // a 401 is not retried
    expect(keyPieces(JSON.stringify([results, log.events]))).toEqual([]);
  });

  it('a budget that cannot cover a trial’s maximum at batch rates keeps it out of the batch', async () => {
    const openai = await track(startOpenAIBatchServer());
    const { options, store, log } = batchSetup(2, ['openai:gpt-4o-mini'], { openai: openai.url });
    const totals = await runBatch({ ...options, budgetUsd: '0' });
    expect(openai.requests).toHaveLength(0);
    expect((await store.results('run-1')).map((r) => [r.error?.code, r.attempts])).toEqual([['budget', 0], ['budget', 0]]);
    expect(log.of('budget-exhausted')).toHaveLength(1);
    expect(totals).toMatchObject({ failed: 2, spentUsd: '0', status: 'finished' });
  });

  it('a missing key is a CostlabError before anything is sent or stored', async () => {
    const openai = await track(startOpenAIBatchServer());
    const { options, store } = batchSetup(1, ['openai:gpt-4o-mini'], { openai: openai.url });
    const error = await runBatch({ ...options, config: { clock: options.clock } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CostlabError);
    expect(error).toMatchObject({ code: 'missing-api-key', hint: expect.stringContaining('OPENAI_API_KEY') });
    expect(openai.requests).toHaveLength(0);
    expect(await store.getRun('run-1')).toBeUndefined();
  });
});
