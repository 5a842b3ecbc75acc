/** Shared by the batch-run tests: a small plan on real catalog models, virtual time, and an event log. */
import { Catalog } from '../../../src/core/catalog/catalog.ts';
import type { BatchRunEvent } from '../../../src/core/batch/events.ts';
import type { RunBatchOptions } from '../../../src/core/batch/run-batch.ts';
import type { Sleep } from '../../../src/core/ports.ts';
import { buildPlan } from '../../../src/core/runner/plan.ts';
import type { ModelChoice } from '../../../src/core/runner/plan.ts';
import { MemoryStore } from '../../../src/core/store/memory-store.ts';
import { counterFor, runRecord, testSet, virtualTime } from '../../core/runner/helpers.ts';
import { FAKE_KEY } from '../helpers.ts';

export const FAST_POLL = { intervalMs: 1_000, factor: 2, maxIntervalMs: 60_000, maxErrors: 4 };

/** `cases` cases (`case N: say something short`) × models, maxOutputTokens 64, in a fresh MemoryStore. */
export function batchSetup(cases: number, models: readonly ModelChoice[], urls: { openai?: string; anthropic?: string }) {
  const catalog = new Catalog();
  const plan = buildPlan({ set: testSet(cases), catalog, models, params: [{ maxOutputTokens: 64 }] });
  const run = runRecord('run-1', plan.candidates, plan.trials);
  const store = new MemoryStore();
  const time = virtualTime();
  const log = batchEventLog();
  const options: RunBatchOptions = {
    run, trials: plan.trials, store, catalog, clock: time.clock, sleep: time.sleep, counterFor, onEvent: log.onEvent, poll: FAST_POLL,
    config: {
      clock: time.clock,
      openai: { apiKey: FAKE_KEY, ...(urls.openai ? { baseURL: urls.openai } : {}) },
      anthropic: { apiKey: FAKE_KEY, ...(urls.anthropic ? { baseURL: urls.anthropic } : {}) },
    },
  };
  return { catalog, plan, run, store, time, log, options };
}

/** A sleep that records like virtualTime's and aborts `controller` when called for the `n`th time. */
export function abortingSleep(inner: Sleep, controller: AbortController, n: number): Sleep {
  let calls = 0;
  return async (ms, signal) => {
    if (++calls === n) controller.abort();
    await inner(ms, signal);
  };
}

/** Collects events, checking each survives JSON (NDJSON) unchanged. */
export function batchEventLog() {
  const events: BatchRunEvent[] = [];
  const onEvent = (event: BatchRunEvent) => {
    const line = JSON.stringify(event);
    if (line.includes('\n')) throw new Error('an event is not one line');
    events.push(JSON.parse(line) as BatchRunEvent);
  };
  const of = <T extends BatchRunEvent['type']>(type: T) => events.filter((e): e is Extract<BatchRunEvent, { type: T }> => e.type === type);
  return { events, onEvent, of };
}

/** The text of a request's last message (`case N: …`). */
export function lastMessage(messages: unknown): string {
  const list = messages as { content: string }[];
  return list.at(-1)?.content ?? '';
}

/** Fails when the key, or any 8-character piece of it, appears in `text`. */
export function keyPieces(text: string): string[] {
  const found: string[] = [];
  for (let i = 0; i + 8 <= FAKE_KEY.length; i++) if (text.includes(FAKE_KEY.slice(i, i + 8))) found.push(FAKE_KEY.slice(i, i + 8));
  return found;
}
