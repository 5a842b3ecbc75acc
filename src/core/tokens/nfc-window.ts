/**
 * Keeping a text in NFC under edits without normalizing all of it: an edit is widened to the nearest
 * characters on each side where NFC never joins a character with what precedes it, and only that
 * window is normalized.
 *
 * The characters chosen as boundaries are starters (canonical combining class 0) with NFC_Quick_Check
 * = Yes, so they never compose with a preceding character and canonical reordering stops at them:
 * NFC(x + y) = NFC(x) + NFC(y) whenever y starts with one, and a prefix or suffix of an NFC text cut
 * at one is itself NFC. The set is deliberately small (ASCII, kana, CJK ideographs, Hangul
 * syllables); another character only makes the window wider.
 */

/** What the widening reads of the current (NFC) text. */
export interface TextSource {
  readonly length: number;
  charCodeAt(index: number): number;
  slice(start: number, end: number): string;
}

export interface Edit {
  from: number;
  to: number;
  insert: string;
}

/** True for a UTF-16 unit that is a whole character NFC never joins to anything before it. */
export function isNfcBoundary(c: number): boolean {
  return (
    c < 0x80 ||
    (c >= 0x3041 && c <= 0x3096) || // hiragana (not the combining sound marks U+3099, U+309A)
    (c >= 0x30a1 && c <= 0x30fa) || // katakana
    (c >= 0x4e00 && c <= 0x9fff) || // CJK unified ideographs
    (c >= 0xac00 && c <= 0xd7a3) // Hangul syllables
  );
}

/**
 * The edit that turns the NFC text `text` into NFC(text with `edit` applied): `edit` itself when the
 * result is already NFC, else the edit widened to boundaries on both sides with its window normalized.
 */
export function normalizedEdit(text: TextSource, edit: Edit, normalize: (s: string) => string): Edit {
  const { from, to, insert } = edit;
  let start = from - 1;
  while (start > 0 && !isNfcBoundary(text.charCodeAt(start))) start--;
  if (start < 0) start = 0;
  let end = to;
  while (end < text.length && !isNfcBoundary(text.charCodeAt(end))) end++;
  const window = text.slice(start, from) + insert + text.slice(to, end);
  const normalized = normalize(window);
  return normalized === window ? edit : { from: start, to: end, insert: normalized };
}
