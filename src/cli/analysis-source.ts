/**
 * What the analysis commands (route, cascade, and later the TUI) read: a stored run (`RUN_ID`, from the store
 * in `--store DIR`, default .costlab) or a recorded dataset imported in memory (`--recorded routellm:PATH` or
 * `alpaca-eval:PATH`; the store is never written), as one row per case with one cell per candidate.
 *
 * - Candidates are the run's, in its order; `name` is the recorded model's name when the run was imported
 *   (`recorded:<name>` targets), else the model, and `role` the dataset's role (`weak`, `strong`, `reference`).
 *   `findCandidates` looks one up by id, role, recorded name, model or target, or a model reference the catalog
 *   resolves.
 * - Items are the run's cases in plan order (for a RouteLLM file: the file's order). An item's prompt is its
 *   first trial's messages (system prompt first), joined by blank lines; `query` is the last user message and
 *   `turns` the messages before it. With `repeats: 'each'` an item is one case × repeat instead (a cascade
 *   decides request by request), in plan order.
 * - A cell aggregates one candidate's trials of the item (repeats): quality = the mean of the qualities that are
 *   known (costlab's per-trial quality: ratings, judges, recorded labels, assertions, references — scored-run.ts),
 *   null when none is; cost = the mean `costUsd` per request as a number, null when any trial's price is unknown;
 *   latency the mean of the known ones; labels those of the first result. A candidate with no result on the
 *   item has no cell (null).
 */
import {
  CostlabError, importAlpacaEval, importRouteLlm, readAlpacaEvalFolder, readRouteLlmPath,
} from '../core/index.ts';
import type { Catalog, ChatMessage, RunRecord, Trial, TrialResult } from '../core/index.ts';
import { installPlatform, nodePorts } from '../platform/node.ts';
import { loadCatalog } from './catalog-loader.ts';
import { storeDir } from './run-store.ts';
import { loadScoredRun, scoreTrials } from './scored-run.ts';
import type { ScoredTrial } from './scored-run.ts';

export const RECORDED_SOURCES = ['routellm', 'alpaca-eval'] as const;
export type RecordedSource = (typeof RECORDED_SOURCES)[number];

export type AnalysisOrigin =
  | { kind: 'run'; runId: string; store: string }
  | { kind: 'recorded'; format: RecordedSource; path: string };

export interface SourceCandidate {
  id: string;
  model: string;
  target: string;
  variant: string;
  /** The recorded model's name for an imported run, else the model. */
  name: string;
  role: string | null;
}

export interface SourceCell {
  /** Mean known quality in [0, 1]; null when no trial of the case could be scored. */
  quality: number | null;
  /** Mean cost per request in US dollars; null when a trial's price is unknown (never 0 for unknown). */
  costUsd: number | null;
  latencyMs: number | null;
  labels: Readonly<Record<string, number | boolean>> | undefined;
  output: string | null;
  /** Trials with a result, and how many of them failed. */
  trials: number;
  failed: number;
}

export interface SourceItem {
  caseId: string;
  /** The repeat with `repeats: 'each'`; null when the cells average the case's repeats. */
  repeat: number | null;
  prompt: string;
  query: string;
  turns: number;
  /** One cell per candidate, in the candidates' order. */
  cells: (SourceCell | null)[];
}

export interface AnalysisSource {
  origin: AnalysisOrigin;
  run: RunRecord;
  candidates: SourceCandidate[];
  items: SourceItem[];
  warnings: string[];
  /** What importing a recorded dataset noted (model mappings, estimated tokens); empty for a stored run. */
  notes: string[];
  /** The catalog the source was read with (a recorded dataset is priced from it, today). */
  catalog: Catalog;
}

export interface SourceSpec {
  runId?: string;
  /** `routellm:PATH` or `alpaca-eval:PATH`. */
  recorded?: string;
  store?: string;
  /** 'mean' (default): one item per case; 'each': one item per case × repeat. */
  repeats?: 'mean' | 'each';
}

