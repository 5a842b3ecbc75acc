/**
 * The batch ledger: which batches a run has at the provider, so that a process that stops (Ctrl-C, a crash, a
 * closed laptop) does not lose them. A batch is answered — and billed — whether or not anyone collects it.
 *
 * One record per batch, saved right after the batch is created and again when it is cancelled or collected.
 * runBatch first follows every record of the run not yet `collected` (polls it, collects it, appends its
 * results), and only then submits batches for the trials still without a result — so a trial is never in two
 * live batches, and its result is appended once (the store refuses a second one).
 *
 * Where it lives: `storeLedger(store)` keeps the run's records as one entry of the store's key-value log
 * (`cachePut`, durable before it resolves, last write wins) under the key `batch-ledger:v1:<runId>`, a key
 * the response cache (keys `v1:<sha256>`) never uses. The records hold no key or secret: the provider, the
 * endpoint, the batch id and its input file. They are also emitted as `batch-submitted` events, so
 * `--json` output names every batch id.
 */
import { z } from 'zod';
import { CostlabError } from '../errors.ts';
import type { Clock } from '../ports.ts';
import type { ResultStore } from '../store/result-store.ts';

export interface BatchRecord {
  provider: 'openai' | 'anthropic';
  /** The endpoint the batch was sent to (a resumed process reaches it there, with the key from config). */
  baseURL: string;
  /** `openai:MODEL` or `anthropic` — how the trials were grouped. */
  group: string;
  batchId: string;
  inputFileId: string | null;
  requests: number;
  /** ISO timestamp. */
  submittedAt: string;
  /** submitted → collected; cancel-requested when the run was stopped (a resume still collects it). */
  state: 'submitted' | 'cancel-requested' | 'collected';
}

export interface BatchLedger {
  load(runId: string): Promise<BatchRecord[]>;
  save(runId: string, records: readonly BatchRecord[]): Promise<void>;
}

export const batchRecordSchema = z.strictObject({
  provider: z.enum(['openai', 'anthropic']),
  baseURL: z.string().min(1),
  group: z.string(),
  batchId: z.string().min(1),
  inputFileId: z.string().nullable(),
  requests: z.number().int().nonnegative(),
  submittedAt: z.string().min(1),
  state: z.enum(['submitted', 'cancel-requested', 'collected']),
}) satisfies z.ZodType<BatchRecord>;

const recordsSchema = z.array(batchRecordSchema);

export function ledgerKey(runId: string): string {
  return `batch-ledger:v1:${runId}`;
}

/** The ledger in the result store's key-value log (see above). */
export function storeLedger(store: ResultStore, clock: Clock): BatchLedger {
  return {
    async load(runId) {
      const entry = await store.cacheGet(ledgerKey(runId));
      if (entry === undefined) return [];
      return parseRecords(runId, entry.output);
    },
    async save(runId, records) {
      await store.cachePut(ledgerKey(runId), {
        output: JSON.stringify(records),
        usage: null,
        usageSource: null,
        storedAt: new Date(clock.now()).toISOString(),
      });
    },
  };
}

/** A ledger in memory (tests, and callers that keep the records themselves). */
export function memoryLedger(initial: Readonly<Record<string, readonly BatchRecord[]>> = {}): BatchLedger & { records: Map<string, BatchRecord[]> } {
  const records = new Map(Object.entries(initial).map(([runId, list]) => [runId, structuredClone([...list])]));
  return {
    records,
    async load(runId) {
      return structuredClone(records.get(runId) ?? []);
    },
    async save(runId, list) {
      records.set(runId, structuredClone([...list]));
    },
  };
}

function parseRecords(runId: string, text: string): BatchRecord[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const parsed = recordsSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new CostlabError('bad-batch-ledger', `the batch ledger of run ${runId} is not valid`, {
    location: { field: ledgerKey(runId) },
    hint: 'the batches are still at the provider: find them by the costlab_run metadata (OpenAI) or in the console',
  });
}
