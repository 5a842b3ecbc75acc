/** AlpacaEval 2.0 → one recorded run: the exact mapping of fields, usage, cost and quality, and the errors. */
import { beforeAll, describe, expect, it } from 'vitest';
import { setPackageDataLoader } from '../../../src/core/tokens/bpe/encodings.ts';
import { importAlpacaEval, readAlpacaEvalFolder } from '../../../src/core/recorded/alpaca-eval.ts';
import { readPackageJson } from '../../../src/platform/package-data.ts';
import { memoryFs, rejection } from '../promptset/memory-fs.ts';
import { ANN, DIR, GPT35, IMPORTED_AT, INSTRUCTIONS, MATRIX, alpacaFiles, alpacaFolder, importOptions, jsonl, modelRow } from './fixtures.ts';

beforeAll(() => setPackageDataLoader(readPackageJson));

const GPT = 'base@recorded:gpt-3.5-turbo-1106';
const CLAUDE_ID = 'base@recorded:claude-instant-1.1';
const REF = 'base@recorded:gpt4_1106_preview';

describe('importAlpacaEval', () => {
  it('maps the folder to one recorded run: candidates, trials, results', async () => {
    const { run, results, candidates } = await importAlpacaEval(alpacaFiles(), importOptions());
    expect(run).toMatchObject({
      id: 'alpaca-eval-20261122T100000Z', createdAt: IMPORTED_AT, setName: 'alpaca-eval', setFile: `${DIR}/instructions.jsonl`,
      status: 'finished', origin: 'recorded',
    });
    expect(run.options['recorded']).toMatchObject({ format: 'alpaca-eval', annotator: 'weighted_alpaca_eval_gpt4_turbo', quality: 'model_win', importedAt: IMPORTED_AT });
    // maxOutputTokens: the longest recorded answer, in the model's tokens.
    expect(run.candidates).toEqual([
      { id: CLAUDE_ID, variant: 'base', model: 'recorded:claude-instant-1.1', target: 'recorded:claude-instant-1.1', params: { maxOutputTokens: 12 } },
      { id: GPT, variant: 'base', model: 'openai:gpt-3.5-turbo', target: 'recorded:gpt-3.5-turbo-1106', params: { maxOutputTokens: 6 } },
      { id: REF, variant: 'base', model: 'openai:gpt-4-turbo', target: 'recorded:gpt4_1106_preview', params: { maxOutputTokens: 7 } },
    ]);
    expect(run.trials).toHaveLength(6);
    expect(run.trials.find((t) => t.id === `${GPT}|1|1`)).toEqual({
      id: `${GPT}|1|1`, candidateId: GPT, caseId: '1', repeat: 1, messages: [{ role: 'user', content: 'What is 2 + 2?' }],
    });
    expect(candidates.map((c) => [c.name, c.role, c.tokenizer, c.countExact, c.priceNote === null])).toEqual([
      ['claude-instant-1.1', null, 'claude', false, false],
      ['gpt-3.5-turbo-1106', null, 'cl100k_base', true, true],
      ['gpt4_1106_preview', 'reference', 'cl100k_base', true, true],
    ]);
    expect(results).toHaveLength(6);
  });

  it('counts usage with the family counter, prices it from the catalog and keeps model_win as quality', async () => {
    const { results } = await importAlpacaEval(alpacaFiles(), importOptions());
    const byTrial = new Map(results.map((r) => [r.trialId, r]));
    const usage = (input: number, output: number) => ({ input, output, reasoning: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0 });
    // gpt-3.5-turbo: cl100k_base (exact counts, checked against tiktoken), $0.50 / $1.50 per M tokens.
    expect(byTrial.get(`${GPT}|0|1`)).toEqual({
      runId: 'alpaca-eval-20261122T100000Z', trialId: `${GPT}|0|1`, candidateId: GPT, caseId: '0', repeat: 1,
      status: 'succeeded', cached: false, output: 'Red, yellow and blue.', usage: usage(5, 6), usageSource: 'estimated',
      costUsd: '0.0000115', latencyMs: null, ttftMs: null, attempts: 0, error: null, finishedAt: IMPORTED_AT,
      quality: 0.25, labels: { preference: 1.25, model_win: 0.25 },
    });
    expect(byTrial.get(`${GPT}|1|1`)).toMatchObject({ usage: usage(8, 2), costUsd: '0.000007', quality: 0.5 });
    // claude-instant-1.1: not in the catalog — the Claude estimate (o200k × 1.15, rounded up), price unknown.
    expect(byTrial.get(`${CLAUDE_ID}|0|1`)).toMatchObject({ usage: usage(6, 12), costUsd: null, quality: 0.75 });
    expect(byTrial.get(`${CLAUDE_ID}|1|1`)).toMatchObject({ usage: usage(10, 9), costUsd: null, quality: 0, labels: { preference: 1, model_win: 0 } });
    // The reference: a draw against itself, priced as gpt-4-turbo ($10 / $30 per M).
    expect(byTrial.get(`${REF}|0|1`)).toMatchObject({ output: 'Red, yellow, and blue.', usage: usage(5, 7), costUsd: '0.00026', quality: 0.5 });
    expect(byTrial.get(`${REF}|0|1`)).not.toHaveProperty('labels');
    expect(byTrial.get(`${REF}|1|1`)).toMatchObject({ usage: usage(8, 1), costUsd: '0.00011' });
  });

  it('derives model_win from preference when the file has none, and notes missing answers', async () => {
    const rows = [{ id: 1, output: 'Four.', preference: 1.5 }];
    const files = { ...alpacaFiles(), models: [{ path: `${ANN}/gpt-3.5-turbo-1106.jsonl`, text: jsonl(rows) }] };
    delete files.labelsMatrix;
    const { results, notes } = await importAlpacaEval(files, importOptions());
    expect(results.find((r) => r.candidateId === GPT)).toMatchObject({ caseId: '1', quality: 0.5 });
    expect(notes).toContain('gpt-3.5-turbo-1106: 1 of 2 instructions have an answer');
  });

  it('checks the labels matrix and says how many preferences agree', async () => {
    const { notes } = await importAlpacaEval(alpacaFiles(), importOptions());
    expect(notes).toContain('4 preferences agree with _labels_matrix.jsonl');
  });

  const MODEL = `${ANN}/gpt-3.5-turbo-1106.jsonl`;
  const bad: [string, Record<string, string>, string, number | undefined, string | undefined, RegExp][] = [
    ['malformed JSON', { [MODEL]: `${JSON.stringify(GPT35[0])}\n{"id": 1,\n` }, MODEL, 2, undefined, /line 2 is not valid JSON/],
    ['a line that is not an object', { [MODEL]: '[1, 2]\n' }, MODEL, 1, undefined, /not a JSON object/],
    ['a missing preference', { [MODEL]: jsonl([{ id: 0, output: 'x' }]) }, MODEL, 1, 'preference', /preference must be a number from 1 to 2, got missing/],
    ['a preference out of range', { [MODEL]: jsonl([modelRow('g', 0, 'x', 2.5)]) }, MODEL, 1, 'preference', /got 2\.5/],
    ['an output that is not text', { [MODEL]: jsonl([{ ...GPT35[0], output: 42 }]) }, MODEL, 1, 'output', /output must be a string/],
    ['model_win ≠ preference − 1', { [MODEL]: jsonl([GPT35[0]!, { ...GPT35[1], model_win: 0.1 }]) }, MODEL, 2, 'model_win', /not preference − 1/],
    ['an unknown id', { [MODEL]: jsonl([modelRow('g', 0, 'x', 1.2), { id: 9, output: 'x', preference: 1.1 }]) }, MODEL, 2, 'id', /id 9 is not in the instructions file/],
    ['a negative id', { [MODEL]: jsonl([{ id: -1, output: 'x', preference: 1.1 }]) }, MODEL, 1, 'id', /whole number/],
    ['a changed instruction', { [MODEL]: jsonl([{ ...GPT35[0], instruction: 'Something else' }]) }, MODEL, 1, 'instruction', /differs from line 1 of the instructions file/],
    ['a duplicate id', { [MODEL]: jsonl([GPT35[0]!, GPT35[0]!]) }, MODEL, 2, 'id', /id 0 appears twice/],
    ['an empty model file', { [MODEL]: '\n' }, MODEL, undefined, undefined, /has no records/],
    ['instructions without text', { [`${DIR}/instructions.jsonl`]: jsonl([{ id: 0 }]) }, `${DIR}/instructions.jsonl`, 1, 'instruction', /instruction must be a string/],
    ['a matrix that disagrees', { [`${ANN}/_labels_matrix.jsonl`]: jsonl([MATRIX[0]!, { ...MATRIX[1], 'claude-instant-1.1': 1.9 }]) }, `${ANN}/_labels_matrix.jsonl`, 2, 'claude-instant-1.1', /is 1\.9 here but 1 in claude-instant-1\.1\.jsonl/],
  ];
  it.each(bad)('refuses %s, naming file, line and field', async (_what, overrides, file, line, field, message) => {
    const error = await rejection(importAlpacaEval(alpacaFiles(alpacaFolder(overrides)), importOptions()));
    expect(error.code).toBe('bad-recorded');
    expect(error.location).toEqual({ file, ...(line === undefined ? {} : { line }), ...(field === undefined ? {} : { field }) });
    expect(error.message).toMatch(message);
  });
});

