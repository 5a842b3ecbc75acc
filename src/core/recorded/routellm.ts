/**
 * RouteLLM's benchmark responses (lm-sys/RouteLLM routellm/evals/gsm8k/gsm8k_responses.csv, as JSONL in
 * ../shared/data/routellm/gsm8k.jsonl) as one recorded run. One line per problem:
 *
 *   {id, prompt, weak_model, strong_model, weak_response, strong_response, weak_correct, strong_correct,
 *    contaminated?}
 *
 * Mapping: set `routellm-gsm8k` (or `routellm` for another file name), case id = the problem's id, two candidates
 * in this order — weak (role `weak`), strong (role `strong`) — named by the file's `weak_model` / `strong_model`,
 * which must be the same on every line. Quality = 1 when the answer is correct, else 0, so mean quality is
 * accuracy; labels keep `correct` and, when given, `contaminated` (the problem is in RouteLLM's router training
 * data).
 */
import { CostlabError } from '../errors.ts';
import type { Fs } from '../ports.ts';
import { buildRecordedRun } from './build.ts';
import type { RecordedImport, RecordedImportOptions, RecordedItem } from './build.ts';
import { badRecorded, booleanField, idField, optionalBoolean, parseJsonl, stringField } from './jsonl.ts';
import type { JsonlRow, RecordedFile } from './jsonl.ts';

export const ROUTELLM_SOURCE =
  'RouteLLM\'s responses are public: lm-sys/RouteLLM, routellm/evals/gsm8k/gsm8k_responses.csv (https://github.com/lm-sys/RouteLLM/tree/main/routellm/evals/gsm8k); costlab reads it as JSONL with the fields id, prompt, weak_model, strong_model, weak_response, strong_response, weak_correct, strong_correct (../shared/data/routellm/gsm8k.jsonl; see SOURCES.md there)';

const SIDES = ['weak', 'strong'] as const;

export async function importRouteLlm(file: RecordedFile, options: RecordedImportOptions): Promise<RecordedImport> {
  if (/\.csv$/i.test(file.path)) {
    throw new CostlabError('bad-recorded', "is a CSV file: costlab reads RouteLLM's responses as JSONL, one problem per line", { location: { file: file.path }, hint: ROUTELLM_SOURCE });
  }
  const rows = parseJsonl(file);
  const names = { weak: '', strong: '' };
  const items: Record<(typeof SIDES)[number], RecordedItem[]> = { weak: [], strong: [] };
  const seen = new Set<number>();
  let contaminated = 0;
  for (const row of rows) {
    const id = idField(row);
    if (seen.has(id)) throw badRecorded(`id ${id} appears twice`, row.file, row.line, 'id');
    seen.add(id);
    const prompt = stringField(row, 'prompt');
    const dirty = optionalBoolean(row, 'contaminated');
    if (dirty === true) contaminated += 1;
    for (const side of SIDES) {
      const name = modelName(row, `${side}_model`, names[side]);
      names[side] = name;
      const correct = booleanField(row, `${side}_correct`);
      items[side].push({
        caseId: String(id),
        prompt,
        output: stringField(row, `${side}_response`),
        quality: correct ? 1 : 0,
        labels: { correct, ...(dirty === undefined ? {} : { contaminated: dirty }) },
      });
    }
  }
  if (names.weak === names.strong) {
    throw badRecorded(`weak_model and strong_model are both ${names.weak}`, file.path, rows[0]?.line, 'strong_model', 'a RouteLLM file compares two different models');
  }
  const stem = (file.path.split('/').pop() ?? file.path).replace(/\.(jsonl|json)$/i, '');
  const notes = [
    `quality = 1 for a correct answer, else 0 (RouteLLM's ${SIDES.map((s) => `${s}_correct`).join(' / ')}); mean quality is accuracy`,
  ];
  if (contaminated > 0) notes.push(`${contaminated} of ${rows.length} problems are marked contaminated (labels.contaminated)`);
  return buildRecordedRun(
    {
      setName: /gsm8k/i.test(stem) ? 'routellm-gsm8k' : 'routellm',
      setFile: file.path,
      provenance: {
        format: 'routellm',
        source: 'lm-sys/RouteLLM routellm/evals (Apache-2.0)',
        quality: 'correct',
        weak: names.weak,
        strong: names.strong,
        files: [file.path],
      },
      models: SIDES.map((side) => ({ name: names[side], role: side, items: items[side] })),
      notes,
    },
    options,
  );
}

function modelName(row: JsonlRow, field: string, previous: string): string {
  const name = stringField(row, field);
  if (name.trim() === '') throw badRecorded(`${field} is empty`, row.file, row.line, field);
  if (previous !== '' && name !== previous) {
    throw badRecorded(`${field} is ${name}, but earlier lines say ${previous}`, row.file, row.line, field, 'one file holds the answers of one weak and one strong model');
  }
  return name;
}

/** Reads a RouteLLM JSONL file, or the one `*.jsonl` (gsm8k.jsonl first) in a folder; `recorded-missing` otherwise. */
export async function readRouteLlmPath(path: string, fs: Pick<Fs, 'exists' | 'list' | 'readText'>): Promise<RecordedFile> {
  const entries = await fs.list(path);
  let file = path;
  if (entries !== null) {
    const jsonl = entries.filter((name) => name.endsWith('.jsonl')).sort();
    const pick = jsonl.includes('gsm8k.jsonl') ? 'gsm8k.jsonl' : jsonl.length === 1 ? jsonl[0] : undefined;
    if (pick === undefined) {
      const why = jsonl.length === 0 ? 'has no RouteLLM .jsonl file' : `has ${jsonl.length} .jsonl files (${jsonl.join(', ')}): name one`;
      throw new CostlabError('recorded-missing', why, { location: { file: path }, hint: ROUTELLM_SOURCE });
    }
    file = `${path.replace(/\/+$/, '')}/${pick}`;
  } else if (!(await fs.exists(path))) {
    throw new CostlabError('recorded-missing', 'no such file', { location: { file: path }, hint: ROUTELLM_SOURCE });
  }
  return { path: file, text: await fs.readText(file) };
}
