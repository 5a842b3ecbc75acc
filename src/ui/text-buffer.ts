/**
 * The text behind the TUI's editor: an array of lines and a cursor. An edit touches one line (or splices
 * a few lines), never copies the whole text, and reports itself as `{from, to, insert}` in UTF-16 offsets
 * of the whole text — what IncrementalCounter.replace takes — so counting follows typing edit by edit.
 *
 * Offsets of lines are kept in a prefix array that is rebuilt lazily from the first changed line on, so
 * typing on one line costs O(1) for the line and O(lines after it) only when the line count changes.
 */

export interface Edit {
  from: number;
  to: number;
  insert: string;
}

export type Motion = 'left' | 'right' | 'home' | 'end' | 'top' | 'bottom';

export class TextBuffer {
  private lines: string[];
  /** starts[i] = offset of line i, valid for i < validStarts. */
  private starts: number[] = [0];
  private validStarts = 1;
  private totalLength: number;
  private joined: string | undefined;
  line = 0;
  col = 0;
  /** First line shown (the editor keeps the cursor in view). */
  top = 0;
  /** First wrapped row of line `top` shown (a long line scrolls by its rows). */
  topRow = 0;
  /** The display column that moves by wrapped row aim for (kept across rows); null after any other motion or edit. */
  stickyX: number | null = null;
  /** Edits made so far (a cheap change marker for React). */
  version = 0;

  constructor(text = '') {
    this.lines = splitLines(text);
    this.totalLength = text.length;
    this.joined = text;
  }

  get text(): string {
    if (this.joined === undefined) this.joined = this.lines.join('\n');
    return this.joined;
  }

  get length(): number {
    return this.totalLength;
  }

  get lineCount(): number {
    return this.lines.length;
  }

  lineAt(index: number): string {
    return this.lines[index] ?? '';
  }

  /** Offset of (line, col) in the whole text. */
  offsetOf(line: number, col: number): number {
    while (this.validStarts <= line) {
      const i = this.validStarts;
      this.starts[i] = this.starts[i - 1]! + this.lines[i - 1]!.length + 1;
      this.validStarts++;
    }
    return this.starts[line]! + col;
  }

  get cursorOffset(): number {
    return this.offsetOf(this.line, this.col);
  }

  /** Replaces the whole text (cursor to the start); returns the edit. */
  setText(text: string): Edit {
    const edit = { from: 0, to: this.totalLength, insert: text };
    this.lines = splitLines(text);
    this.totalLength = text.length;
    this.joined = text;
    this.line = 0;
    this.col = 0;
    this.top = 0;
    this.topRow = 0;
    this.stickyX = null;
    this.invalidate(0);
    return edit;
  }

  /** Inserts text at the cursor (newlines split lines; \r\n and \r become \n). */
  insert(raw: string): Edit | null {
    const text = raw.replace(/\r\n?/g, '\n');
    if (text === '') return null;
    const from = this.cursorOffset;
    const current = this.lines[this.line]!;
    const before = current.slice(0, this.col);
    const after = current.slice(this.col);
    if (!text.includes('\n')) {
      this.lines[this.line] = before + text + after;
      this.col += text.length;
      this.invalidate(this.line + 1);
    } else {
      const parts = text.split('\n');
      const last = parts.length - 1;
      const fresh = parts.map((part, i) => (i === 0 ? before + part : i === last ? part + after : part));
      this.lines.splice(this.line, 1, ...fresh);
      this.line += last;
      this.col = parts[last]!.length;
      this.invalidate(this.line - last + 1);
    }
    return this.changed({ from, to: from, insert: text });
  }

  /** Deletes the character before the cursor (joining lines at a line start). */
  backspace(): Edit | null {
    if (this.col === 0 && this.line === 0) return null;
    const to = this.cursorOffset;
    if (this.col === 0) {
      const previous = this.lines[this.line - 1]!;
      this.lines.splice(this.line - 1, 2, previous + this.lines[this.line]!);
      this.line--;
      this.col = previous.length;
      this.invalidate(this.line + 1);
    } else {
      const current = this.lines[this.line]!;
      const width = isLowSurrogate(current.charCodeAt(this.col - 1)) && this.col >= 2 && isHighSurrogate(current.charCodeAt(this.col - 2)) ? 2 : 1;
      this.lines[this.line] = current.slice(0, this.col - width) + current.slice(this.col);
      this.col -= width;
      this.invalidate(this.line + 1);
    }
    return this.changed({ from: this.cursorOffset, to, insert: '' });
  }

  /** Deletes the character after the cursor (joining with the next line at a line end). */
  deleteForward(): Edit | null {
    const current = this.lines[this.line]!;
    if (this.col === current.length && this.line === this.lines.length - 1) return null;
    const from = this.cursorOffset;
    if (this.col === current.length) {
      this.lines.splice(this.line, 2, current + this.lines[this.line + 1]!);
      this.invalidate(this.line + 1);
      return this.changed({ from, to: from + 1, insert: '' });
    }
    const width = isHighSurrogate(current.charCodeAt(this.col)) && isLowSurrogate(current.charCodeAt(this.col + 1)) ? 2 : 1;
    this.lines[this.line] = current.slice(0, this.col) + current.slice(this.col + width);
    this.invalidate(this.line + 1);
    return this.changed({ from, to: from + width, insert: '' });
  }

  /** Puts the cursor at (line, col), clamped to the text and off the middle of a surrogate pair. */
  place(line: number, col: number): void {
    this.line = Math.max(0, Math.min(this.lines.length - 1, line));
    const target = this.lines[this.line]!;
    this.col = Math.max(0, Math.min(col, target.length));
    if (this.col > 0 && isLowSurrogate(target.charCodeAt(this.col)) && isHighSurrogate(target.charCodeAt(this.col - 1))) this.col--;
  }

  move(motion: Motion): void {
    this.stickyX = null;
    const current = this.lines[this.line]!;
    switch (motion) {
      case 'left':
        if (this.col > 0) this.col -= this.col >= 2 && isLowSurrogate(current.charCodeAt(this.col - 1)) && isHighSurrogate(current.charCodeAt(this.col - 2)) ? 2 : 1;
        else if (this.line > 0) {
          this.line--;
          this.col = this.lines[this.line]!.length;
        }
        return;
      case 'right':
        if (this.col < current.length) this.col += isHighSurrogate(current.charCodeAt(this.col)) && isLowSurrogate(current.charCodeAt(this.col + 1)) ? 2 : 1;
        else if (this.line < this.lines.length - 1) {
          this.line++;
          this.col = 0;
        }
        return;
      case 'home':
        this.col = 0;
        return;
      case 'end':
        this.col = current.length;
        return;
      case 'top':
        this.line = 0;
        this.col = 0;
        return;
      case 'bottom':
        this.line = this.lines.length - 1;
        this.col = this.lines[this.line]!.length;
        return;
    }
  }

  private invalidate(fromLine: number): void {
    this.validStarts = Math.max(1, Math.min(this.validStarts, fromLine));
    this.joined = undefined;
  }

  private changed(edit: Edit): Edit {
    this.stickyX = null;
    this.totalLength += edit.insert.length - (edit.to - edit.from);
    this.version++;
    return edit;
  }
}

function splitLines(text: string): string[] {
  return text.split('\n');
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
