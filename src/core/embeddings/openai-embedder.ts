/**
 * Embeddings through OpenAI's `/v1/embeddings` with the official SDK — also for OpenAI-compatible servers (vLLM,
 * llama.cpp's server, LM Studio, Ollama's /v1). Texts go in batches of `batchSize` (OpenAI takes up to 2,048
 * inputs per request); the vectors come back in the order of the texts (sorted by the reply's `index`), and the
 * billed tokens are the reply's `usage.prompt_tokens` (0 when a server reports none). Errors become
 * ProviderCallErrors with the same codes as completions (rate-limited, server-error, …), keys redacted.
 */
import OpenAI from 'openai';
import type { Clock } from '../ports.ts';
import { DEFAULT_TIMEOUT_MS, startCall } from '../providers/call.ts';
import type { FetchLike } from '../providers/call.ts';
import { MalformedResponseError, toProviderCallError } from '../providers/errors.ts';
import type { Embedder, EmbeddingBatch } from './embedder.ts';

export interface OpenAIEmbedderOptions {
  name: string;
  model: string;
  apiKey: string | null;
  baseURL: string;
  clock: Clock;
  kind?: 'openai' | 'openai-compatible';
  batchSize?: number;
  timeoutMs?: number;
  fetch?: FetchLike;
}

interface WireEmbedding {
  index: number;
  embedding: number[];
}

function isVector(value: unknown): value is number[] {
  return Array.isArray(value) && value.length > 0 && value.every((x) => typeof x === 'number' && Number.isFinite(x));
}

export class OpenAIEmbedder implements Embedder {
  readonly name: string;
  private readonly client: OpenAI;
  private readonly options: OpenAIEmbedderOptions;

  constructor(options: OpenAIEmbedderOptions) {
    this.name = options.name;
    this.options = options;
    const keyless = options.apiKey === null || options.apiKey === '';
    this.client = new OpenAI({
      apiKey: keyless ? 'costlab-no-key' : options.apiKey,
      adminAPIKey: null,
      baseURL: options.baseURL,
      organization: null,
      project: null,
      maxRetries: 0,
      timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      logLevel: 'off',
      ...(keyless ? { defaultHeaders: { Authorization: null } } : {}),
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    });
  }

  async embed(texts: readonly string[], signal?: AbortSignal): Promise<EmbeddingBatch> {
    const size = Math.max(1, this.options.batchSize ?? 256);
    const vectors: number[][] = [];
    let inputTokens = 0;
    for (let start = 0; start < texts.length; start += size) {
      const part = texts.slice(start, start + size);
      const reply = await this.request(part, signal);
      vectors.push(...reply.vectors);
      inputTokens += reply.inputTokens;
    }
    return { vectors, inputTokens };
  }

  private async request(texts: readonly string[], signal: AbortSignal | undefined): Promise<EmbeddingBatch> {
    const scope = startCall({ model: this.options.model, messages: [], maxOutputTokens: 0, ...(signal ? { signal } : {}) }, this.options.clock, this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const kind = this.options.kind ?? 'openai';
    try {
      const reply: unknown = await this.client.embeddings.create(
        { model: this.options.model, input: [...texts], encoding_format: 'float' },
        { signal: scope.signal, timeout: scope.timeoutMs },
      );
      const data = (reply as { data?: unknown }).data;
      if (!Array.isArray(data) || data.length !== texts.length) {
        throw new MalformedResponseError(`the embeddings reply has ${Array.isArray(data) ? data.length : 'no'} vectors for ${texts.length} texts`);
      }
      const sorted = [...(data as WireEmbedding[])].sort((a, b) => a.index - b.index);
      if (!sorted.every((d, i) => d.index === i && isVector(d.embedding))) throw new MalformedResponseError('the embeddings reply has a missing or non-numeric vector');
      const usage = (reply as { usage?: { prompt_tokens?: unknown } }).usage;
      const tokens = typeof usage?.prompt_tokens === 'number' ? usage.prompt_tokens : 0;
      return { vectors: sorted.map((d) => d.embedding), inputTokens: tokens };
    } catch (error) {
      throw toProviderCallError(error, { provider: kind, secrets: [this.options.apiKey], clock: this.options.clock, scope });
    } finally {
      scope.dispose();
    }
  }
}
