/** core/embeddings: the Embedder port, vector similarity, and the provider embedders. */
export { cosineSimilarity } from './embedder.ts';
export type { Embedder, EmbeddingBatch } from './embedder.ts';
export { OpenAIEmbedder } from './openai-embedder.ts';
export type { OpenAIEmbedderOptions } from './openai-embedder.ts';
export { OllamaEmbedder } from './ollama-embedder.ts';
export type { OllamaEmbedderOptions } from './ollama-embedder.ts';
