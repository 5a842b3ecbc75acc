import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Catalog, loadModelCounter } from '../../src/core/index.ts';
import { installPlatform } from '../../src/platform/node.ts';
import { LiveCounts } from '../../src/ui/live-counts.ts';
import { TextBuffer } from '../../src/ui/text-buffer.ts';
import type { Edit } from '../../src/ui/text-buffer.ts';

installPlatform();

const apply = (text: string, e: Edit) => text.slice(0, e.from) + e.insert + text.slice(e.to);

describe('TextBuffer', () => {
  it('reports each edit in offsets of the whole text (worked example)', () => {
    const b = new TextBuffer('ab\ncd');
    b.place(1, 0); // line 1, col 0 → offset 3
    b.move('end'); // col 2 → offset 5
    expect(b.insert('!')).toEqual({ from: 5, to: 5, insert: '!' });
    expect(b.text).toBe('ab\ncd!');
    b.move('home');
    expect(b.backspace()).toEqual({ from: 2, to: 3, insert: '' }); // joins the lines at offset 2
    expect(b.text).toBe('abcd!');
    expect([b.line, b.col]).toEqual([0, 2]);
    expect(b.insert('X\nY')).toEqual({ from: 2, to: 2, insert: 'X\nY' });
    expect(b.text).toBe('abX\nYcd!');
    expect([b.line, b.col]).toEqual([1, 1]);
    expect(b.deleteForward()).toEqual({ from: 5, to: 6, insert: '' });
    expect(b.text).toBe('abX\nYd!');
  });

  it('moves over a surrogate pair as one character', () => {
    const b = new TextBuffer('a😀b');
    b.move('end');
    b.move('left'); // before b
    b.move('left'); // before 😀 (two code units)
    expect(b.col).toBe(1);
    expect(b.deleteForward()).toEqual({ from: 1, to: 3, insert: '' });
    expect(b.text).toBe('ab');
  });

  it('property: any sequence of moves and edits keeps text, length and reported edits consistent', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('insert' as const), text: fc.string({ maxLength: 4, unit: fc.constantFrom('a', ' ', '\n', '中', '😀', 'é') }) }),
      fc.record({ kind: fc.constantFrom('backspace' as const, 'delete' as const) }),
      fc.record({ kind: fc.constant('move' as const), motion: fc.constantFrom('left', 'right', 'home', 'end', 'top', 'bottom') as fc.Arbitrary<Parameters<TextBuffer['move']>[0]> }),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 30, unit: fc.constantFrom('x', ' ', '\n', '中', '😀') }), fc.array(op, { maxLength: 40 }), (start, ops) => {
        const b = new TextBuffer(start);
        let mirror = start;
        for (const o of ops) {
          let edit: Edit | null = null;
          if (o.kind === 'insert') edit = b.insert(o.text);
          else if (o.kind === 'backspace') edit = b.backspace();
          else if (o.kind === 'delete') edit = b.deleteForward();
          else if (o.kind === 'move') b.move(o.motion);
          if (edit) mirror = apply(mirror, edit);
          expect(b.text).toBe(mirror);
          expect(b.length).toBe(mirror.length);
          expect(b.cursorOffset).toBeLessThanOrEqual(mirror.length);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('LiveCounts', () => {
  it('property: counts after random edits equal a full recount, for exact and estimated models', async () => {
    const catalog = new Catalog();
    const models = ['openai:gpt-4o-mini', 'anthropic:claude-haiku-4-5'].map((ref) => catalog.resolve(ref));
    const counters = await Promise.all(models.map((m) => loadModelCounter(m)));
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 60 }), fc.array(fc.tuple(fc.nat(), fc.nat(3), fc.string({ maxLength: 5 })), { maxLength: 15 }), async (start, edits) => {
        const b = new TextBuffer(start);
        const live = new LiveCounts(models, () => b.text);
        models.forEach((m, i) => live.attach(m, counters[i]!));
        for (const [at, remove, insert] of edits) {
          const from = at % (b.length + 1);
          const to = Math.min(b.length, from + remove);
          const edit = b.setText(b.text.slice(0, from) + insert + b.text.slice(to));
          live.edit(edit);
        }
        const counts = live.counts();
        counters.forEach((c, i) => expect(counts[i]!.tokens).toBe(c.count(b.text)));
      }),
      { numRuns: 100 },
    );
  });

  it('says "not counted yet" (null) until a model\'s counter arrives, and estimated models carry their basis', async () => {
    const catalog = new Catalog();
    const haiku = catalog.resolve('anthropic:claude-haiku-4-5');
    const live = new LiveCounts([haiku], () => 'Hello world');
    expect(live.counts()[0]!.tokens).toBeNull();
    live.attach(haiku, await loadModelCounter(haiku));
    // o200k: "Hello" + " world" = 2 tokens; Claude estimate = ceil(2 × 1.15) = 3.
    const [count] = live.counts();
    expect(count!.tokens).toBe(3);
    expect(count!.exact).toBe(false);
    expect(count!.estimate?.base).toBe('o200k_base');
  });
});
