/**
 * minify: strips verbose Markdown the model does not need — bold and italic markers, heading hashes
 * (ATX and setext headings become plain lines), horizontal rules, table cell padding (and delimiter
 * rows shrunk to one dash per cell), list bullets (* + • …) turned into "-" — and minifies unfenced JSON
 * blocks. A fenced JSON block is protected code and stays as it is.
 *
 * JSON is minified only when the block parses, all its strings are protected spans (so only whitespace
 * between tokens is removed: numbers and strings keep their exact text), and the result parses to the
 * same value.
 */
import { PLACEHOLDER_SOURCE } from '../masked-text.ts';
import type { Strategy, StrategyContext } from '../types.ts';

// Emphasis markers only count at word edges (not in a*b or snake_case); CJK text has no spaces, so
// only ASCII letters, digits and placeholders are "word" characters here.
const WORD_EDGE = 'A-Za-z0-9\\uE000-\\uF8FF';
/** *x*, **x**, ***x*** and the same with underscores (within 500 characters of a line): the markers go. */
const STAR_EMPHASIS = new RegExp(`(?<![${WORD_EDGE}*])(\\*{1,3})(?=[^\\s*])([^\\n]{0,500}?[^\\s*])?\\1(?![${WORD_EDGE}*])`, 'gu');
const UNDERSCORE_EMPHASIS = new RegExp(`(?<![${WORD_EDGE}_])(_{1,3})(?=[^\\s_])([^\\n]{0,500}?[^\\s_])?\\1(?![${WORD_EDGE}_])`, 'gu');
const ATX_HEADING = /^( {0,3})#{1,6}(?:[ \t]+|$)(.*?)(?:[ \t]+#+)?[ \t]*$/;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const SETEXT = /^ {0,3}(?:=+|-+)[ \t]*$/;
const BULLET = /^([ \t]*)[*+•·▪‣◦●○■□➤►][ \t]+(?=\S)/;
const TABLE_ROW = /^[ \t]*\|.*\|[ \t]*$/;
const DELIMITER_CELL = /^:?-+:?$/;
const PLACEHOLDER_ONLY = new RegExp(`^(?:${PLACEHOLDER_SOURCE})+$`);

function stripEmphasis(line: string): string {
  const inside = (_: string, __: string, inner: string | undefined) => inner ?? '';
  return line.replace(STAR_EMPHASIS, inside).replace(UNDERSCORE_EMPHASIS, inside);
}

function minifyTableRow(line: string): string {
  const indent = /^[ \t]*/.exec(line)?.[0] ?? '';
  const cells = line.trim().slice(1, -1).split(/(?<!\\)\|/).map((cell) => cell.trim());
  const delimiter = cells.every((cell) => DELIMITER_CELL.test(cell));
  const out = cells.map((cell) => (delimiter ? cell.replace(/-+/, '-') : stripEmphasis(cell)));
  return `${indent}|${out.join('|')}|`;
}

/** Minifies the unfenced JSON blocks that start at a line start; returns the text unchanged otherwise. */
function minifyJson(masked: string, ctx: StrategyContext): string {
  let out = '';
  let at = 0;
  const starts = /^[ \t]*[{[]/gm;
  for (let match = starts.exec(masked); match !== null; match = starts.exec(masked)) {
    const open = match.index + match[0].length - 1;
    if (open < at) continue;
    const close = matchingBracket(masked, open);
    if (close < 0) continue;
    const lineEnd = masked.indexOf('\n', close);
    if (masked.slice(close + 1, lineEnd < 0 ? masked.length : lineEnd).trim() !== '') continue;
    const block = masked.slice(open, close + 1);
    const compact = block.replace(/\s+/g, '');
    if (compact === block || /["']/.test(block) || PLACEHOLDER_ONLY.test(compact)) continue;
    const value = parseJson(ctx.unmask(block));
    if (value === undefined || value !== parseJson(ctx.unmask(compact))) continue;
    out += masked.slice(at, open) + compact;
    at = close + 1;
    starts.lastIndex = at;
  }
  return out + masked.slice(at);
}

/** The index of the bracket closing the one at `open`, or -1 (mismatch, or not within 200,000 chars). */
function matchingBracket(text: string, open: number): number {
  const stack: string[] = [];
  const limit = Math.min(text.length, open + 200_000);
  for (let i = open; i < limit; i++) {
    const c = text[i];
    if (c === '{' || c === '[') stack.push(c === '{' ? '}' : ']');
    else if (c === '}' || c === ']') {
      if (stack.pop() !== c) return -1;
      if (stack.length === 0) return i;
    }
  }
  return -1;
}

/** The canonical JSON text of a value (for comparing two parses), or undefined when it does not parse. */
function parseJson(text: string): string | undefined {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return undefined;
  }
}

export function minifyMarkdown(masked: string, ctx: StrategyContext): string {
  const lines = minifyJson(masked, ctx).split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const previous = out[out.length - 1];
    const heading = ATX_HEADING.exec(line);
    if (heading) {
      const text = stripEmphasis(heading[2] ?? '');
      if (text !== '') out.push(text);
      continue;
    }
    // A setext underline (=== or --- under a text line) or a horizontal rule: dropped.
    const underline = SETEXT.test(line) && previous !== undefined && previous.trim() !== '' && !TABLE_ROW.test(previous);
    if (underline || RULE.test(line)) {
      if (previous !== undefined && previous.trim() === '' && (lines[i + 1] ?? '').trim() === '') out.pop();
      continue;
    }
    if (TABLE_ROW.test(line)) {
      out.push(minifyTableRow(line));
      continue;
    }
    const bullet = BULLET.exec(line);
    const body = bullet ? `${bullet[1] ?? ''}- ${line.slice(bullet[0].length)}` : line;
    out.push(stripEmphasis(body));
  }
  return out.join('\n');
}

export const minify: Strategy = {
  name: 'minify',
  description: 'Strip verbose Markdown (emphasis, heading hashes, rules, table padding, bullets to "-") and minify unfenced JSON',
  lossless: true,
  budgeted: false,
  apply: (masked, ctx) => minifyMarkdown(masked, ctx),
};
