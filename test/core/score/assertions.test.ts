import { describe, expect, it } from 'vitest';
import { assertionScore, evaluateAssertion, evaluateAssertions } from '../../../src/core/score/assertions.ts';
import type { Assertion, AssertionType } from '../../../src/core/promptset/assertions.ts';

const ev = (a: Assertion, output: string, ctx = {}) => evaluateAssertion(a, output, ctx);

/** [assertion, output, expected pass of the positive form, context] */
const cases: [Assertion, string, boolean, { costUsd?: string | null; latencyMs?: number | null }?][] = [
  [{ type: 'equals', value: 'Paris' }, 'Paris', true],
  [{ type: 'equals', value: 'Paris' }, 'paris', false],
  [{ type: 'equals', value: 42 }, '42', true],
  [{ type: 'contains', value: 'refund' }, 'We will refund you.', true],
  [{ type: 'contains', value: 'Refund' }, 'We will refund you.', false],
  [{ type: 'icontains', value: 'REFUND' }, 'We will refund you.', true],
  [{ type: 'icontains', value: 'credit' }, 'We will refund you.', false],
  [{ type: 'contains-any', value: ['credit', 'refund'] }, 'a refund', true],
  [{ type: 'contains-any', value: 'credit, voucher' }, 'a refund', false],
  [{ type: 'contains-all', value: ['refund', 'days'] }, 'a refund in 5 days', true],
  [{ type: 'contains-all', value: 'refund, weeks' }, 'a refund in 5 days', false],
  [{ type: 'regex', value: '^\\d{3}-\\d{4}$' }, '555-1234', true],
  [{ type: 'regex', value: '^\\d{3}-\\d{4}$' }, 'call 555-1234', false],
  [{ type: 'starts-with', value: 'Yes' }, 'Yes, it is.', true],
  [{ type: 'starts-with', value: 'Yes' }, 'No. Yes.', false],
  [{ type: 'is-json' }, ' {"a": [1, 2]} ', true],
  [{ type: 'is-json' }, '{a: 1}', false],
  [{ type: 'json-schema', value: { type: 'object', required: ['name'] } }, '{"name": "x"}', true],
  [{ type: 'json-schema', value: { type: 'object', required: ['name'] } }, '{"nom": "x"}', false],
  [{ type: 'length', min: 3, max: 5 }, 'abcd', true],
  [{ type: 'length', max: 3 }, 'abcd', false],
  [{ type: 'length', min: 5 }, 'abcd', false],
  [{ type: 'cost', threshold: 0.001 }, 'x', true, { costUsd: '0.00045' }],
  [{ type: 'cost', threshold: 0.0001 }, 'x', false, { costUsd: '0.00045' }],
  [{ type: 'latency', threshold: 1000 }, 'x', true, { latencyMs: 1000 }],
  [{ type: 'latency', threshold: 1000 }, 'x', false, { latencyMs: 1001 }],
];

describe('evaluateAssertion', () => {
  it.each(cases)('%j on %j → pass %s', (a, output, expected, ctx) => {
    const result = ev(a, output, ctx ?? {});
    expect(result.pass).toBe(expected);
    expect(result.score).toBe(expected ? 1 : 0);
    expect(result.reason.length).toBeGreaterThan(0);
  });

  it.each(cases)('not-%j on %j inverts pass %s', (a, output, expected, ctx) => {
    const negated = { ...a, type: `not-${a.type}` as AssertionType };
    const result = ev(negated, output, ctx ?? {});
    expect(result.pass).toBe(!expected);
    expect(result.score).toBe(expected ? 0 : 1);
    expect(result.type).toBe(negated.type);
  });

  it('counts length in characters (code points), not UTF-16 units', () => {
    expect(ev({ type: 'length', max: 2 }, '😀😀').pass).toBe(true);
  });

  it('is-json with a schema value also checks the schema', () => {
    expect(ev({ type: 'is-json', value: { type: 'array' } }, '{}').pass).toBe(false);
  });

  it('reports schema violations with paths', () => {
    const r = ev({ type: 'json-schema', value: { type: 'object', properties: { n: { type: 'integer', minimum: 1 } } } }, '{"n": 0}');
    expect(r.pass).toBe(false);
    expect(r.reason).toContain('$.n');
  });

  it('an invalid regex fails rather than throwing', () => {
    expect(ev({ type: 'regex', value: '(' }, 'x').pass).toBe(false);
  });

  it('similar and llm-rubric are not evaluated, negated or not', () => {
    for (const type of ['similar', 'llm-rubric', 'not-similar', 'not-llm-rubric'] as const) {
      const r = ev({ type, value: 'x' }, 'x');
      expect(r.pass).toBeNull();
      expect(r.score).toBeNull();
    }
    expect(ev({ type: 'similar', value: 'x' }, 'x').reason).toBe('needs an embedder');
    expect(ev({ type: 'llm-rubric', value: 'x' }, 'x').reason).toBe('needs a judge');
  });

  it('cost and latency are not evaluated when unknown', () => {
    expect(ev({ type: 'cost', threshold: 1 }, 'x', { costUsd: null }).pass).toBeNull();
    expect(ev({ type: 'not-latency', threshold: 1 }, 'x').pass).toBeNull();
  });
});

describe('assertionScore', () => {
  it('is the weighted mean of the evaluated assertions', () => {
    const results = evaluateAssertions(
      [
        { type: 'contains', value: 'a', weight: 3 }, // pass
        { type: 'contains', value: 'z' }, // fail, weight 1
        { type: 'similar', value: 'a', weight: 10 }, // not evaluated
      ],
      'abc',
    );
    expect(assertionScore(results)).toBeCloseTo(3 / 4, 12);
  });

  it('is null when nothing was evaluated or all weights are 0', () => {
    expect(assertionScore([])).toBeNull();
    expect(assertionScore(evaluateAssertions([{ type: 'llm-rubric', value: 'polite' }], 'x'))).toBeNull();
    expect(assertionScore(evaluateAssertions([{ type: 'contains', value: 'x', weight: 0 }], 'x'))).toBeNull();
  });
});
