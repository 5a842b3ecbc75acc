/**
 * Plain text wrapped to a width for short prose (help lines, messages): rows break between words, a word wider
 * than a row is cut, wide characters (CJK) may break anywhere, and spaces at a break are dropped.
 */
import { charWidth, displayWidth } from './text.ts';

export function wrapWords(text: string, width: number): string[] {
  const rows: string[] = [];
  let row = '';
  let used = 0;
  const flush = () => {
    rows.push(row.trimEnd());
    row = '';
    used = 0;
  };
  for (const [piece] of text.matchAll(/\s+|[^\s\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60]+|./gu)) {
    const w = displayWidth(piece);
    if (/^\s+$/.test(piece)) {
      if (used > 0 && used + w <= width) {
        row += piece;
        used += w;
      } else if (used > 0) flush();
      continue;
    }
    if (used + w > width && used > 0) flush();
    if (w <= width) {
      row += piece;
      used += w;
      continue;
    }
    for (const ch of piece) {
      const cw = charWidth(ch.codePointAt(0)!);
      if (used + cw > width && used > 0) flush();
      row += ch;
      used += cw;
    }
  }
  if (row !== '' || rows.length === 0) rows.push(row.trimEnd());
  return rows;
}
