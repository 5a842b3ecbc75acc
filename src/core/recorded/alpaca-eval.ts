/**
 * AlpacaEval 2.0 (weighted GPT-4-turbo annotator, reference gpt4_1106_preview) as one recorded run, from the
 * folder layout of ../shared/data/alpaca_eval (see SOURCES.md there):
 *
 *   instructions.jsonl                         {id, instruction, dataset?}: the 805 instructions
 *   ae2_weighted_gpt4turbo/<model>.jsonl       per instruction {id, output, preference, model_win?, instruction?, …}
 *   ae2_weighted_gpt4turbo/_reference_<m>.jsonl  the reference model's outputs {id, output}
 *   ae2_weighted_gpt4turbo/_labels_matrix.jsonl  {id, <model>: preference, …}: checked against the model files
 *
 * Mapping: set `alpaca-eval`, case id = the instruction's id, one candidate per model file (and the reference).
 * `preference` runs from 1 (the reference preferred) to 2 (the model preferred); quality = model_win =
 * preference − 1, so a model's mean quality × 100 is its published win rate. The reference model's quality is
 * 0.5 on every instruction: AlpacaEval scores it against itself as a draw (win rate 50 by definition).
 * Labels keep `preference` and `model_win`.
 */
import { CostlabError } from '../errors.ts';
import type { Fs } from '../ports.ts';
import { buildRecordedRun } from './build.ts';
import type { RecordedImport, RecordedImportOptions, RecordedItem, RecordedModelItems } from './build.ts';
import { badRecorded, idField, numberField, optionalNumber, optionalString, parseJsonl, stringField } from './jsonl.ts';
import type { JsonlRow, RecordedFile } from './jsonl.ts';

export interface AlpacaEvalFiles {
  instructions: RecordedFile;
  /** One file per model; the model's name is the file name without `.jsonl`. */
  models: RecordedFile[];
  /** `_reference_<name>.jsonl`: the reference model's outputs, imported with quality 0.5. */
  reference?: RecordedFile;
  /** `_labels_matrix.jsonl`: id → model → preference, checked against the model files when present. */
  labelsMatrix?: RecordedFile;
}

export const ALPACA_EVAL_ANNOTATIONS = 'ae2_weighted_gpt4turbo';
export const ALPACA_EVAL_SOURCE =
  "AlpacaEval 2.0 is public: tatsu-lab/alpaca_eval, results/<model>/model_outputs.json and results/<model>/weighted_alpaca_eval_gpt4_turbo/annotations.json (https://github.com/tatsu-lab/alpaca_eval/tree/main/results); costlab reads the layout of ../shared/data/alpaca_eval — instructions.jsonl and ae2_weighted_gpt4turbo/<model>.jsonl (see SOURCES.md there)";

/** A model's preference may differ from 1 + model_win by float rounding only. */
const TOLERANCE = 1e-9;

export async function importAlpacaEval(files: AlpacaEvalFiles, options: RecordedImportOptions): Promise<RecordedImport> {
  if (files.models.length === 0) {
    throw new CostlabError('recorded-missing', 'no model files (<model>.jsonl) were given', { hint: ALPACA_EVAL_SOURCE });
  }
  const instructions = readInstructions(files.instructions);
  const models: RecordedModelItems[] = [];
  const preferences = new Map<string, Map<number, number>>();
  const notes: string[] = [
    'quality = model_win = preference − 1 (weighted GPT-4-turbo annotator against gpt4_1106_preview); mean quality × 100 is the AlpacaEval 2.0 win rate',
  ];
  for (const file of files.models) {
    const name = fileStem(file.path);
    const byId = new Map<number, number>();
    const items = readModel(file, instructions, byId);
    preferences.set(name, byId);
    models.push({ name, items });
    if (items.length < instructions.size) notes.push(`${name}: ${items.length} of ${instructions.size} instructions have an answer`);
  }
  if (files.reference) {
    const name = fileStem(files.reference.path).replace(/^_reference_/, '');
    models.push({ name, role: 'reference', items: readReference(files.reference, instructions) });
    notes.push(`${name} is the reference: quality 0.5 on every instruction (a draw against itself; win rate 50 by definition)`);
  }
  if (files.labelsMatrix) notes.push(checkMatrix(files.labelsMatrix, preferences));

  return buildRecordedRun(
    {
      setName: 'alpaca-eval',
      setFile: files.instructions.path,
      provenance: {
        format: 'alpaca-eval',
        source: 'tatsu-lab/alpaca_eval results/ (Apache-2.0)',
        annotator: 'weighted_alpaca_eval_gpt4_turbo',
        quality: 'model_win',
        files: [files.instructions, ...files.models, ...(files.reference ? [files.reference] : [])].map((f) => f.path),
      },
      models,
      notes,
    },
    options,
  );
}

interface Instruction {
  text: string;
  line: number;
}

function readInstructions(file: RecordedFile): Map<number, Instruction> {
  const byId = new Map<number, Instruction>();
  for (const row of parseJsonl(file)) {
    const id = idField(row);
    if (byId.has(id)) throw duplicate(row, id);
    byId.set(id, { text: stringField(row, 'instruction'), line: row.line });
  }
  return byId;
}

function instructionOf(row: JsonlRow, instructions: Map<number, Instruction>): { id: number; text: string } {
  const id = idField(row);
  const instruction = instructions.get(id);
  if (!instruction) throw badRecorded(`id ${id} is not in the instructions file`, row.file, row.line, 'id');
  const own = optionalString(row, 'instruction');
  if (own !== undefined && own !== instruction.text) {
    throw badRecorded(`the instruction of id ${id} differs from line ${instruction.line} of the instructions file`, row.file, row.line, 'instruction', 'the files come from different AlpacaEval versions: fetch them together');
  }
  return { id, text: instruction.text };
}

