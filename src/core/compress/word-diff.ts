/**
 * Word-level diff of an original and a compressed prompt (character-level in CJK runs): tokens are
 * words, whitespace runs, single punctuation characters and single CJK characters (text-units.ts).
 *
 * Myers' O(ND) algorithm on token ids, made fast on long prompts the way patience diff does it: strip
 * the common prefix and suffix, anchor on tokens that occur exactly once in both sides (in longest
 * increasing order), and run Myers only on the gaps between anchors. A gap whose edit distance passes
 * MAX_EDITS (only pathological, repetitive inputs) becomes one delete plus one insert: still a correct
 * diff, just not a minimal one. The ops always rebuild both texts.
 */
import { splitTokens } from './text-units.ts';

export type DiffOpKind = 'equal' | 'delete' | 'insert';

export interface DiffOp {
  op: DiffOpKind;
  text: string;
}

const MAX_EDITS = 2_000;

type Emit = (op: DiffOpKind, from: number, to: number) => void;

/**
 * Myers' greedy forward search with a trace for the path; false when the distance passes maxD.
 * Round d reads and writes diagonals -d-1 … d+1 only, so the trace keeps that window of V per round
 * (O(D²) memory rather than O(D · (n + m))); diagonals outside it are still 0 at that round.
 */
function myers(a: Int32Array, a0: number, a1: number, b: Int32Array, b0: number, b1: number, maxD: number, emit: Emit): boolean {
  const n = a1 - a0;
  const m = b1 - b0;
  const max = Math.min(n + m, maxD);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && (v[offset + k - 1] as number) < (v[offset + k + 1] as number)) ? (v[offset + k + 1] as number) : (v[offset + k - 1] as number) + 1;
      let y = x - k;
      while (x < n && y < m && a[a0 + x] === b[b0 + y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  if (found < 0) return false;
  const ops: [DiffOpKind, number][] = [];
  let x = n;
  let y = m;
  for (let d = found; d >= 0; d--) {
    // The window of round d: diagonal k is at index k + d + 1.
    const w = trace[d] as Int32Array;
    const at = d + 1;
    const k = x - y;
    const prevK = k === -d || (k !== d && (w[at + k - 1] as number) < (w[at + k + 1] as number)) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : (w[at + prevK] as number);
    const prevY = d === 0 ? 0 : prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push(['equal', --x]);
      y--;
    }
    if (d > 0) ops.push(x === prevX ? ['insert', --y] : ['delete', --x]);
    x = prevX;
    y = prevY;
  }
  for (let i = ops.length - 1; i >= 0; i--) {
    const [op, at] = ops[i] as [DiffOpKind, number];
    const base = op === 'insert' ? b0 : a0;
    emit(op, base + at, base + at + 1);
  }
  return true;
}

/** Per token id: where it occurs in a range (NONE: not seen, TWICE: more than once). Reset after use. */
interface Positions {
  inA: Int32Array;
  inB: Int32Array;
}
const NONE = -2;
const TWICE = -1;

function positions(tokens: number): Positions {
  return { inA: new Int32Array(tokens).fill(NONE), inB: new Int32Array(tokens).fill(NONE) };
}

/** Anchors: [aIndex, bIndex] of tokens unique in both ranges, longest increasing in both. */
function uniqueAnchors(a: Int32Array, a0: number, a1: number, b: Int32Array, b0: number, b1: number, { inA, inB }: Positions): [number, number][] {
  for (let i = a0; i < a1; i++) {
    const t = a[i] as number;
    inA[t] = inA[t] === NONE ? i : TWICE;
  }
  for (let j = b0; j < b1; j++) {
    const t = b[j] as number;
    inB[t] = inB[t] === NONE ? j : TWICE;
  }
  // In a's order, so already sorted by the a index.
  const pairs: [number, number][] = [];
  for (let i = a0; i < a1; i++) {
    const j = inB[a[i] as number] as number;
    if (inA[a[i] as number] === i && j >= 0) pairs.push([i, j]);
  }
  for (let i = a0; i < a1; i++) inA[a[i] as number] = NONE;
  for (let j = b0; j < b1; j++) inB[b[j] as number] = NONE;
  // Longest increasing subsequence of the b indices (patience sorting with back links).
  const tails: number[] = [];
  const back = new Int32Array(pairs.length).fill(-1);
  for (let p = 0; p < pairs.length; p++) {
    const j = (pairs[p] as [number, number])[1];
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((pairs[tails[mid] as number] as [number, number])[1] < j) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) back[p] = tails[lo - 1] as number;
    tails[lo] = p;
  }
  const anchors: [number, number][] = [];
  for (let p = tails[tails.length - 1] ?? -1; p >= 0; p = back[p] as number) anchors.push(pairs[p] as [number, number]);
  return anchors.reverse();
}

type Work = { kind: 'range'; a0: number; a1: number; b0: number; b1: number } | { kind: 'equal'; a0: number; a1: number };

