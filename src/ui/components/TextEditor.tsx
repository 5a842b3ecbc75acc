/**
 * A multi-line text editor over a TextBuffer: type, Enter for a new line, Backspace / Ctrl-D (forward
 * delete), arrows, Home / End (also Ctrl-A / Ctrl-E), Page Up / Down, Esc leaves. Long lines wrap softly;
 * only the rows in view are laid out, so a 100,000-token text costs no more to show than a short one.
 *
 * The parent owns the buffer: each change comes back through `onEdit(edit)` right after the buffer took it
 * (so token counts can follow in the same frame), and the parent re-renders.
 */
import { Box, Text } from 'ink';
import { useKeys } from '../hooks/use-keys.ts';
import type { Edit, TextBuffer } from '../text-buffer.ts';
import { charWidth } from '../text.ts';

export interface TextEditorProps {
  buffer: TextBuffer;
  /** The buffer's version when last changed (so the parent's re-render reaches this one). */
  version: number;
  width: number;
  height: number;
  focused: boolean;
  color: boolean;
  onEdit(edit: Edit): void;
  /** The cursor moved (no text change). */
  onMove?(): void;
  onExit?(): void;
  /** Read-only: shows the text and scrolls, no edits. */
  readOnly?: boolean;
}

/** Cuts a line into rows of at most `width` columns: [start, end) offsets. */
export function wrapLine(line: string, width: number): Array<[number, number]> {
  if (line.length === 0 || width <= 0) return [[0, line.length]];
  const rows: Array<[number, number]> = [];
  let start = 0;
  let used = 0;
  let i = 0;
  while (i < line.length) {
    const code = line.codePointAt(i)!;
    const size = code > 0xffff ? 2 : 1;
    const w = charWidth(code);
    if (used + w > width && i > start) {
      rows.push([start, i]);
      start = i;
      used = 0;
    }
    used += w;
    i += size;
  }
  rows.push([start, line.length]);
  return rows;
}

function rowOfCol(rows: Array<[number, number]>, col: number): number {
  for (let r = 0; r < rows.length; r++) if (col < rows[r]![1] || r === rows.length - 1) return r;
  return rows.length - 1;
}

/** Moves buffer.top so the cursor's row is in view. */
function scrollIntoView(buffer: TextBuffer, width: number, height: number): void {
  if (buffer.line < buffer.top) buffer.top = buffer.line;
  buffer.top = Math.max(buffer.top, buffer.line - height + 1);
  for (;;) {
    let rows = 0;
    for (let l = buffer.top; l < buffer.line; l++) rows += wrapLine(buffer.lineAt(l), width).length;
    rows += rowOfCol(wrapLine(buffer.lineAt(buffer.line), width), buffer.col) + 1;
    if (rows <= height || buffer.top >= buffer.line) return;
    buffer.top++;
  }
}

export function TextEditor({ buffer, width, height, focused, color, onEdit, onMove, onExit, readOnly = false }: TextEditorProps) {
  useKeys(
    (input, key) => {
      if (key.escape) return onExit?.();
      let edit: Edit | null = null;
      if (key.upArrow) buffer.move('up');
      else if (key.downArrow) buffer.move('down');
      else if (key.leftArrow) buffer.move('left');
      else if (key.rightArrow) buffer.move('right');
      else if (key.pageUp) buffer.move('pageUp', Math.max(1, height - 1));
      else if (key.pageDown) buffer.move('pageDown', Math.max(1, height - 1));
      else if (key.home || (key.ctrl && input === 'a')) buffer.move('home');
      else if (key.end || (key.ctrl && input === 'e')) buffer.move('end');
      else if (readOnly) return;
      else if (key.backspace || key.delete) edit = buffer.backspace();
      else if (key.ctrl && input === 'd') edit = buffer.deleteForward();
      else if (key.return) edit = buffer.insert('\n');
      else if (key.tab) edit = buffer.insert('  ');
      else if (input && !key.ctrl && !key.meta) edit = buffer.insert(input);
      else return;
      if (edit) onEdit(edit);
      else onMove?.();
    },
    focused,
  );

  // One column is kept free for the cursor (at a line's end, or the ▏ mark without colour), so every row
  // fits as it is and ink does no wrapping or truncating of its own (which costs on long prompts).
  const textWidth = Math.max(4, width - 1);
  scrollIntoView(buffer, textWidth, height);
  const rows: Array<{ text: string; cursor: number | null }> = [];
  for (let l = buffer.top; l < buffer.lineCount && rows.length < height; l++) {
    const line = buffer.lineAt(l);
    const wrapped = wrapLine(line, textWidth);
    const cursorRow = l === buffer.line ? rowOfCol(wrapped, buffer.col) : -1;
    for (let r = 0; r < wrapped.length && rows.length < height; r++) {
      const [a, b] = wrapped[r]!;
      rows.push({ text: line.slice(a, b), cursor: r === cursorRow ? buffer.col - a : null });
    }
  }
  // One <Text> for the whole view (rows joined by newlines, the cursor's row split around the cursor): one
  // ink node to lay out and draw per frame instead of one per row.
  const at = focused ? rows.findIndex((row) => row.cursor !== null) : -1;
  const joined = (from: number, to: number) => rows.slice(from, to).map((row) => row.text || ' ').join('\n');
  return (
    <Box flexDirection="column" width={width} height={height}>
      {at < 0 ? (
        <Text>{joined(0, rows.length)}</Text>
      ) : (
        <Text>
          {at > 0 ? `${joined(0, at)}\n` : ''}
          <CursorRow text={rows[at]!.text} at={rows[at]!.cursor!} color={color} />
          {at < rows.length - 1 ? `\n${joined(at + 1, rows.length)}` : ''}
        </Text>
      )}
    </Box>
  );
}

function CursorRow({ text, at, color }: { text: string; at: number; color: boolean }) {
  const code = text.codePointAt(at);
  const size = code !== undefined && code > 0xffff ? 2 : 1;
  const under = at < text.length ? text.slice(at, at + size) : ' ';
  if (!color) return <>{text.slice(0, at)}▏{text.slice(at)}</>;
  return (
    <>
      {text.slice(0, at)}
      <Text inverse>{under}</Text>
      {text.slice(at + size)}
    </>
  );
}
