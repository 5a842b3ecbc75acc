/**
 * Plain text wrapped to a width for prose (help lines, messages, answers side by side): each line of the text
 * through the editor's word wrap (word-wrap.ts: rows break between words, a word wider than a row is cut, CJK
 * may break anywhere) with the spaces at each break dropped, as prose wants them; a blank line stays a row.
 */
import { wordWrap } from './word-wrap.ts';

export function wrapWords(text: string, width: number): string[] {
  return text.split('\n').flatMap((line) =>
    wordWrap(line, width)
      .map(([start, end]) => line.slice(start, end))
      .map((row, i) => (i === 0 ? row : row.trimStart()).trimEnd())
      .filter((row, i) => i === 0 || row !== ''),
  );
}
