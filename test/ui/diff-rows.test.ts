/** The Compress screen's diff layout: rows wrap between words, never past the width, and lose no change. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wordDiff } from '../../src/core/index.ts';
import type { DiffOp } from '../../src/core/index.ts';
import { diffRows } from '../../src/ui/diff-rows.ts';
import { displayWidth } from '../../src/ui/text.ts';

const texts = (rows: ReturnType<typeof diffRows>) => rows.map((row) => row.map((s) => s.text).join(''));

describe('diffRows', () => {
  it('moves a word that does not fit to the next row instead of cutting it', () => {
    // "the quick " is 10 columns; "brownish" (8) would end at column 18 > 12, so it starts row 2 (a cut at 12
    // columns would have left "the quick br").
    expect(texts(diffRows([{ op: 'equal', text: 'the quick brownish fox' }], 12, true))).toEqual(['the quick ', 'brownish fox']);
  });

  it('drops unchanged spaces at a row end but keeps deleted ones', () => {
    // "abcd" fills 4 of 5 columns; the two spaces after it do not fit and are unchanged, so they go.
    expect(texts(diffRows([{ op: 'equal', text: 'abcd  efg' }], 5, true))).toEqual(['abcd', 'efg']);
    const rows = diffRows([{ op: 'equal', text: 'abcd' }, { op: 'delete', text: '  ' }, { op: 'equal', text: 'efg' }], 5, true);
    expect(rows).toEqual([[{ kind: 'equal', text: 'abcd' }, { kind: 'delete', text: ' ' }], [{ kind: 'delete', text: ' ' }, { kind: 'equal', text: 'efg' }]]);
  });

  it('cuts only a word wider than the whole row', () => {
    expect(texts(diffRows([{ op: 'equal', text: 'ab abcdefghijkl' }], 5, true))).toEqual(['ab ', 'abcde', 'fghij', 'kl']);
  });

  it('writes changes as [-deleted-] and {+inserted+} without colour, wrapping the marked word whole', () => {
    const ops: DiffOp[] = [{ op: 'equal', text: 'please be ' }, { op: 'delete', text: 'very' }, { op: 'insert', text: 'so' }, { op: 'equal', text: ' brief' }];
    // "please be " is 10 columns; "[-very-]" (8) would reach 18 > 12, so it opens row 2: "[-very-]{+so+}" is 14 > 12,
    // so "{+so+}" opens row 3 with " brief".
    expect(texts(diffRows(ops, 12, false))).toEqual(['please be ', '[-very-]', '{+so+} brief']);
  });

  it('breaks Chinese between any two characters, each two columns wide', () => {
    expect(texts(diffRows([{ op: 'equal', text: '我们今天开会' }], 5, true))).toEqual(['我们', '今天', '开会']);
  });

  it('starts a row at each newline and stops at maxRows', () => {
    const ops: DiffOp[] = [{ op: 'equal', text: 'one\ntwo\nthree\nfour' }];
    expect(texts(diffRows(ops, 20, true))).toEqual(['one', 'two', 'three', 'four']);
    expect(texts(diffRows(ops, 20, true, 2))).toEqual(['one', 'two']);
  });

  it('property: no row is wider than the width, and every non-space character of every change is shown in order', () => {
    const word = fc.stringMatching(/^[a-z我们]{1,12}$/);
    const text = fc.array(fc.tuple(word, fc.constantFrom(' ', '  ', '\n')), { maxLength: 30 }).map((parts) => parts.flat().join(''));
    fc.assert(
      fc.property(text, text, fc.integer({ min: 2, max: 30 }), fc.boolean(), (a, b, width, color) => {
        const ops = wordDiff(a, b);
        const rows = diffRows(ops, width, color);
        for (const row of rows) expect(displayWidth(row.map((s) => s.text).join(''))).toBeLessThanOrEqual(width);
        const shown = (kind: DiffOp['op']) => rows.flat().filter((s) => s.kind === kind).map((s) => s.text).join('').replace(/\s/g, '');
        for (const kind of ['equal', 'delete', 'insert'] as const) {
          const expected = ops.filter((o) => o.op === kind).map((o) => (color || kind === 'equal' ? o.text : kind === 'delete' ? `[-${o.text}-]` : `{+${o.text}+}`)).join('').replace(/\s/g, '');
          expect(shown(kind)).toBe(expected);
        }
      }),
    );
  });
});
