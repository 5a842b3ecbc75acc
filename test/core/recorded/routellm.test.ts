/** RouteLLM's JSONL → one recorded run with a weak and a strong candidate; quality 1 / 0 from correctness. */
import { beforeAll, describe, expect, it } from 'vitest';
import { importRouteLlm, readRouteLlmPath } from '../../../src/core/recorded/routellm.ts';
import { setPackageDataLoader } from '../../../src/core/tokens/bpe/encodings.ts';
import { readPackageJson } from '../../../src/platform/package-data.ts';
import { memoryFs, rejection } from '../promptset/memory-fs.ts';
import { IMPORTED_AT, ROUTE_ROWS, importOptions, jsonl, routeFile, routeRow } from './fixtures.ts';

beforeAll(() => setPackageDataLoader(readPackageJson));

const WEAK = 'base@recorded:mistralai/Mixtral-8x7B-Instruct-v0.1';
const STRONG = 'base@recorded:gpt-4-1106-preview';
const usage = (input: number, output: number) => ({ input, output, reasoning: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0 });

describe('importRouteLlm', () => {
  it('maps weak and strong to two candidates: Mixtral in the catalog (self-hosted), gpt-4-1106-preview as gpt-4-turbo', async () => {
    const { run, candidates, notes } = await importRouteLlm(routeFile(), importOptions());
    expect(run).toMatchObject({ id: 'routellm-gsm8k-20261122T100000Z', setName: 'routellm-gsm8k', setFile: 'data/routellm/gsm8k.jsonl', origin: 'recorded', status: 'finished' });
    expect(run.options['recorded']).toMatchObject({ format: 'routellm', weak: 'mistralai/Mixtral-8x7B-Instruct-v0.1', strong: 'gpt-4-1106-preview' });
    expect(run.candidates).toEqual([
      { id: WEAK, variant: 'base', model: 'mistral:mixtral-8x7b-instruct-v0.1', target: 'recorded:mistralai/Mixtral-8x7B-Instruct-v0.1', params: { maxOutputTokens: 14 } },
      { id: STRONG, variant: 'base', model: 'openai:gpt-4-turbo', target: 'recorded:gpt-4-1106-preview', params: { maxOutputTokens: 12 } },
    ]);
    expect(candidates.map((c) => [c.role, c.tokenizer, c.countExact])).toEqual([['weak', 'mistral', false], ['strong', 'cl100k_base', true]]);
    expect(candidates[0]?.priceNote).toMatch(/self-hosted/);
    expect(candidates[1]?.mapping).toMatch(/gpt-4-turbo: .*\$10 \/ \$30/);
    expect(notes).toContain('1 of 2 problems are marked contaminated (labels.contaminated)');
    expect(run.trials.map((t) => t.id)).toEqual([`${WEAK}|0|1`, `${WEAK}|1|1`, `${STRONG}|0|1`, `${STRONG}|1|1`]);
  });

  it('keeps each answer with usage, cost and correctness as quality', async () => {
    const { results } = await importRouteLlm(routeFile(), importOptions());
    const byTrial = new Map(results.map((r) => [r.trialId, r]));
    expect(byTrial.get(`${STRONG}|0|1`)).toEqual({
      runId: 'routellm-gsm8k-20261122T100000Z', trialId: `${STRONG}|0|1`, candidateId: STRONG, caseId: '0', repeat: 1,
      status: 'succeeded', cached: false, output: 'He has 3 + 2 = 5 apples.', usage: usage(18, 12), usageSource: 'estimated',
      costUsd: '0.00054', latencyMs: null, ttftMs: null, attempts: 0, error: null, finishedAt: IMPORTED_AT,
      quality: 1, labels: { correct: true, contaminated: true },
    });
    expect(byTrial.get(`${STRONG}|1|1`)).toMatchObject({ usage: usage(9, 9), costUsd: '0.00036', quality: 1 });
    // Mixtral: the Mistral estimate (o200k × 1.15, rounded up); self-hosted, so no per-token price.
    expect(byTrial.get(`${WEAK}|0|1`)).toMatchObject({ output: ' 3 + 2 = 5\n#### 5', usage: usage(21, 14), costUsd: null, quality: 1 });
    expect(byTrial.get(`${WEAK}|1|1`)).toMatchObject({ usage: usage(11, 14), costUsd: null, quality: 0, labels: { correct: false, contaminated: false } });
  });

  it('names the set routellm for another file, and leaves contaminated out when the file has none', async () => {
    const rows = ROUTE_ROWS.map((row) => ({ ...row, contaminated: undefined }));
    const { run, results } = await importRouteLlm(routeFile(rows, 'mt-bench.jsonl'), importOptions());
    expect(run.setName).toBe('routellm');
    expect(results[0]?.labels).toEqual({ correct: true });
  });

  const bad: [string, object[], number | undefined, string, RegExp][] = [
    ['a correctness that is not a boolean', [ROUTE_ROWS[0]!, routeRow(1, false, true, { weak_correct: 'yes' })], 2, 'weak_correct', /weak_correct must be true or false, got "yes"/],
    ['a missing response', [routeRow(0, true, true, { strong_response: undefined })], 1, 'strong_response', /strong_response must be a string, got missing/],
    ['a second weak model', [ROUTE_ROWS[0]!, routeRow(1, true, true, { weak_model: 'other' })], 2, 'weak_model', /weak_model is other, but earlier lines say mistralai/],
    ['the same model on both sides', [routeRow(0, true, true, { strong_model: 'mistralai/Mixtral-8x7B-Instruct-v0.1' })], 1, 'strong_model', /both/],
    ['a duplicate id', [ROUTE_ROWS[0]!, ROUTE_ROWS[0]!], 2, 'id', /id 0 appears twice/],
    ['a prompt that is not text', [routeRow(0, true, true, { prompt: null })], 1, 'prompt', /prompt must be a string/],
  ];
  it.each(bad)('refuses %s, naming file, line and field', async (_what, rows, line, field, message) => {
    const error = await rejection(importRouteLlm(routeFile(rows), importOptions()));
    expect(error.code).toBe('bad-recorded');
    expect(error.location).toEqual({ file: 'data/routellm/gsm8k.jsonl', ...(line === undefined ? {} : { line }), field });
    expect(error.message).toMatch(message);
  });

  it("refuses RouteLLM's CSV with where to get the JSONL fields", async () => {
    const error = await rejection(importRouteLlm({ path: 'gsm8k_responses.csv', text: 'prompt,x\n' }, importOptions()));
    expect(error.message).toMatch(/CSV/);
    expect(error.hint).toMatch(/lm-sys\/RouteLLM/);
  });
});

