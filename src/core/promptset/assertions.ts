/**
 * Assertions on a case's output, promptfoo-style: `{ type, value?, threshold?, min?, max?, weight?, metric? }`.
 * Every type also comes negated with a `not-` prefix. An unknown type is refused with the closest one.
 */
import { z } from 'zod';
import { closestMatch } from '../yaml-source.ts';

export const BASE_ASSERTION_TYPES = [
  'equals', 'contains', 'icontains', 'contains-any', 'contains-all', 'regex', 'starts-with', 'is-json', 'json-schema',
  'length', 'cost', 'latency', 'similar', 'llm-rubric',
] as const;
export type BaseAssertionType = (typeof BASE_ASSERTION_TYPES)[number];
export type AssertionType = BaseAssertionType | `not-${BaseAssertionType}`;

export const ASSERTION_TYPES: readonly AssertionType[] = [
  ...BASE_ASSERTION_TYPES,
  ...BASE_ASSERTION_TYPES.map((type) => `not-${type}` as const),
];

export const ASSERTION_FIELDS = ['type', 'value', 'threshold', 'min', 'max', 'weight', 'metric'] as const;

export interface Assertion {
  type: AssertionType;
  value?: unknown;
  threshold?: number;
  min?: number;
  max?: number;
  weight?: number;
  metric?: string;
}

export function isAssertionType(type: string): type is AssertionType {
  return (ASSERTION_TYPES as readonly string[]).includes(type);
}

/** `contains` for `not-contains`. */
export function baseType(type: AssertionType): BaseAssertionType {
  return (type.startsWith('not-') ? type.slice(4) : type) as BaseAssertionType;
}

/** The hint for an unknown type: the closest known one, and the list. */
export function unknownTypeHint(type: string): string {
  const closest = closestMatch(type, ASSERTION_TYPES, 4);
  return `${closest ? `did you mean '${closest}'? ` : ''}types: ${BASE_ASSERTION_TYPES.join(', ')} (each also as not-…)`;
}

const TEXT_VALUE = new Set<BaseAssertionType>(['equals', 'contains', 'icontains', 'regex', 'starts-with', 'similar', 'llm-rubric']);
const LIST_VALUE = new Set<BaseAssertionType>(['contains-any', 'contains-all']);

type Issue = { path: (string | number)[]; message: string; hint?: string };

/** The checks that depend on the type: which fields it needs and what its value must look like. */
function typeIssues(a: Assertion): Issue[] {
  const type = baseType(a.type);
  const issues: Issue[] = [];
  if (TEXT_VALUE.has(type)) {
    if (a.value === undefined) issues.push({ path: ['value'], message: `missing required field 'value'`, hint: `'${a.type}' compares the output with a value` });
    else if (typeof a.value !== 'string' && typeof a.value !== 'number') issues.push({ path: ['value'], message: `'${a.type}' takes a text value` });
    else if (type === 'regex') {
      try {
        new RegExp(String(a.value));
      } catch (error) {
        issues.push({ path: ['value'], message: `not a valid regular expression: ${(error as Error).message}` });
      }
    }
  }
  if (LIST_VALUE.has(type)) {
    const ok = typeof a.value === 'string' || (Array.isArray(a.value) && a.value.length > 0 && a.value.every((v) => typeof v === 'string' || typeof v === 'number'));
    if (!ok) issues.push({ path: ['value'], message: `'${a.type}' takes a list of texts`, hint: 'write value: [refund, credit] (or one comma-separated text)' });
  }
  if (type === 'json-schema' && (typeof a.value !== 'object' || a.value === null || Array.isArray(a.value))) {
    issues.push({ path: ['value'], message: `'${a.type}' takes a JSON schema object as its value` });
  }
  if (type === 'length') {
    if (a.min === undefined && a.max === undefined) issues.push({ path: [], message: `'${a.type}' needs min, max or both`, hint: 'write e.g. { type: length, max: 400 } (characters)' });
    else if (a.min !== undefined && a.max !== undefined && a.min > a.max) issues.push({ path: ['min'], message: `min (${a.min}) is above max (${a.max})` });
  }
  if ((type === 'cost' || type === 'latency') && a.threshold === undefined) {
    issues.push({ path: ['threshold'], message: `missing required field 'threshold'`, hint: type === 'cost' ? 'the most a call may cost, in USD' : 'the most a call may take, in milliseconds' });
  }
  if (type === 'similar' && a.threshold !== undefined && (a.threshold < 0 || a.threshold > 1)) {
    issues.push({ path: ['threshold'], message: 'a similarity threshold is between 0 and 1' });
  }
  return issues;
}

const finite = z.number({ error: 'expected a number' });

export const AssertionSchema = z
  .strictObject({
    type: z.string({ error: 'expected an assertion type such as contains' }),
    value: z.unknown().optional(),
    threshold: finite.optional(),
    min: finite.int({ error: 'expected a whole number' }).nonnegative({ error: 'must not be negative' }).optional(),
    max: finite.int({ error: 'expected a whole number' }).nonnegative({ error: 'must not be negative' }).optional(),
    weight: finite.nonnegative({ error: 'must not be negative' }).optional(),
    metric: z.string().min(1, { error: 'must not be empty' }).optional(),
  })
  .superRefine((a, ctx) => {
    if (!isAssertionType(a.type)) {
      ctx.addIssue({ code: 'custom', path: ['type'], message: `unknown assertion type '${a.type}'`, params: { hint: unknownTypeHint(a.type) } });
      return;
    }
    for (const issue of typeIssues(a as Assertion)) {
      ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message, params: issue.hint ? { hint: issue.hint } : {} });
    }
  })
  .transform((a) => a as Assertion);
