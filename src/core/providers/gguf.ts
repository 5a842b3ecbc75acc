/**
 * GGUF models run in process (node-llama-cpp). The engine is not part of this build yet, so the provider
 * exists — a plan that names `gguf:PATH` is valid — and each call fails with a clear, non-retryable
 * error instead of the whole run stopping.
 */
import { ProviderCallError } from './provider.ts';
import type { CompletionRequest, CompletionResult, Provider } from './provider.ts';

export const GGUF_UNAVAILABLE = 'not available yet: node-llama-cpp is not installed in this build';

export class GgufProvider implements Provider {
  readonly kind = 'gguf';

  constructor(readonly path: string) {}

  complete(_request: CompletionRequest): Promise<CompletionResult> {
    return Promise.reject(
      new ProviderCallError({ code: 'unknown', message: `gguf:${this.path}: ${GGUF_UNAVAILABLE}`, retryable: false }),
    );
  }
}
