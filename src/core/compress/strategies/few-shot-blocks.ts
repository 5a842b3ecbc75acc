/**
 * Finding few-shot examples in masked text: blocks headed "Example 1:" / "示例 1：" (a number or not),
 * or repeated label pairs such as "Q: … A: …", "Input: … Output: …", "问题：… 答案：…",
 * "User: … Assistant: …". A block runs from its header line to the next one; the last block takes as
 * many lines as the longest earlier block, stopping at a blank line after that, a heading, or a line
 * with a label that is not part of the pattern. A pair whose answer is empty ("A:" at the end) is the
 * question being asked, not an example.
 */
import { PLACEHOLDER_SOURCE } from '../masked-text.ts';

export interface ExampleBlock {
  /** Offsets in the masked text: the block's lines and the blank lines after them. */
  start: number;
  end: number;
  text: string;
}

interface Line {
  start: number;
  end: number;
  text: string;
}

const PH = PLACEHOLDER_SOURCE;
const EXAMPLE_HEADER = new RegExp(
  `^[ \\t]*(?:#{1,6}[ \\t]*)?(?:\\*\\*)?(?:example|sample|demonstration|例子|示例|样例|范例|例)[ \\t]*(?:#?[ \\t]*${PH})?[ \\t]*(?:\\*\\*)?[ \\t]*(?:[:：.)]|$)`,
  'iu',
);
const FIRST_LABELS = ['q', 'question', 'query', 'prompt', 'input', 'text', 'review', 'sentence', 'message', 'email', 'ticket', 'user', 'human', 'customer', '问题', '问', '输入', '文本', '评论', '句子', '用户', '客户'];
const SECOND_LABELS = ['a', 'answer', 'response', 'reply', 'output', 'label', 'sentiment', 'category', 'class', 'classification', 'translation', 'summary', 'result', 'assistant', 'ai', 'bot', 'agent', 'model', '答案', '答', '回答', '回复', '输出', '标签', '类别', '情感', '分类', '翻译', '摘要', '结果', '助手', '客服'];
const LABEL = /^[ \t]*(?:\*\*)?([\p{L}][\p{L} _-]{0,24}?)(?:\*\*)?[ \t]*[:：](?:\*\*)?[ \t]*(.*)$/u;
const HEADING = /^[ \t]*#{1,6}[ \t]/;

function linesOf(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (const line of text.split('\n')) {
    lines.push({ start, end: start + line.length, text: line });
    start += line.length + 1;
  }
  return lines;
}

function labelOf(line: string): { label: string; rest: string } | undefined {
  const match = LABEL.exec(line);
  return match ? { label: (match[1] ?? '').trim().toLowerCase(), rest: match[2] ?? '' } : undefined;
}

const isBlank = (line: Line | undefined) => line !== undefined && line.text.trim() === '';

/** Builds blocks from the header line indices; `stop` ends the last block early. */
function blocksFrom(lines: Line[], headers: number[], text: string, stop: (line: Line) => boolean): ExampleBlock[] {
  const blocks: ExampleBlock[] = [];
  let longest = 1;
  for (let h = 0; h < headers.length; h++) {
    const first = headers[h] as number;
    let last: number;
    if (h + 1 < headers.length) {
      last = (headers[h + 1] as number) - 1;
      longest = Math.max(longest, lines.slice(first, last + 1).filter((l) => !isBlank(l)).length);
    } else {
      last = first;
      let taken = 1;
      while (last + 1 < lines.length) {
        const next = lines[last + 1] as Line;
        if (isBlank(next) ? taken >= longest : stop(next) || HEADING.test(next.text)) break;
        last++;
        if (!isBlank(next)) taken++;
      }
      while (last + 1 < lines.length && isBlank(lines[last + 1])) last++;
    }
    const start = (lines[first] as Line).start;
    const end = Math.min(text.length, (lines[last] as Line).end + 1);
    blocks.push({ start, end, text: text.slice(start, end) });
  }
  return blocks;
}

function exampleHeaderBlocks(lines: Line[], text: string): ExampleBlock[] {
  const headers = lines.flatMap((line, i) => (EXAMPLE_HEADER.test(line.text) ? [i] : []));
  return headers.length >= 2 ? blocksFrom(lines, headers, text, (line) => EXAMPLE_HEADER.test(line.text)) : [];
}

function labelPairBlocks(lines: Line[], text: string): ExampleBlock[] {
  const labelled = lines.map((line) => labelOf(line.text));
  // The first label that is followed (next labelled line) by an answer label, at least twice.
  const starts = new Map<string, number[]>();
  for (let i = 0; i < lines.length; i++) {
    const label = labelled[i]?.label;
    if (label === undefined || !FIRST_LABELS.includes(label)) continue;
    let j = i + 1;
    while (j < lines.length && labelled[j] === undefined) j++;
    const answer = labelled[j];
    if (answer === undefined || !SECOND_LABELS.includes(answer.label)) continue;
    // An empty answer with nothing after it is the question being asked.
    const continuation = lines[j + 1];
    if (answer.rest.trim() === '' && (continuation === undefined || isBlank(continuation) || labelled[j + 1] !== undefined)) continue;
    starts.set(label, [...(starts.get(label) ?? []), i]);
  }
  const [headers] = [...starts.values()].filter((s) => s.length >= 2).sort((a, b) => b.length - a.length);
  if (headers === undefined) return [];
  const known = new Set([...FIRST_LABELS, ...SECOND_LABELS]);
  const headerSet = new Set(headers);
  // A block also stops at the next start label that is not an example (the real question).
  return blocksFrom(lines, headers, text, (line) => {
    const label = labelOf(line.text)?.label;
    return label !== undefined && (!known.has(label) || FIRST_LABELS.includes(label)) && !headerSet.has(lines.indexOf(line));
  });
}

/** The few-shot examples of masked text (at least two), in order; empty when there are none. */
export function findExamples(masked: string): ExampleBlock[] {
  const lines = linesOf(masked);
  const byHeader = exampleHeaderBlocks(lines, masked);
  return byHeader.length >= 2 ? byHeader : labelPairBlocks(lines, masked);
}
