/**
 * Loopback embedding servers: OpenAI's POST /v1/embeddings (`{object: "list", data: [{object: "embedding", index,
 * embedding}], model, usage: {prompt_tokens, total_tokens}}`, OpenAI's error shape) and Ollama's POST /api/embed
 * (`{model, embeddings, total_duration, load_duration, prompt_eval_count}`, `{error}` on failure). Vectors are a
 * deterministic bag of words hashed into 16 dimensions, so texts that share words point the same way and a test
 * can compute the expected cosine itself.
 */
import { openAIProtocol } from './openai.ts';
import { ollamaProtocol } from './ollama.ts';
import { startServer } from './harness.ts';
import type { Protocol, RecordedRequest, Script, TestServer } from './harness.ts';

export interface EmbeddingReply {
  /** Return the data entries in reverse order (the `index` field still tells which is which). */
  reversed?: boolean;
  /** Billed tokens to report; default: the number of words; null: no usage at all. */
  tokens?: number | null;
  /** Drop the last vector (a malformed reply). */
  dropOne?: boolean;
}

const DIMENSIONS = 16;

/** The bag-of-words vector the servers return for a text. */
export function hashedEmbedding(text: string): number[] {
  const vector = new Array<number>(DIMENSIONS).fill(0);
  for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    let h = 2166136261;
    for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 16777619) >>> 0;
    vector[h % DIMENSIONS] = (vector[h % DIMENSIONS] ?? 0) + 1;
  }
  return vector;
}

export function wordCount(texts: readonly string[]): number {
  return texts.reduce((n, t) => n + (t.match(/\S+/g)?.length ?? 0), 0);
}

function inputs(request: RecordedRequest): string[] {
  const input = request.body['input'];
  return Array.isArray(input) ? input.map(String) : typeof input === 'string' ? [input] : [];
}

const openAIEmbeddings: Protocol<EmbeddingReply> = {
  ...(openAIProtocol as unknown as Protocol<EmbeddingReply>),
  path: '/v1/embeddings',
  defaultReply: {},
  isStream: () => false,
  frames: () => ({ frames: [], final: 0 }),
  json: (request, reply) => {
    const texts = inputs(request);
    let data = texts.map((text, index) => ({ object: 'embedding', index, embedding: hashedEmbedding(text) }));
    if (reply.dropOne) data = data.slice(0, -1);
    if (reply.reversed) data = [...data].reverse();
    const tokens = reply.tokens === undefined ? wordCount(texts) : reply.tokens;
    return { object: 'list', data, model: request.body['model'], ...(tokens === null ? {} : { usage: { prompt_tokens: tokens, total_tokens: tokens } }) };
  },
};

const ollamaEmbed: Protocol<EmbeddingReply> = {
  ...(ollamaProtocol as unknown as Protocol<EmbeddingReply>),
  path: '/api/embed',
  defaultReply: {},
  isStream: () => false,
  frames: () => ({ frames: [], final: 0 }),
  json: (request, reply) => {
    const texts = inputs(request);
    const embeddings = texts.map(hashedEmbedding);
    return {
      model: request.body['model'], embeddings: reply.dropOne ? embeddings.slice(0, -1) : embeddings,
      total_duration: 1_000_000, load_duration: 100_000, prompt_eval_count: reply.tokens ?? wordCount(texts),
    };
  },
};

export function startOpenAIEmbeddingServer(script?: Script<EmbeddingReply>): Promise<TestServer> {
  return startServer(openAIEmbeddings, script);
}

export function startOllamaEmbeddingServer(script?: Script<EmbeddingReply>): Promise<TestServer> {
  return startServer(ollamaEmbed, script);
}
