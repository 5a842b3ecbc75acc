import { describe, expect, it } from 'vitest';
import { jsonEqual, validateJsonSchema, type JsonSchema } from '../../../src/core/score/json-schema.ts';

const schema: JsonSchema = {
  type: 'object',
  required: ['name', 'tags'],
  properties: {
    name: { type: 'string' },
    age: { type: 'integer', minimum: 0, maximum: 150 },
    tier: { enum: ['free', 'pro'] },
    tags: { type: 'array', items: { type: 'string' } },
    note: { type: ['string', 'null'] },
  },
};

describe('validateJsonSchema', () => {
  it('accepts a conforming value', () => {
    expect(validateJsonSchema({ name: 'a', age: 3, tier: 'pro', tags: ['x'], note: null, extra: 1 }, schema)).toEqual([]);
  });

  it('reports each violation with its path', () => {
    expect(validateJsonSchema({ name: 1, age: 200, tier: 'gold', tags: ['x', 2] }, schema)).toEqual([
      '$.name: expected string, got integer',
      '$.age: 200 is above the maximum 150',
      '$.tier: expected one of ["free","pro"]',
      '$.tags[1]: expected string, got integer',
    ]);
    expect(validateJsonSchema({ name: 'a' }, schema)).toEqual(["$: missing required property 'tags'"]);
    expect(validateJsonSchema({ name: 'a', tags: [], age: -1 }, schema)).toEqual(['$.age: -1 is below the minimum 0']);
  });

  it('treats an integer as a number but not a fraction as an integer', () => {
    expect(validateJsonSchema(3, { type: 'number' })).toEqual([]);
    expect(validateJsonSchema(3.5, { type: 'integer' })).toEqual(['$: expected integer, got number']);
  });

  it('compares enum members structurally', () => {
    expect(validateJsonSchema({ a: [1] }, { enum: [{ a: [1] }] })).toEqual([]);
    expect(jsonEqual([1, { b: 2 }], [1, { b: 2 }])).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
  });
});
