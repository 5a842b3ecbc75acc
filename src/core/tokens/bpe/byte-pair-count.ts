/**
 * Byte-pair merging, counting only. A piece is a "byte string": a JS string whose char codes are the
 * piece's UTF-8 bytes (0–255). Merging always takes the lowest-ranked adjacent pair, leftmost first —
 * tiktoken's rule, and Hugging Face's BPE's too.
 *
 * Short pieces use the simple quadratic scan tiktoken uses; long ones (a 1 MB run of one character) use
 * a linked list and a rank queue, O(n log n) at worst, so no input can make counting hang.
 */
import { RankQueue } from './rank-queue.ts';

/**
 * Rank of merging bytes [a, m) with [m, b), or NO_MERGE. A rank must tell the merged bytes: pairs with
 * the same rank join into the same bytes (true of a token's rank and of a merge list's position), so
 * long pieces can remember ranks by what the two parts are rather than by where they are.
 */
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
 * Queue-driven merging for long pieces. Node i starts at byte i; `end[i]` grows as it absorbs its right
 * neighbour. Ranks are named by the queue's bucket ids, and `pair[i]` is the bucket of the pair node i
 * currently starts (NONE for none, or when node i is gone): a queue entry is stale when its bucket no
 * longer matches, and is skipped. `part[i]` names node i's bytes: the byte itself, or 256 + the bucket of
 * the merge that made it (a rank tells the merged bytes), so the rank callback runs once per distinct
 * pair of parts, not once per pair. Each merge pushes at most two entries, so the work stays
 * O(n log n) at worst. One queue, memo and set of work arrays serve every call (counting never nests).
 */
const NONE = -1;
/** Work arrays for pieces up to this long are kept for the next piece. */
const KEEP_LENGTH = 1 << 16;

const queue = new RankQueue();
let kept = new Int32Array(0);

function countLong(bytes: string, rank: PairRank): number {
  const n = bytes.length;
  if (kept.length < 4 * n && n <= KEEP_LENGTH) kept = new Int32Array(4 * Math.min(KEEP_LENGTH, Math.max(1024, 2 * n)));
  const work = n <= KEEP_LENGTH ? kept : new Int32Array(4 * n);
  const end = work.subarray(0, n);
  const prev = work.subarray(n, 2 * n);
  const pair = work.subarray(2 * n, 3 * n);
  const part = work.subarray(3 * n, 4 * n);
  queue.reset();
  memo.start(bytes, rank);
  for (let i = 0; i < n; i++) {
    end[i] = i + 1;
    prev[i] = i - 1;
    part[i] = bytes.charCodeAt(i);
  }
  for (let i = 0; i + 1 < n; i++) {
    const id = memo.bucket(part[i]!, part[i + 1]!, i, i + 1, i + 2);
    pair[i] = id;
    if (id !== NONE) queue.push(id, i);
  }
  pair[n - 1] = NONE;
  let tokens = n;
  while (!queue.isEmpty) {
    const left = queue.pop();
    const id = queue.popped;
    if (pair[left] !== id) continue;
    const right = end[left]!;
    const after = end[right]!;
    end[left] = after;
    pair[right] = NONE;
    const merged = 256 + id;
    part[left] = merged;
    tokens--;
    const before = prev[left]!;
    if (before >= 0) {
      const idBefore = memo.bucket(part[before]!, merged, before, left, after);
      pair[before] = idBefore;
      if (idBefore !== NONE) queue.push(idBefore, before);
    }
    if (after < n) {
      prev[after] = left;
      const idAfter = memo.bucket(merged, part[after]!, left, after, end[after]!);
      pair[left] = idAfter;
      if (idAfter !== NONE) queue.push(idAfter, left);
    } else {
      pair[left] = NONE;
    }
  }
  memo.finish();
  return tokens;
}

/**
 * (left part, right part) → bucket of their pair's rank, or NONE: an open-addressing table of
 * [round, left, right, bucket] slots, where slots of earlier rounds (pieces) count as empty.
 */
class PairMemo {
  private slots = new Int32Array(4 * 1024);
  private mask = 1023;
  private used = 0;
  private round = 0;
  private bytes = '';
  private rank: PairRank = () => NO_MERGE;

  start(bytes: string, rank: PairRank): void {
    this.bytes = bytes;
    this.rank = rank;
    this.used = 0;
    if (++this.round === 0x7fffffff) {
      this.slots.fill(0);
      this.round = 1;
    }
  }

  finish(): void {
    this.bytes = '';
    if (this.mask > 0xffff) {
      this.slots = new Int32Array(4 * 1024);
      this.mask = 1023;
      this.round = 0;
    }
  }

  /** Bucket of the pair of parts `left` = bytes [a, m) and `right` = bytes [m, b). */
  bucket(left: number, right: number, a: number, m: number, b: number): number {
    const slots = this.slots;
    let i = slot(left, right, this.mask);
    while (slots[i] === this.round) {
      if (slots[i + 1] === left && slots[i + 2] === right) return slots[i + 3]!;
      i = (i + 4) & (4 * this.mask + 3);
    }
    const r = this.rank(this.bytes, a, m, b);
    const id = r === NO_MERGE ? NONE : queue.bucketOf(r);
    slots[i] = this.round;
    slots[i + 1] = left;
    slots[i + 2] = right;
    slots[i + 3] = id;
    if (++this.used * 2 > this.mask) this.grow();
    return id;
  }

  private grow(): void {
    const old = this.slots;
    this.mask = this.mask * 2 + 1;
    this.slots = new Int32Array(4 * (this.mask + 1));
    const slots = this.slots;
    for (let j = 0; j < old.length; j += 4) {
      if (old[j] !== this.round) continue;
      let i = slot(old[j + 1]!, old[j + 2]!, this.mask);
      while (slots[i] === this.round) i = (i + 4) & (4 * this.mask + 3);
      slots[i] = this.round;
      slots[i + 1] = old[j + 1]!;
      slots[i + 2] = old[j + 2]!;
      slots[i + 3] = old[j + 3]!;
    }
  }
}

function slot(left: number, right: number, mask: number): number {
  let h = Math.imul(left ^ Math.imul(right, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 15;
  return (h & mask) * 4;
}

const memo = new PairMemo();
