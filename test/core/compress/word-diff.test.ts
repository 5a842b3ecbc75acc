/** The word diff: worked examples, the rebuild property, a long prompt, and rendering. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderDiff, wordDiff, type DiffOp } from '../../../src/core/compress/word-diff.ts';
import { promptText } from './arbitraries.ts';

const side = (ops: readonly DiffOp[], skip: DiffOp['op']) => ops.filter((o) => o.op !== skip).map((o) => o.text).join('');

describe('wordDiff', () => {
  it.each([
    ['Please answer the question now.', 'Answer the question.', [
      { op: 'delete', text: 'Please answer ' },
      { op: 'insert', text: 'Answer ' },
      { op: 'equal', text: 'the question' },
      { op: 'delete', text: ' now' },
      { op: 'equal', text: '.' },
    ]],
    ['请你帮我总结一下这篇文章。', '总结这篇文章。', [
      { op: 'delete', text: '请你帮我' },
      { op: 'equal', text: '总结' },
      { op: 'delete', text: '一下' },
      { op: 'equal', text: '这篇文章。' },
    ]],
    ['same text', 'same text', [{ op: 'equal', text: 'same text' }]],
    ['', 'new', [{ op: 'insert', text: 'new' }]],
    ['old', '', [{ op: 'delete', text: 'old' }]],
  ] as const)('%j → %j', (original, compressed, ops) => {
    expect(wordDiff(original, compressed)).toEqual(ops);
  });

  it('equal+delete rebuild the original and equal+insert the compressed text (property)', () => {
    const text = fc.oneof(promptText, fc.string({ unit: 'grapheme', maxLength: 80 }));
    fc.assert(
      fc.property(text, text, (a, b) => {
        const ops = wordDiff(a, b);
        expect(side(ops, 'insert')).toBe(a);
        expect(side(ops, 'delete')).toBe(b);
        ops.forEach((op, i) => {
          expect(op.text).not.toBe('');
          if (i > 0) expect(op.op).not.toBe(ops[i - 1]?.op);
        });
      }),
      { numRuns: 500 },
    );
  });

  it('a 400,000-character prompt with 20% of its words deleted: an exact, minimal-size diff', () => {
    const sentence = (i: number) => `Sentence ${i} talks about order ${i * 7} and refund policy number ${i % 13} for customer ${i}. `;
    let original = '';
    for (let i = 0; original.length < 400_000; i++) original += sentence(i) + (i % 10 === 9 ? '\n\n' : '');
    // Every fifth word goes, with the space after it.
    const compressed = original.split(/(\s+)/).filter((_, i) => i % 10 !== 4 && i % 10 !== 5).join('');
    const ops = wordDiff(original, compressed);
    expect(side(ops, 'insert')).toBe(original);
    expect(side(ops, 'delete')).toBe(compressed);
    expect(ops.some((o) => o.op === 'insert')).toBe(false); // pure deletions are found as such
    expect(side(ops, 'delete').length).toBe(compressed.length);
  });
});

describe('renderDiff', () => {
  const ops: DiffOp[] = [
    { op: 'delete', text: 'Please answer' },
    { op: 'insert', text: 'Answer' },
    { op: 'equal', text: ' now.' },
  ];

  it('marks deletions [-…-] and insertions {+…+} without colour', () => {
    expect(renderDiff(ops, { color: false })).toBe('[-Please answer-]{+Answer+} now.');
  });

  it('uses red strike-through and green with colour', () => {
    expect(renderDiff(ops, { color: true })).toBe('\u001b[31m\u001b[9mPlease answer\u001b[0m\u001b[32mAnswer\u001b[0m now.');
  });
});
