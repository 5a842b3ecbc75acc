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
 * neighbour. Heap entries carry the versions of both nodes so stale entries are skipped when popped.
 */
function countLong(bytes: string, rank: PairRank): number {
  const n = bytes.length;
  const end = new Int32Array(n);
  const prev = new Int32Array(n);
  const version = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    end[i] = i + 1;
    prev[i] = i - 1;
  }
  const heap = new PairHeap(n);
  for (let i = 0; i < n - 1; i++) {
    const r = rank(bytes, i, i + 1, i + 2);
    if (r !== NO_MERGE) heap.add(r, i, 0, 0);
  }
  heap.heapify();
  let tokens = n;
  while (heap.size > 0) {
    const left = heap.topLeft();
    const leftVersion = heap.topLeftVersion();
    const rightVersion = heap.topRightVersion();
    heap.pop();
    if (version[left]! !== leftVersion || version[left]! < 0) continue;
    const right = end[left]!;
    if (right >= n || version[right]! !== rightVersion) continue;
    // Merge right into left.
    end[left] = end[right]!;
    version[right] = -1;
    version[left] = version[left]! + 1;
    if (end[left]! < n) prev[end[left]!] = left;
    tokens--;
    const before = prev[left]!;
    if (before >= 0) {
      const r = rank(bytes, before, left, end[left]!);
      if (r !== NO_MERGE) heap.push(r, before, version[before]!, version[left]!);
    }
    const after = end[left]!;
    if (after < n) {
      const r = rank(bytes, left, after, end[after]!);
      if (r !== NO_MERGE) heap.push(r, left, version[left]!, version[after]!);
    }
  }
  return tokens;
}

/** A binary min-heap ordered by (rank, left position) over parallel typed arrays. */
class PairHeap {
  private keys: Float64Array;
  private lefts: Int32Array;
  private leftVersions: Int32Array;
  private rightVersions: Int32Array;
  size = 0;

  constructor(capacity: number) {
    const cap = Math.max(16, capacity);
    this.keys = new Float64Array(cap);
    this.lefts = new Int32Array(cap);
    this.leftVersions = new Int32Array(cap);
    this.rightVersions = new Int32Array(cap);
  }

  topLeft(): number {
    return this.lefts[0]!;
  }

  topLeftVersion(): number {
    return this.leftVersions[0]!;
  }

  topRightVersion(): number {
    return this.rightVersions[0]!;
  }

  /** Appends without ordering; call heapify() before the first pop. */
  add(rank: number, left: number, leftVersion: number, rightVersion: number): void {
    if (this.size === this.keys.length) this.grow();
    const i = this.size++;
    this.keys[i] = rank * 16777216 * 4 + left;
    this.lefts[i] = left;
    this.leftVersions[i] = leftVersion;
    this.rightVersions[i] = rightVersion;
  }

  heapify(): void {
    for (let i = (this.size >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  push(rank: number, left: number, leftVersion: number, rightVersion: number): void {
    this.add(rank, left, leftVersion, rightVersion);
    this.siftUp(this.size - 1);
  }

  pop(): void {
    const last = --this.size;
    if (last > 0) {
      this.move(last, 0);
      this.siftDown(0);
    }
  }

  private move(from: number, to: number): void {
    this.keys[to] = this.keys[from]!;
    this.lefts[to] = this.lefts[from]!;
    this.leftVersions[to] = this.leftVersions[from]!;
    this.rightVersions[to] = this.rightVersions[from]!;
  }

  private siftUp(i: number): void {
    const key = this.keys[i]!;
    const left = this.lefts[i]!;
    const lv = this.leftVersions[i]!;
    const rv = this.rightVersions[i]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.keys[parent]! <= key) break;
      this.move(parent, i);
      i = parent;
    }
    this.keys[i] = key;
    this.lefts[i] = left;
    this.leftVersions[i] = lv;
    this.rightVersions[i] = rv;
  }

  private siftDown(i: number): void {
    const size = this.size;
    const key = this.keys[i]!;
    const left = this.lefts[i]!;
    const lv = this.leftVersions[i]!;
    const rv = this.rightVersions[i]!;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      if (child + 1 < size && this.keys[child + 1]! < this.keys[child]!) child++;
      if (this.keys[child]! >= key) break;
      this.move(child, i);
      i = child;
    }
    this.keys[i] = key;
    this.lefts[i] = left;
    this.leftVersions[i] = lv;
    this.rightVersions[i] = rv;
  }

  private grow(): void {
    const cap = this.keys.length * 2;
    const keys = new Float64Array(cap);
    keys.set(this.keys);
    this.keys = keys;
    const lefts = new Int32Array(cap);
    lefts.set(this.lefts);
    this.lefts = lefts;
    const lvs = new Int32Array(cap);
    lvs.set(this.leftVersions);
    this.leftVersions = lvs;
    const rvs = new Int32Array(cap);
    rvs.set(this.rightVersions);
    this.rightVersions = rvs;
  }
}
