/**
 * Hand-written pre-tokenizers, one per regex family, equivalent to the regexes they name (property
 * tests check that against the regex itself) but linear on any input: a long run of spaces is scanned
 * once, where a backtracking regex engine rescans it from every start.
 *
 * A scanner takes the text and a start index and returns where the piece ends. It also records in
 * `scanReach.far` one past the furthest index it examined, so an incremental counter knows which pieces
 * an edit can change.
 */
import { LETTER, LOWERISH, NEWLINE, NUMBER, SPACE, UPPERISH, classAt, widthAt } from './char-class.ts';

export type PieceScanner = (text: string, start: number) => number;

/** One past the furthest index the last scanner call examined. */
export const scanReach = { far: 0 };

const APOSTROPHE = 39;

/** Length of a contraction suffix (`s`, `t`, `re`, `ve`, `m`, `ll`, `d`) at i (after the apostrophe), or 0. */
function contractionAt(text: string, i: number, caseInsensitive: boolean): number {
  let c = text.charCodeAt(i);
  if (Number.isNaN(c)) return 0;
  if (caseInsensitive) {
    if (c >= 65 && c <= 90) c += 32;
    else if (c === 0x17f) c = 115; // ſ folds to s under Unicode case-insensitivity
  }
  if (c === 115 || c === 116 || c === 109 || c === 100) return 1; // s t m d
  let d = text.charCodeAt(i + 1);
  if (caseInsensitive && d >= 65 && d <= 90) d += 32;
  if ((c === 114 || c === 118) && d === 101) return 2; // re ve
  if (c === 108 && d === 108) return 2; // ll
  return 0;
}

function runOf(text: string, i: number, mask: number): number {
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      if ((classAt(text, i) & mask) === 0) return i;
      i++;
    } else {
      if ((classAt(text, i) & mask) === 0) return i;
      i += widthAt(text, i);
    }
  }
  return i;
}

function runOfOther(text: string, i: number): number {
  const n = text.length;
  while (i < n && (classAt(text, i) & (SPACE | LETTER | NUMBER)) === 0) i += widthAt(text, i);
  return i;
}

function runOfChars(text: string, i: number, a: number, b: number, c: number): number {
  const n = text.length;
  while (i < n) {
    const x = text.charCodeAt(i);
    if (x !== a && x !== b && x !== c) break;
    i++;
  }
  return i;
}

function isOther(bits: number): boolean {
  return bits !== 0 && (bits & (SPACE | LETTER | NUMBER)) === 0;
}

/**
 * The whitespace branches shared by every family: `\s*[\r\n]+` (when `withNewlineBranch`),
 * then `\s+(?!\S)`, then `\s+`.
 */
function whitespace(text: string, i: number, withNewlineBranch: boolean): number {
  const n = text.length;
  let j = i;
  let lastNewline = -1;
  while (j < n) {
    const bits = classAt(text, j);
    if ((bits & SPACE) === 0) break;
    if (bits & NEWLINE) lastNewline = j;
    j++; // every White_Space code point is in the BMP
  }
  scanReach.far = j + 1;
  if (withNewlineBranch && lastNewline >= 0) return lastNewline + 1;
  if (j >= n) return j;
  if (j - 1 > i) return j - 1;
  return j;
}

/**
 * cl100k_base, and Llama 3 and Qwen 2 which share its pattern:
 * `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`
 */
export function makeCl100kScanner(maxDigits: number): PieceScanner {
  return (text, i) => {
    const c = text.charCodeAt(i);
    if (c === APOSTROPHE) {
      const len = contractionAt(text, i + 1, true);
      if (len > 0) {
        scanReach.far = i + 4;
        return i + 1 + len;
      }
    }
    const bits = classAt(text, i);
    const w = widthAt(text, i);
    if (bits & LETTER) {
      const e = runOf(text, i + w, LETTER);
      scanReach.far = Math.max(e + 1, i + 4);
      return e;
    }
    const next = classAt(text, i + w);
    if ((bits & (NEWLINE | NUMBER)) === 0 && next & LETTER) {
      const e = runOf(text, i + w, LETTER);
      scanReach.far = Math.max(e + 1, i + 4);
      return e;
    }
    if (bits & NUMBER) {
      let e = i + w;
      let digits = 1;
      while (digits < maxDigits && classAt(text, e) & NUMBER) {
        e += widthAt(text, e);
        digits++;
      }
      scanReach.far = Math.max(e + 1, i + 4);
      return e;
    }
    if (isOther(bits) || (c === 32 && isOther(next))) {
      const e = runOfChars(text, runOfOther(text, c === 32 ? i + 1 : i), 13, 10, 10);
      scanReach.far = Math.max(e + 1, i + 4);
      return e;
    }
    return whitespace(text, i, true);
  };
}