export function parseRecordedSpec(value: string): { format: RecordedSource; path: string } {
  const colon = value.indexOf(':');
  const format = colon === -1 ? '' : value.slice(0, colon);
  const path = colon === -1 ? '' : value.slice(colon + 1);
  if (!(RECORDED_SOURCES as readonly string[]).includes(format) || path === '') {
    throw new CostlabError('bad-option', `--recorded ${JSON.stringify(value)} is not FORMAT:PATH`, {
      location: { field: '--recorded' },
      hint: `use ${RECORDED_SOURCES.map((f) => `${f}:PATH`).join(' or ')}, e.g. --recorded routellm:gsm8k.jsonl`,
    });
  }
  return { format: format as RecordedSource, path };
}

async function importRecorded(
  format: RecordedSource, path: string, catalog: Catalog,
): Promise<{ run: RunRecord; results: TrialResult[]; roles: Map<string, string | null>; notes: string[] }> {
  const fs = nodePorts().fs;
  const options = { catalog, importedAt: new Date().toISOString() };
  const imported = format === 'routellm'
    ? await importRouteLlm(await readRouteLlmPath(path, fs), options)
    : await importAlpacaEval(await readAlpacaEvalFolder(path, fs), options);
  const roles = new Map(imported.candidates.map((c) => [c.candidateId, c.role]));
  return { run: imported.run, results: imported.results, roles, notes: imported.notes };
}

