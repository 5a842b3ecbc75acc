/**
 * The priority queue of byte-pair merging: entries (rank, position) pop lowest rank first, then lowest
 * position. Merging a long piece pushes millions of entries but few distinct ranks, each rank's
 * positions in increasing order, so instead of one big heap each rank gets a bucket: a FIFO of positions
 * appended in increasing order, plus a small heap for positions that arrive out of order (merging has
 * not been seen to make any, with real or random vocabularies, but the queue stays exact for any order).
 * A bucket pops the smaller of its FIFO head and its heap top; a small heap over ranks picks the bucket.
 * Any rank may be pushed at any time, lower than the one being popped included.
 *
 * Callers name ranks by dense bucket ids (`bucketOf`), so a push is an array append.
 */

const NO_ENTRIES = new Int32Array(0);
/** What reset() keeps for the next piece: this many buckets, and bucket arrays up to this long. */
const KEEP_BUCKETS = 1 << 12;
const KEEP_CAPACITY = 1 << 12;

class Bucket {
  rank = 0;
  /** Positions in increasing order: fifo[head..tail). */
  fifo = new Int32Array(8);
  head = 0;
  tail = 0;
  /**
   * A binary min-heap of the positions that came after a larger one. All are below the FIFO's last
   * position, so this heap empties before the FIFO does.
   */
  late: Int32Array = NO_ENTRIES;
  lateSize = 0;
}

export class RankQueue {
  private readonly buckets: Bucket[] = [];
  private bucketCount = 0;
  private readonly bucketByRank = new Map<number, number>();
  /** Buckets with pending entries, a min-heap by rank (kept alongside in heapRanks). */
  private heapBuckets: Int32Array = new Int32Array(64);
  private heapRanks: Int32Array = new Int32Array(64);
  private heapSize = 0;
  /** Bucket of the entry the last pop() returned. */
  popped = -1;

  /** Empties the queue and forgets every bucket id. */
  reset(): void {
    for (let i = 0; i < this.bucketCount; i++) {
      const bucket = this.buckets[i]!;
      bucket.head = bucket.tail = bucket.lateSize = 0;
      if (bucket.fifo.length > KEEP_CAPACITY) bucket.fifo = new Int32Array(8);
      if (bucket.late.length > KEEP_CAPACITY) bucket.late = NO_ENTRIES;
    }
    if (this.buckets.length > KEEP_BUCKETS) {
      this.buckets.length = KEEP_BUCKETS;
      this.heapBuckets = new Int32Array(64);
      this.heapRanks = new Int32Array(64);
    }
    this.bucketCount = 0;
    this.bucketByRank.clear();
    this.heapSize = 0;
    this.popped = -1;
  }

  /** The bucket id of a rank, the same for the same rank until reset(). */
  bucketOf(rank: number): number {
    const known = this.bucketByRank.get(rank);
    if (known !== undefined) return known;
    const id = this.bucketCount++;
    if (id === this.buckets.length) this.buckets.push(new Bucket());
    this.buckets[id]!.rank = rank;
    this.bucketByRank.set(rank, id);
    return id;
  }

  get isEmpty(): boolean {
    return this.heapSize === 0;
  }

  push(id: number, position: number): void {
    const bucket = this.buckets[id]!;
    if (bucket.head === bucket.tail) {
      bucket.head = bucket.tail = 0;
      this.heapPush(id, bucket.rank);
    } else if (position < bucket.fifo[bucket.tail - 1]!) {
      latePush(bucket, position);
      return;
    }
    if (bucket.tail === bucket.fifo.length) makeRoom(bucket);
    bucket.fifo[bucket.tail++] = position;
  }

  /** Removes and returns the lowest position of the lowest rank (queue not empty); sets `popped` to its bucket. */
  pop(): number {
    const id = this.heapBuckets[0]!;
    const bucket = this.buckets[id]!;
    let position: number;
    if (bucket.lateSize > 0 && bucket.late[0]! < bucket.fifo[bucket.head]!) {
      position = latePop(bucket);
    } else {
      position = bucket.fifo[bucket.head++]!;
    }
    if (bucket.head === bucket.tail) this.heapPop();
    this.popped = id;
    return position;
  }

  private heapPush(id: number, rank: number): void {
    if (this.heapSize === this.heapBuckets.length) {
      this.heapBuckets = grow(this.heapBuckets, this.heapSize);
      this.heapRanks = grow(this.heapRanks, this.heapSize);
    }
    const ids = this.heapBuckets;
    const ranks = this.heapRanks;
    let i = this.heapSize++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (ranks[parent]! <= rank) break;
      ids[i] = ids[parent]!;
      ranks[i] = ranks[parent]!;
      i = parent;
    }
    ids[i] = id;
    ranks[i] = rank;
  }

  private heapPop(): void {
    const ids = this.heapBuckets;
    const ranks = this.heapRanks;
    const size = --this.heapSize;
    if (size === 0) return;
    const id = ids[size]!;
    const rank = ranks[size]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      if (child + 1 < size && ranks[child + 1]! < ranks[child]!) child++;
      if (ranks[child]! >= rank) break;
      ids[i] = ids[child]!;
      ranks[i] = ranks[child]!;
      i = child;
    }
    ids[i] = id;
    ranks[i] = rank;
  }
}

function grow(array: Int32Array, used: number): Int32Array {
  const grown = new Int32Array(Math.max(8, array.length * 2));
  grown.set(array.subarray(0, used));
  return grown;
}

/** Room at the FIFO's tail: slide the pending entries to the front, or double the array. */
function makeRoom(bucket: Bucket): void {
  const pending = bucket.tail - bucket.head;
  if (bucket.head >= pending) {
    bucket.fifo.copyWithin(0, bucket.head, bucket.tail);
  } else {
    const grown = new Int32Array(bucket.fifo.length * 2);
    grown.set(bucket.fifo.subarray(bucket.head, bucket.tail));
    bucket.fifo = grown;
  }
  bucket.head = 0;
  bucket.tail = pending;
}

function latePush(bucket: Bucket, position: number): void {
  if (bucket.lateSize === bucket.late.length) bucket.late = grow(bucket.late, bucket.lateSize);
  const heap = bucket.late;
  let i = bucket.lateSize++;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent]! <= position) break;
    heap[i] = heap[parent]!;
    i = parent;
  }
  heap[i] = position;
}

function latePop(bucket: Bucket): number {
  const heap = bucket.late;
  const top = heap[0]!;
  const size = --bucket.lateSize;
  if (size === 0) return top;
  const position = heap[size]!;
  let i = 0;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= size) break;
    if (child + 1 < size && heap[child + 1]! < heap[child]!) child++;
    if (heap[child]! >= position) break;
    heap[i] = heap[child]!;
    i = child;
  }
  heap[i] = position;
  return top;
}
