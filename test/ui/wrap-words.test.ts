/** Short prose wrapped for the help overlay and the status bar: between words, never past the width. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/ui/text.ts';
import { wrapWords } from '../../src/ui/wrap-words.ts';

describe('wrapWords', () => {
  it('breaks between words and drops the spaces at each break', () => {
    // "export the key and" is 18 columns; " restart" would reach 26 > 20.
    expect(wrapWords('export the key and restart costlab', 20)).toEqual(['export the key and', 'restart costlab']);
  });

  it('cuts only a word wider than the row, and breaks Chinese anywhere', () => {
    expect(wrapWords('see /very/long/path/to/a/file.yaml now', 10)).toEqual(['see', '/very/long', '/path/to/a', '/file.yaml', 'now']);
    expect(wrapWords('导出密钥然后重启', 6)).toEqual(['导出密', '钥然后', '重启']);
  });

  it('gives one empty row for empty text, and keeps each line (a blank one too) as rows of its own', () => {
    expect(wrapWords('', 10)).toEqual(['']);
    expect(wrapWords('first line here\n\nthird', 10)).toEqual(['first line', 'here', '', 'third']);
  });

  it('property: no row is wider than the width, and the words come back in order', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z]{1,15}$/), { maxLength: 20 }), fc.integer({ min: 1, max: 40 }), (words, width) => {
        const rows = wrapWords(words.join(' '), width);
        for (const row of rows) expect(displayWidth(row)).toBeLessThanOrEqual(width);
        expect(rows.join('').replace(/\s/g, '')).toBe(words.join(''));
      }),
    );
  });
});
