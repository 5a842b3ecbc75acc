/**
 * The `file:PATH` router score: scores computed elsewhere (a trained router, a classifier service), one JSONL
 * line per item — `{"index": i, "score": s}` — where i is the item's position (0-based) in the analysis's item
 * order and s a finite number (higher = more reason to pay for the strong model). Every index from 0 to n − 1
 * appears exactly once, in any order; blank lines are skipped; other keys are ignored.
 *
 * Every problem names the file, the 1-based line and the field, and says what to do: a line that is not JSON or
 * not an object, an index that is missing, not a whole number, out of range or repeated (naming the line that
 * had it first), a score that is not a finite number, and indices with no line at all.
 */
import { CostlabError } from '../../errors.ts';
import { readJsonlObjects } from '../../recorded/jsonl.ts';
import type { RecordedFile } from '../../recorded/jsonl.ts';

/** A score file's path (for messages) and its text. */
export type ScoreFile = RecordedFile;

const FORMAT = 'one JSON object per line: {"index": i, "score": s}, i from 0 to n − 1 in the items\' order, each exactly once';

function bad(message: string, file: string, line?: number, field?: string, hint = FORMAT): CostlabError {
  return new CostlabError('bad-score-file', message, {
    location: { file, ...(line === undefined ? {} : { line }), ...(field === undefined ? {} : { field }) },
    hint,
  });
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** The scores in item order, from a score file for `n` items. */
export function parseScoreFile(file: ScoreFile, n: number): number[] {
  const scores = new Array<number>(n);
  const lineOf = new Map<number, number>();
  for (const { line, value: row } of readJsonlObjects(file, bad)) {
    const index = row['index'];
    if (typeof index !== 'number' || !Number.isSafeInteger(index)) {
      throw bad(`index must be a whole number, got ${show(index)}`, file.path, line, 'index');
    }
    if (index < 0 || index >= n) {
      throw bad(`index ${index} is out of range: there are ${n} items (indices 0 to ${n - 1})`, file.path, line, 'index');
    }
    const first = lineOf.get(index);
    if (first !== undefined) throw bad(`index ${index} appears twice (first on line ${first})`, file.path, line, 'index');
    const score = row['score'];
    if (typeof score !== 'number' || !Number.isFinite(score)) {
      throw bad(`score must be a finite number, got ${show(score)}`, file.path, line, 'score');
    }
    lineOf.set(index, line);
    scores[index] = score;
  }
  if (lineOf.size < n) {
    const missing: number[] = [];
    for (let i = 0; i < n && missing.length < 5; i++) if (!lineOf.has(i)) missing.push(i);
    const more = n - lineOf.size - missing.length;
    throw bad(
      `has no line for index ${missing.join(', ')}${more > 0 ? ` and ${more} more` : ''} (${lineOf.size} of ${n} items scored)`,
      file.path, undefined, 'index',
    );
  }
  return scores;
}
