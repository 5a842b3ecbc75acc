/**
 * Character classes the pre-tokenizers need, per code point, computed once and cached in a table.
 * `\s` follows Unicode White_Space (as tiktoken's Rust regex does), not JavaScript's `\s`.
 */
export const LETTER = 1; // \p{L}
export const NUMBER = 2; // \p{N}
export const SPACE = 4; // \p{White_Space}
export const UPPERISH = 8; // [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}] (o200k)
export const LOWERISH = 16; // [\p{Ll}\p{Lm}\p{Lo}\p{M}] (o200k)
export const NEWLINE = 32; // \r or \n
const COMPUTED = 128;

const isLetter = /^\p{L}$/u;
const isNumber = /^\p{N}$/u;
const isSpace = /^\p{White_Space}$/u;
const isUpperish = /^[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]$/u;
const isLowerish = /^[\p{Ll}\p{Lm}\p{Lo}\p{M}]$/u;

function computeClass(codePoint: number): number {
  const ch = String.fromCodePoint(codePoint);
  let bits = COMPUTED;
  if (isLetter.test(ch)) bits |= LETTER;
  if (isNumber.test(ch)) bits |= NUMBER;
  if (isSpace.test(ch)) bits |= SPACE;
  if (isUpperish.test(ch)) bits |= UPPERISH;
  if (isLowerish.test(ch)) bits |= LOWERISH;
  if (codePoint === 10 || codePoint === 13) bits |= NEWLINE;
  return bits;
}

const bmp = new Uint8Array(0x10000);
for (let cp = 0; cp < 128; cp++) bmp[cp] = computeClass(cp);
const astral = new Map<number, number>();

/** Class bits of a code point. */
export function classOf(codePoint: number): number {
  if (codePoint < 0x10000) {
    const bits = bmp[codePoint]!;
    if (bits !== 0) return bits;
    const computed = computeClass(codePoint);
    bmp[codePoint] = computed;
    return computed;
  }
  let bits = astral.get(codePoint);
  if (bits === undefined) {
    bits = computeClass(codePoint);
    astral.set(codePoint, bits);
  }
  return bits;
}

/** Code point at index i of a UTF-16 string (a lone surrogate stands for itself). */
export function codePointAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
  }
  return c;
}

/** UTF-16 length of the code point at i. */
export function widthAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return 2;
  }
  return 1;
}

/** Class bits of the character starting at index i (0 past the end). */
export function classAt(text: string, i: number): number {
  if (i >= text.length) return 0;
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdfff) {
    const bits = bmp[c]!;
    return bits !== 0 ? bits : classOf(c);
  }
  return classOf(codePointAt(text, i));
}
