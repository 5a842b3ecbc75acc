/**
 * AnthropicBatch against a loopback Message Batches API: the create body (valid custom ids, Messages params),
 * processing_status in_progress → ended, and the JSONL results: succeeded, errored, expired, canceled.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AnthropicBatch, anthropicCustomId } from '../../src/core/batch/anthropic-batch.ts';
import type { BatchItem } from '../../src/core/batch/types.ts';
import { ProviderCallError } from '../../src/core/providers/provider.ts';
import { sha256Hex } from '../../src/core/runner/sha256.ts';
import { startAnthropicBatchServer } from './servers/batch-anthropic.ts';
import type { AnthropicBatchScript } from './servers/batch-anthropic.ts';
import type { TestServer } from './servers/index.ts';
import { FAKE_KEY, steppingClock } from './helpers.ts';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
async function setup(script: AnthropicBatchScript = {}) {
  const server = await startAnthropicBatchServer(script);
  servers.push(server);
  return { server, batch: new AnthropicBatch({ apiKey: FAKE_KEY, baseURL: server.url, clock: steppingClock() }) };
}

const items: BatchItem[] = ['c1', 'c2', 'c3', 'c4'].map((caseId) => {
  const trialId = `base@anthropic:claude-haiku-4-5[cache]|${caseId}|1`;
  return {
    trialId,
    customId: anthropicCustomId(trialId),
    request: { model: 'claude-haiku-4-5', system: 'Be terse.', messages: [{ role: 'user', content: `question ${caseId}` }], maxOutputTokens: 128, cacheSystemPrefix: true },
  };
});

describe('AnthropicBatch', () => {
  it('sends valid custom ids (t- + 40 hex of the trial id’s SHA-256) and Messages params', async () => {
    const { server, batch } = await setup();
    expect(anthropicCustomId(items[0]!.trialId)).toBe(`t-${sha256Hex(items[0]!.trialId).slice(0, 40)}`);
    expect(await batch.submit(items, { runId: 'run-1', group: 'anthropic' })).toEqual({ batchId: 'msgbatch_loop_1', inputFileId: null });
    const [create] = server.requests;
    expect(create).toMatchObject({ method: 'POST', path: '/v1/messages/batches' });
    // @anthropic-ai/sdk 1.x sends the key as a bearer token (0.x used x-api-key); the API takes either.
    expect(create?.headers['x-api-key'] ?? create?.headers['authorization']?.replace(/^Bearer /, '')).toBe(FAKE_KEY);
    expect(server.entries()).toEqual(items.map((item, i) => ({
      custom_id: item.customId,
      params: {
        model: 'claude-haiku-4-5',
        max_tokens: 128,
        system: [{ type: 'text', text: 'Be terse.', cache_control: { type: 'ephemeral' } }],
        messages: [{ role: 'user', content: `question c${i + 1}` }],
      },
    })));
    for (const entry of server.entries()) expect(entry.custom_id).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
  });

  it('polls in_progress → ended and maps succeeded, errored, expired and canceled results', async () => {
    const usage = { input_tokens: 2000, output_tokens: 500, cache_read_input_tokens: 4000, cache_creation_input_tokens: 0 };
    const { batch } = await setup({
      line: (_entry, i) =>
        i === 0 ? { text: 'first', usage } : i === 1 ? { error: { type: 'invalid_request_error', message: 'max_tokens: too large' } } : i === 2 ? { error: { type: 'overloaded_error', message: 'Overloaded' } } : { expired: true },
    });
    const ref = await batch.submit(items, { runId: 'run-1', group: 'anthropic' });
    expect(await batch.status(ref)).toEqual({ phase: 'running', status: 'in_progress', total: 4, done: 0, failed: 0 });
    expect(await batch.status(ref)).toEqual({ phase: 'ended', status: 'ended', total: 4, done: 4, failed: 3 });
    const outcomes = await batch.collect(ref);
    expect(outcomes.get(items[0]!.customId)).toEqual({
      kind: 'succeeded', output: 'first', finishReason: 'end_turn', usage: { input: 2000, output: 500, reasoning: 0, cacheRead: 4000, cacheWrite5m: 0, cacheWrite1h: 0 },
    });
    expect(outcomes.get(items[1]!.customId)).toEqual({ kind: 'failed', error: { code: 'bad-request', retryable: false, message: 'anthropic batch: invalid_request_error: max_tokens: too large' } });
    expect(outcomes.get(items[2]!.customId)).toMatchObject({ kind: 'failed', error: { code: 'overloaded', retryable: true } });
    expect(outcomes.get(items[3]!.customId)).toMatchObject({ kind: 'failed', error: { code: 'timeout', retryable: true } });
  });

  it('cancels: canceling, then ended with the unanswered requests canceled', async () => {
    const { server, batch } = await setup({ end: 'never', doneBeforeCancel: 2 });
    const ref = await batch.submit(items, { runId: 'run-1', group: 'anthropic' });
    await batch.status(ref);
    await batch.cancel(ref);
    expect(server.requests.at(-1)).toMatchObject({ method: 'POST', path: '/v1/messages/batches/msgbatch_loop_1/cancel' });
    expect(await batch.status(ref)).toMatchObject({ phase: 'ended', done: 4, failed: 0 });
    expect([...(await batch.collect(ref)).values()].map((o) => o.kind)).toEqual(['succeeded', 'succeeded', 'canceled', 'canceled']);
  });

  it('a refused create is a typed error without the key', async () => {
    const { batch } = await setup({ fault: () => ({ status: 429, message: `rate limited for key ${FAKE_KEY}`, headers: { 'retry-after': '7' } }) });
    const thrown = await batch.submit(items, { runId: 'run-1', group: 'anthropic' }).catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(ProviderCallError);
    expect((thrown as ProviderCallError).error).toMatchObject({ code: 'rate-limited', status: 429, retryable: true, retryAfterMs: 7000 });
    expect(JSON.stringify((thrown as ProviderCallError).error)).not.toContain(FAKE_KEY.slice(3, 11));
  });
});
