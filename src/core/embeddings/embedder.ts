/**
 * Embeddings as the analyses use them: a text → vector function and cosine similarity. Implementations live
 * where their side effects may (a provider's embeddings endpoint, a local GGUF model); core only sees this port.
 * An embedder reports what it spent so the analyses that call it can add the cost to theirs.
 */
import { CostlabError } from '../errors.ts';

export interface EmbeddingBatch {
  vectors: number[][];
  /** Input tokens billed for this batch (0 for a local model). */
  inputTokens: number;
}

export interface Embedder {
  /** `provider:model` or `gguf:PATH` — named in reports. */
  readonly name: string;
  embed(texts: readonly string[], signal?: AbortSignal): Promise<EmbeddingBatch>;
}

/** Cosine similarity of two vectors of the same length; 0 when either is all zeros. */
export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) {
    throw new CostlabError('bad-embedding', `vectors of different lengths (${a.length} and ${b.length}) cannot be compared`, {
      hint: 'embed every text with the same model',
    });
  }
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  if (na === 0 || nb === 0) return 0;
  return dot / Math.sqrt(na * nb);
}
