/**
 * A word diff laid out in rows of a fixed width: each row a list of segments (equal, deleted, inserted).
 * Without colour, deletions are written [-like this-] and insertions {+like this+}, so they read in any
 * terminal; with colour the screen strikes deletions through in red and shows insertions in green.
 *
 * Rows wrap between words: a word that does not fit the rest of a row starts the next one; only a word wider
 * than a whole row is cut, and wide characters (CJK, which has no spaces) may break anywhere. Spaces of
 * unchanged text that fall at a row's end are dropped, as any word wrap does; changed spaces are kept.
 */
import type { DiffOp, DiffOpKind } from '../core/index.ts';
import { charWidth, displayWidth } from './text.ts';

export interface Segment {
  kind: DiffOpKind;
  text: string;
}

export type Row = Segment[];

export function diffRows(ops: readonly DiffOp[], width: number, color: boolean, maxRows = Number.POSITIVE_INFINITY): Row[] {
  const rows: Row[] = [];
  let row: Row = [];
  let used = 0;
  const full = () => rows.length >= maxRows;
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
  /** Character by character, a new row whenever the next one would overflow. */
  const pushCut = (kind: DiffOpKind, text: string) => {
    let chunk = '';
    for (const ch of text) {
      const w = charWidth(ch.codePointAt(0)!);
      if (used + w > width && used > 0) {
        push(kind, chunk);
        chunk = '';
        newRow();
        if (full()) return;
      }
      chunk += ch;
      used += w;
    }
    push(kind, chunk);
  };
  for (const { op, text } of ops) {
    if (full()) break;
    const shown = color || op === 'equal' ? text : op === 'delete' ? `[-${text}-]` : `{+${text}+}`;
    for (const piece of wrapPieces(shown)) {
      if (full()) break;
      if (piece === '\n') {
        newRow();
        continue;
      }
      const w = displayWidth(piece);
      if (used + w <= width) {
        push(op, piece);
        used += w;
      } else if (/^\s+$/.test(piece)) {
        if (op !== 'equal') pushCut(op, piece);
        else if (used > 0) newRow();
      } else if (w <= width) {
        newRow();
        if (full()) break;
        push(op, piece);
        used = w;
      } else {
        if (used > 0) newRow();
        if (!full()) pushCut(op, piece);
      }
    }
  }
  if (row.length > 0 && !full()) rows.push(row);
  return rows;
}

/** Newlines, runs of spaces, single wide characters and runs of other characters (words), lazily: a long
 * text shown in a few rows is not split whole. */
function* wrapPieces(text: string): Generator<string> {
  for (const [piece] of text.matchAll(/\n|[^\S\n]+|[^\s]+/g)) yield* splitWide(piece);
}

function splitWide(piece: string): string[] {
  if (!/[^\x00-\u10ff]/.test(piece)) return [piece];
  const out: string[] = [];
  let word = '';
  for (const ch of piece) {
    if (charWidth(ch.codePointAt(0)!) === 2) {
      if (word) out.push(word);
      word = '';
      out.push(ch);
    } else word += ch;
  }
  if (word) out.push(word);
  return out;
}
