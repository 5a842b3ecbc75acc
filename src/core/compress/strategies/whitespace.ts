/**
 * whitespace: collapses runs of spaces and tabs inside lines, trims line ends, keeps at most one blank
 * line, turns full-width and other Unicode spaces into plain ones, and trims the text's ends.
 * Leading indentation is kept (it carries list nesting); protected spans (code blocks included) are
 * placeholders here, so their whitespace is never touched.
 */
import type { Strategy } from '../types.ts';

/** No-break, full-width (U+3000) and the other Unicode space characters, tab excluded. */
const ODD_SPACES = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;

function tidyLine(line: string): string {
  const indent = /^[ \t]*/.exec(line)?.[0] ?? '';
  const body = line.slice(indent.length).replace(/[ \t]{2,}/g, ' ').replace(/[ \t]+$/, '');
  return body === '' ? '' : indent + body;
}

export function collapseWhitespace(text: string): string {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .replace(/^\u3000+/gm, '') // full-width paragraph indents are typography, not structure
    .replace(ODD_SPACES, ' ')
    .split('\n')
    .map(tidyLine);
  const out: string[] = [];
  for (const line of lines) {
    if (line === '' && (out.length === 0 || out[out.length - 1] === '')) continue;
    out.push(line);
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out.join('\n');
}

export const whitespace: Strategy = {
  name: 'whitespace',
  description: 'Collapse runs of spaces and tabs, trim line ends, keep at most one blank line, normalise full-width spaces',
  lossless: true,
  budgeted: false,
  apply: (masked) => collapseWhitespace(masked),
};
