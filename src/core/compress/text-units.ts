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

const UNIT = new RegExp(
  `(?<span>${PLACEHOLDER_SOURCE})|(?<cjk>${CJK_CLASS})|(?<word>${WORD_SOURCE})|(?<space>\\s+)|(?<other>[^])`,
  'gu',
);
const CJK_TEST = new RegExp(CJK_CLASS, 'u');

export interface Unit {
  kind: UnitKind;
  text: string;
}

/** The units of a (masked or plain) text, in order. */
export function splitUnits(text: string): Unit[] {
  const units: Unit[] = [];
  for (const match of text.matchAll(UNIT)) {
    const groups = match.groups ?? {};
    const kind: UnitKind =
      groups['span'] !== undefined ? 'span'
      : groups['cjk'] !== undefined ? 'cjk'
      : groups['word'] !== undefined ? 'word'
      : groups['space'] !== undefined ? 'space'
      : 'other';
    units.push({ kind, text: match[0] });
  }
  return units;
}

/** The unit strings only (for diffs). */
export function splitTokens(text: string): string[] {
  return text.match(UNIT) ?? [];
}

export function isCjk(char: string): boolean {
  return CJK_TEST.test(char);
}

/** True when the text has at least one CJK character. */
export function hasCjk(text: string): boolean {
  return CJK_TEST.test(text);
}