function promptOf(trial: Trial): { prompt: string; query: string; turns: number } {
  const messages: ChatMessage[] = trial.messages;
  const parts = [...(trial.system === undefined ? [] : [trial.system]), ...messages.map((m) => m.content)];
  let last = -1;
  messages.forEach((m, i) => {
    if (m.role === 'user') last = i;
  });
  const query = last === -1 ? (parts[parts.length - 1] ?? '') : (messages[last] as ChatMessage).content;
  const turns = last === -1 ? 0 : messages.slice(0, last).filter((m) => m.role !== 'system').length;
  return { prompt: parts.join('\n\n'), query, turns };
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

function cellOf(trials: readonly ScoredTrial[]): SourceCell | null {
  const done = trials.filter((t) => t.result !== undefined);
  if (done.length === 0) return null;
  const results = done.map((t) => t.result as TrialResult);
  const costs = results.map((r) => (r.costUsd === null ? null : Number(r.costUsd)));
  return {
    quality: mean(done.flatMap((t) => (t.quality === null ? [] : [t.quality]))),
    costUsd: costs.some((c) => c === null) ? null : mean(costs as number[]),
    latencyMs: mean(results.flatMap((r) => (r.latencyMs === null ? [] : [r.latencyMs]))),
    labels: results[0]?.labels,
    output: results[0]?.output ?? null,
    trials: results.length,
    failed: results.filter((r) => r.status === 'failed').length,
  };
}

export interface BuildContext {
  catalog: Catalog;
  roles?: ReadonlyMap<string, string | null>;
  warnings?: string[];
  notes?: string[];
  repeats?: 'mean' | 'each';
}

/** Groups scored trials into items × candidates (see the module comment). */
export function buildAnalysisSource(origin: AnalysisOrigin, run: RunRecord, scored: readonly ScoredTrial[], context: BuildContext): AnalysisSource {
  const roles = context.roles ?? new Map<string, string | null>();
  const each = context.repeats === 'each';
  const candidates: SourceCandidate[] = run.candidates.map((c) => ({
    id: c.id, model: c.model, target: c.target, variant: c.variant,
    name: c.target.startsWith('recorded:') ? c.target.slice('recorded:'.length) : c.model,
    role: roles.get(c.id) ?? null,
  }));
  const column = new Map(candidates.map((c, i) => [c.id, i]));
  const byItem = new Map<string, { first: Trial; trials: ScoredTrial[][] }>();
  for (const s of scored) {
    const key = each ? `${s.trial.caseId}#${s.trial.repeat}` : s.trial.caseId;
    let entry = byItem.get(key);
    if (!entry) {
      entry = { first: s.trial, trials: candidates.map(() => []) };
      byItem.set(key, entry);
    }
    const at = column.get(s.trial.candidateId);
    if (at !== undefined) entry.trials[at]?.push(s);
  }
  const items = [...byItem.values()].map((entry) => ({
    caseId: entry.first.caseId, repeat: each ? entry.first.repeat : null, ...promptOf(entry.first), cells: entry.trials.map(cellOf),
  }));
  return { origin, run, candidates, items, warnings: context.warnings ?? [], notes: context.notes ?? [], catalog: context.catalog };
}

/** Loads a run from the store or a recorded file (exactly one of `runId`, `recorded`). */
export async function loadAnalysisSource(spec: SourceSpec): Promise<AnalysisSource> {
  if ((spec.runId === undefined) === (spec.recorded === undefined)) {
    throw new CostlabError('bad-option', spec.runId === undefined ? 'give a RUN_ID or --recorded FORMAT:PATH' : 'give a RUN_ID or --recorded, not both', {
      hint: 'list the stored runs with costlab runs, or analyse a dataset directly: --recorded routellm:gsm8k.jsonl',
    });
  }
  const repeats = spec.repeats ?? 'mean';
  installPlatform();
  if (spec.recorded !== undefined) {
    const { format, path } = parseRecordedSpec(spec.recorded);
    const catalog = await loadCatalog();
    const { run, results, roles, notes } = await importRecorded(format, path, catalog);
    const { trials } = scoreTrials(run, results, null, []);
    return buildAnalysisSource({ kind: 'recorded', format, path }, run, trials, { catalog, roles, notes, repeats });
  }
  const dir = storeDir(spec.store);
  const scored = await loadScoredRun(dir, spec.runId as string);
  const recorded = (scored.run.options as { recorded?: { weak?: unknown; strong?: unknown } }).recorded;
  const roles = new Map<string, string | null>();
  for (const c of scored.run.candidates) {
    const name = c.target.startsWith('recorded:') ? c.target.slice('recorded:'.length) : null;
    if (name !== null && recorded?.weak === name) roles.set(c.id, 'weak');
    if (name !== null && recorded?.strong === name) roles.set(c.id, 'strong');
  }
  const origin: AnalysisOrigin = { kind: 'run', runId: scored.run.id, store: dir };
  return buildAnalysisSource(origin, scored.run, scored.trials, { catalog: await loadCatalog(), roles, warnings: [...scored.warnings], repeats });
}

/**
 * The candidates `ref` names, most specific first: the one with that id; else those with that role (`weak`,
 * `strong`); else that recorded name; else that model or target; else the model the catalog resolves `ref` to
 * (`gpt-4o-mini` for `openai:gpt-4o-mini`). Empty when none fits; more than one when the first kind that fits
 * fits several (the caller says which to pick).
 */
export function findCandidates(source: AnalysisSource, ref: string): SourceCandidate[] {
  const byId = source.candidates.filter((c) => c.id === ref);
  if (byId.length > 0) return byId;
  for (const fits of [
    (c: SourceCandidate) => c.role === ref,
    (c: SourceCandidate) => c.name === ref,
    (c: SourceCandidate) => c.model === ref || c.target === ref,
  ]) {
    const matches = source.candidates.filter(fits);
    if (matches.length > 0) return matches;
  }
  let entry;
  try {
    entry = source.catalog.tryResolve(ref);
  } catch (error) {
    if (error instanceof CostlabError) return []; // a reference the catalog finds ambiguous names no one candidate
    throw error;
  }
  return entry === undefined ? [] : source.candidates.filter((c) => c.model === `${entry.provider}:${entry.id}`);
}
