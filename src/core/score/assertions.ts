/**
 * Evaluates promptfoo-style assertions on one output. Each gives `{ pass, score, reason }` with score 1 / 0;
 * a `not-` type inverts pass and score. `similar` and `llm-rubric` are not evaluated here (pass and
 * score null: they need an embedder / a judge), nor are `cost` / `latency` when the trial has none.
 */
import { baseType, type Assertion, type AssertionType } from '../promptset/assertions.ts';
import { validateJsonSchema, type JsonSchema } from './json-schema.ts';

/** What the trial knew besides its output: the cost as an exact decimal USD string, the latency in ms. */
export interface AssertionContext {
  costUsd?: string | null;
  latencyMs?: number | null;
}

export interface AssertionResult {
  type: AssertionType;
  /** null when not evaluated here (see `reason`). */
  pass: boolean | null;
  /** 1 or 0 as `pass`; null when not evaluated. */
  score: number | null;
  reason: string;
  /** The assertion's weight (default 1). */
  weight: number;
}

type Outcome = { pass: boolean | null; reason: string };

const NOT_EVALUATED: Record<string, string> = {
  similar: 'needs an embedder',
  'llm-rubric': 'needs a judge',
};

function show(text: string, max = 60): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}

/** A list value as texts: a list, or one comma-separated text (promptfoo). */
function listValue(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (value === undefined || value === null) return [];
  return String(value).split(',').map((part) => part.trim()).filter((part) => part.length > 0);
}

function parseJson(output: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(output.trim()) as unknown };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkSchema(output: string, schema: unknown): Outcome {
  const parsed = parseJson(output);
  if (!parsed.ok) return { pass: false, reason: `not JSON: ${parsed.error}` };
  if (!isSchema(schema)) return { pass: true, reason: 'valid JSON' };
  const errors = validateJsonSchema(parsed.value, schema);
  return errors.length === 0
    ? { pass: true, reason: 'JSON matches the schema' }
    : { pass: false, reason: `JSON does not match the schema: ${errors.slice(0, 3).join('; ')}${errors.length > 3 ? ` (+${errors.length - 3} more)` : ''}` };
}

/** Whether `value` is at most `threshold`; pass null when the value is unknown. */
function atMost(what: string, value: number | null, threshold: number | undefined, unit: string): Outcome {
  if (threshold === undefined) return { pass: null, reason: `no ${what} threshold` };
  if (value === null || !Number.isFinite(value)) return { pass: null, reason: `${what} unknown` };
  return value <= threshold
    ? { pass: true, reason: `${what} ${value}${unit} is within ${threshold}${unit}` }
    : { pass: false, reason: `${what} ${value}${unit} is above ${threshold}${unit}` };
}

/** The outcome of the positive form of an assertion. */
function evaluatePositive(a: Assertion, output: string, context: AssertionContext): Outcome {
  const type = baseType(a.type);
  const text = a.value === undefined || a.value === null ? '' : String(a.value);
  switch (type) {
    case 'equals':
      return output === text ? { pass: true, reason: 'output equals the value' } : { pass: false, reason: `output is not ${show(text)}` };
    case 'contains':
      return output.includes(text) ? { pass: true, reason: `output contains ${show(text)}` } : { pass: false, reason: `output does not contain ${show(text)}` };
    case 'icontains':
      return output.toLowerCase().includes(text.toLowerCase())
        ? { pass: true, reason: `output contains ${show(text)} (any case)` }
        : { pass: false, reason: `output does not contain ${show(text)} (any case)` };
    case 'contains-any': {
      const values = listValue(a.value);
      const found = values.find((v) => output.includes(v));
      return found !== undefined ? { pass: true, reason: `output contains ${show(found)}` } : { pass: false, reason: `output contains none of ${values.map((v) => show(v)).join(', ')}` };
    }
    case 'contains-all': {
      const missing = listValue(a.value).filter((v) => !output.includes(v));
      return missing.length === 0 ? { pass: true, reason: 'output contains every value' } : { pass: false, reason: `output lacks ${missing.map((v) => show(v)).join(', ')}` };
    }
    case 'regex': {
      let pattern: RegExp;
      try {
        pattern = new RegExp(text);
      } catch (error) {
        return { pass: false, reason: `not a valid regular expression: ${(error as Error).message}` };
      }
      return pattern.test(output) ? { pass: true, reason: `output matches /${text}/` } : { pass: false, reason: `output does not match /${text}/` };
    }
    case 'starts-with':
      return output.startsWith(text) ? { pass: true, reason: `output starts with ${show(text)}` } : { pass: false, reason: `output does not start with ${show(text)}` };
    case 'is-json':
    case 'json-schema':
      return checkSchema(output, a.value);
    case 'length': {
      const length = Array.from(output).length;
      if (a.min !== undefined && length < a.min) return { pass: false, reason: `${length} characters, below the minimum ${a.min}` };
      if (a.max !== undefined && length > a.max) return { pass: false, reason: `${length} characters, above the maximum ${a.max}` };
      return { pass: true, reason: `${length} characters, within bounds` };
    }
    case 'cost': {
      const cost = context.costUsd === undefined || context.costUsd === null ? null : Number(context.costUsd);
      return atMost('cost', cost, a.threshold, ' USD');
    }
    case 'latency':
      return atMost('latency', context.latencyMs ?? null, a.threshold, ' ms');
    case 'similar':
    case 'llm-rubric':
      return { pass: null, reason: NOT_EVALUATED[type] ?? 'not evaluated here' };
  }
}

/** Evaluates one assertion on `output`; `not-` types invert the outcome (an unevaluated one stays unevaluated). */
export function evaluateAssertion(a: Assertion, output: string, context: AssertionContext = {}): AssertionResult {
  const weight = a.weight ?? 1;
  const outcome = evaluatePositive(a, output, context);
  const negated = a.type.startsWith('not-');
  if (outcome.pass === null) return { type: a.type, pass: null, score: null, reason: outcome.reason, weight };
  const pass = negated ? !outcome.pass : outcome.pass;
  const reason = negated ? `${pass ? 'as required, ' : 'expected the opposite: '}${outcome.reason}` : outcome.reason;
  return { type: a.type, pass, score: pass ? 1 : 0, reason, weight };
}

/** Evaluates every assertion, in order. */
export function evaluateAssertions(assertions: readonly Assertion[], output: string, context: AssertionContext = {}): AssertionResult[] {
  return assertions.map((a) => evaluateAssertion(a, output, context));
}

/** The weighted mean score of the evaluated assertions; null when none was evaluated or all weights are 0. */
export function assertionScore(results: readonly AssertionResult[]): number | null {
  let total = 0;
  let weights = 0;
  for (const r of results) {
    if (r.score === null) continue;
    total += r.score * r.weight;
    weights += r.weight;
  }
  return weights > 0 ? total / weights : null;
}