function readModel(file: RecordedFile, instructions: Map<number, Instruction>, preferences: Map<number, number>): RecordedItem[] {
  const items: RecordedItem[] = [];
  for (const row of parseJsonl(file)) {
    const { id, text } = instructionOf(row, instructions);
    if (preferences.has(id)) throw duplicate(row, id);
    const output = stringField(row, 'output');
    const preference = numberField(row, 'preference', 1, 2);
    const modelWin = optionalNumber(row, 'model_win', 0, 1);
    if (modelWin !== undefined && Math.abs(preference - 1 - modelWin) > TOLERANCE) {
      throw badRecorded(`model_win ${modelWin} is not preference − 1 (${preference} − 1)`, row.file, row.line, 'model_win');
    }
    const quality = modelWin ?? preference - 1;
    preferences.set(id, preference);
    items.push({ caseId: String(id), prompt: text, output, quality, labels: { preference, model_win: quality } });
  }
  return items;
}

function readReference(file: RecordedFile, instructions: Map<number, Instruction>): RecordedItem[] {
  const seen = new Set<number>();
  return parseJsonl(file).map((row) => {
    const { id, text } = instructionOf(row, instructions);
    if (seen.has(id)) throw duplicate(row, id);
    seen.add(id);
    return { caseId: String(id), prompt: text, output: stringField(row, 'output'), quality: 0.5 };
  });
}

/** Every preference the matrix gives for a loaded model must equal the model file's; returns the note. */
function checkMatrix(file: RecordedFile, preferences: Map<string, Map<number, number>>): string {
  let checked = 0;
  for (const row of parseJsonl(file)) {
    const id = idField(row);
    for (const [name, byId] of preferences) {
      if (row.value[name] === undefined || row.value[name] === null) continue;
      const value = numberField(row, name, 1, 2);
      const own = byId.get(id);
      if (own === undefined) continue;
      if (Math.abs(own - value) > TOLERANCE) {
        throw badRecorded(`${name}'s preference for id ${id} is ${value} here but ${own} in ${name}.jsonl`, row.file, row.line, name, 'the files come from different AlpacaEval versions: fetch them together');
      }
      checked += 1;
    }
  }
  return `${checked} preferences agree with ${fileStem(file.path)}.jsonl`;
}

function duplicate(row: JsonlRow, id: number): CostlabError {
  return badRecorded(`id ${id} appears twice`, row.file, row.line, 'id');
}

function fileStem(path: string): string {
  return (path.split('/').pop() ?? path).replace(/\.jsonl$/i, '');
}

function join(dir: string, name: string): string {
  return dir === '' ? name : `${dir.replace(/\/+$/, '')}/${name}`;
}

function parent(dir: string): string {
  const trimmed = dir.replace(/\/+$/, '');
  const at = trimmed.lastIndexOf('/');
  return at < 0 ? '.' : at === 0 ? '/' : trimmed.slice(0, at);
}

/**
 * Reads the AlpacaEval folder: `dir` holds instructions.jsonl and ae2_weighted_gpt4turbo/ (or the model files
 * directly), or `dir` is the annotations folder and instructions.jsonl is beside it. Throws `recorded-missing`
 * naming what is missing and where to get it.
 */
export async function readAlpacaEvalFolder(dir: string, fs: Pick<Fs, 'list' | 'readText'>): Promise<AlpacaEvalFiles> {
  const entries = await fs.list(dir);
  if (entries === null) throw missing(dir, 'is not a folder (or does not exist)');
  let instructionsPath: string | null = entries.includes('instructions.jsonl') ? join(dir, 'instructions.jsonl') : null;
  if (instructionsPath === null && (await fs.list(parent(dir)))?.includes('instructions.jsonl')) {
    instructionsPath = join(parent(dir), 'instructions.jsonl');
  }
  const annotations = entries.includes(`${ALPACA_EVAL_ANNOTATIONS}/`) ? join(dir, ALPACA_EVAL_ANNOTATIONS) : dir;
  const names = ((annotations === dir ? entries : await fs.list(annotations)) ?? [])
    .filter((name) => name.endsWith('.jsonl') && name !== 'instructions.jsonl')
    .sort();
  const modelNames = names.filter((name) => !name.startsWith('_'));
  const lacking = [
    ...(instructionsPath === null ? [`instructions.jsonl (in ${dir} or beside it)`] : []),
    ...(modelNames.length === 0 ? [`model files <model>.jsonl (in ${join(dir, ALPACA_EVAL_ANNOTATIONS)}/ or ${dir})`] : []),
  ];
  if (instructionsPath === null || lacking.length > 0) throw missing(dir, `has no ${lacking.join(' and no ')}`);
  const read = async (path: string): Promise<RecordedFile> => ({ path, text: await fs.readText(path) });
  const referenceName = names.find((name) => name.startsWith('_reference_'));
  const files: AlpacaEvalFiles = {
    instructions: await read(instructionsPath),
    models: await Promise.all(modelNames.map((name) => read(join(annotations, name)))),
  };
  if (referenceName !== undefined) files.reference = await read(join(annotations, referenceName));
  if (names.includes('_labels_matrix.jsonl')) files.labelsMatrix = await read(join(annotations, '_labels_matrix.jsonl'));
  return files;
}

function missing(dir: string, what: string): CostlabError {
  return new CostlabError('recorded-missing', `${what}: not an AlpacaEval folder`, { location: { file: dir }, hint: ALPACA_EVAL_SOURCE });
}