/** Returns where `[UP]*[LO]+` matching from s ends, or -1 (o200k's first letter branch). */
function upperThenLower(text: string, s: number): number {
  const u = runOf(text, s, UPPERISH);
  const after = classAt(text, u);
  if (after & LOWERISH) {
    const e = runOf(text, u, LOWERISH);
    scanReach.far = Math.max(scanReach.far, e + 1);
    return e;
  }
  scanReach.far = Math.max(scanReach.far, u + 1);
  // Backtrack [UP]* to the last character in [s, u) that is also lowerish (Lm, Lo, M).
  let k = u;
  while (k > s) {
    let p = k - 1;
    const low = text.charCodeAt(p);
    if (low >= 0xdc00 && low <= 0xdfff && p > s) {
      const high = text.charCodeAt(p - 1);
      if (high >= 0xd800 && high <= 0xdbff) p--;
    }
    if (classAt(text, p) & LOWERISH) return k;
    k = p;
  }
  return -1;
}

/** Returns where `[UP]+[LO]*` matching from s ends, or -1 (o200k's second letter branch). */
function upperRun(text: string, s: number): number {
  const u = runOf(text, s, UPPERISH);
  if (u === s) {
    scanReach.far = Math.max(scanReach.far, s + 1);
    return -1;
  }
  const e = runOf(text, u, LOWERISH);
  scanReach.far = Math.max(scanReach.far, e + 1);
  return e;
}

function withContraction(text: string, e: number): number {
  scanReach.far = Math.max(scanReach.far, e + 4);
  if (text.charCodeAt(e) !== APOSTROPHE) return e;
  const len = contractionAt(text, e + 1, true);
  return len > 0 ? e + 1 + len : e;
}

/**
 * o200k_base:
 * `[^\r\n\p{L}\p{N}]?[UP]*[LO]+(?i:'s|…)?|[^\r\n\p{L}\p{N}]?[UP]+[LO]*(?i:'s|…)?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+`
 * with UP = [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}] and LO = [\p{Ll}\p{Lm}\p{Lo}\p{M}].
 */
export const scanO200k: PieceScanner = (text, i) => {
  const c = text.charCodeAt(i);
  const bits = classAt(text, i);
  const w = widthAt(text, i);
  scanReach.far = i + 1;
  const prefixOk = (bits & (NEWLINE | LETTER | NUMBER)) === 0;
  if (bits & (UPPERISH | LOWERISH) || prefixOk) {
    let e = prefixOk ? upperThenLower(text, i + w) : -1;
    if (e < 0) e = upperThenLower(text, i);
    if (e < 0 && prefixOk) e = upperRun(text, i + w);
    if (e < 0) e = upperRun(text, i);
    if (e >= 0) return withContraction(text, e);
  }
  if (bits & NUMBER) {
    let e = i + w;
    let digits = 1;
    while (digits < 3 && classAt(text, e) & NUMBER) {
      e += widthAt(text, e);
      digits++;
    }
    scanReach.far = Math.max(scanReach.far, e + 1);
    return e;
  }
  if (isOther(bits) || (c === 32 && isOther(classAt(text, i + 1)))) {
    const e = runOfChars(text, runOfOther(text, c === 32 ? i + 1 : i), 13, 10, 47);
    scanReach.far = Math.max(scanReach.far, e + 1);
    return e;
  }
  const far = scanReach.far;
  const e = whitespace(text, i, true);
  scanReach.far = Math.max(far, scanReach.far);
  return e;
};

/** r50k_base and p50k_base (GPT-2): `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+` */
export const scanR50k: PieceScanner = (text, i) => {
  const c = text.charCodeAt(i);
  if (c === APOSTROPHE) {
    const len = contractionAt(text, i + 1, false);
    if (len > 0) {
      scanReach.far = i + 4;
      return i + 1 + len;
    }
  }
  const bits = classAt(text, i);
  const from = c === 32 ? i + 1 : i;
  const head = c === 32 ? classAt(text, i + 1) : bits;
  let e = -1;
  if (head & LETTER) e = runOf(text, from, LETTER);
  else if (head & NUMBER) e = runOf(text, from, NUMBER);
  else if (isOther(head)) e = runOfOther(text, from);
  if (e >= 0) {
    scanReach.far = Math.max(e + 1, i + 4);
    return e;
  }
  return whitespace(text, i, false);
};
