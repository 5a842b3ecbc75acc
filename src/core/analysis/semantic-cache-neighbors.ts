/**
 * For a query log in arrival order: each query's most similar EARLIER queries, computed once so that a sweep over
 * many thresholds replays the cache without recomputing any similarity.
 *
 * - Sparse vectors (lexical TF, lexical-similarity.ts) go through an inverted index: query i only meets the earlier
 *   queries that share a feature with it, and the dot products accumulate per posting — no string work, no pass
 *   over pairs that share nothing.
 * - Dense vectors (embeddings) are scaled to length 1 once, then compared with every earlier vector (n²/2 dot
 *   products of length d).
 *
 * Similarities are rounded to 9 decimals (an identical text scores exactly 1, whatever the float sum's last bit)
 * and clamped to [−1, 1]. Each query keeps its earlier neighbours with similarity ≥ `floor` (the lowest threshold
 * swept), most similar first, ties to the earlier query, at most `cap` of them; `truncated` says more were cut.
 * `similarity(i, j)` recomputes one pair for the rare replay that needs to look past the cap.
 */
import { CostlabError } from '../errors.ts';
import { sparseDot } from './lexical-similarity.ts';
import type { SparseVector } from './lexical-similarity.ts';

export type QueryVectors =
  | { kind: 'sparse'; vectors: readonly SparseVector[] }
  | { kind: 'dense'; vectors: readonly (readonly number[])[] };

export interface NeighborList {
  /** Earlier query indexes, most similar first. */
  ids: Int32Array;
  sims: Float64Array;
  /** True when neighbours ≥ floor were cut at the cap. */
  truncated: boolean;
}

export interface NeighborIndex {
  readonly size: number;
  neighbors(i: number): NeighborList;
  similarity(i: number, j: number): number;
}

export const DEFAULT_NEIGHBOR_CAP = 64;

function round(x: number): number {
  return Math.max(-1, Math.min(1, Math.round(x * 1e9) / 1e9));
}

function keep(ids: number[], sims: number[], cap: number): NeighborList {
  let picked = ids.map((_, k) => k);
  if (picked.length > cap) {
    // The cap-th largest similarity, by a native numeric sort; then only the entries at or above it are ordered.
    const sorted = Float64Array.from(sims).sort();
    const cutoff = sorted[sorted.length - cap] as number;
    picked = picked.filter((k) => (sims[k] as number) >= cutoff);
  }
  const order = picked.sort((a, b) => (sims[b] as number) - (sims[a] as number) || (ids[a] as number) - (ids[b] as number));
  const kept = order.slice(0, cap);
  return { ids: Int32Array.from(kept, (k) => ids[k] as number), sims: Float64Array.from(kept, (k) => sims[k] as number), truncated: ids.length > cap };
}

interface Posting {
  ids: Int32Array;
  weights: Float64Array;
  length: number;
}

function append(posting: Posting, id: number, weight: number): void {
  if (posting.length === posting.ids.length) {
    const ids = new Int32Array(posting.ids.length * 2);
    ids.set(posting.ids);
    const weights = new Float64Array(posting.ids.length * 2);
    weights.set(posting.weights);
    posting.ids = ids;
    posting.weights = weights;
  }
  posting.ids[posting.length] = id;
  posting.weights[posting.length] = weight;
  posting.length += 1;
}

