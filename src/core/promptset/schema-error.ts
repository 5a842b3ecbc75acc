/**
 * Turns zod issues on a prompt-set document into one CostlabError: `file:line:column: field path: message —
 * what to do`. Unions are unwrapped to the branch the writer meant; a typo in a key gets the closest field.
 */
import type { z } from 'zod';
import { CostlabError } from '../errors.ts';
import { closestMatch } from '../yaml-source.ts';
import type { PathSegment, YamlSource } from '../yaml-source.ts';
import { allowedFieldsAt } from './schema.ts';

type Issue = z.core.$ZodIssue;

interface Described {
  path: PathSegment[];
  at?: 'key';
  message: string;
  hint: string;
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

/** Flattens unions into the branch the writer meant (the one that is not a plain type mismatch). */
function flatten(issues: readonly Issue[], prefix: readonly PathSegment[]): Issue[] {
  const out: Issue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union') {
      const branch = issue.errors.find((errors) => !isTypeMismatch(errors));
      if (branch) {
        out.push(...flatten(branch, path));
        continue;
      }
    }
    out.push({ ...issue, path } as Issue);
  }
  return out;
}

/** The first issue — but a typo in a key wins over the "missing field" it causes in the same map. */
function pick(issues: readonly Issue[]): Issue | undefined {
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

function describe(issue: Issue, root: unknown): Described {
  const path = [...issue.path];
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const allowed = allowedFieldsAt(path);
    const closest = closestMatch(key, allowed);
    return {
      path: [...path, key],
      at: 'key',
      message: `unknown field '${key}'`,
      hint: `${closest ? `did you mean '${closest}'? ` : ''}allowed fields here: ${allowed.join(', ')}`,
    };
  }
  const params = issue.code === 'custom' ? (issue.params as { hint?: string } | undefined) : undefined;
  if (issue.code === 'invalid_type' && path.length === 0) {
    return { path, message: 'a prompt set is a map of fields', hint: 'start with name:, then prompt: (or messages:) and cases:' };
  }
  if (issue.code === 'invalid_type' && valueAt(root, path) === undefined) {
    const field = String(path[path.length - 1] ?? 'value');
    return { path, message: `missing required field '${field}'`, hint: `add '${field}' here` };
  }
  if (issue.code === 'invalid_key') {
    const key = String(path[path.length - 1] ?? '');
    const inner = issue.issues[0]?.message ?? issue.message;
    return { path, at: 'key', message: `bad name '${key}': ${inner}`, hint: 'rename it' };
  }
  return { path, message: issue.message, hint: params?.hint ?? fieldHint(path) };
}

/** One CostlabError naming the first problem (and counting the rest). */
export function promptSetSchemaError(issues: readonly Issue[], source: YamlSource, root: unknown): CostlabError {
  const flat = flatten(issues, []);
  const first = pick(flat);
  if (!first) return new CostlabError('bad-prompt-set', 'invalid prompt set', { location: { file: source.file } });
  const { path, at, message, hint } = describe(first, root);
  const more = flat.length > 1 ? ` (and ${flat.length - 1} more problem${flat.length > 2 ? 's' : ''})` : '';
  return new CostlabError('bad-prompt-set', `${message}${more}`, { hint, location: source.where(path, at) });
}
