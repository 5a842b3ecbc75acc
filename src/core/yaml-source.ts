/**
 * YAML (and JSON — JSON is YAML) source text that maps a field path back to a line and column, so a
 * validation error can name `file:line:column: field path`. Shared by every file format core reads.
 */
import { LineCounter, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import { CostlabError } from './errors.ts';
import type { ErrorLocation } from './errors.ts';

export type PathSegment = PropertyKey;

/** A parsed YAML (or JSON) text that can map a field path back to a line and column. */
export class YamlSource {
  readonly file: string;
  private readonly doc: Document;
  private readonly lines: LineCounter;

  private constructor(file: string, doc: Document, lines: LineCounter) {
    this.file = file;
    this.doc = doc;
    this.lines = lines;
  }

  /** Parses the text; a syntax error becomes a CostlabError with the line and column. */
  static parse(text: string, file: string): YamlSource {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true });
    const first = doc.errors[0];
    if (first) {
      const pos = first.linePos?.[0] ?? lines.linePos(first.pos[0]);
      const message = first.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? 'syntax error';
      throw new CostlabError('bad-yaml', `not valid YAML/JSON: ${message}`, {
        hint: 'fix the syntax at that line (indentation, quotes, brackets) and try again',
        location: { file, line: pos.line, column: pos.col },
      });
    }
    return new YamlSource(file, doc, lines);
  }

  value(): unknown {
    return this.doc.toJS();
  }

  /**
   * Line and column of the deepest node on `path` (the field itself, or its closest existing parent).
   * A scalar field points at its value, unless `at` is `key` (an unknown field points at its name).
   */
  locate(path: readonly PathSegment[], at: 'value' | 'key' = 'value'): { line: number; column: number } | undefined {
    let node: unknown = this.doc.contents;
    let offset = rangeStart(node);
    let found = 0;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
        if (!pair) break;
        offset = rangeStart(pair.key) ?? offset;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment];
        if (item === undefined) break;
        node = item;
        offset = rangeStart(node) ?? offset;
      } else {
        break;
      }
      found++;
    }
    // The whole path exists: point at the value itself (a bad value), not its key.
    if (at === 'value' && found === path.length && path.length > 0 && isScalar(node)) offset = rangeStart(node) ?? offset;
    if (offset === undefined) return undefined;
    const pos = this.lines.linePos(offset);
    return { line: pos.line, column: pos.col };
  }

  /** An error location for `path`: the file, the field path and, when found, its line and column. */
  where(path: readonly PathSegment[], at: 'value' | 'key' = 'value'): ErrorLocation {
    const pos = this.locate(path, at);
    return { file: this.file, ...(path.length > 0 ? { field: formatPath(path) } : {}), ...(pos ? { line: pos.line, column: pos.column } : {}) };
  }
}

function rangeStart(node: unknown): number | undefined {
  if (node && typeof node === 'object' && 'range' in node) {
    const range = (node as { range?: readonly number[] | null }).range;
    return range?.[0];
  }
  return undefined;
}

/** `models[3].rates.input` from `['models', 3, 'rates', 'input']`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

/** Levenshtein distance, case-sensitive; callers lowercase when they want. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The candidate closest to `word` when it is within `maxDistance` edits (a typo), else undefined. */
export function closestMatch(word: string, candidates: readonly string[], maxDistance = 3): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return bestDistance <= maxDistance ? best : undefined;
}
