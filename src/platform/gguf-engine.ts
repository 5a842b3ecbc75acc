/**
 * The in-process GGUF engine behind `gguf:PATH` (core/providers/gguf.ts's GgufEngine port): node-llama-cpp 3
 * with its prebuilt CPU binary from npm (`@node-llama-cpp/linux-x64`, …). It lives in platform because it
 * loads native code and reads the model file.
 *
 * - node-llama-cpp is imported on the first call (it takes about half a second), so `costlab --help` and
 *   every command that runs no GGUF model never load it. The binary is the prebuilt one (`gpu: false`,
 *   `build: 'never'`): nothing is downloaded or compiled at install or at run time. The CUDA and Vulkan
 *   packages are replaced by a stub at install (package.json `overrides`), so a GPU build is never there.
 * - Threads: `threads`, else COSTLAB_GGUF_THREADS, else one less than the cores Node may use (at least 1,
 *   at most the engine's physical cores) — 1 on a 2-core machine, where 2 threads made generation 10–40×
 *   slower next to Node's own thread and other work (llama.cpp's workers spin while they wait).
 * - Each model is loaded once per resolved path and kept. Calls to one model run one at a time, in order,
 *   on one reused context (grown when a call needs more room, up to the model's training context), and each
 *   call starts from an empty context: the whole prompt is evaluated every time, so usage and latency do not
 *   depend on what ran before.
 * - The prompt: with `promptFormat: 'auto'` (the default) a model whose GGUF carries a chat template gets
 *   its chat format (node-llama-cpp's wrapper for that template, its stop texts honoured); a model without
 *   one — a base model such as stories260K — gets a plain completion of the text: the system prompt and the
 *   messages' contents, joined by blank lines, without role labels. `'chat'` and `'plain'` force one.
 * - Sampling is greedy unless the request gives a temperature (top-p when given). Generation stops at
 *   maxOutputTokens or at the room left in the model's context, whichever is less (`finishReason: length`).
 * - Usage from the sequence's token meter: input = prompt tokens evaluated (the meter books the last prompt
 *   token under output, because it yields the first sampled token, so it is moved back), output = tokens
 *   sampled, a stop token included.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type * as NodeLlamaCppModule from 'node-llama-cpp';
import type { ChatHistoryItem, Llama, LlamaContext, LlamaContextSequence, LlamaEmbeddingContext, LlamaModel, LlamaText, Token } from 'node-llama-cpp';
import { CostlabError, ProviderCallError } from '../core/index.ts';
import type { GgufEngine, GgufGenerated, GgufGeneration } from '../core/providers/gguf.ts';

type NodeLlamaCpp = typeof NodeLlamaCppModule;

export type GgufPromptFormat = 'auto' | 'chat' | 'plain';

export interface NodeGgufEngineOptions {
  /** CPU threads for evaluation (default: COSTLAB_GGUF_THREADS, else defaultGgufThreads()). */
  threads?: number;
  /** Relative model paths are resolved against this folder (default: the working folder). */
  cwd?: string;
  /** How a prompt is rendered (default `auto`: the model's chat template when its file has one). */
  promptFormat?: GgufPromptFormat;
  /** The largest context to allocate, in tokens (default: the model's training context). */
  maxContextSize?: number;
  /** node-llama-cpp's own log lines (warnings and errors); dropped by default, the last few go into errors. */
  log?: (level: string, message: string) => void;
}

export const GGUF_THREADS_ENV = 'COSTLAB_GGUF_THREADS';

/** One less than the cores Node may use, at least 1: 1 on 2 cores, 3 on 4. */
export function defaultGgufThreads(cores: number = availableParallelism()): number {
  return Math.max(1, cores - 1);
}

/** `COSTLAB_GGUF_THREADS` as a whole number ≥ 1, or undefined when unset. */
export function ggufThreadsFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const text = env[GGUF_THREADS_ENV]?.trim();
  if (text === undefined || text === '') return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1) {
    throw new CostlabError('bad-env', `${GGUF_THREADS_ENV} must be a whole number ≥ 1, got "${text}"`, { hint: `fix or unset ${GGUF_THREADS_ENV}` });
  }
  return Number(text);
}

const MIN_CONTEXT = 512;
const CONTEXT_STEP = 512;
const LOG_LINES_KEPT = 5;
/** GGUF versions llama.cpp still reads (version 1 was dropped). */
const MIN_GGUF_VERSION = 2;
const MAX_GGUF_VERSION = 3;

/** The engine `costlab run` hands to createProvider (`ggufEngine`). */
export function nodeGgufEngine(options: NodeGgufEngineOptions = {}): NodeGgufEngine {
  return new NodeGgufEngine(options);
}

