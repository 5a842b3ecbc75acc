/** The replay provider answers from a recorded run by (candidate, case), with the usage as recorded. */
import { beforeAll, describe, expect, it } from 'vitest';
import { ProviderCallError } from '../../../src/core/providers/provider.ts';
import { writeRecordedRun } from '../../../src/core/recorded/build.ts';
import { RecordedNotFoundError, ReplayProvider } from '../../../src/core/recorded/replay-provider.ts';
import { importRouteLlm } from '../../../src/core/recorded/routellm.ts';
import { defaultRequestModel } from '../../../src/core/runner/target.ts';
import { MemoryStore } from '../../../src/core/store/memory-store.ts';
import { setPackageDataLoader } from '../../../src/core/tokens/bpe/encodings.ts';
import { readPackageJson } from '../../../src/platform/package-data.ts';
import { importOptions, routeFile } from './fixtures.ts';

beforeAll(() => setPackageDataLoader(readPackageJson));

const WEAK = 'base@recorded:mistralai/Mixtral-8x7B-Instruct-v0.1';
const STRONG = 'base@recorded:gpt-4-1106-preview';
const PROMPT = 'Tom has 3 apples and buys 2 more. How many apples does he have?';

async function provider(): Promise<ReplayProvider> {
  const { run, results } = await importRouteLlm(routeFile(), importOptions());
  return new ReplayProvider({ run, results });
}

async function notFound(promise: Promise<unknown> | (() => unknown)): Promise<RecordedNotFoundError> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    if (error instanceof RecordedNotFoundError) return error;
    throw error;
  }
  throw new Error('expected a RecordedNotFoundError');
}

describe('ReplayProvider', () => {
  it('answers (candidate, case) with the recorded output and usage', async () => {
    const replay = await provider();
    expect(replay.kind).toBe('replay');
    expect(replay.answer(STRONG, '0')).toEqual({
      output: 'He has 3 + 2 = 5 apples.',
      usage: { input: 18, output: 12, reasoning: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0 },
      usageSource: 'estimated',
      latencyMs: 0,
      ttftMs: null,
      finishReason: null,
    });
  });

  it('answers a request by the model the runner sends and the prompt as recorded', async () => {
    const replay = await provider();
    const { run } = await importRouteLlm(routeFile(), importOptions());
    const weak = run.candidates[0]!;
    const request = { model: defaultRequestModel(weak), messages: [{ role: 'user' as const, content: PROMPT }], maxOutputTokens: 64 };
    expect(request.model).toBe('mistralai/Mixtral-8x7B-Instruct-v0.1');
    expect((await replay.complete(request)).output).toBe(' 3 + 2 = 5\n#### 5');
    for (const model of [STRONG, 'recorded:gpt-4-1106-preview', 'gpt-4-1106-preview', 'openai:gpt-4-turbo']) {
      expect((await replay.complete({ ...request, model })).output).toBe('He has 3 + 2 = 5 apples.');
    }
  });

  it('throws a typed not-found for what the run does not hold', async () => {
    const replay = await provider();
    const unknownCase = await notFound(() => replay.answer(STRONG, '7'));
    expect(unknownCase).toBeInstanceOf(ProviderCallError);
    expect(unknownCase.error).toEqual({ code: 'not-found', retryable: false, message: expect.stringMatching(/no recorded result for candidate .*case 7/) });
    expect([unknownCase.candidateId, unknownCase.caseId, unknownCase.runId]).toEqual([STRONG, '7', 'routellm-gsm8k-20261122T100000Z']);

    const base = { messages: [{ role: 'user' as const, content: PROMPT }], maxOutputTokens: 64 };
    expect((await notFound(replay.complete({ ...base, model: 'gpt-5' }))).error.message).toMatch(/no candidate is named gpt-5/);
    const otherPrompt = await notFound(replay.complete({ ...base, model: 'gpt-4-1106-preview', system: 'Be brief.' }));
    expect(otherPrompt.error.message).toMatch(/has no recorded answer to this prompt/);
  });

  it('replays a recorded failure as the same provider error, and honours an aborted signal', async () => {
    const { run, results } = await importRouteLlm(routeFile(), importOptions());
    const error = { code: 'rate-limited' as const, message: 'slow down', retryable: true, status: 429 };
    const failed = results.map((r) => (r.candidateId === WEAK && r.caseId === '1' ? { ...r, status: 'failed' as const, output: null, error } : r));
    const replay = new ReplayProvider({ run, results: failed });
    expect(() => replay.answer(WEAK, '1')).toThrow(ProviderCallError);
    try {
      replay.answer(WEAK, '1');
    } catch (thrown) {
      expect((thrown as ProviderCallError).error).toEqual(error);
    }
    const signal = AbortSignal.abort();
    await expect(replay.complete({ model: STRONG, messages: [{ role: 'user', content: PROMPT }], maxOutputTokens: 1, signal })).rejects.toMatchObject({ error: { code: 'aborted' } });
  });

  it('loads a run from a store', async () => {
    const store = new MemoryStore();
    const imported = await importRouteLlm(routeFile(), importOptions());
    await writeRecordedRun(store, imported);
    const replay = await ReplayProvider.fromStore(store, imported.run.id);
    expect(replay.answer(WEAK, '1').output).toBe(' 10 / 4 = 2\n#### 2');
    expect((await notFound(ReplayProvider.fromStore(store, 'nope'))).error.message).toMatch(/no such run/);
  });
});