function sparseIndex(vectors: readonly SparseVector[], floor: number, cap: number): NeighborIndex {
  const n = vectors.length;
  const postings = new Map<number, Posting>();
  const acc = new Float64Array(n);
  const touched = new Int32Array(n);
  const lists: NeighborList[] = [];
  for (let i = 0; i < n; i++) {
    const v = vectors[i] as SparseVector;
    let touchedCount = 0;
    for (let f = 0; f < v.ids.length; f++) {
      const posting = postings.get(v.ids[f] as number);
      if (posting === undefined) continue;
      const w = v.weights[f] as number;
      const { ids, weights, length } = posting;
      for (let p = 0; p < length; p++) {
        const j = ids[p] as number;
        if (acc[j] === 0) touched[touchedCount++] = j;
        acc[j] = (acc[j] as number) + w * (weights[p] as number);
      }
    }
    const ids: number[] = [];
    const sims: number[] = [];
    for (let t = 0; t < touchedCount; t++) {
      const j = touched[t] as number;
      const s = round(acc[j] as number);
      if (s >= floor) {
        ids.push(j);
        sims.push(s);
      }
      acc[j] = 0;
    }
    lists.push(keep(ids, sims, cap));
    for (let f = 0; f < v.ids.length; f++) {
      const w = v.weights[f] as number;
      if (w === 0) continue;
      const id = v.ids[f] as number;
      let posting = postings.get(id);
      if (posting === undefined) {
        posting = { ids: new Int32Array(4), weights: new Float64Array(4), length: 0 };
        postings.set(id, posting);
      }
      append(posting, i, w);
    }
  }
  return {
    size: n,
    neighbors: (i) => lists[i] as NeighborList,
    similarity: (i, j) => round(sparseDot(vectors[i] as SparseVector, vectors[j] as SparseVector)),
  };
}

/** Dot product of rows a and b (offsets into `unit`), four accumulators. */
function dotRows(unit: Float64Array, a: number, b: number, d: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < d; k += 4) {
    s0 += (unit[a + k] as number) * (unit[b + k] as number);
    s1 += (unit[a + k + 1] as number) * (unit[b + k + 1] as number);
    s2 += (unit[a + k + 2] as number) * (unit[b + k + 2] as number);
    s3 += (unit[a + k + 3] as number) * (unit[b + k + 3] as number);
  }
  for (; k < d; k++) s0 += (unit[a + k] as number) * (unit[b + k] as number);
  return s0 + s1 + s2 + s3;
}

/** Rows compared per tile: a tile's rows stay in cache while every earlier row streams past them once. */
const TILE = 32;

function denseIndex(vectors: readonly (readonly number[])[], floor: number, cap: number): NeighborIndex {
  const n = vectors.length;
  const d = vectors[0]?.length ?? 0;
  const unit = new Float64Array(n * d);
  vectors.forEach((v, i) => {
    if (v.length !== d) {
      throw new CostlabError('bad-embedding', `vector ${i + 1} has ${v.length} dimensions, the first has ${d}`, {
        location: { field: `vectors[${i}]` }, hint: 'embed every query with the same model',
      });
    }
    let norm = 0;
    for (let k = 0; k < d; k++) {
      const x = v[k] as number;
      if (!Number.isFinite(x)) throw new CostlabError('bad-embedding', `vector ${i + 1} has a non-finite value at ${k}`, { location: { field: `vectors[${i}][${k}]` } });
      norm += x * x;
    }
    const scale = norm === 0 ? 0 : 1 / Math.sqrt(norm);
    for (let k = 0; k < d; k++) unit[i * d + k] = (v[k] as number) * scale;
  });
  const ids: number[][] = Array.from({ length: n }, () => []);
  const sims: number[][] = Array.from({ length: n }, () => []);
  const below = floor - 1e-9; // only pairs that may pass are rounded
  for (let start = 0; start < n; start += TILE) {
    const end = Math.min(n, start + TILE);
    for (let j = 0; j < end - 1; j++) {
      const b = j * d;
      for (let i = Math.max(start, j + 1); i < end; i++) {
        const sum = dotRows(unit, i * d, b, d);
        if (sum < below) continue;
        const s = round(sum);
        if (s >= floor) {
          (ids[i] as number[]).push(j);
          (sims[i] as number[]).push(s);
        }
      }
    }
  }
  const lists = ids.map((list, i) => keep(list, sims[i] as number[], cap));
  return { size: n, neighbors: (i) => lists[i] as NeighborList, similarity: (i, j) => round(dotRows(unit, i * d, j * d, d)) };
}

/** Each query's earlier neighbours with similarity ≥ floor (see the file comment). */
export function buildNeighborIndex(vectors: QueryVectors, floor: number, cap = DEFAULT_NEIGHBOR_CAP): NeighborIndex {
  if (!Number.isInteger(cap) || cap < 1) throw new CostlabError('bad-cache-input', `the neighbour cap must be a whole number ≥ 1, got ${cap}`);
  return vectors.kind === 'sparse' ? sparseIndex(vectors.vectors, floor, cap) : denseIndex(vectors.vectors, floor, cap);
}