export class NodeGgufEngine implements GgufEngine {
  private readonly cwd: string;
  private readonly promptFormat: GgufPromptFormat;
  private readonly maxContextSize: number | undefined;
  private readonly requestedThreads: number | undefined;
  private readonly log: ((level: string, message: string) => void) | undefined;
  private readonly recentLog: string[] = [];
  private readonly models = new Map<string, Promise<LoadedModel>>();
  private readonly listener = (level: string, message: string) => this.record(level, message);

  constructor(options: NodeGgufEngineOptions = {}) {
    this.cwd = options.cwd ?? process.cwd();
    this.promptFormat = options.promptFormat ?? 'auto';
    this.maxContextSize = options.maxContextSize;
    this.requestedThreads = options.threads;
    if (this.requestedThreads !== undefined && (!Number.isSafeInteger(this.requestedThreads) || this.requestedThreads < 1)) {
      throw new CostlabError('bad-option', `gguf threads must be a whole number ≥ 1, got ${this.requestedThreads}`);
    }
    this.log = options.log;
  }

  /** How many models are loaded (or loading): one per resolved path. */
  get loadedModels(): number {
    return this.models.size;
  }

  checkModel(path: string): void {
    if (this.requestedThreads === undefined) ggufThreadsFromEnv();
    const full = resolve(this.cwd, path);
    const hint = 'give the path of a .gguf model file, absolute or relative to the working folder: gguf:./models/NAME.gguf';
    let isFile: boolean;
    try {
      isFile = statSync(full).isFile();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? String(error)})`;
      throw new CostlabError('gguf-model', `gguf:${path}: ${why}: ${full}`, { hint });
    }
    if (!isFile) throw new CostlabError('gguf-model', `gguf:${path}: not a file: ${full}`, { hint });
    const head = readHead(full, 8);
    if (head.subarray(0, 4).toString('latin1') !== 'GGUF') {
      throw new CostlabError('gguf-model', `gguf:${path}: not a GGUF model file (it does not start with "GGUF"): ${full}`, { hint });
    }
    const version = head.length < 8 ? null : head.readUInt32LE(4);
    if (version === null || version < MIN_GGUF_VERSION || version > MAX_GGUF_VERSION) {
      throw new CostlabError('gguf-model', `gguf:${path}: unsupported GGUF version ${version ?? '(none)'} (llama.cpp reads ${MIN_GGUF_VERSION} to ${MAX_GGUF_VERSION}): ${full}`, {
        hint: 'the file may be cut short or damaged: download it again',
      });
    }
  }

  async generate(generation: GgufGeneration): Promise<GgufGenerated> {
    const model = await untilAborted(this.model(generation.path), generation.signal);
    return model.generate(generation);
  }

  /** Embeds texts with the model at `path` (loaded once, shared with generation): see LoadedModel.embed. */
  async embed(path: string, texts: readonly string[], signal: AbortSignal = new AbortController().signal): Promise<{ vectors: number[][]; inputTokens: number }> {
    this.checkModel(path);
    const model = await untilAborted(this.model(path), signal);
    try {
      return await model.embed(texts, signal);
    } catch (error) {
      throw this.engineError(`gguf:${path}: embedding failed`, error);
    }
  }

  /** Frees this engine's models (tests; a CLI process just exits). The process-wide llama.cpp binding stays. */
  async dispose(): Promise<void> {
    const models = [...this.models.values()];
    this.models.clear();
    logListeners.delete(this.listener);
    for (const loading of models) {
      const model = await loading.catch(() => null);
      await model?.dispose();
    }
  }

  private model(path: string): Promise<LoadedModel> {
    const full = resolve(this.cwd, path);
    let loading = this.models.get(full);
    if (loading === undefined) {
      loading = this.load(path, full);
      this.models.set(full, loading);
      // A failed load is not kept: the next call tries again (the file may have been fixed).
      loading.catch(() => this.models.delete(full));
    }
    return loading;
  }

  private async load(path: string, full: string): Promise<LoadedModel> {
    const { lib, llama, threads } = await this.engine();
    try {
      statSync(full);
    } catch {
      throw new ProviderCallError({ code: 'not-found', message: `gguf:${path}: no such file: ${full}`, retryable: false });
    }
    try {
      this.recentLog.length = 0; // so an error carries what this load logged, not an earlier one
      const model = await llama.loadModel({ modelPath: full, gpuLayers: 0 });
      return new LoadedModel(lib, model, { threads, promptFormat: this.promptFormat, maxContextSize: this.maxContextSize });
    } catch (error) {
      throw this.engineError(`gguf:${path}: the model could not be loaded`, error);
    }
  }

  private async engine(): Promise<{ lib: NodeLlamaCpp; llama: Llama; threads: number }> {
    // Read when a GGUF model is first used, so a bad value never stops a run that has none.
    const configured = this.requestedThreads ?? ggufThreadsFromEnv();
    logListeners.add(this.listener);
    try {
      const { lib, llama } = await sharedLlama();
      const threads = configured ?? Math.min(defaultGgufThreads(), Math.max(1, llama.cpuMathCores));
      return { lib, llama, threads };
    } catch (error) {
      throw this.engineError('gguf: the llama.cpp engine (node-llama-cpp, prebuilt CPU binary) could not start', error);
    }
  }

  private record(level: string, message: string): void {
    const line = message.trim();
    if (line === '') return;
    this.recentLog.push(line);
    if (this.recentLog.length > LOG_LINES_KEPT) this.recentLog.shift();
    this.log?.(level, line);
  }

  private engineError(what: string, error: unknown): ProviderCallError {
    if (error instanceof ProviderCallError) return error;
    const detail = error instanceof Error ? error.message : String(error);
    const log = this.recentLog.length > 0 ? ` (engine log: ${this.recentLog.join(' | ')})` : '';
    return new ProviderCallError({ code: 'unknown', message: `${what}: ${detail}${log}`, retryable: false });
  }
}

interface LoadedModelOptions {
  threads: number;
  promptFormat: GgufPromptFormat;
  maxContextSize: number | undefined;
}

interface RenderedPrompt {
  /** Without the beginning-of-sequence token: LlamaCompletion prepends it. */
  tokens: Token[];
  stopTriggers: LlamaText[];
}

/** One loaded model: its context (reused, grown on demand), and a queue so that calls run one at a time. */
class LoadedModel {
  private context: LlamaContext | null = null;
  private sequence: LlamaContextSequence | null = null;
  private embeddingContext: LlamaEmbeddingContext | null = null;
  private tail: Promise<void> = Promise.resolve();
  private readonly useChat: boolean;

  constructor(
    private readonly lib: NodeLlamaCpp,
    private readonly model: LlamaModel,
    private readonly options: LoadedModelOptions,
  ) {
    const template = model.fileInfo.metadata.tokenizer?.chat_template;
    this.useChat = options.promptFormat === 'chat' || (options.promptFormat === 'auto' && typeof template === 'string' && template.trim() !== '');
  }

  async generate(generation: GgufGeneration): Promise<GgufGenerated> {
    const release = await this.turn(generation.signal);
    try {
      const prompt = this.render(generation);
      const limit = Math.min(this.model.trainContextSize, this.options.maxContextSize ?? Number.POSITIVE_INFINITY);
      const promptTokens = prompt.tokens.length + 1;
      if (promptTokens >= limit) {
        throw new ProviderCallError({
          code: 'bad-request',
          message: `gguf: the prompt is ${promptTokens} tokens and the model's context holds ${limit}: no room to generate`,
          retryable: false,
        });
      }
      const sequence = await this.sequenceFor(Math.min(limit, promptTokens + generation.maxOutputTokens), limit);
      await sequence.clearHistory();
      if (generation.signal.aborted) throw generation.signal.reason;
      generation.onStart();
      const before = sequence.tokenMeter.getState();
      const completion = new this.lib.LlamaCompletion({ contextSequence: sequence });
      const result = await completion.generateCompletionWithMeta(prompt.tokens, {
        // The context may be padded past the limit; the limit is what the answer may fill.
        maxTokens: Math.min(generation.maxOutputTokens, limit - promptTokens),
        onTextChunk: (chunk) => generation.onText(chunk),
        signal: generation.signal,
        temperature: generation.temperature ?? 0,
        ...(generation.topP === undefined ? {} : { topP: generation.topP }),
        ...(prompt.stopTriggers.length === 0 ? {} : { customStopTriggers: prompt.stopTriggers }),
        disableContextShift: true,
      });
      const after = sequence.tokenMeter.getState();
      const sampled = after.usedOutputTokens - before.usedOutputTokens;
      return {
        output: result.response,
        inputTokens: after.usedInputTokens - before.usedInputTokens + (sampled > 0 ? 1 : 0),
        outputTokens: sampled,
        finishReason: result.metadata.stopReason === 'maxTokens' ? 'length' : 'stop',
      };
    } finally {
      release();
    }
  }

  /**
   * Embeddings of each text with this model (llama.cpp's embedding context, mean-pooled as the model's GGUF
   * says), one text at a time on the model's queue; inputTokens = the texts' tokens.
   */
  async embed(texts: readonly string[], signal: AbortSignal): Promise<{ vectors: number[][]; inputTokens: number }> {
    const release = await this.turn(signal);
    try {
      this.embeddingContext ??= await this.model.createEmbeddingContext({ threads: this.options.threads });
      const vectors: number[][] = [];
      let inputTokens = 0;
      for (const text of texts) {
        if (signal.aborted) throw signal.reason;
        inputTokens += this.model.tokenize(text).length;
        vectors.push([...(await this.embeddingContext.getEmbeddingFor(text)).vector]);
      }
      return { vectors, inputTokens };
    } finally {
      release();
    }
  }

  async dispose(): Promise<void> {
    await this.embeddingContext?.dispose();
    this.embeddingContext = null;
    await this.context?.dispose();
    this.context = null;
    this.sequence = null;
    await this.model.dispose();
  }

  /** Waits for the calls queued before this one; rejects, and gives up its place, when the signal fires. */
  private turn(signal: AbortSignal): Promise<() => void> {
    let release!: () => void;
    const mine = new Promise<void>((done) => (release = done));
    const previous = this.tail;
    this.tail = previous.then(() => mine);
    return new Promise((resolveTurn, rejectTurn) => {
      const onAbort = () => {
        void previous.then(release);
        rejectTurn(signal.reason);
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      void previous.then(() => {
        if (signal.aborted) return;
        signal.removeEventListener('abort', onAbort);
        resolveTurn(release);
      });
    });
  }

  /** The reused sequence, on a context of at least `needed` tokens (a bigger one replaces a smaller), at most `limit`. */
  private async sequenceFor(needed: number, limit: number): Promise<LlamaContextSequence> {
    if (this.context !== null && this.sequence !== null && this.context.contextSize >= needed) return this.sequence;
    await this.context?.dispose();
    this.context = null;
    this.sequence = null;
    const size = Math.min(limit, Math.max(MIN_CONTEXT, Math.ceil(needed / CONTEXT_STEP) * CONTEXT_STEP));
    this.context = await this.model.createContext({ contextSize: size, threads: this.options.threads, sequences: 1 });
    this.sequence = this.context.getSequence();
    return this.sequence;
  }

  private render(generation: GgufGeneration): RenderedPrompt {
    const bos = this.model.tokens.bos;
    const dropBos = (tokens: Token[]) => (bos !== null && tokens[0] === bos ? tokens.slice(1) : tokens);
    if (!this.useChat) {
      const parts = [generation.system, ...generation.messages.map((message) => message.content)].filter(
        (part): part is string => part !== undefined && part !== '',
      );
      return { tokens: dropBos(this.model.tokenize(parts.join('\n\n'), false, 'trimLeadingSpace')), stopTriggers: [] };
    }
    const history: ChatHistoryItem[] = [];
    if (generation.system !== undefined) history.push({ type: 'system', text: generation.system });
    for (const message of generation.messages) {
      if (message.role === 'system') history.push({ type: 'system', text: message.content });
      else if (message.role === 'user') history.push({ type: 'user', text: message.content });
      else history.push({ type: 'model', response: [message.content] });
    }
    // The reply to write; a trailing assistant message is a prefill the reply continues.
    if (generation.messages.at(-1)?.role !== 'assistant') history.push({ type: 'model', response: [] });
    const wrapper = this.lib.resolveChatWrapper(this.model);
    const state = wrapper.generateContextState({ chatHistory: history });
    return { tokens: dropBos(state.contextText.tokenize(this.model.tokenizer)), stopTriggers: [...state.stopGenerationTriggers] };
  }
}

