/** Counts as people read them: thousands separators, and the noun singular only for one. */
import { describe, expect, it } from 'vitest';
import { formatInteger, plural, renderTable } from '../../../src/cli/format/table.ts';

describe('counts in text', () => {
  it('groups thousands and makes the noun plural except for exactly one', () => {
    expect(formatInteger(1234567)).toBe('1,234,567');
    expect([plural(0, 'model'), plural(1, 'model'), plural(2, 'model'), plural(1319, 'trial')]).toEqual(['0 models', '1 model', '2 models', '1,319 trials']);
  });

  it('aligns columns by display width: a Chinese name takes two columns a character', () => {
    const table = renderTable([{ header: 'route' }, { header: '$/month', align: 'right' }], [['客服', '12.50'], ['support', '3.00']]);
    // Column 1 is 7 wide ("support"); "客服" is 4 columns, so 3 spaces of padding, then 2 between columns and
    // "12.50" right-aligned in 7: 7 spaces in all, and both amounts end at column 16.
    expect(table.split('\n')).toEqual(['route    $/month', '───────  ───────', '客服       12.50', 'support     3.00']);
  });
});
