/**
 * `gguf:PATH` end to end on a real model: ../shared/models/stories260K.gguf (karpathy's 260K-parameter
 * TinyStories llama, see shared/data/SOURCES.md) run in process by node-llama-cpp's prebuilt CPU binary,
 * through createProvider, the GgufProvider and platform/gguf-engine.ts. stories260K is a base model with no
 * chat template, so the engine completes the plain prompt text. Greedy sampling makes the outputs repeatable.
 *
 * `costlab run --models gguf:PATH` is not tested here: the run command resolves every model in the catalog
 * first, and a GGUF path is not a catalog model (exit 2, unknown model).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CostlabError } from '../../src/core/errors.ts';
import type { Clock } from '../../src/core/ports.ts';
import { createProvider } from '../../src/core/providers/factory.ts';
import { GgufProvider } from '../../src/core/providers/gguf.ts';
import type { CompletionRequest, Provider } from '../../src/core/providers/provider.ts';
import { NodeGgufEngine, defaultGgufThreads, ggufThreadsFromEnv } from '../../src/platform/gguf-engine.ts';
import { catchError } from '../helpers/catch-error.ts';
import { SKIP_NO_SHARED, hasShared, sharedPath } from '../helpers/shared-data.ts';
import { callError } from './helpers.ts';

const MODEL = 'models/stories260K.gguf';
const clock: Clock = { now: () => Date.now(), monotonic: () => performance.now() };
const STORY: CompletionRequest = { model: 'stories260K', messages: [{ role: 'user', content: 'Once upon a time' }], maxOutputTokens: 24, timeoutMs: 20_000 };

describe('gguf engine settings', () => {
  it('threads: one less than the cores, at least 1 (1 on a 2-core machine); COSTLAB_GGUF_THREADS overrides', () => {
    expect([1, 2, 4, 8].map((cores) => defaultGgufThreads(cores))).toEqual([1, 1, 3, 7]);
    expect(ggufThreadsFromEnv({})).toBeUndefined();
    expect(ggufThreadsFromEnv({ COSTLAB_GGUF_THREADS: ' 2 ' })).toBe(2);
    for (const bad of ['0', 'two', '1.5', '-1']) {
      expect(catchError(() => ggufThreadsFromEnv({ COSTLAB_GGUF_THREADS: bad })).message).toContain('COSTLAB_GGUF_THREADS must be a whole number');
    }
  });

  it('a bad COSTLAB_GGUF_THREADS stops a run with a GGUF model before any call, and fails a call non-retryably', async () => {
    const saved = process.env['COSTLAB_GGUF_THREADS'];
    process.env['COSTLAB_GGUF_THREADS'] = 'lots';
    try {
      const engine = new NodeGgufEngine();
      const error = catchError(() => createProvider('gguf:./any.gguf', { clock, ggufEngine: engine }));
      expect(error.message).toBe('COSTLAB_GGUF_THREADS must be a whole number ≥ 1, got "lots"');
      const failed = await callError(new GgufProvider({ path: './any.gguf', clock, engine }).complete(STORY));
      expect(failed.error).toMatchObject({ code: 'bad-request', retryable: false });
      expect(failed.error.message).toContain('gguf:./any.gguf: COSTLAB_GGUF_THREADS must be a whole number');
      // Explicit threads win: the variable is not read at all.
      expect(() => new NodeGgufEngine({ threads: 1 }).checkModel(fileURLToPath(import.meta.url))).toThrow(/not a GGUF model file/);
    } finally {
      if (saved === undefined) delete process.env['COSTLAB_GGUF_THREADS'];
      else process.env['COSTLAB_GGUF_THREADS'] = saved;
    }
  });

  it('a bad model path is a CostlabError naming the path when the provider is built, before any call', () => {
    const engine = new NodeGgufEngine();
    const folder = mkdtempSync(join(tmpdir(), 'costlab-gguf-'));
    writeFileSync(join(folder, 'notes.gguf'), 'this is not a model');
    writeFileSync(join(folder, 'future.gguf'), Buffer.from([0x47, 0x47, 0x55, 0x46, 9, 0, 0, 0]));
    const cases: [string, RegExp][] = [
      [join(folder, 'missing.gguf'), /no such file: .*missing\.gguf/],
      [folder, /not a file/],
      [join(folder, 'notes.gguf'), /not a GGUF model file/],
      [join(folder, 'future.gguf'), /unsupported GGUF version 9/],
    ];
    for (const [path, message] of cases) {
      const error = catchError(() => createProvider(`gguf:${path}`, { clock, ggufEngine: engine }));
      expect(error).toBeInstanceOf(CostlabError);
      expect(error.code).toBe('gguf-model');
      expect(error.message).toContain(`gguf:${path}`);
      expect(error.message).toMatch(message);
      expect(error.hint).toMatch(/gguf:\.\/models\/|download it again/);
    }
    expect(engine.loadedModels).toBe(0);
  });
});

describe.skipIf(!hasShared(MODEL))(`gguf:PATH on stories260K.gguf (${SKIP_NO_SHARED})`, () => {
  const path = sharedPath(MODEL);
  const engine = new NodeGgufEngine({ threads: 1 });
  // Built in beforeAll: the factory checks the file, which must not run when this block is skipped.
  let provider: Provider;
  beforeAll(() => {
    provider = createProvider(`gguf:${path}`, { clock, ggufEngine: engine });
  });
  afterAll(() => engine.dispose());

  it('generates text, with the engine\'s token counts, latency and time to first token', async () => {
    const result = await provider.complete(STORY);
    expect(result.output.trim()).not.toBe('');
    expect(result.output).toMatch(/^[\s\S]*[a-z]{3}/i);
    expect(result.usageSource).toBe('reported');
    // "Once upon a time": the beginning-of-sequence token and 6 tokens of text, all evaluated.
    expect(result.usage).toEqual({ input: 7, output: 24, reasoning: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0 });
    expect(result.finishReason).toBe('length');
    expect(result.ttftMs).not.toBeNull();
    expect(result.ttftMs as number).toBeGreaterThanOrEqual(0);
    expect(result.ttftMs as number).toBeLessThanOrEqual(result.latencyMs);
    expect(result.latencyMs).toBeGreaterThan(0);
    expect(result.latencyMs).toBeLessThan(5_000);
  });

  it('reuses the loaded model: a second call (and a second provider for the same file) loads nothing, and repeats the first', async () => {
    const first = await provider.complete(STORY);
    const again = await provider.complete({ ...STORY, stream: true });
    const other = createProvider(`gguf:${basename(path)}`, { clock, ggufEngine: new NodeGgufEngine({ threads: 1, cwd: dirname(path) }) });
    expect(engine.loadedModels).toBe(1);
    expect(again.output).toBe(first.output);
    expect(again.usage).toEqual(first.usage);
    // Each call starts from an empty context: the whole prompt is evaluated again, not read from the last call.
    expect(again.usage.input).toBe(7);
    expect((await other.complete(STORY)).output).toBe(first.output);
  });

  it('honours maxOutputTokens and counts the system prompt as input', async () => {
    const short = await provider.complete({ ...STORY, maxOutputTokens: 5 });
    expect(short.usage.output).toBe(5);
    expect(short.finishReason).toBe('length');
    expect(short.output.length).toBeLessThan((await provider.complete(STORY)).output.length);
    const withSystem = await provider.complete({ ...STORY, system: 'Lily had a red ball.', maxOutputTokens: 5 });
    expect(withSystem.usage.input).toBeGreaterThan(short.usage.input);
    expect(withSystem.usage.output).toBe(5);
  });

  it('runs concurrent calls on one model one at a time, each with its own result', async () => {
    const results = await Promise.all([provider.complete(STORY), provider.complete({ ...STORY, maxOutputTokens: 3 }), provider.complete(STORY)]);
    expect(results.map((result) => result.usage.output)).toEqual([24, 3, 24]);
    expect(results[2]?.output).toBe(results[0]?.output);
    expect(engine.loadedModels).toBe(1);
  });

  it('stops on the caller\'s abort (non-retryable) and on the timeout (retryable), and the model still answers after', async () => {
    const long = { ...STORY, maxOutputTokens: 1_900 };
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const started = performance.now();
    const aborted = await callError(provider.complete({ ...long, signal: controller.signal }));
    expect(aborted.error).toMatchObject({ code: 'aborted', retryable: false });
    expect(aborted.error.message).toContain(`gguf:${path}`);
    expect(performance.now() - started).toBeLessThan(1_000);

    const before = new AbortController();
    before.abort();
    expect((await callError(provider.complete({ ...STORY, signal: before.signal }))).error).toMatchObject({ code: 'aborted', retryable: false });

    const timedOut = await callError(provider.complete({ ...long, timeoutMs: 30 }));
    expect(timedOut.error).toMatchObject({ code: 'timeout', retryable: true });

    const after = await provider.complete(STORY);
    expect(after.usage.output).toBe(24);
  });

  it('the chat format can be forced: the prompt goes through a chat template (more input tokens)', async () => {
    const chat = new NodeGgufEngine({ threads: 1, promptFormat: 'chat' });
    try {
      const result = await createProvider(`gguf:${path}`, { clock, ggufEngine: chat }).complete({ ...STORY, system: 'Be kind.' });
      expect(result.output.trim()).not.toBe('');
      expect(result.usage.input).toBeGreaterThan(7 + 3);
      expect(result.usage.output).toBeLessThanOrEqual(24);
    } finally {
      await chat.dispose();
    }
  });

  it('a prompt the model\'s context cannot hold is a non-retryable bad-request; a long answer stops where the context ends', async () => {
    const small = new NodeGgufEngine({ threads: 1, maxContextSize: 64 });
    try {
      const tight = createProvider(`gguf:${path}`, { clock, ggufEngine: small });
      const tooLong = await callError(tight.complete({ ...STORY, messages: [{ role: 'user', content: 'Once upon a time '.repeat(30) }] }));
      expect(tooLong.error).toMatchObject({ code: 'bad-request', retryable: false });
      expect(tooLong.error.message).toMatch(/the prompt is \d+ tokens and the model's context holds 64/);
      const clipped = await tight.complete({ ...STORY, maxOutputTokens: 500 });
      expect(clipped.finishReason).toBe('length');
      expect(clipped.usage).toMatchObject({ input: 7, output: 64 - 7 });
    } finally {
      await small.dispose();
    }
  });

  it('engine failures are typed and non-retryable: a missing file at call time, a corrupt model', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'costlab-gguf-'));
    const missing = join(folder, 'gone.gguf');
    const gone = await callError(new GgufProvider({ path: missing, clock, engine: engine }).complete(STORY));
    expect(gone.error).toMatchObject({ code: 'not-found', retryable: false });
    expect(gone.error.message).toContain(missing);

    const corrupt = join(folder, 'corrupt.gguf');
    // A GGUF version 3 header, then nothing a model is made of.
    writeFileSync(corrupt, Buffer.concat([Buffer.from('GGUF'), Buffer.from([3, 0, 0, 0]), Buffer.alloc(64, 7)]));
    const broken = await callError(createProvider(`gguf:${corrupt}`, { clock, ggufEngine: engine }).complete(STORY));
    expect(broken.error).toMatchObject({ code: 'unknown', retryable: false });
    expect(broken.error.message).toContain(`gguf:${corrupt}: the model could not be loaded`);
  });
});
