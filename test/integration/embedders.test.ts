/**
 * The embedders against loopback servers that speak OpenAI's /v1/embeddings and Ollama's /api/embed, with injected
 * faults, and the in-process GGUF embedder on the real tiny model.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cosineSimilarity } from '../../src/core/embeddings/embedder.ts';
import { OllamaEmbedder } from '../../src/core/embeddings/ollama-embedder.ts';
import { OpenAIEmbedder } from '../../src/core/embeddings/openai-embedder.ts';
import { ProviderCallError } from '../../src/core/providers/provider.ts';
import { nodePorts } from '../../src/platform/node.ts';
import { nodeGgufEngine } from '../../src/platform/gguf-engine.ts';
import { SKIP_NO_SHARED, hasShared, sharedPath } from '../helpers/shared-data.ts';
import { hashedEmbedding, startOllamaEmbeddingServer, startOpenAIEmbeddingServer, wordCount } from './servers/embeddings.ts';
import type { TestServer } from './servers/index.ts';

const KEY = 'sk-proj-FAKEembedTEST-Zp3Lq9Wn';
const clock = nodePorts().clock;
const TEXTS = ['refund my order', 'please refund my order', 'reset my password', 'where is my parcel', 'cancel the subscription'];
let server: TestServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function thrown(promise: Promise<unknown>): Promise<ProviderCallError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ProviderCallError) return error;
    throw error;
  }
  throw new Error('expected a ProviderCallError');
}

describe('OpenAIEmbedder', () => {
  it('batches the texts, puts the vectors back in order by index and sums the billed tokens', async () => {
    server = await startOpenAIEmbeddingServer(() => ({ reversed: true }));
    const embedder = new OpenAIEmbedder({ name: 'openai:text-embedding-3-small', model: 'text-embedding-3-small', apiKey: KEY, baseURL: server.url, clock, batchSize: 2 });
    const batch = await embedder.embed(TEXTS);
    // 5 texts in batches of 2: 3 requests; tokens = the words the server counted, 3 + 4 + 3 + 4 + 3 = 17.
    expect(server.requests).toHaveLength(3);
    expect(server.requests.map((r) => r.body['input'])).toEqual([TEXTS.slice(0, 2), TEXTS.slice(2, 4), TEXTS.slice(4)]);
    expect(server.requests[0]?.headers['authorization']).toBe(`Bearer ${KEY}`);
    expect(batch.vectors).toEqual(TEXTS.map(hashedEmbedding));
    expect(batch.inputTokens).toBe(wordCount(TEXTS));
    expect(cosineSimilarity(batch.vectors[0]!, batch.vectors[1]!)).toBeGreaterThan(cosineSimilarity(batch.vectors[0]!, batch.vectors[2]!));
  });

  it('turns a rate limit into a retryable typed error with the key redacted, and a short reply into malformed-response', async () => {
    server = await startOpenAIEmbeddingServer((_request, n) =>
      n === 1 ? { fault: 'status', status: 429, message: `Rate limit reached for key ${KEY}`, headers: { 'retry-after': '2' } } : { dropOne: true },
    );
    const embedder = new OpenAIEmbedder({ name: 'e', model: 'text-embedding-3-small', apiKey: KEY, baseURL: server.url, clock });
    const limited = await thrown(embedder.embed(TEXTS));
    expect(limited.error).toMatchObject({ code: 'rate-limited', retryable: true, retryAfterMs: 2000 });
    expect(limited.error.message).not.toContain(KEY.slice(8, 20));
    const short = await thrown(embedder.embed(TEXTS));
    expect(short.error).toMatchObject({ code: 'malformed-response', retryable: false });
  });

  it('reports 0 billed tokens for a server that sends no usage', async () => {
    server = await startOpenAIEmbeddingServer(() => ({ tokens: null }));
    const embedder = new OpenAIEmbedder({ name: 'vllm:e5@local', model: 'e5', apiKey: null, baseURL: server.url, clock, kind: 'openai-compatible' });
    expect((await embedder.embed(['a b'])).inputTokens).toBe(0);
    expect(server.requests[0]?.headers['authorization']).toBeUndefined();
  });
});

describe('OllamaEmbedder', () => {
  it('embeds through /api/embed, counting prompt_eval_count, and maps a 500 to server-error', async () => {
    server = await startOllamaEmbeddingServer((_request, n) => (n === 2 ? { fault: 'status', status: 500, message: 'model runner has unexpectedly stopped' } : undefined));
    const embedder = new OllamaEmbedder({ name: 'ollama:nomic-embed-text', model: 'nomic-embed-text', host: server.origin, clock });
    const batch = await embedder.embed(TEXTS);
    expect(batch.vectors).toEqual(TEXTS.map(hashedEmbedding));
    expect(batch.inputTokens).toBe(wordCount(TEXTS));
    expect(server.requests[0]?.body).toMatchObject({ model: 'nomic-embed-text', input: TEXTS });
    const failed = await thrown(embedder.embed(['x']));
    expect(failed.error).toMatchObject({ code: 'server-error', retryable: true });
  });
});

describe.skipIf(!hasShared('models/stories260K.gguf'))(`GGUF embeddings in process (${SKIP_NO_SHARED})`, () => {
  it('embeds with the real tiny model: one vector per text, the same text the same vector, tokens counted', async () => {
    const engine = nodeGgufEngine({ threads: 1 });
    try {
      const path = sharedPath('models/stories260K.gguf');
      const first = await engine.embed(path, ['Once upon a time there was a cat.', 'The cat sat.']);
      const again = await engine.embed(path, ['Once upon a time there was a cat.']);
      expect(first.vectors).toHaveLength(2);
      expect(first.vectors[0]!.length).toBeGreaterThan(0);
      expect(again.vectors[0]).toEqual(first.vectors[0]);
      expect(first.inputTokens).toBeGreaterThan(4);
      expect(cosineSimilarity(first.vectors[0]!, again.vectors[0]!)).toBeCloseTo(1, 12);
    } finally {
      await engine.dispose();
    }
  });
});
