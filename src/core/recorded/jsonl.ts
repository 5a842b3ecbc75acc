/**
 * Reading recorded datasets line by line. Every problem is a CostlabError (`bad-recorded`) that names the
 * file, the 1-based line and the field, and says what was expected.
 */
import { CostlabError } from '../errors.ts';

/** A file's path (for messages) and its text: core never reads files itself. */
export interface RecordedFile {
  path: string;
  text: string;
}

export interface JsonlRow {
  file: string;
  line: number;
  value: Record<string, unknown>;
}

const HINT = 'fix or remove that line, or fetch the file again from its public source';

export function badRecorded(message: string, file: string, line?: number, field?: string, hint = HINT): CostlabError {
  return new CostlabError('bad-recorded', message, {
    location: { file, ...(line === undefined ? {} : { line }), ...(field === undefined ? {} : { field }) },
    hint,
  });
}

/** Makes the error for a problem at a line of a file (line undefined: the file as a whole). */
export type JsonlError = (message: string, file: string, line?: number) => CostlabError;

/**
 * The JSON objects of a JSONL text, one per non-blank line (a trailing \r is dropped), with their 1-based line
 * numbers; a line that is not valid JSON or not an object is `bad`'s error naming the file and line. Lazy, so a
 * caller that checks each row meets the problems in line order. Recorded datasets and router score files are read
 * through here.
 */
export function* readJsonlObjects(file: RecordedFile, bad: JsonlError): Generator<JsonlRow> {
  const lines = file.text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const body = (lines[i] ?? '').replace(/\r$/, '');
    if (body.trim() === '') continue;
    const line = i + 1;
    let value: unknown;
    try {
      value = JSON.parse(body) as unknown;
    } catch (error) {
      const why = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').slice(0, 120);
      throw bad(`line ${line} is not valid JSON (${why})`, file.path, line);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad(`line ${line} is not a JSON object`, file.path, line);
    yield { file: file.path, line, value: value as Record<string, unknown> };
  }
}

/** A recorded dataset's JSON objects, one per non-blank line, with their line numbers; an empty file is an error. */
export function parseJsonl(file: RecordedFile): JsonlRow[] {
  const rows = [...readJsonlObjects(file, badRecorded)];
  if (rows.length === 0) throw badRecorded('has no records (the file is empty)', file.path);
  return rows;
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

function wrong(row: JsonlRow, field: string, expected: string): CostlabError {
  return badRecorded(`${field} must be ${expected}, got ${describe(row.value[field])}`, row.file, row.line, field);
}

export function stringField(row: JsonlRow, field: string): string {
  const value = row.value[field];
  if (typeof value !== 'string') throw wrong(row, field, 'a string');
  return value;
}

export function optionalString(row: JsonlRow, field: string): string | undefined {
  return row.value[field] === undefined || row.value[field] === null ? undefined : stringField(row, field);
}

export function numberField(row: JsonlRow, field: string, min: number, max: number): number {
  const value = row.value[field];
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw wrong(row, field, `a number from ${min} to ${max}`);
  }
  return value;
}

export function optionalNumber(row: JsonlRow, field: string, min: number, max: number): number | undefined {
  return row.value[field] === undefined || row.value[field] === null ? undefined : numberField(row, field, min, max);
}

/** A non-negative integer id. */
export function idField(row: JsonlRow, field = 'id'): number {
  const value = row.value[field];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw wrong(row, field, 'a whole number (0 or more)');
  return value;
}

export function booleanField(row: JsonlRow, field: string): boolean {
  const value = row.value[field];
  if (typeof value !== 'boolean') throw wrong(row, field, 'true or false');
  return value;
}

export function optionalBoolean(row: JsonlRow, field: string): boolean | undefined {
  return row.value[field] === undefined || row.value[field] === null ? undefined : booleanField(row, field);
}
