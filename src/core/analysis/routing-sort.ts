/**
 * The sorted form of a routing table that every sweep reads: items ordered by router score, highest first
 * (ties in input order), with running totals of quality and cost as items switch from the weak to the strong
 * model in that order. Built once in O(n) time (a radix sort, then the running totals); after that, the
 * routed mix at any threshold is one binary search (O(log n)).
 *
 * Why a radix sort: a comparator sort of 1,000,000 indices takes ~0.45 s here, a least-significant-digit
 * radix sort of the scores' IEEE-754 bits ~0.05 s. LSD radix sort is stable, so ties keep their input order —
 * exactly the order of the stable `Array.prototype.sort` the sweep used before, which keeps the running totals
 * (and so every curve point) bit-for-bit what they were.
 */

export interface SortedRouting {
  n: number;
  /** Item indices, highest score first; equal scores in input order. */
  order: Uint32Array;
  /** Scores in that order (non-increasing). */
  scores: Float64Array;
  /**
   * runQuality[k]: the summed quality when the first k items of `order` go to the strong model and the rest
   * to the weak one — runQuality[0] is the all-weak sum (added in input order), then one strong − weak delta
   * at a time. runCost likewise for cost.
   */
  runQuality: Float64Array;
  runCost: Float64Array;
}

export interface SortableItem {
  weakQuality: number;
  strongQuality: number;
  weakCost: number;
  strongCost: number;
  score: number;
}

/** Where the low 32 bits of a float64 sit in a Uint32Array view: 0 on little-endian machines (all Node targets). */
const LOW_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;

/** Indices 0…n−1 ordered by descending score, ties by ascending index (a stable sort). Scores must not be NaN. */
export function descendingOrder(scores: Float64Array): Uint32Array {
  const n = scores.length;
  // Sortable keys: flip the sign bit of non-negatives, all bits of negatives — ascending as unsigned 64-bit
  // integers is ascending as numbers. Then invert every bit, so ascending keys are descending scores.
  const bits = new Uint32Array(scores.buffer, scores.byteOffset, n * 2);
  const lo = new Uint32Array(n);
  const hi = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const l = bits[2 * i + LOW_WORD] as number;
    const h = bits[2 * i + 1 - LOW_WORD] as number;
    if (h >>> 31) {
      lo[i] = l;
      hi[i] = h; // ~~x: negative numbers, inverted twice
    } else {
      lo[i] = ~l >>> 0;
      hi[i] = ~(h | 0x80000000) >>> 0;
    }
  }
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let spare = new Uint32Array(n);
  const counts = new Uint32Array(65536);
  for (const [words, shift] of [[lo, 0], [lo, 16], [hi, 0], [hi, 16]] as const) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[((words[i] as number) >>> shift) & 0xffff]! += 1;
    if (n > 0 && counts[((words[0] as number) >>> shift) & 0xffff] === n) continue; // one digit value: nothing moves
    let total = 0;
    for (let d = 0; d < 65536; d++) {
      const c = counts[d] as number;
      counts[d] = total;
      total += c;
    }
    for (let i = 0; i < n; i++) {
      const item = order[i] as number;
      const digit = ((words[item] as number) >>> shift) & 0xffff;
      spare[counts[digit]!++] = item;
    }
    [order, spare] = [spare, order];
  }
  return order;
}

export function sortRouting(items: readonly SortableItem[]): SortedRouting {
  const n = items.length;
  // One sequential pass over the objects into flat arrays; the permuted pass below then reads compact typed
  // arrays instead of chasing a million objects in random order.
  const given = new Float64Array(n);
  const keys = new Float64Array(n);
  const deltaQuality = new Float64Array(n);
  const deltaCost = new Float64Array(n);
  let quality = 0;
  let cost = 0;
  for (let i = 0; i < n; i++) {
    const item = items[i] as SortableItem;
    given[i] = item.score;
    keys[i] = item.score + 0; // −0 + 0 = +0: one key for zero
    deltaQuality[i] = item.strongQuality - item.weakQuality;
    deltaCost[i] = item.strongCost - item.weakCost;
    quality += item.weakQuality;
    cost += item.weakCost;
  }
  const order = descendingOrder(keys);
  const scores = new Float64Array(n);
  const runQuality = new Float64Array(n + 1);
  const runCost = new Float64Array(n + 1);
  runQuality[0] = quality;
  runCost[0] = cost;
  for (let k = 0; k < n; k++) {
    const index = order[k] as number;
    scores[k] = given[index] as number; // as given (−0 stays −0 in the curve's thresholds, as before)
    quality += deltaQuality[index] as number;
    cost += deltaCost[index] as number;
    runQuality[k + 1] = quality;
    runCost[k + 1] = cost;
  }
  return { n, order, scores, runQuality, runCost };
}

/** How many items have score ≥ threshold (they go to the strong model): a binary search, O(log n). */
export function strongCount(sorted: SortedRouting, threshold: number): number {
  let low = 0;
  let high = sorted.n;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sorted.scores[mid] as number) >= threshold) low = mid + 1;
    else high = mid;
  }
  return low;
}
