/** Counts as people read them: thousands separators, and the noun singular only for one. */
import { describe, expect, it } from 'vitest';
import { formatInteger, plural } from '../../../src/cli/format/table.ts';

describe('counts in text', () => {
  it('groups thousands and makes the noun plural except for exactly one', () => {
    expect(formatInteger(1234567)).toBe('1,234,567');
    expect([plural(0, 'model'), plural(1, 'model'), plural(2, 'model'), plural(1319, 'trial')]).toEqual(['0 models', '1 model', '2 models', '1,319 trials']);
  });
});
