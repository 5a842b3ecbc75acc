import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/ui/text.ts';
import { wordWrap } from '../../src/ui/word-wrap.ts';

const texts = (line: string, width: number) => wordWrap(line, width).map(([a, b]) => line.slice(a, b));

describe('wordWrap', () => {
  it('breaks between words (worked example)', () => {
    // width 10: "please " is 7 columns and "answer" (6) would make 13 → "answer" starts row 2; "answer the" is
    // exactly 10, so the next space does not fit and starts row 3, where "request" (1 + 7 = 8) fits.
    expect(texts('please answer the request', 10)).toEqual(['please ', 'answer the', ' request']);
    expect(texts('the request', 10)).toEqual(['the ', 'request']); // never "the reques|t"
  });

  it('cuts only a word wider than a row, and wide characters anywhere', () => {
    expect(texts('ab abcdefghij', 4)).toEqual(['ab ', 'abcd', 'efgh', 'ij']);
    // 中 is 2 columns: 5 of them in width 4 → 2 + 2 + 1 per row.
    expect(texts('中文中文中', 4)).toEqual(['中文', '中文', '中']);
    expect(texts('', 4)).toEqual(['']);
  });

  it('property: rows cover the line end to end, fit the width, and break inside a word only when it is wider than a row', () => {
    const unit = fc.constantFrom('a', 'b', ' ', '中', '😀', 'é');
    fc.assert(
      fc.property(fc.string({ maxLength: 80, unit }), fc.integer({ min: 2, max: 12 }), (line, width) => {
        const rows = wordWrap(line, width);
        expect(rows[0]![0]).toBe(0);
        expect(rows[rows.length - 1]![1]).toBe(line.length);
        for (let r = 0; r < rows.length; r++) {
          const [a, b] = rows[r]!;
          if (r > 0) expect(a).toBe(rows[r - 1]![1]);
          expect(b > a || line.length === 0).toBe(true);
          expect(displayWidth(line.slice(a, b))).toBeLessThanOrEqual(width);
          if (r === rows.length - 1) continue;
          // A break between two narrow non-space characters: the word around it must be wider than a row.
          const narrow = (ch: string | undefined) => ch === 'a' || ch === 'b' || ch === 'é';
          const before = line.slice(0, b).match(/[^ 中😀]*$/u)![0];
          const after = line.slice(b).match(/^[^ 中😀]*/u)![0];
          if (narrow(line[b - 1]) && narrow(line[b])) expect(displayWidth(before + after)).toBeGreaterThan(width);
        }
      }),
      { numRuns: 400 },
    );
  });
});
