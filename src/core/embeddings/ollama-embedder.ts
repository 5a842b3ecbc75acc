/**
 * Embeddings through Ollama's native `/api/embed` (the `ollama` package): one request per batch of texts, the
 * vectors in the texts' order, billed tokens = `prompt_eval_count` (a local model costs nothing per token, but the
 * count is kept). Errors become ProviderCallErrors as for completions.
 */
import { Ollama } from 'ollama/browser';
import type { Clock } from '../ports.ts';
import { DEFAULT_TIMEOUT_MS, startCall } from '../providers/call.ts';
import type { FetchLike } from '../providers/call.ts';
import { MalformedResponseError, toProviderCallError } from '../providers/errors.ts';
import type { Embedder, EmbeddingBatch } from './embedder.ts';

export interface OllamaEmbedderOptions {
  name: string;
  model: string;
  host: string;
  clock: Clock;
  batchSize?: number;
  timeoutMs?: number;
  fetch?: FetchLike;
}

/** Reads the fetch the package resolved: the one given, else its default. */
class ResolvedFetch extends Ollama {
  get resolved(): FetchLike {
    return this.fetch;
  }
}

export class OllamaEmbedder implements Embedder {
  readonly name: string;
  private readonly baseFetch: FetchLike;

  constructor(private readonly options: OllamaEmbedderOptions) {
    this.name = options.name;
    this.baseFetch = new ResolvedFetch({ host: options.host, ...(options.fetch ? { fetch: options.fetch } : {}) }).resolved;
  }

  async embed(texts: readonly string[], signal?: AbortSignal): Promise<EmbeddingBatch> {
    const size = Math.max(1, this.options.batchSize ?? 64);
    const vectors: number[][] = [];
    let inputTokens = 0;
    for (let start = 0; start < texts.length; start += size) {
      const part = texts.slice(start, start + size);
      const scope = startCall({ model: this.options.model, messages: [], maxOutputTokens: 0, ...(signal ? { signal } : {}) }, this.options.clock, this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
      const base = this.baseFetch;
      const client = new Ollama({ host: this.options.host, fetch: (input, init) => base(input, { ...init, signal: scope.signal }) });
      try {
        const reply = await client.embed({ model: this.options.model, input: [...part] });
        if (!Array.isArray(reply.embeddings) || reply.embeddings.length !== part.length) {
          throw new MalformedResponseError(`the embed reply has ${Array.isArray(reply.embeddings) ? reply.embeddings.length : 'no'} vectors for ${part.length} texts`);
        }
        vectors.push(...reply.embeddings);
        inputTokens += typeof reply.prompt_eval_count === 'number' ? reply.prompt_eval_count : 0;
      } catch (error) {
        throw toProviderCallError(error, { provider: 'ollama', secrets: [], clock: this.options.clock, scope });
      } finally {
        scope.dispose();
      }
    }
    return { vectors, inputTokens };
  }
}
