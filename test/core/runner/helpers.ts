/** Test doubles for the runner: virtual time, a seeded random, a scripted Provider, a small catalog and plan. */
import { Catalog } from '../../../src/core/catalog/catalog.ts';
import type { ModelEntry, Rates } from '../../../src/core/catalog/model.ts';
import type { Usage } from '../../../src/core/economics/usage.ts';
import { ratePerMTok } from '../../../src/core/money/money.ts';
import type { Clock, Random, Sleep } from '../../../src/core/ports.ts';
import type { PromptSet } from '../../../src/core/promptset/types.ts';
import { ProviderCallError } from '../../../src/core/providers/provider.ts';
import type { CompletionRequest, CompletionResult, Provider, ProviderError } from '../../../src/core/providers/provider.ts';
import type { RunEvent } from '../../../src/core/runner/events.ts';
import type { Candidate, Trial } from '../../../src/core/runner/trial.ts';
import type { RunRecord } from '../../../src/core/store/result-store.ts';
import type { TokenCounter } from '../../../src/core/tokens/counter.ts';

/** A clock that moves only when something sleeps; every sleep is recorded. */
export function virtualTime(start = 0) {
  let now = start;
  const slept: number[] = [];
  const clock: Clock = { now: () => 1_767_225_600_000 + now, monotonic: () => now };
  const sleep: Sleep = async (ms, signal) => {
    if (signal?.aborted) throw new Error('aborted');
    slept.push(ms);
    now += ms;
    await Promise.resolve();
    if (signal?.aborted) throw new Error('aborted');
  };
  return { clock, sleep, slept, advance: (ms: number) => (now += ms), now: () => now };
}

/** mulberry32: a small seeded PRNG in [0, 1). */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Counts words: exact, fast, and easy to work out by hand. */
export const wordCounter: TokenCounter = {
  id: 'o200k_base',
  exact: true,
  count: (text) => text.split(/\s+/).filter((w) => w.length > 0).length,
};
export const counterFor = async (): Promise<TokenCounter> => wordCounter;

export type Script = (request: CompletionRequest, call: number) => CompletionResult | Promise<CompletionResult>;

export class ScriptedProvider implements Provider {
  readonly kind = 'scripted';
  readonly calls: CompletionRequest[] = [];
  inFlight = 0;
  maxInFlight = 0;

  constructor(private readonly script: Script) {}

  async complete(request: CompletionRequest): Promise<CompletionResult> {
    this.calls.push(request);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await tick();
      if (request.signal?.aborted) throw new ProviderCallError({ code: 'aborted', message: 'aborted', retryable: false });
      return await this.script(request, this.calls.length);
    } finally {
      this.inFlight--;
    }
  }
}

export const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function usage(fields: Partial<Usage>): Usage {
  return { input: 0, output: 0, reasoning: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0, ...fields };
}

export function ok(fields: Partial<Usage>, output = 'ok'): CompletionResult {
  return { output, usage: usage(fields), usageSource: 'reported', latencyMs: 5, ttftMs: null, finishReason: 'stop' };
}

export function failure(error: ProviderError, billed?: Partial<Usage>): ProviderCallError {
  return new ProviderCallError(error, billed ? usage(billed) : undefined);
}

/** The text of a request: its messages' contents, which the test plans make unique per case. */
export function requestText(request: CompletionRequest): string {
  return request.messages.map((m) => m.content).join('\n');
}

function model(provider: string, id: string, rates: Partial<Record<keyof Rates, string>> | null): ModelEntry {
  const rate = (v: string | undefined) => (v === undefined ? null : ratePerMTok(v));
  return {
    id,
    provider,
    displayName: id,
    aliases: [],
    contextWindow: 100_000,
    maxOutput: 10_000,
    tokenizer: 'o200k_base',
    rates: rates === null ? null : {
      input: rate(rates.input), output: rate(rates.output), reasoningOutput: rate(rates.reasoningOutput), cacheRead: rate(rates.cacheRead),
      cacheWrite5m: rate(rates.cacheWrite5m), cacheWrite1h: rate(rates.cacheWrite1h), batchInput: null, batchOutput: null,
    },
    longContext: [],
    selfHosted: rates === null,
    source: 'https://example.test/pricing',
    asOf: '2026-11-01',
    origin: 'override',
  };
}

/** The bundled catalog plus test models: test:cheap ($1 / $2 per M), test:dear ($10 / $30), test:local (self-hosted). */
export function testCatalog(): Catalog {
  return new Catalog({
    imported: [[
      model('test', 'cheap', { input: '1', output: '2' }),
      model('test', 'dear', { input: '10', output: '30' }),
      model('test', 'local', null),
    ]],
  });
}

/** A prompt set of `cases` cases whose prompts differ (`case N: …`). */
export function testSet(cases: number, options: { system?: string; reference?: (i: number) => string | undefined } = {}): PromptSet {
  return {
    file: 'test.yaml',
    name: 'test',
    base: { ...(options.system ? { system: { text: options.system } } : {}), prompt: { text: 'case {{n}}: say something short' } },
    vars: {},
    variants: [],
    models: [],
    cases: Array.from({ length: cases }, (_, i) => {
      const reference = options.reference?.(i);
      return { id: `c${i + 1}`, vars: { n: i + 1 }, ...(reference === undefined ? {} : { reference }), assert: [], location: {} };
    }),
    includes: [],
  };
}

export function runRecord(id: string, candidates: Candidate[], trials: Trial[]): RunRecord {
  return { id, createdAt: '2026-01-01T00:00:00.000Z', setName: 'test', setFile: null, candidates, trials, options: {}, status: 'running', origin: 'live' };
}

/** Collects events, checking each one survives JSON (NDJSON) unchanged. */
export function eventLog() {
  const events: RunEvent[] = [];
  const onEvent = (event: RunEvent) => {
    const line = JSON.stringify(event);
    if (line.includes('\n')) throw new Error('an event is not one line');
    events.push(JSON.parse(line) as RunEvent);
  };
  const of = <T extends RunEvent['type']>(type: T) => events.filter((e): e is Extract<RunEvent, { type: T }> => e.type === type);
  return { events, onEvent, of };
}
