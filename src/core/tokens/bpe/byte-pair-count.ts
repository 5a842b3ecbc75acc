/**
 * Byte-pair merging, counting only. A piece is a "byte string": a JS string whose char codes are the
 * piece's UTF-8 bytes (0–255). Merging always takes the lowest-ranked adjacent pair, leftmost first —
 * tiktoken's rule, and Hugging Face's BPE's too.
 *
 * Short pieces use the simple quadratic scan tiktoken uses; long ones (a 1 MB run of one character) use
 * a linked list and a binary heap, O(n log n), so no input can make counting hang.
 */

/** Rank of merging bytes [a, m) with [m, b), or NO_MERGE. */
export type PairRank = (bytes: string, a: number, m: number, b: number) => number;

export const NO_MERGE = 0x7fffffff;

const SHORT_PIECE = 48;

/** Number of tokens the piece splits into. */
export function countByteMerges(bytes: string, rank: PairRank): number {
  const n = bytes.length;
  if (n <= 1) return n;
  return n <= SHORT_PIECE ? countShort(bytes, rank) : countLong(bytes, rank);
}

const starts = new Int32Array(SHORT_PIECE + 2);
const ranks = new Int32Array(SHORT_PIECE + 2);

function countShort(bytes: string, rank: PairRank): number {
  const n = bytes.length;
  let parts = n + 1; // boundaries 0..n
  for (let i = 0; i <= n; i++) starts[i] = i;
  for (let i = 0; i < n - 1; i++) ranks[i] = rank(bytes, i, i + 1, i + 2);
  ranks[n - 1] = NO_MERGE;
  for (;;) {
    let best = NO_MERGE;
    let at = -1;
    for (let i = 0; i < parts - 2; i++) {
      const r = ranks[i]!;
      if (r < best) {
        best = r;
        at = i;
      }
    }
    if (at < 0) break;
    // Remove boundary at+1: parts at and at+1 become one.
    for (let i = at + 1; i < parts - 1; i++) {
      starts[i] = starts[i + 1]!;
      ranks[i] = ranks[i + 1]!;
    }
    parts--;
    ranks[at] = at + 2 < parts ? rank(bytes, starts[at]!, starts[at + 1]!, starts[at + 2]!) : NO_MERGE;
    if (at > 0) ranks[at - 1] = rank(bytes, starts[at - 1]!, starts[at]!, starts[at + 1]!);
  }
  return parts - 1;
}

/**
 * Heap-driven merging for long pieces. Node i starts at byte i; `end[i]` grows as it absorbs its right
 * neighbour, and `pairRank[i]` is the rank of the pair node i currently starts. A heap entry packs
 * (rank, left node) into one float; it is stale when its rank no longer matches `pairRank[left]`.
 */
const POSITION_SPAN = 67_108_864; // 2^26 bytes per piece at most

function countLong(bytes: string, rank: PairRank): number {
  const n = bytes.length;
  const end = new Int32Array(n);
  const prev = new Int32Array(n);
  const pairRank = new Int32Array(n);
  const dead = new Uint8Array(n);
  const heap = new KeyHeap(n);
  for (let i = 0; i < n; i++) {
    end[i] = i + 1;
    prev[i] = i - 1;
    const r = i + 1 < n ? rank(bytes, i, i + 1, i + 2) : NO_MERGE;
    pairRank[i] = r;
    if (r !== NO_MERGE) heap.add(r * POSITION_SPAN + i);
  }
  heap.heapify();
  let tokens = n;
  while (heap.size > 0) {
    const key = heap.pop();
    const r = Math.floor(key / POSITION_SPAN);
    const left = key - r * POSITION_SPAN;
    if (dead[left] === 1 || pairRank[left] !== r) continue;
    const right = end[left]!;
    const after = end[right]!;
    end[left] = after;
    dead[right] = 1;
    tokens--;
    if (after < n) prev[after] = left;
    const before = prev[left]!;
    if (before >= 0) {
      const rb = rank(bytes, before, left, after);
      pairRank[before] = rb;
      if (rb !== NO_MERGE) heap.push(rb * POSITION_SPAN + before);
    }
    if (after < n) {
      const ra = rank(bytes, left, after, end[after]!);
      pairRank[left] = ra;
      if (ra !== NO_MERGE) heap.push(ra * POSITION_SPAN + left);
    } else {
      pairRank[left] = NO_MERGE;
    }
  }
  return tokens;
}

/** A binary min-heap of numbers in one growable Float64Array. */
class KeyHeap {
  private keys: Float64Array;
  size = 0;

  constructor(capacity: number) {
    this.keys = new Float64Array(Math.max(16, capacity));
  }

  /** Appends without ordering; call heapify() before the first pop. */
  add(key: number): void {
    if (this.size === this.keys.length) {
      const grown = new Float64Array(this.keys.length * 2);
      grown.set(this.keys);
      this.keys = grown;
    }
    this.keys[this.size++] = key;
  }

  heapify(): void {
    for (let i = (this.size >> 1) - 1; i >= 0; i--) this.siftDown(i, this.keys[i]!);
  }

  push(key: number): void {
    this.add(key);
    const keys = this.keys;
    let i = this.size - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent]! <= key) break;
      keys[i] = keys[parent]!;
      i = parent;
    }
    keys[i] = key;
  }

  pop(): number {
    const keys = this.keys;
    const top = keys[0]!;
    const last = --this.size;
    if (last > 0) this.siftDown(0, keys[last]!);
    return top;
  }

  private siftDown(i: number, key: number): void {
    const keys = this.keys;
    const size = this.size;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      if (child + 1 < size && keys[child + 1]! < keys[child]!) child++;
      if (keys[child]! >= key) break;
      keys[i] = keys[child]!;
      i = child;
    }
    keys[i] = key;
  }
}
