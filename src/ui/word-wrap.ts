/**
 * Soft word wrap of one line (no newlines) into rows of at most `width` columns, as [start, end) UTF-16
 * offsets that cover the line end to end (every character, spaces included, belongs to exactly one row, so
 * an editor's cursor can sit on any of them). The same rule as the Compress diff (diff-rows.ts): a word that
 * does not fit the rest of a row starts the next one; only a word wider than a whole row is cut; wide
 * characters (CJK, which has no spaces) may break anywhere; a space that does not fit starts the next row.
 */
import { charWidth } from './text.ts';

export type RowSpan = [start: number, end: number];

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

export function wordWrap(line: string, width: number): RowSpan[] {
  const n = line.length;
  if (n === 0 || width <= 0) return [[0, n]];
  const rows: RowSpan[] = [];
  let start = 0;
  let used = 0;
  let i = 0;
  while (i < n) {
    const code = line.codePointAt(i)!;
    const first = charWidth(code);
    let j = i + (code > 0xffff ? 2 : 1);
    let w = first;
    const word = !isSpace(code) && first < 2;
    if (word) {
      // A run of narrow, non-space characters: one word.
      while (j < n) {
        const c = line.codePointAt(j)!;
        const cw = charWidth(c);
        if (isSpace(c) || cw === 2) break;
        w += cw;
        j += c > 0xffff ? 2 : 1;
      }
    }
    if (used + w <= width) {
      used += w;
      i = j;
      continue;
    }
    if (word && w <= width && used > 0) {
      rows.push([start, i]);
      start = i;
      used = w;
      i = j;
      continue;
    }
    // A space, a wide character, or a word wider than a row: cut it character by character.
    if (word && used > 0) {
      rows.push([start, i]);
      start = i;
      used = 0;
    }
    while (i < j) {
      const c = line.codePointAt(i)!;
      const cw = charWidth(c);
      if (used + cw > width && i > start) {
        rows.push([start, i]);
        start = i;
        used = 0;
      }
      used += cw;
      i += c > 0xffff ? 2 : 1;
    }
  }
  rows.push([start, n]);
  return rows;
}
