/**
 * The editor's view of a TextBuffer in wrapped (visual) rows: lines soft-wrapped between words
 * (word-wrap.ts), the view's top as (line, row within it), moves by visual row (↑/↓ and a page of rows, as
 * editors with soft wrap do) and scrolling that keeps the cursor's row in view.
 *
 * Only the lines near the cursor and the view are wrapped, each once per text of the line (a small cache),
 * so a keystroke costs the view's rows plus the cursor's line — never the whole text.
 */
import type { TextBuffer } from './text-buffer.ts';
import { charWidth, displayWidth } from './text.ts';
import { wordWrap } from './word-wrap.ts';
import type { RowSpan } from './word-wrap.ts';

const CACHE_LINES = 512;

/** Wrapped rows of lines, by the line's text, for one width. */
export class WrapCache {
  private rows = new Map<string, RowSpan[]>();
  private width = -1;

  of(line: string, width: number): RowSpan[] {
    if (width !== this.width) {
      this.rows.clear();
      this.width = width;
    }
    let rows = this.rows.get(line);
    if (!rows) {
      rows = wordWrap(line, width);
      if (this.rows.size >= CACHE_LINES) this.rows.clear();
      this.rows.set(line, rows);
    }
    return rows;
  }
}

/** The row of `rows` that shows column `col` (a row's end is the next row's start; the line's end is its last row). */
export function rowOfCol(rows: readonly RowSpan[], col: number): number {
  let lo = 0;
  let hi = rows.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (rows[mid]![0] <= col) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The offset in row `r` nearest to display column `x` at or before it (never a non-last row's end). */
function colAtX(line: string, rows: readonly RowSpan[], r: number, x: number): number {
  const [a, b] = rows[r]!;
  let used = 0;
  let i = a;
  while (i < b) {
    const code = line.codePointAt(i)!;
    const size = code > 0xffff ? 2 : 1;
    const w = charWidth(code);
    if (used + w > x) break;
    if (r < rows.length - 1 && i + size >= b) break; // the row's end is the next row's start
    used += w;
    i += size;
  }
  return i;
}

export class WrappedView {
  readonly cache = new WrapCache();

  constructor(
    private readonly buffer: TextBuffer,
    public width: number,
    public height: number,
  ) {}

  rows(line: number): RowSpan[] {
    return this.cache.of(this.buffer.lineAt(line), this.width);
  }

  /** The cursor's (line, row). */
  cursorRow(): [number, number] {
    const b = this.buffer;
    return [b.line, rowOfCol(this.rows(b.line), b.col)];
  }

  /** Moves the cursor by `n` visual rows (negative: up), aiming at the same display column. */
  moveRows(n: number): void {
    const b = this.buffer;
    let line = b.line;
    let rows = this.rows(line);
    let r = rowOfCol(rows, b.col);
    const x = b.stickyX ?? displayWidth(b.lineAt(line).slice(rows[r]![0], b.col));
    for (; n > 0; n--) {
      if (r < rows.length - 1) r++;
      else if (line < b.lineCount - 1) {
        line++;
        rows = this.rows(line);
        r = 0;
      } else break;
    }
    for (; n < 0; n++) {
      if (r > 0) r--;
      else if (line > 0) {
        line--;
        rows = this.rows(line);
        r = rows.length - 1;
      } else break;
    }
    b.place(line, colAtX(b.lineAt(line), rows, r, x));
    b.stickyX = x;
  }

  /** Scrolls the view's top by `n` visual rows (stopping at the first row, and where the last row shows last). */
  scrollRows(n: number): void {
    const b = this.buffer;
    let [line, r] = this.top();
    if (n < 0) [line, r] = this.back(line, r, -n);
    else {
      const lastLine = b.lineCount - 1;
      const [endLine, endRow] = this.back(lastLine, this.rows(lastLine).length - 1, this.height - 1);
      let count = this.rows(line).length;
      for (; n > 0 && (line < endLine || (line === endLine && r < endRow)); n--) {
        if (r < count - 1) r++;
        else {
          line++;
          count = this.rows(line).length;
          r = 0;
        }
      }
    }
    b.top = line;
    b.topRow = r;
  }

  /** (line, row) `n` visual rows before (line, row), or the first row. */
  private back(line: number, row: number, n: number): [number, number] {
    for (; n > 0; n--) {
      if (row > 0) row--;
      else if (line > 0) {
        line--;
        row = this.rows(line).length - 1;
      } else break;
    }
    return [line, row];
  }

  /** The view's top, clamped to the text as it is now. */
  top(): [number, number] {
    const b = this.buffer;
    const line = Math.max(0, Math.min(b.top, b.lineCount - 1));
    return [line, Math.max(0, Math.min(b.topRow, this.rows(line).length - 1))];
  }

  /** Moves the view's top so the cursor's row is in view (the least scrolling that does it). */
  scrollIntoView(): void {
    const b = this.buffer;
    const [line, row] = this.cursorRow();
    let [top, topRow] = this.top();
    if (line < top || (line === top && row < topRow)) {
      top = line;
      topRow = row;
    } else if (this.rowsBetween(top, topRow, line, row) >= this.height) {
      // The cursor's row goes last in view.
      [top, topRow] = this.back(line, row, this.height - 1);
    }
    b.top = top;
    b.topRow = topRow;
  }

  /** Visual rows from (l0, r0) to (l1, r1), counted up to the view's height (past it: height). */
  private rowsBetween(l0: number, r0: number, l1: number, r1: number): number {
    if (l1 - l0 >= this.height) return this.height;
    if (l0 === l1) return Math.min(this.height, r1 - r0);
    let rows = this.rows(l0).length - r0;
    for (let l = l0 + 1; l < l1 && rows < this.height; l++) rows += this.rows(l).length;
    return Math.min(this.height, rows + r1);
  }

  /** The rows in view from the top: their text and, on the cursor's row, the cursor's offset in it. */
  layout(): Array<{ text: string; cursor: number | null }> {
    const b = this.buffer;
    const out: Array<{ text: string; cursor: number | null }> = [];
    const [cursorLine, cursorRow] = this.cursorRow();
    const [top, topRow] = this.top();
    for (let l = top; l < b.lineCount && out.length < this.height; l++) {
      const line = b.lineAt(l);
      const rows = this.rows(l);
      for (let r = l === top ? topRow : 0; r < rows.length && out.length < this.height; r++) {
        const [a, e] = rows[r]!;
        out.push({ text: line.slice(a, e), cursor: l === cursorLine && r === cursorRow ? b.col - a : null });
      }
    }
    return out;
  }
}
