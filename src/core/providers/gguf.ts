/**
 * GGUF models run in process (`gguf:PATH`). Core holds the provider — timing on the injected clock, the
 * timeout and the caller's signal, typed errors, usage — and talks to the engine through the GgufEngine
 * port. The engine itself (node-llama-cpp: a native addon that reads the model file) lives in
 * platform/gguf-engine.ts and is handed in through ProviderConfig, like every other side effect.
 *
 * - Usage is the engine's own count: `input` = prompt tokens the engine evaluated (its tokenizer, the whole
 *   rendered prompt — each call starts from an empty context, so nothing is reused between calls), `output`
 *   = tokens it generated, a stop token included. `usageSource` is `reported`.
 * - Latency and time to first token run from the moment the call has the loaded model and a free context to
 *   the last (first) piece of text: loading the model once per path and waiting behind other calls on the
 *   same model are not part of one call's latency. The timeout and the caller's signal cover the whole call.
 * - Every call streams inside the engine, so TTFT is measured whether or not the request asks for a stream.
 * - Errors: the caller's abort → `aborted`, the timeout → `timeout` (retryable); bad input the engine finds
 *   (a CostlabError: a setting, the model file) → `bad-request` and an engine failure (the native binary does
 *   not load, a file the engine cannot read as a model) → `unknown`, both non-retryable. The
 *   engine's own typed errors (`not-found`, a prompt larger than the model's context) pass through. Without
 *   an engine every call fails with GGUF_UNAVAILABLE.
 */
import { CostlabError } from '../errors.ts';
import type { Clock } from '../ports.ts';
import { DEFAULT_TIMEOUT_MS, startCall } from './call.ts';
import { toProviderCallError } from './errors.ts';
import { ProviderCallError } from './provider.ts';
import type { ChatMessage, CompletionRequest, CompletionResult, Provider } from './provider.ts';
import { makeUsage } from '../economics/usage.ts';

/** The message when no engine was handed in (the caller did not wire platform/gguf-engine.ts). */
export const GGUF_UNAVAILABLE = 'not available yet: node-llama-cpp is not installed in this build';

/** One generation, as the provider asks the engine for it. */
export interface GgufGeneration {
  /** The model file, as the target names it (`gguf:PATH`); the engine resolves it. */
  path: string;
  system?: string;
  messages: readonly ChatMessage[];
  maxOutputTokens: number;
  temperature?: number;
  topP?: number;
  /** Fires on the caller's abort or the timeout: the engine stops waiting or generating and rejects. */
  signal: AbortSignal;
  /** Called once, when the model is loaded and a context is ready: the call's latency starts here. */
  onStart(): void;
  /** Called with each piece of generated text, as it comes. */
  onText(chunk: string): void;
}

export interface GgufGenerated {
  output: string;
  /** Prompt tokens the engine evaluated (the model's tokenizer, the rendered prompt). */
  inputTokens: number;
  /** Tokens the engine generated (sampled), a stop token included. */
  outputTokens: number;
  /** `stop` (an end-of-generation token or the chat template's stop text) or `length` (maxOutputTokens). */
  finishReason: 'stop' | 'length';
}

/** The port platform/gguf-engine.ts implements. */
export interface GgufEngine {
  /**
   * Throws CostlabError naming the path when the file cannot be used (missing, not a file, not GGUF).
   * Cheap and synchronous: the factory calls it when it builds the provider, before any run starts.
   */
  checkModel(path: string): void;
  /**
   * Generates one completion. Rejects with ProviderCallError for a failure it has typed (e.g. a prompt that
   * does not fit the model's context); anything else it throws is an engine failure (non-retryable).
   */
  generate(generation: GgufGeneration): Promise<GgufGenerated>;
}

export interface GgufProviderOptions {
  /** The model file (`gguf:PATH`'s PATH). */
  path: string;
  clock: Clock;
  /** Runs the model; without one every call fails, non-retryable, with GGUF_UNAVAILABLE. */
  engine?: GgufEngine | null;
  /** Default per-call timeout (a request's own timeoutMs wins). */
  timeoutMs?: number;
}

export class GgufProvider implements Provider {
  readonly kind = 'gguf';
  readonly path: string;
  private readonly clock: Clock;
  private readonly engine: GgufEngine | null;
  private readonly timeoutMs: number;

  constructor(options: GgufProviderOptions) {
    this.path = options.path;
    this.clock = options.clock;
    this.engine = options.engine ?? null;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  async complete(request: CompletionRequest): Promise<CompletionResult> {
    if (this.engine === null) {
      throw new ProviderCallError({ code: 'unknown', message: `gguf:${this.path}: ${GGUF_UNAVAILABLE}`, retryable: false });
    }
    const scope = startCall(request, this.clock, this.timeoutMs);
    let startedAt: number | null = null;
    let ttftMs: number | null = null;
    const since = () => scope.elapsed() - (startedAt ?? scope.elapsed());
    try {
      // An abort before the call even starts must not reach the engine.
      if (scope.signal.aborted) throw scope.signal.reason;
      const generated = await this.engine.generate({
        path: this.path,
        ...(request.system === undefined || request.system === '' ? {} : { system: request.system }),
        messages: request.messages,
        maxOutputTokens: request.maxOutputTokens,
        ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
        ...(request.topP === undefined ? {} : { topP: request.topP }),
        signal: scope.signal,
        onStart: () => {
          startedAt ??= scope.elapsed();
        },
        onText: (chunk) => {
          if (chunk !== '' && ttftMs === null) ttftMs = since();
        },
      });
      const latencyMs = since();
      return {
        output: generated.output,
        usage: makeUsage({ input: generated.inputTokens, output: generated.outputTokens }),
        usageSource: 'reported',
        latencyMs,
        ttftMs: ttftMs === null ? null : Math.min(ttftMs, latencyMs),
        finishReason: generated.finishReason,
      };
    } catch (error) {
      if (error instanceof ProviderCallError) throw error;
      if (error instanceof CostlabError) {
        // Bad input the engine found (a setting, the model file): fix it, do not retry.
        throw new ProviderCallError({ code: 'bad-request', message: `gguf:${this.path}: ${error.describe()}`, retryable: false });
      }
      const typed = toProviderCallError(error, { provider: `gguf:${this.path}`, secrets: [], clock: this.clock, scope });
      // The engine runs in this process: a failure that is not a stop (abort, timeout) is not cured by retrying.
      if (typed.error.code === 'aborted' || typed.error.code === 'timeout') throw typed;
      throw new ProviderCallError({ ...typed.error, code: 'unknown', retryable: false });
    } finally {
      scope.dispose();
    }
  }
}
