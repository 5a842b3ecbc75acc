/**
 * A multi-line text editor over a TextBuffer: type, Enter for a new line, Backspace / Ctrl-D (forward
 * delete), arrows, Home / End (also Ctrl-A / Ctrl-E), Page Up / Down, Esc leaves. Long lines wrap softly
 * between words; ↑/↓ and Page Up / Down move by wrapped row, and the view scrolls by wrapped row so the cursor
 * is always in view, however long its line. Only the rows in view (and the cursor's line) are laid out, so a
 * 100,000-token text costs no more to show than a short one (see wrapped-view.ts).
 *
 * The parent owns the buffer: each change comes back through `onEdit(edit)` right after the buffer took it
 * (so token counts can follow in the same frame), and the parent re-renders.
 */
import { Box, Text } from 'ink';
import { useMemo } from 'react';
import { useKeys } from '../hooks/use-keys.ts';
import type { Edit, TextBuffer } from '../text-buffer.ts';
import { WrappedView } from '../wrapped-view.ts';

export interface TextEditorProps {
  buffer: TextBuffer;
  /** The buffer's version when last changed (so the parent's re-render reaches this one). */
  version: number;
  width: number;
  height: number;
  focused: boolean;
  /** Whether keys go to the editor right now (read per key, so a key that arrives in the same burst as the
   * one that opened or left the editor goes where it should); default: `focused` as of the last render. */
  hasFocus?: () => boolean;
  color: boolean;
  onEdit(edit: Edit): void;
  /** The cursor moved (no text change). */
  onMove?(): void;
  onExit?(): void;
  /** Read-only: shows the text and scrolls, no edits. */
  readOnly?: boolean;
}

export function TextEditor({ buffer, width, height, focused, hasFocus, color, onEdit, onMove, onExit, readOnly = false }: TextEditorProps) {
  // One column is kept free for the cursor (at a line's end, or the ▏ mark without colour), so every row
  // fits as it is and ink does no wrapping or truncating of its own (which costs on long prompts).
  const textWidth = Math.max(4, width - 1);
  const view = useMemo(() => new WrappedView(buffer, textWidth, height), [buffer]);
  view.width = textWidth;
  view.height = height;
  useKeys(
    (input, key) => {
      if (hasFocus && !hasFocus()) return;
      if (key.escape) return onExit?.();
      let edit: Edit | null = null;
      const page = Math.max(1, height - 1);
      if (key.upArrow) view.moveRows(-1);
      else if (key.downArrow) view.moveRows(1);
      else if (key.leftArrow) buffer.move('left');
      else if (key.rightArrow) buffer.move('right');
      else if (key.pageUp) {
        view.scrollIntoView();
        view.scrollRows(-page);
        view.moveRows(-page);
      } else if (key.pageDown) {
        view.scrollIntoView();
        view.scrollRows(page);
        view.moveRows(page);
      } else if (key.home || (key.ctrl && input === 'a')) buffer.move('home');
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
    hasFocus ? true : focused,
  );

  view.scrollIntoView();
  const rows = view.layout();
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
