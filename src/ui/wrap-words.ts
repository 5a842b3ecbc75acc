/**
 * Plain text wrapped to a width for short prose (help lines, messages): the editor's word wrap (word-wrap.ts:
 * rows break between words, a word wider than a row is cut, CJK may break anywhere) with the spaces at each
 * break dropped, as prose wants them.
 */
import { wordWrap } from './word-wrap.ts';

export function wrapWords(text: string, width: number): string[] {
  const rows = wordWrap(text, width)
    .map(([start, end]) => text.slice(start, end))
    .map((row, i) => (i === 0 ? row : row.trimStart()).trimEnd())
    .filter((row, i) => i === 0 || row !== '');
  return rows;
}
