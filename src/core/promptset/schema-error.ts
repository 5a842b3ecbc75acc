/**
 * Turns zod issues on a YAML document into one CostlabError: `file:line:column: field path: message — what to
 * do`. `schemaError` is the shared part (used for prompt sets here and for traffic profiles in
 * economics/profile.ts): unions are unwrapped to the branch the writer meant, an unknown key gets the closest
 * allowed field, a missing field says so, a refinement's `params.hint` is the hint, and the rest are counted. A
 * `SchemaErrorStyle` says what differs per document: its error code and fields, the hints, which union branch
 * and which issue to report.
 */
import type { z } from 'zod';
import { CostlabError } from '../errors.ts';
import { closestMatch } from '../yaml-source.ts';
import type { PathSegment, YamlSource } from '../yaml-source.ts';
import { allowedFieldsAt } from './schema.ts';

export type Issue = z.core.$ZodIssue;

export interface SchemaErrorStyle {
  /** The CostlabError code, e.g. `bad-prompt-set`. */
  code: string;
  /** What the document is, for the message when zod gives no issue: `invalid <what>`. */
  what: string;
  /** The fields allowed in the map at `path` (for "did you mean"). */
  allowedFieldsAt(path: readonly PathSegment[]): readonly string[];
  /** The message and hint when the document is not a map at all. */
  notAMap: { message: string; hint: string };
  /** The issue codes that, where nothing was written, are reported as a missing field. */
  missing: readonly Issue['code'][];
  /** The hint for a refused value when the schema gives none. */
  hint(path: readonly PathSegment[]): string;
  /**
   * Which of a union's branches the writer meant, from those that are not a plain type mismatch (`value` is what
   * they wrote there); undefined keeps the union's own issue.
   */
  branch(branches: readonly Issue[][], value: unknown): readonly Issue[] | undefined;
  /** Which of the flattened issues to report. */
  pick(issues: readonly Issue[]): Issue | undefined;
}

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let node = root;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[segment];
  }
  return node;
}

function isTypeMismatch(issues: readonly Issue[]): boolean {
  return issues.length > 0 && issues.every((i) => i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'invalid_union'));
}

/** Flattens unions into the branch the writer meant (style.branch), paths made absolute. */
function flatten(issues: readonly Issue[], prefix: readonly PathSegment[], root: unknown, style: SchemaErrorStyle): Issue[] {
  const out: Issue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union') {
      const branch = style.branch(issue.errors.filter((errors) => !isTypeMismatch(errors)), valueAt(root, path));
      if (branch) {
        out.push(...flatten(branch, path, root, style));
        continue;
      }
    }
    out.push({ ...issue, path } as Issue);
  }
  return out;
}

function describe(issue: Issue, root: unknown, style: SchemaErrorStyle): { path: PathSegment[]; at?: 'key'; message: string; hint: string } {
  const path = [...issue.path];
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const allowed = style.allowedFieldsAt(path);
    const closest = closestMatch(key, allowed);
    return {
      path: [...path, key],
      at: 'key',
      message: `unknown field '${key}'`,
      hint: `${closest ? `did you mean '${closest}'? ` : ''}allowed fields here: ${allowed.join(', ') || 'none'}`,
    };
  }
  if (issue.code === 'invalid_type' && path.length === 0) return { path, ...style.notAMap };
  if (style.missing.includes(issue.code) && valueAt(root, path) === undefined) {
    const field = String(path[path.length - 1] ?? 'value');
    return { path, message: `missing required field '${field}'`, hint: `add '${field}' here` };
  }
  if (issue.code === 'invalid_key') {
    const key = String(path[path.length - 1] ?? '');
    const inner = issue.issues[0]?.message ?? issue.message;
    return { path, at: 'key', message: `bad name '${key}': ${inner}`, hint: 'rename it' };
  }
  const params = issue.code === 'custom' ? (issue.params as { hint?: string } | undefined) : undefined;
  return { path, message: issue.message, hint: params?.hint ?? style.hint(path) };
}

/** One CostlabError naming the chosen problem where it stands in the source (and counting the rest). */
export function schemaError(issues: readonly Issue[], source: YamlSource, root: unknown, style: SchemaErrorStyle): CostlabError {
  const flat = flatten(issues, [], root, style);
  const first = style.pick(flat);
  if (!first) return new CostlabError(style.code, `invalid ${style.what}`, { location: { file: source.file } });
  const { path, at, message, hint } = describe(first, root, style);
  const more = flat.length > 1 ? ` (and ${flat.length - 1} more problem${flat.length > 2 ? 's' : ''})` : '';
  return new CostlabError(style.code, `${message}${more}`, { hint, location: source.where(path, at) });
}

/** The first issue — but a typo in a key wins over the "missing field" it causes in the same map. */
function pickPromptSetIssue(issues: readonly Issue[]): Issue | undefined {
  const first = issues[0];
  if (first && first.code === 'invalid_type') {
    const parent = JSON.stringify(first.path.slice(0, -1));
    const typo = issues.find((i) => i.code === 'unrecognized_keys' && JSON.stringify(i.path) === parent);
    if (typo) return typo;
  }
  return first;
}

function fieldHint(path: readonly PathSegment[]): string {
  const field = String(path[path.length - 1] ?? '');
  if (path[path.length - 2] === 'vars') return 'a value is a text, a number or true/false; put long text in a file and write { file: path }';
  if (field === 'name') return 'use lowercase letters, digits and hyphens, e.g. support-bot';
  if (field === 'role') return 'use system, user or assistant';
  if (field === 'cases') return 'add a cases: list with at least one { vars: { … } } entry';
  return 'fix the value and try again';
}

const PROMPT_SET: SchemaErrorStyle = {
  code: 'bad-prompt-set',
  what: 'prompt set',
  allowedFieldsAt,
  notAMap: { message: 'a prompt set is a map of fields', hint: 'start with name:, then prompt: (or messages:) and cases:' },
  // a missing text keeps the union's own message ("expected text, or { file: path } …")
  missing: ['invalid_type'],
  hint: fieldHint,
  // the first branch that is not a plain type mismatch
  branch: (branches) => branches[0],
  pick: pickPromptSetIssue,
};

/** One CostlabError naming the first problem of a prompt set (and counting the rest). */
export function promptSetSchemaError(issues: readonly Issue[], source: YamlSource, root: unknown): CostlabError {
  return schemaError(issues, source, root, PROMPT_SET);
}