function diffIds(a: Int32Array, b: Int32Array, tokens: number, emit: Emit): void {
  let scratch: Positions | undefined;
  const stack: Work[] = [{ kind: 'range', a0: 0, a1: a.length, b0: 0, b1: b.length }];
  while (stack.length > 0) {
    const work = stack.pop() as Work;
    if (work.kind === 'equal') {
      emit('equal', work.a0, work.a1);
      continue;
    }
    let { a0, a1, b0, b1 } = work;
    const start = a0;
    while (a0 < a1 && b0 < b1 && a[a0] === b[b0]) {
      a0++;
      b0++;
    }
    let suffix = 0;
    while (a1 > a0 && b1 > b0 && a[a1 - 1] === b[b1 - 1]) {
      a1--;
      b1--;
      suffix++;
    }
    if (a0 > start) emit('equal', start, a0);
    if (suffix > 0) stack.push({ kind: 'equal', a0: a1, a1: a1 + suffix });
    if (a0 === a1 || b0 === b1) {
      if (a0 < a1) emit('delete', a0, a1);
      if (b0 < b1) emit('insert', b0, b1);
      continue;
    }
    const anchors = (a1 - a0) + (b1 - b0) > 64 ? uniqueAnchors(a, a0, a1, b, b0, b1, (scratch ??= positions(tokens))) : [];
    if (anchors.length > 0) {
      const parts: Work[] = [];
      let [ai, bi] = [a0, b0];
      for (const [i, j] of anchors) {
        parts.push({ kind: 'range', a0: ai, a1: i, b0: bi, b1: j }, { kind: 'equal', a0: i, a1: i + 1 });
        [ai, bi] = [i + 1, j + 1];
      }
      parts.push({ kind: 'range', a0: ai, a1, b0: bi, b1 });
      for (let p = parts.length - 1; p >= 0; p--) stack.push(parts[p] as Work);
      continue;
    }
    if (!myers(a, a0, a1, b, b0, b1, MAX_EDITS, emit)) {
      emit('delete', a0, a1);
      emit('insert', b0, b1);
    }
  }
}

/** The word-level diff of two texts as merged ops: equal+delete rebuild `original`, equal+insert `compressed`. */
export function wordDiff(original: string, compressed: string): DiffOp[] {
  const aTokens = splitTokens(original);
  const bTokens = splitTokens(compressed);
  const ids = new Map<string, number>();
  const intern = (tokens: string[]) => Int32Array.from(tokens, (t) => {
    let id = ids.get(t);
    if (id === undefined) ids.set(t, (id = ids.size));
    return id;
  });
  const a = intern(aTokens);
  const b = intern(bTokens);
  const ops: DiffOp[] = [];
  const pieces: string[] = [];
  let kind: DiffOpKind | undefined;
  const flush = () => {
    if (kind !== undefined && pieces.length > 0) ops.push({ op: kind, text: pieces.join('') });
    pieces.length = 0;
  };
  diffIds(a, b, ids.size, (op, from, to) => {
    if (op !== kind) {
      flush();
      kind = op;
    }
    const source = op === 'insert' ? bTokens : aTokens;
    for (let i = from; i < to; i++) pieces.push(source[i] as string);
  });
  flush();
  return foldSpaces(ops);
}

/**
 * Readability: a whitespace-only equal after a replacement joins it to the next change
 * ("[-Please-]{+Answer+} [-answer -]" becomes "[-Please answer -]{+Answer +}"); each change region is
 * then one delete followed by one insert.
 */
function foldSpaces(ops: readonly DiffOp[]): DiffOp[] {
  const out: DiffOp[] = [];
  let deleted = '';
  let inserted = '';
  const close = () => {
    if (deleted !== '') out.push({ op: 'delete', text: deleted });
    if (inserted !== '') out.push({ op: 'insert', text: inserted });
    deleted = inserted = '';
  };
  ops.forEach((op, i) => {
    const between = op.op === 'equal' && deleted !== '' && inserted !== '' && /^\s+$/.test(op.text) && ops[i + 1] !== undefined;
    if (op.op === 'equal' && !between) {
      close();
      out.push(op);
      return;
    }
    if (op.op !== 'insert') deleted += op.text;
    if (op.op !== 'delete') inserted += op.text;
  });
  close();
  return out;
}

const ANSI = { red: '\u001b[31m', strike: '\u001b[9m', green: '\u001b[32m', reset: '\u001b[0m' };

/** The diff for a terminal: deletions as [-…-] (or red struck-through), insertions as {+…+} (or green). */
export function renderDiff(ops: readonly DiffOp[], options: { color: boolean }): string {
  return ops
    .map(({ op, text }) => {
      if (op === 'equal') return text;
      if (!options.color) return op === 'delete' ? `[-${text}-]` : `{+${text}+}`;
      return op === 'delete' ? `${ANSI.red}${ANSI.strike}${text}${ANSI.reset}` : `${ANSI.green}${text}${ANSI.reset}`;
    })
    .join('');
}