describe('readRouteLlmPath', () => {
  const fs = memoryFs({ 'data/routellm/gsm8k.jsonl': jsonl(ROUTE_ROWS), 'two/a.jsonl': '{}', 'two/b.jsonl': '{}', 'empty/x.txt': '' });

  it('reads a file, or gsm8k.jsonl in a folder', async () => {
    expect((await readRouteLlmPath('data/routellm/gsm8k.jsonl', fs)).path).toBe('data/routellm/gsm8k.jsonl');
    expect((await readRouteLlmPath('data/routellm/', fs)).path).toBe('data/routellm/gsm8k.jsonl');
  });

  it('says what is missing and where to get it', async () => {
    const missing = await rejection(readRouteLlmPath('data/nope.jsonl', fs));
    expect(missing.code).toBe('recorded-missing');
    expect(missing.location.file).toBe('data/nope.jsonl');
    expect(missing.hint).toMatch(/lm-sys\/RouteLLM.*gsm8k_responses\.csv/);
    expect((await rejection(readRouteLlmPath('two', fs))).message).toMatch(/has 2 \.jsonl files \(a\.jsonl, b\.jsonl\): name one/);
    expect((await rejection(readRouteLlmPath('empty', fs))).message).toMatch(/has no RouteLLM \.jsonl file/);
  });
});
