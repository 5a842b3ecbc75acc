/** core/embeddings: the Embedder port and vector similarity. */
export { cosineSimilarity } from './embedder.ts';
export type { Embedder, EmbeddingBatch } from './embedder.ts';
