/**
 * Protected spans: the parts of a prompt no compression strategy may alter — template variables,
 * code, markup tags, URLs, e-mail addresses, quotations, numbers (money, percentages, dates, times,
 * versions, identifiers with a digit such as gpt-4o) and text the user marked with <keep>…</keep>.
 *
 * One left-to-right scan with a single regular expression: the leftmost match wins, and at the same
 * position the earlier alternative wins, so spans never overlap (a quotation that contains a number
 * is one span). Every alternative is anchored so that the scan stays linear on long inputs.
 */
import type { ProtectedSpan, ProtectedSpanKind } from './types.ts';

/** Characters that end a URL in running text (CJK text and full-width punctuation included). */
const URL_BODY = String.raw`[^\s<>"'\x60\p{Script=Han}\u3000-\u303F\uFF00-\uFFEF“”‘’「」『』]`;
/** Measure words and units that belong to the number before them (3天, 500元, 2024年). */
const CJK_UNITS = '小时|分钟|毫秒|个|次|天|周|年|月|日|号|时|分|秒|元|块|角|万|亿|千|百|倍|人|条|张|篇|字|页|岁|件|台|位|项|种|步|点';
/** A run of ASCII word characters joined by . , : / - – and containing at least one digit. */
const WORD_WITH_DIGIT = String.raw`(?:[A-Za-z0-9_]+[.,:/\-–])*[A-Za-z_]*[0-9][A-Za-z0-9_]*(?:[.,:/\-–][A-Za-z0-9_]+)*`;

const ALTERNATIVES: ReadonlyArray<[ProtectedSpanKind | 'fence2' | 'quote2' | 'quote3' | 'quote4' | 'quote5', string]> = [
  ['keep', String.raw`<keep>[\s\S]*?</keep>`],
  // Fenced code: from an opening fence at a line start to a closing fence of the same kind that is at
  // least as long, or to the end of the text when it is never closed (as CommonMark does).
  ['fence', String.raw`^[ \t]{0,3}(?<bt>\x60{3,})[^\x60\n]*(?:\n(?:[\s\S]*?\n)?[ \t]{0,3}\k<bt>\x60*[ \t]*$|[\s\S]*)`],
  ['fence2', String.raw`^[ \t]{0,3}(?<tl>~{3,})[^\n]*(?:\n(?:[\s\S]*?\n)?[ \t]{0,3}\k<tl>~*[ \t]*$|[\s\S]*)`],
  ['code', String.raw`(?<ic>\x60+)(?!\x60)[^\n]*?[^\x60\n]\k<ic>(?!\x60)`],
  ['variable', String.raw`\{{2,3}[^\n{}]{0,200}\}{2,3}|\{%[^\n]{0,200}?%\}|\$\{[^\n{}]{1,200}\}|\{[A-Za-z_][\w.\-]{0,100}\}`],
  ['tag', String.raw`</?[A-Za-z][\w:.\-]*(?:\s+[^<>\n]{0,300}?)?/?>`],
  ['url', String.raw`\b(?:https?|ftp|file)://${URL_BODY}+|\bmailto:[^\s<>"']+|\bwww\.[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+${URL_BODY}*`],
  ['email', String.raw`(?<![\w.+\-])[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}`],
  ['quote', String.raw`(?<![A-Za-z0-9])"(?:[^"\\\n]|\\.){0,2000}"(?![A-Za-z0-9])`],
  ['quote2', String.raw`“[^”]{0,2000}”|「[^」]{0,2000}」|『[^』]{0,2000}』`],
  ['quote3', String.raw`(?<![A-Za-z0-9])‘(?=\S)(?:[^’\n]|’(?=[A-Za-z])){0,300}?(?<=\S)’(?![A-Za-z0-9])`],
  // A straight single quote only when it clearly is one: opened after a non-letter, closed before a
  // non-letter, apostrophes inside words (don't) allowed.
  ['quote4', String.raw`(?<![A-Za-z0-9'])'(?=[^\s'])(?:[^'\n]|'(?=[A-Za-z])){0,300}?(?<=\S)'(?![A-Za-z0-9])`],
  [
    'number',
    String.raw`(?<![A-Za-z0-9_$€£¥₹₩.])(?:[A-Z]{1,3}\$|[$€£¥₹₩])?[+\-−]?${WORD_WITH_DIGIT}(?:%|％|‰|°[CF]?|${CJK_UNITS})?`,
  ],
  ['private-use', String.raw`[\uE000-\uF8FF]+`],
];

const KEEP_MARKERS = /<keep>([\s\S]*?)<\/keep>/g;

const KIND_OF_GROUP: Record<string, ProtectedSpanKind> = {
  fence2: 'fence',
  quote2: 'quote',
  quote3: 'quote',
  quote4: 'quote',
};

const GROUP_NAMES = ALTERNATIVES.map(([kind]) => kind.replace('-', '_'));
const SCANNER = new RegExp(ALTERNATIVES.map(([kind, source]) => `(?<${kind.replace('-', '_')}>${source})`).join('|'), 'gmu');

/** Drops trailing punctuation a URL rarely ends with, and a closing bracket that has no opening one. */
function trimUrl(url: string): string {
  let end = url.length;
  for (;;) {
    const last = url[end - 1];
    if (last === undefined) break;
    if ('.,;:!?*_~'.includes(last)) {
      end--;
      continue;
    }
    const pair = last === ')' ? '(' : last === ']' ? '[' : last === '}' ? '{' : undefined;
    if (pair !== undefined) {
      const body = url.slice(0, end);
      if (body.split(pair).length - 1 < body.split(last).length - 1) {
        end--;
        continue;
      }
    }
    break;
  }
  return url.slice(0, end);
}

/** The protected spans of a text, in order and non-overlapping. */
export function findProtectedSpans(text: string): ProtectedSpan[] {
  const spans: ProtectedSpan[] = [];
  SCANNER.lastIndex = 0;
  for (let match = SCANNER.exec(text); match !== null; match = SCANNER.exec(text)) {
    const groups = match.groups ?? {};
    const group = GROUP_NAMES.find((name) => groups[name] !== undefined) ?? 'private_use';
    const kind: ProtectedSpanKind = KIND_OF_GROUP[group] ?? (group.replace('_', '-') as ProtectedSpanKind);
    let spanText = match[0];
    if (kind === 'url') {
      spanText = trimUrl(spanText);
      SCANNER.lastIndex = match.index + spanText.length;
      if (spanText.length < 8) continue;
    }
    // <keep> markers go wherever they are (a quotation may hold some), except in code, which is literal.
    const output =
      kind === 'keep' ? spanText.slice('<keep>'.length, -'</keep>'.length)
      : kind === 'fence' || kind === 'code' ? spanText
      : spanText.replace(KEEP_MARKERS, '$1');
    spans.push({ kind, start: match.index, end: match.index + spanText.length, text: spanText, output });
  }
  return spans;
}

/** The number of protected spans in a text. */
export function countProtectedSpans(text: string): number {
  return findProtectedSpans(text).length;
}

/** The text with the <keep> markers removed (code aside), nothing else changed. */
export function removeKeepMarkers(text: string): string {
  let out = '';
  let at = 0;
  for (const span of findProtectedSpans(text)) {
    if (span.output === span.text) continue;
    out += text.slice(at, span.start) + span.output;
    at = span.end;
  }
  return out + text.slice(at);
}
