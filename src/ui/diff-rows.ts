/**
 * A word diff laid out in rows of a fixed width: each row a list of segments (equal, deleted, inserted).
 * Without colour, deletions are written [-like this-] and insertions {+like this+}, so they read in any
 * terminal; with colour the screen strikes deletions through in red and shows insertions in green.
 */
import type { DiffOp, DiffOpKind } from '../core/index.ts';
import { charWidth } from './text.ts';

export interface Segment {
  kind: DiffOpKind;
  text: string;
}

export type Row = Segment[];

export function diffRows(ops: readonly DiffOp[], width: number, color: boolean, maxRows = Number.POSITIVE_INFINITY): Row[] {
  const rows: Row[] = [];
  let row: Row = [];
  let used = 0;
  const push = (kind: DiffOpKind, text: string) => {
    if (text === '') return;
    const last = row[row.length - 1];
    if (last && last.kind === kind) last.text += text;
    else row.push({ kind, text });
  };
  const newRow = () => {
    rows.push(row);
    row = [];
    used = 0;
  };
  for (const { op, text } of ops) {
    if (rows.length >= maxRows) break;
    const shown = color || op === 'equal' ? text : op === 'delete' ? `[-${text}-]` : `{+${text}+}`;
    let chunk = '';
    for (const ch of shown) {
      if (ch === '\n') {
        push(op, chunk);
        chunk = '';
        newRow();
        if (rows.length >= maxRows) break;
        continue;
      }
      const w = charWidth(ch.codePointAt(0)!);
      if (used + w > width) {
        push(op, chunk);
        chunk = '';
        newRow();
        if (rows.length >= maxRows) break;
      }
      chunk += ch;
      used += w;
    }
    push(op, chunk);
  }
  if (row.length > 0 && rows.length < maxRows) rows.push(row);
  return rows;
}
