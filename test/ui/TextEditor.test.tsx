import fc from 'fast-check';
import { cleanup, render } from 'ink-testing-library';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { TextEditor } from '../../src/ui/components/TextEditor.tsx';
import { TextBuffer } from '../../src/ui/text-buffer.ts';
import { displayWidth } from '../../src/ui/text.ts';
import { WrappedView } from '../../src/ui/wrapped-view.ts';
import { KEY, press, until } from './ui-helpers.tsx';

afterEach(() => cleanup());

/** The editor with a parent that re-renders on every edit and move, as the Prompts screen does. */
function Harness({ buffer, width, height }: { buffer: TextBuffer; width: number; height: number }) {
  const [version, setVersion] = useState(0);
  const bump = () => setVersion((v) => v + 1);
  return <TextEditor buffer={buffer} version={version} width={width} height={height} focused color={false} onEdit={bump} onMove={bump} />;
}

/** "w000 w001 w002 …": words of 4 letters and a space, so a row of 20 columns holds exactly 4 words. */
const words = (n: number) => Array.from({ length: n }, (_, i) => `w${String(i).padStart(3, '0')}`).join(' ');

describe('the text editor on long wrapped lines', () => {
  it('keeps the cursor and what is typed in view at the end of a 3,000-character line', async () => {
    const line = words(600); // 600 × 5 − 1 = 2,999 characters: 150 rows of 20 columns
    const buffer = new TextBuffer(`${line}\nnext`);
    const r = render(<Harness buffer={buffer} width={21} height={5} />);
    await until(r.lastFrame, (f) => f.includes('▏w000'), 'the first frame');
    await press(r.stdin, KEY.end, '!');
    // The last row of the line is "w596 w597 w598 w599" and the cursor after the typed "!".
    const frame = await until(r.lastFrame, (f) => f.includes('w599!▏'), 'the end of the line with the typed !');
    expect(frame).not.toContain('w000');
    expect(buffer.text).toBe(`${line}!\nnext`);
  });

  it('moves ↑/↓ by wrapped row within a line, and PgUp/PgDn by a page of rows', async () => {
    const line = words(600);
    const buffer = new TextBuffer(`${line}\nnext`);
    const r = render(<Harness buffer={buffer} width={21} height={5} />);
    await until(r.lastFrame, (f) => f.includes('▏w000'), 'the first frame');
    await press(r.stdin, KEY.right, KEY.down); // column 1 of row 0 → column 1 of row 1: offset 20 + 1
    expect([buffer.line, buffer.col]).toEqual([0, 21]);
    await until(r.lastFrame, (f) => f.includes('w▏004'), 'the cursor on row 1');
    // A page is height − 1 = 4 rows: row 1 → row 5, whose words start at w020 (offset 100), column 1.
    await press(r.stdin, KEY.pageDown);
    expect([buffer.line, buffer.col]).toEqual([0, 101]);
    const frame = await until(r.lastFrame, (f) => f.includes('w▏020'), 'a page down');
    expect(frame).not.toContain('next');
    await press(r.stdin, KEY.pageUp, KEY.up);
    expect([buffer.line, buffer.col]).toEqual([0, 1]);
    await until(r.lastFrame, (f) => f.includes('w▏000'), 'back at the top');
  });

  it('wraps between words in the pane, never inside one that fits a row', async () => {
    const buffer = new TextBuffer('Please answer the request politely and briefly');
    const r = render(<Harness buffer={buffer} width={13} height={5} />);
    // Rows of 12 columns (one is kept for the cursor): "Please ", "answer the ", "request ", "politely and", " briefly".
    const frame = await until(r.lastFrame, (f) => f.includes('▏Please'), 'the first frame');
    for (const word of ['Please', 'answer', 'request', 'politely', 'briefly']) expect(frame).toContain(word);
  });
});

describe('WrappedView', () => {
  it('property: after any moves and edits the cursor\'s row is in view and every row fits the width', () => {
    const unit = fc.constantFrom('a', 'b', ' ', '\n', '中', 'é');
    const op = fc.oneof(
      fc.record({ kind: fc.constant('insert' as const), text: fc.string({ maxLength: 12, unit }) }),
      fc.record({ kind: fc.constant('backspace' as const) }),
      fc.record({ kind: fc.constantFrom('up', 'down', 'pageUp', 'pageDown', 'left', 'right', 'home', 'end', 'top', 'bottom') }),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 200, unit }), fc.integer({ min: 4, max: 12 }), fc.integer({ min: 1, max: 6 }), fc.array(op, { maxLength: 40 }), (text, width, height, ops) => {
        const buffer = new TextBuffer(text);
        const view = new WrappedView(buffer, width, height);
        for (const o of ops) {
          if (o.kind === 'insert') buffer.insert(o.text);
          else if (o.kind === 'backspace') buffer.backspace();
          else if (o.kind === 'up' || o.kind === 'down') view.moveRows(o.kind === 'up' ? -1 : 1);
          else if (o.kind === 'pageUp' || o.kind === 'pageDown') {
            const page = (o.kind === 'pageUp' ? -1 : 1) * Math.max(1, height - 1);
            view.scrollRows(page);
            view.moveRows(page);
          } else buffer.move(o.kind);
          view.scrollIntoView();
          const rows = view.layout();
          expect(rows.length).toBeLessThanOrEqual(height);
          const at = rows.find((row) => row.cursor !== null);
          expect(at).toBeDefined();
          expect(at!.cursor!).toBeLessThanOrEqual(at!.text.length);
          for (const row of rows) expect(displayWidth(row.text)).toBeLessThanOrEqual(width);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('property: ↓ then ↑ by row comes back to the same place when it started at a row\'s start', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120, unit: fc.constantFrom('a', ' ', '\n', '中') }), fc.integer({ min: 4, max: 10 }), fc.nat(20), (text, width, downs) => {
        const buffer = new TextBuffer(text);
        const view = new WrappedView(buffer, width, 5);
        for (let i = 0; i < downs; i++) view.moveRows(1);
        buffer.stickyX = null;
        const row = view.rows(buffer.line)[view.cursorRow()[1]]!;
        buffer.place(buffer.line, row[0]);
        const before = [buffer.line, buffer.col];
        view.moveRows(1);
        const moved = buffer.line !== before[0] || buffer.col !== before[1];
        view.moveRows(-1);
        if (moved) expect([buffer.line, buffer.col]).toEqual(before);
      }),
      { numRuns: 300 },
    );
  });
});
