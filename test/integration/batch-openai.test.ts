/**
 * OpenAIBatch against a loopback Batch API: the JSONL it uploads, the batch it creates, the statuses it reads,
 * and every kind of line it collects (answers with usage, per-line HTTP errors, expired lines, a failed batch).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { OpenAIBatch } from '../../src/core/batch/openai-batch.ts';
import type { BatchItem } from '../../src/core/batch/types.ts';
import { ProviderCallError } from '../../src/core/providers/provider.ts';
import { REDACTED } from '../../src/core/providers/redact.ts';
import { startOpenAIBatchServer } from './servers/batch-openai.ts';
import type { OpenAIBatchScript } from './servers/batch-openai.ts';
import type { TestServer } from './servers/index.ts';
import { FAKE_KEY, MASKED_KEY, steppingClock } from './helpers.ts';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
async function setup(script: OpenAIBatchScript = {}) {
  const server = await startOpenAIBatchServer(script);
  servers.push(server);
  return { server, batch: new OpenAIBatch({ apiKey: FAKE_KEY, baseURL: server.url, clock: steppingClock() }) };
}

const items: BatchItem[] = ['c1', 'c2', 'c3'].map((caseId) => ({
  trialId: `base@openai:gpt-4o-mini|${caseId}|1`,
  customId: `base@openai:gpt-4o-mini|${caseId}|1`,
  request: { model: 'gpt-4o-mini', system: 'Be terse.', messages: [{ role: 'user', content: `question ${caseId}` }], maxOutputTokens: 64, temperature: 0 },
}));

describe('OpenAIBatch', () => {
  it('uploads the requests as JSONL (purpose batch) and creates a 24h /v1/chat/completions batch', async () => {
    const { server, batch } = await setup();
    const ref = await batch.submit(items, { runId: 'run-1', group: 'openai:gpt-4o-mini' });
    expect(ref).toEqual({ batchId: 'batch_loop_1', inputFileId: 'file-loop-1' });
    const [upload, create] = server.requests;
    expect(upload).toMatchObject({ method: 'POST', path: '/v1/files' });
    expect(upload?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(upload?.headers['authorization']).toBe(`Bearer ${FAKE_KEY}`);
    expect(server.files.get('file-loop-1')).toMatchObject({ purpose: 'batch', filename: 'costlab-run-1.jsonl' });
    expect(server.inputLines()).toEqual(items.map((item, i) => ({
      custom_id: item.trialId,
      method: 'POST',
      url: '/v1/chat/completions',
      body: {
        model: 'gpt-4o-mini',
        messages: [{ role: 'system', content: 'Be terse.' }, { role: 'user', content: `question c${i + 1}` }],
        max_completion_tokens: 64,
        temperature: 0,
      },
    })));
    expect(create).toMatchObject({ method: 'POST', path: '/v1/batches' });
    expect(create?.body).toEqual({
      input_file_id: 'file-loop-1', endpoint: '/v1/chat/completions', completion_window: '24h',
      metadata: { costlab_run: 'run-1', costlab_group: 'openai:gpt-4o-mini' },
    });
    expect(server.requests).toHaveLength(2);
  });

  it('reads validating → in_progress → completed, then maps every line: answers, HTTP errors, expired', async () => {
    const usage = { prompt_tokens: 2000, completion_tokens: 300, total_tokens: 2300, prompt_tokens_details: { cached_tokens: 1024 }, completion_tokens_details: { reasoning_tokens: 0 } };
    const { batch } = await setup({
      line: (_line, i) => (i === 0 ? { text: 'first', usage } : i === 1 ? { status: 400, message: 'max_completion_tokens is too large' } : { expired: true }),
    });
    const ref = await batch.submit(items, { runId: 'run-1', group: 'g' });
    const statuses = [await batch.status(ref), await batch.status(ref), await batch.status(ref)];
    expect(statuses).toEqual([
      { phase: 'running', status: 'validating', total: 3, done: 0, failed: 0 },
      { phase: 'running', status: 'in_progress', total: 3, done: 1, failed: 0 },
      // a batch with expired lines ends as `expired`; the answered lines are still in its output file
      { phase: 'ended', status: 'expired', total: 3, done: 3, failed: 2 },
    ]);
    const outcomes = await batch.collect(ref);
    expect(Object.fromEntries(outcomes)).toEqual({
      [items[0]!.customId]: { kind: 'succeeded', output: 'first', finishReason: 'stop', usage: { input: 976, output: 300, reasoning: 0, cacheRead: 1024, cacheWrite5m: 0, cacheWrite1h: 0 } },
      [items[1]!.customId]: { kind: 'failed', error: { code: 'bad-request', status: 400, retryable: false, message: 'openai batch: HTTP 400 invalid_request_error: max_completion_tokens is too large' } },
      [items[2]!.customId]: { kind: 'failed', error: { code: 'timeout', retryable: true, message: 'openai batch: the batch expired before this request ran (24-hour window); not billed' } },
    });
  });

  it('gives every request of a batch that failed validation a bad-request error, naming its line when the batch does', async () => {
    const { batch } = await setup({ end: 'failed', failErrors: [{ code: 'invalid_value', message: 'model gpt-nope does not exist', line: 2 }] });
    const ref = await batch.submit(items, { runId: 'run-1', group: 'g' });
    await batch.status(ref);
    expect(await batch.status(ref)).toMatchObject({ phase: 'ended', status: 'failed' });
    const outcomes = [...(await batch.collect(ref)).values()];
    expect(outcomes.map((o) => (o.kind === 'failed' ? [o.error.code, o.error.retryable] : o.kind))).toEqual([
      ['bad-request', false], ['bad-request', false], ['bad-request', false],
    ]);
    expect(outcomes[1]).toMatchObject({ error: { message: expect.stringContaining('line 2: model gpt-nope does not exist') } });
    expect(outcomes[0]).toMatchObject({ error: { message: expect.stringContaining('failed (line 2: model gpt-nope does not exist)') } });
  });

  it('cancels, and a cancelled batch gives only the lines answered before the cancel', async () => {
    const { server, batch } = await setup({ end: 'never', doneBeforeCancel: 1 });
    const ref = await batch.submit(items, { runId: 'run-1', group: 'g' });
    await batch.status(ref);
    await batch.cancel(ref);
    expect(server.requests.at(-1)).toMatchObject({ method: 'POST', path: '/v1/batches/batch_loop_1/cancel' });
    expect(await batch.status(ref)).toMatchObject({ phase: 'ended', status: 'cancelled' });
    expect([...(await batch.collect(ref)).keys()]).toEqual([items[0]!.customId]);
  });

  it('never lets the key into an error: a 401 that echoes it, a per-line error that quotes it', async () => {
    const { batch } = await setup({
      fault: (request) => (request.path === '/v1/files' ? { status: 401, message: `Incorrect API key provided: ${MASKED_KEY}.` } : undefined),
    });
    const thrown = await batch.submit(items, { runId: 'run-1', group: 'g' }).catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(ProviderCallError);
    const error = (thrown as ProviderCallError).error;
    expect(error).toMatchObject({ code: 'auth', status: 401, retryable: false });
    expect(JSON.stringify(error)).not.toContain(FAKE_KEY.slice(0, 12));
    expect(JSON.stringify(error)).not.toContain(MASKED_KEY);

    const { batch: other } = await setup({ line: () => ({ status: 400, message: `bad header x-api-key: ${FAKE_KEY}` }) });
    const ref = await other.submit(items, { runId: 'run-1', group: 'g' });
    for (let i = 0; i < 3; i++) await other.status(ref);
    const text = JSON.stringify([...(await other.collect(ref)).values()]);
    expect(text).toContain(REDACTED);
    for (let i = 0; i + 8 <= FAKE_KEY.length; i++) expect(text).not.toContain(FAKE_KEY.slice(i, i + 8));
  });
});