/** The first `length` bytes of a file (fewer when it is shorter). */
function readHead(path: string, length: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const read = readSync(fd, buffer, 0, length, 0);
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/**
 * One llama.cpp binding per process, shared by every engine: a second one would log straight to stderr (the
 * native log hook stays with the first), and the TUI's screen must not be written over.
 */
let llamaInstance: Promise<{ lib: NodeLlamaCpp; llama: Llama }> | null = null;
const logListeners = new Set<(level: string, message: string) => void>();

function sharedLlama(): Promise<{ lib: NodeLlamaCpp; llama: Llama }> {
  llamaInstance ??= (async () => {
    const lib = await import('node-llama-cpp');
    const llama = await lib.getLlama({
      gpu: false,
      build: 'never',
      usePrebuiltBinaries: true,
      skipDownload: true,
      progressLogs: false,
      logLevel: lib.LlamaLogLevel.warn,
      logger: (level, message) => {
        for (const listener of logListeners) listener(level, message);
      },
    });
    return { lib, llama };
  })();
  // A failed start is not kept: the next call tries again.
  llamaInstance.catch(() => {
    llamaInstance = null;
  });
  return llamaInstance;
}

/** The promise, or the signal's reason when it fires first (the promise itself goes on: it is shared). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolvePromise, rejectPromise) => {
    const onAbort = () => rejectPromise(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolvePromise(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        rejectPromise(error as Error);
      },
    );
  });
}
