/**
 * The kNN router score over embeddings (RouterBench's and RouteLLM's simplest learned router): an item's score
 * is the share of its k nearest labelled neighbours on which the strong model won — strong quality − weak
 * quality > 0 — so an item that looks like the ones the weak model fails on goes to the strong model first.
 *
 * Neighbours are by cosine similarity (core/embeddings), highest first, ties to the lower index. Leave-one-out:
 * an item is never its own neighbour, so its score never sees its own label — the scores are honest
 * out-of-sample estimates on the very items they are evaluated on. With fewer than k other items, all others are
 * used. O(n² · d) time and O(n) memory: fine for the thousands of items a routing study has.
 */
import { CostlabError } from '../../errors.ts';
import type { Embedder } from '../../embeddings/embedder.ts';
import { cosineSimilarity } from '../../embeddings/embedder.ts';

export interface KnnOptions {
  /** Neighbours per item; default 10. */
  k?: number;
}

function bad(message: string, field: string): never {
  throw new CostlabError('bad-routing-input', message, { location: { field } });
}

/** 1 when the strong model did better on the item, else 0. */
export function strongWins(items: readonly { weakQuality: number; strongQuality: number }[]): number[] {
  return items.map((item) => (item.strongQuality - item.weakQuality > 0 ? 1 : 0));
}

/** Leave-one-out kNN scores: for each item, the mean `wins` of its k most similar other items. */
export function knnScores(vectors: readonly (readonly number[])[], wins: readonly number[], options: KnnOptions = {}): number[] {
  const k = options.k ?? 10;
  if (!Number.isInteger(k) || k < 1) bad(`k ${k} must be a whole number of 1 or more`, 'k');
  if (vectors.length !== wins.length) bad(`${vectors.length} vectors for ${wins.length} labels`, 'vectors');
  if (vectors.length < 2) bad('kNN scores need at least two items (an item never counts as its own neighbour)', 'vectors');
  wins.forEach((w, i) => {
    if (!Number.isFinite(w)) bad(`label ${i} is not a finite number`, `wins[${i}]`);
  });
  const n = vectors.length;
  const take = Math.min(k, n - 1);
  const similarity = new Float64Array(n);
  return vectors.map((vector, i) => {
    for (let j = 0; j < n; j++) similarity[j] = j === i ? Number.NEGATIVE_INFINITY : cosineSimilarity(vector, vectors[j] as readonly number[]);
    const others = Array.from({ length: n - 1 }, (_, m) => (m < i ? m : m + 1));
    others.sort((a, b) => (similarity[b] as number) - (similarity[a] as number) || a - b);
    let sum = 0;
    for (let m = 0; m < take; m++) sum += wins[others[m] as number] as number;
    return sum / take;
  });
}

/** Embeds the prompts (in batches) and returns their leave-one-out kNN scores, with the tokens the embedder billed. */
export async function knnScoresWithEmbedder(
  embedder: Embedder,
  prompts: readonly string[],
  wins: readonly number[],
  options: KnnOptions & { batchSize?: number; signal?: AbortSignal } = {},
): Promise<{ scores: number[]; inputTokens: number }> {
  const batchSize = options.batchSize ?? 64;
  const vectors: number[][] = [];
  let inputTokens = 0;
  for (let at = 0; at < prompts.length; at += batchSize) {
    const batch = await embedder.embed(prompts.slice(at, at + batchSize), options.signal);
    if (batch.vectors.length !== Math.min(batchSize, prompts.length - at)) {
      throw new CostlabError('bad-embedding', `${embedder.name} returned ${batch.vectors.length} vectors for ${Math.min(batchSize, prompts.length - at)} texts`);
    }
    vectors.push(...batch.vectors);
    inputTokens += batch.inputTokens;
  }
  return { scores: knnScores(vectors, wins, options.k === undefined ? {} : { k: options.k }), inputTokens };
}