describe('readAlpacaEvalFolder', () => {
  it('reads instructions.jsonl and ae2_weighted_gpt4turbo/: models sorted, reference and matrix apart', async () => {
    const files = await readAlpacaEvalFolder(DIR, memoryFs(alpacaFolder()));
    expect(files.instructions.path).toBe(`${DIR}/instructions.jsonl`);
    expect(files.models.map((f) => f.path)).toEqual([`${ANN}/claude-instant-1.1.jsonl`, `${ANN}/gpt-3.5-turbo-1106.jsonl`]);
    expect(files.reference?.path).toBe(`${ANN}/_reference_gpt4_1106_preview.jsonl`);
    expect(files.labelsMatrix?.path).toBe(`${ANN}/_labels_matrix.jsonl`);
  });

  it('accepts the annotations folder itself, with instructions.jsonl beside it', async () => {
    const files = await readAlpacaEvalFolder(ANN, memoryFs(alpacaFolder()));
    expect(files.instructions.path).toBe(`${DIR}/instructions.jsonl`);
    expect(files.models).toHaveLength(2);
  });

  it('says what is missing and where to get it', async () => {
    const folder = alpacaFolder();
    delete folder[`${DIR}/instructions.jsonl`];
    const noInstructions = await rejection(readAlpacaEvalFolder(DIR, memoryFs(folder)));
    expect(noInstructions.code).toBe('recorded-missing');
    expect(noInstructions.location.file).toBe(DIR);
    expect(noInstructions.message).toMatch(/has no instructions\.jsonl/);
    expect(noInstructions.hint).toMatch(/tatsu-lab\/alpaca_eval.*results/);

    const noModels = await rejection(readAlpacaEvalFolder(DIR, memoryFs({ [`${DIR}/instructions.jsonl`]: jsonl(INSTRUCTIONS) })));
    expect(noModels.message).toMatch(/has no model files <model>\.jsonl/);

    const notFolder = await rejection(readAlpacaEvalFolder('elsewhere', memoryFs(alpacaFolder())));
    expect(notFolder.message).toMatch(/is not a folder/);
  });
});
