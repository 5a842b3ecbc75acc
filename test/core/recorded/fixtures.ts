/** Small inline recorded datasets in the real formats (AlpacaEval folder, RouteLLM JSONL). */
import { Catalog } from '../../../src/core/catalog/catalog.ts';
import type { AlpacaEvalFiles } from '../../../src/core/recorded/alpaca-eval.ts';
import type { RecordedImportOptions } from '../../../src/core/recorded/build.ts';
import type { RecordedFile } from '../../../src/core/recorded/jsonl.ts';

export const IMPORTED_AT = '2026-11-22T10:00:00.000Z';

export function importOptions(): RecordedImportOptions {
  return { catalog: new Catalog(), importedAt: IMPORTED_AT };
}

export const jsonl = (rows: readonly object[]): string => rows.map((row) => JSON.stringify(row)).join('\n') + '\n';

export const INSTRUCTIONS = [
  { id: 0, dataset: 'helpful_base', instruction: 'Name three primary colours.' },
  { id: 1, dataset: 'koala', instruction: 'What is 2 + 2?' },
];

export function modelRow(generator: string, id: number, output: string, preference: number, extra: object = {}): object {
  const instruction = INSTRUCTIONS[id]?.instruction;
  return { id, instruction, generator, output, output_chars: [...output].length, preference, model_win: preference - 1, ...extra };
}

export const GPT35 = [
  modelRow('gpt-3.5-turbo-1106', 0, 'Red, yellow and blue.', 1.25),
  modelRow('gpt-3.5-turbo-1106', 1, 'Four.', 1.5),
];
export const CLAUDE = [
  modelRow('claude-instant-1.1', 0, 'The primary colours are red, yellow and blue.', 1.75),
  modelRow('claude-instant-1.1', 1, '2 + 2 = 4', 1),
];
export const REFERENCE = [
  { id: 0, dataset: 'helpful_base', instruction: INSTRUCTIONS[0]!.instruction, generator: 'gpt4_1106_preview', output: 'Red, yellow, and blue.' },
  { id: 1, dataset: 'koala', instruction: INSTRUCTIONS[1]!.instruction, generator: 'gpt4_1106_preview', output: '4' },
];
export const MATRIX = [
  { id: 0, reference_generator: 'gpt4_1106_preview', 'gpt-3.5-turbo-1106': 1.25, 'claude-instant-1.1': 1.75, 'other-model': 1.1 },
  { id: 1, reference_generator: 'gpt4_1106_preview', 'gpt-3.5-turbo-1106': 1.5, 'claude-instant-1.1': 1 },
];

export const DIR = 'data/alpaca_eval';
export const ANN = `${DIR}/ae2_weighted_gpt4turbo`;

/** The folder as path → text, for memoryFs. */
export function alpacaFolder(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    [`${DIR}/instructions.jsonl`]: jsonl(INSTRUCTIONS),
    [`${ANN}/gpt-3.5-turbo-1106.jsonl`]: jsonl(GPT35),
    [`${ANN}/claude-instant-1.1.jsonl`]: jsonl(CLAUDE),
    [`${ANN}/_reference_gpt4_1106_preview.jsonl`]: jsonl(REFERENCE),
    [`${ANN}/_labels_matrix.jsonl`]: jsonl(MATRIX),
    ...overrides,
  };
}

export function alpacaFiles(folder = alpacaFolder()): AlpacaEvalFiles {
  const file = (path: string): RecordedFile => ({ path, text: folder[path] ?? '' });
  return {
    instructions: file(`${DIR}/instructions.jsonl`),
    models: [file(`${ANN}/claude-instant-1.1.jsonl`), file(`${ANN}/gpt-3.5-turbo-1106.jsonl`)],
    reference: file(`${ANN}/_reference_gpt4_1106_preview.jsonl`),
    labelsMatrix: file(`${ANN}/_labels_matrix.jsonl`),
  };
}

export function routeRow(id: number, weakCorrect: boolean, strongCorrect: boolean, extra: object = {}): object {
  return {
    id,
    prompt: id === 0 ? 'Tom has 3 apples and buys 2 more. How many apples does he have?' : 'What is 10 divided by 4?',
    weak_model: 'mistralai/Mixtral-8x7B-Instruct-v0.1',
    strong_model: 'gpt-4-1106-preview',
    weak_correct: weakCorrect,
    strong_correct: strongCorrect,
    weak_response: id === 0 ? ' 3 + 2 = 5\n#### 5' : ' 10 / 4 = 2\n#### 2',
    strong_response: id === 0 ? 'He has 3 + 2 = 5 apples.' : '10 / 4 = 2.5',
    contaminated: id === 0,
    ...extra,
  };
}

export const ROUTE_ROWS = [routeRow(0, true, true), routeRow(1, false, true)];

export function routeFile(rows: readonly object[] = ROUTE_ROWS, path = 'data/routellm/gsm8k.jsonl'): RecordedFile {
  return { path, text: jsonl(rows) };
}
