/**
 * `--embedder REF`: an Embedder for the analyses that can use embeddings (reference similarity in `score`, kNN
 * routing, the semantic-cache audit). REF is a target as for `costlab run`:
 *
 *   openai:text-embedding-3-small        OpenAI's /v1/embeddings (OPENAI_API_KEY, OPENAI_BASE_URL or costlab.yaml)
 *   vllm:NAME@http://host:8000/v1        any OpenAI-compatible server (vLLM, llama.cpp, LM Studio)
 *   ollama:nomic-embed-text              Ollama's /api/embed (OLLAMA_HOST)
 *   gguf:./models/NAME.gguf              a local model file, in process (node-llama-cpp), offline
 *
 * The embedder reports what it spent: tokens × the catalog's input rate for the model (text-embedding-3-small
 * $0.02 / M, …); a model the catalog cannot price leaves the cost unknown, a local one costs nothing per token.
 * Errors from the provider have keys redacted.
 */
import {
  CostlabError, DEFAULT_OLLAMA_HOST, DEFAULT_OPENAI_BASE_URL, OllamaEmbedder, OpenAIEmbedder, ProviderCallError, TARGET_FORMS, parseTarget, redactSecrets,
} from '../core/index.ts';
import type { Catalog, Embedder, EmbeddingBatch, ModelEntry } from '../core/index.ts';
import { nodePorts } from '../platform/node.ts';
import { nodeGgufEngine } from '../platform/gguf-engine.ts';
import { loadProvidersConfig, readApiKey } from '../platform/provider-config.ts';
import type { ProviderName } from '../platform/provider-config.ts';

export interface CreatedEmbedder extends Embedder {
  /** The catalog entry that prices it; undefined when unknown (cost unknown) or local. */
  readonly entry: ModelEntry | undefined;
  readonly local: boolean;
}

/** Keeps keys out of any error the embedder throws. */
class ScrubbedEmbedder implements CreatedEmbedder {
  readonly name: string;
  constructor(
    private readonly inner: Embedder,
    private readonly secrets: readonly string[],
    readonly entry: ModelEntry | undefined,
    readonly local: boolean,
  ) {
    this.name = inner.name;
  }

  async embed(texts: readonly string[], signal?: AbortSignal): Promise<EmbeddingBatch> {
    try {
      return await this.inner.embed(texts, signal);
    } catch (error) {
      if (error instanceof ProviderCallError) throw new ProviderCallError({ ...error.error, message: redactSecrets(error.error.message, this.secrets) });
      if (error instanceof CostlabError) throw error;
      throw new CostlabError('embedder-failed', redactSecrets(`${this.name}: ${error instanceof Error ? error.message : String(error)}`, this.secrets));
    }
  }
}

export async function createEmbedder(ref: string, catalog: Catalog, cwd: string = process.cwd()): Promise<CreatedEmbedder> {
  let target;
  try {
    target = parseTarget(ref);
  } catch (error) {
    throw new CostlabError('bad-embedder', `--embedder ${ref}: ${error instanceof Error ? error.message : String(error)}`, {
      location: { field: '--embedder' },
      hint: `name an embedding model as a target: openai:text-embedding-3-small, ollama:nomic-embed-text, gguf:PATH (${TARGET_FORMS[0]})`,
    });
  }
  const clock = nodePorts().clock;
  if (target.kind === 'gguf') {
    const engine = nodeGgufEngine();
    engine.checkModel(target.model);
    const path = target.model;
    return new ScrubbedEmbedder({ name: ref, embed: (texts, signal) => engine.embed(path, texts, signal) }, [], undefined, true);
  }
  if (target.kind === 'anthropic') {
    throw new CostlabError('bad-embedder', 'Anthropic has no embeddings API', { location: { field: '--embedder' }, hint: 'use openai:text-embedding-3-small, an Ollama or vLLM embedding model, or gguf:PATH' });
  }
  const config = await loadProvidersConfig(cwd);
  const settings = config.providers[target.scheme as ProviderName];
  const key = readApiKey(settings);
  if (target.kind === 'openai' && key === null) {
    throw new CostlabError('missing-api-key', `${ref} needs an API key, and ${settings.apiKeyEnv ?? 'OPENAI_API_KEY'} is not set`, {
      hint: `export ${settings.apiKeyEnv ?? 'OPENAI_API_KEY'}=… in the environment (costlab reads keys from the environment only), or use a local embedder: gguf:PATH`,
    });
  }
  const secrets = key === null ? [] : [key];
  const entry = catalog.tryResolve(target.kind === 'openai' ? `openai:${target.model}` : ref);
  if (target.kind === 'ollama') {
    const host = settings.baseURL ?? DEFAULT_OLLAMA_HOST;
    return new ScrubbedEmbedder(new OllamaEmbedder({ name: ref, model: target.model, host, clock }), secrets, undefined, true);
  }
  const baseURL = target.baseURL ?? settings.baseURL ?? DEFAULT_OPENAI_BASE_URL;
  const inner = new OpenAIEmbedder({ name: ref, model: target.model, apiKey: key, baseURL, clock, kind: target.kind === 'openai' ? 'openai' : 'openai-compatible' });
  return new ScrubbedEmbedder(inner, secrets, entry, false);
}
