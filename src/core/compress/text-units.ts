/**
 * Splitting text into the units compression and diffs work on: words, single CJK characters,
 * whitespace runs, placeholders and single other characters. Concatenating the units gives the text back.
 */
import { PLACEHOLDER_SOURCE } from './masked-text.ts';

/** Han, Hiragana and Katakana: scripts written without spaces, handled one character at a time. */
export const CJK_CLASS = '[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}]';
const WORD_CHAR = `(?:(?!${CJK_CLASS})[\\p{L}\\p{N}\\p{M}_])`;
/** A word: letters, digits and marks of space-separated scripts, with inner apostrophes and hyphens (don't, e-mail). */
export const WORD_SOURCE = `${WORD_CHAR}+(?:['’\\-]${WORD_CHAR}+)*`;

export type UnitKind = 'span' | 'cjk' | 'word' | 'space' | 'other';

/** One unit at a given position: groups 1 span, 2 cjk, 3 word, 4 space, else other (one code point). */
const UNIT_AT = new RegExp(`(${PLACEHOLDER_SOURCE})|(${CJK_CLASS})|(${WORD_SOURCE})|(\\s+)|[^]`, 'uy');
const CJK_TEST = new RegExp(CJK_CLASS, 'u');

export interface Unit {
  kind: UnitKind;
  text: string;
}

/** ASCII character classes: 1 a word character, 2 whitespace (\s), 0 anything else. */
const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const char = String.fromCharCode(c);
  ASCII_CLASS[c] = /[A-Za-z0-9_]/.test(char) ? 1 : /\s/.test(char) ? 2 : 0;
}
const APOSTROPHE = 0x27;
const HYPHEN = 0x2d;

/**
 * Calls `emit` for each unit of the text, in order. Runs of ASCII word characters or whitespace, and
 * other ASCII characters, are classified by a table; a unit that starts outside ASCII, or a run that
 * may go on past ASCII (an accented letter, a Unicode space, don't, e-mail), is matched by the
 * regular expression from its start — so the units are exactly those of the expression alone, found
 * several times faster on mostly-ASCII text.
 */
function scanUnits(text: string, emit: (kind: UnitKind, start: number, end: number) => void): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      const cls = ASCII_CLASS[c] as number;
      if (cls === 0) {
        emit('other', i, i + 1);
        i++;
        continue;
      }
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d >= 128 || ASCII_CLASS[d] !== cls) break;
        j++;
      }
      const next = j < n ? text.charCodeAt(j) : -1;
      if (next < 128 && !(cls === 1 && (next === APOSTROPHE || next === HYPHEN))) {
        emit(cls === 1 ? 'word' : 'space', i, j);
        i = j;
        continue;
      }
    }
    UNIT_AT.lastIndex = i;
    const match = UNIT_AT.exec(text) as RegExpExecArray;
    const kind: UnitKind =
      match[1] !== undefined ? 'span'
      : match[2] !== undefined ? 'cjk'
      : match[3] !== undefined ? 'word'
      : match[4] !== undefined ? 'space'
      : 'other';
    emit(kind, i, (i = UNIT_AT.lastIndex));
  }
}

/** The units of a (masked or plain) text, in order. */
export function splitUnits(text: string): Unit[] {
  const units: Unit[] = [];
  scanUnits(text, (kind, start, end) => units.push({ kind, text: text.slice(start, end) }));
  return units;
}

/** The unit strings only (for diffs). */
export function splitTokens(text: string): string[] {
  const tokens: string[] = [];
  scanUnits(text, (_, start, end) => tokens.push(text.slice(start, end)));
  return tokens;
}

export function isCjk(char: string): boolean {
  return CJK_TEST.test(char);
}

/** True when the text has at least one CJK character. */
export function hasCjk(text: string): boolean {
  return CJK_TEST.test(text);
}
