/**
 * Recorded answers → one run (origin `recorded`) and its results, the shape every analysis reads.
 *
 * - one candidate per recorded model: id `base@recorded:<name>`, variant `base`, target `recorded:<name>`, model the
 *   catalog key or `recorded:<name>` (models.ts); the dataset does not say which parameters were used, so
 *   `params.maxOutputTokens` is the longest recorded answer (a re-run's bill then covers every answer);
 * - one trial per (model, case): id `<candidate>|<case>|1`, the prompt as one user message;
 * - one succeeded result per trial: the output, usage counted with the model's counter and marked `estimated`
 *   (input = the prompt's tokens, output = the answer's tokens, no chat-template tokens), costUsd from the
 *   catalog's dated rates or null when unknown, `attempts: 0` (costlab made no call), latency unknown (null),
 *   `finishedAt` the import time, and the dataset's quality label and other labels.
 */
import type { Catalog } from '../catalog/catalog.ts';
import { CostlabError } from '../errors.ts';
import { makeUsage, priceUsage } from '../economics/usage.ts';
import { moneyToUsdString } from '../money/money.ts';
import type { Candidate, Trial, TrialResult } from '../runner/trial.ts';
import type { ResultStore, RunRecord } from '../store/result-store.ts';
import { loadRecordedCounter, resolveRecordedModel } from './models.ts';
import type { RecordedModel } from './models.ts';

export interface RecordedImportOptions {
  catalog: Catalog;
  /** ISO timestamp of the import (the caller's clock): the run's createdAt and every result's finishedAt. */
  importedAt: string;
  /** Default `<setName>-<importedAt as 20261122T100000Z>`. */
  runId?: string;
}

export interface RecordedItem {
  caseId: string;
  prompt: string;
  output: string;
  /** In [0, 1], or null when the dataset gives no label. */
  quality: number | null;
  labels?: Record<string, number | boolean>;
}

export interface RecordedModelItems {
  name: string;
  /** `weak`, `strong`, `reference`, … when the dataset gives the model a role. */
  role?: string;
  items: RecordedItem[];
}

export interface RecordedCandidate extends Omit<RecordedModel, 'entry'> {
  candidateId: string;
  role: string | null;
  trials: number;
}

export interface RecordedImport {
  /** The run as imported, status `finished`. */
  run: RunRecord;
  results: TrialResult[];
  candidates: RecordedCandidate[];
  /** What people should know about the mapping (estimates, stand-ins, gaps), one line each. */
  notes: string[];
}

export interface RecordedRunSpec {
  setName: string;
  setFile: string | null;
  /** Provenance and mapping facts kept in the run's options (`recorded` key). */
  provenance: Record<string, unknown>;
  models: RecordedModelItems[];
  notes: string[];
}

export const USAGE_NOTE =
  'usage is estimated: input = the prompt\'s tokens, output = the answer\'s tokens, counted with each model\'s counter (no chat-template tokens)';

export async function buildRecordedRun(spec: RecordedRunSpec, options: RecordedImportOptions): Promise<RecordedImport> {
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(options.importedAt)) {
    throw new CostlabError('bad-recorded', `importedAt must be an ISO UTC timestamp, got ${JSON.stringify(options.importedAt)}`);
  }
  const runId = options.runId ?? defaultRunId(spec.setName, options.importedAt);
  const candidates: Candidate[] = [];
  const trials: Trial[] = [];
  const results: TrialResult[] = [];
  const described: RecordedCandidate[] = [];
  const notes = [USAGE_NOTE, ...spec.notes];

  for (const { name, role, items } of spec.models) {
    const model = resolveRecordedModel(name, options.catalog);
    const counter = await loadRecordedCounter(model);
    const candidateId = `base@${model.target}`;
    if (candidates.some((c) => c.id === candidateId)) {
      throw new CostlabError('bad-recorded', `model ${name} appears twice`, { hint: 'give each model one file or column' });
    }
    let longest = 1;
    for (const item of items) {
      const usage = makeUsage({ input: counter.count(item.prompt), output: counter.count(item.output) });
      longest = Math.max(longest, usage.output);
      const total = model.entry ? priceUsage(model.entry, usage).total : null;
      const trial: Trial = {
        id: `${candidateId}|${item.caseId}|1`, candidateId, caseId: item.caseId, repeat: 1,
        messages: [{ role: 'user', content: item.prompt }],
      };
      trials.push(trial);
      results.push({
        runId, trialId: trial.id, candidateId, caseId: item.caseId, repeat: 1, status: 'succeeded', cached: false,
        output: item.output, usage, usageSource: 'estimated',
        costUsd: total?.known ? moneyToUsdString(total.pico) : null,
        latencyMs: null, ttftMs: null, attempts: 0, error: null, finishedAt: options.importedAt,
        quality: item.quality, ...(item.labels === undefined ? {} : { labels: item.labels }),
      });
    }
    candidates.push({ id: candidateId, variant: 'base', model: model.model, target: model.target, params: { maxOutputTokens: longest } });
    const { entry: _entry, ...rest } = model;
    described.push({ ...rest, candidateId, role: role ?? null, trials: items.length });
    notes.push(`${name} → ${model.mapping}${model.priceNote ? `; ${model.priceNote}` : ''}`);
    if (!model.countExact) {
      notes.push(`${name}: tokens are an estimate (${model.tokenizer === 'o200k_base' ? 'o200k_base stands in: costlab has no tokenizer for this family' : `${model.tokenizer} estimate`})`);
    }
  }

  const run: RunRecord = {
    id: runId,
    createdAt: options.importedAt,
    setName: spec.setName,
    setFile: spec.setFile,
    candidates,
    trials,
    options: { recorded: { ...spec.provenance, importedAt: options.importedAt } },
    status: 'finished',
    origin: 'recorded',
  };
  return { run, results, candidates: described, notes };
}

/** `alpaca-eval-20261122T100000Z`: the set's name and the import time. */
export function defaultRunId(setName: string, importedAt: string): string {
  return `${setName}-${importedAt.replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '')}`;
}

/** The same import under another run id (e.g. when the default one is taken in the store). */
export function withRunId(imported: RecordedImport, runId: string): RecordedImport {
  return {
    ...imported,
    run: { ...imported.run, id: runId },
    results: imported.results.map((result) => ({ ...result, runId })),
  };
}

/** `id`, else `id-2`, `id-3`, … : the first not in `taken`. */
export function freeRunId(id: string, taken: ReadonlySet<string>): string {
  if (!taken.has(id)) return id;
  for (let n = 2; ; n++) if (!taken.has(`${id}-${n}`)) return `${id}-${n}`;
}

/**
 * Writes an import into a store: the run (status `running` while its results go in), every result, then status
 * `finished`. A failure part-way marks the run `stopped` and rethrows.
 */
export async function writeRecordedRun(store: ResultStore, imported: RecordedImport): Promise<void> {
  await store.createRun({ ...imported.run, status: 'running' });
  try {
    await Promise.all(imported.results.map((result) => store.appendResult(result)));
  } catch (error) {
    await store.setRunStatus(imported.run.id, 'stopped').catch(() => undefined);
    throw error;
  }
  await store.setRunStatus(imported.run.id, 'finished');
}
