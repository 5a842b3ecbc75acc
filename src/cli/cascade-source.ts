/**
 * A run as the cascade analysis reads it: per item (case × repeat) and candidate, the quality, cost, latency and
 * labels. The run comes from the result store (`RUN_ID`, `--store DIR`) or from a recorded dataset imported in
 * memory (`--recorded routellm:PATH` / `alpaca-eval:PATH` — the store is never written).
 *
 * - quality: the result's recorded label, else the set's assertions or reference (core/score trialQuality, with the
 *   set read from the run's set file when it can be); a failed call scores 0; null when nothing can score it.
 * - cost: the result's costUsd as a number of USD; a result with no usage (a call that was never billed) costs 0; a
 *   billed result with an unknown price is null (unknown).
 * - tiers are named by candidate id, target (`recorded:<name>`), recorded name or role (`weak`, `strong`), or a model
 *   reference the catalog resolves to the candidate's model.
 */
import {
  CostlabError, DEFAULT_STORE_DIR, chooseReferenceMetric, importAlpacaEval, importRouteLlm, loadPromptSet, readAlpacaEvalFolder, readRouteLlmPath,
  trialQuality,
} from '../core/index.ts';
import type { Catalog, PromptCase, ReferenceMetric, RunRecord, TrialResult } from '../core/index.ts';
import { nodePorts } from '../platform/node.ts';
import { loadCatalog } from './catalog-loader.ts';
import { requireStoreForReading } from './run-store.ts';

export interface SourceCandidate {
  id: string;
  model: string;
  target: string;
  /** The recorded name (target without `recorded:`), or the target. */
  name: string;
  role: string | null;
}

export interface SourceRow {
  quality: number | null;
  costUsd: number | null;
  latencyMs: number | null;
  labels: Record<string, number | boolean>;
}

export interface AnalysisSource {
  /** For people: `run X in .costlab` or `RouteLLM file PATH (imported in memory)`. */
  description: string;
  run: RunRecord;
  candidates: SourceCandidate[];
  /** Item key `caseId#repeat` → candidate id → row, items in plan order. */
  items: Map<string, Map<string, SourceRow>>;
  catalog: Catalog;
  notes: string[];
}

export interface SourceOptions {
  runId?: string;
  recorded?: string;
  store?: string;
}

const RECORDED = ['routellm', 'alpaca-eval'] as const;

async function importRecorded(spec: string, catalog: Catalog): Promise<{ run: RunRecord; results: TrialResult[]; title: string; path: string; notes: string[] }> {
  const colon = spec.indexOf(':');
  const kind = colon < 0 ? '' : spec.slice(0, colon);
  const path = colon < 0 ? '' : spec.slice(colon + 1);
  if (!(RECORDED as readonly string[]).includes(kind) || path === '') {
    throw new CostlabError('bad-option', `--recorded takes KIND:PATH with KIND one of ${RECORDED.join(', ')}, got '${spec}'`, {
      hint: 'e.g. --recorded routellm:../shared/data/routellm/gsm8k.jsonl',
    });
  }
  const fs = nodePorts().fs;
  const options = { catalog, importedAt: new Date().toISOString() };
  const imported = kind === 'routellm'
    ? await importRouteLlm(await readRouteLlmPath(path, fs), options)
    : await importAlpacaEval(await readAlpacaEvalFolder(path, fs), options);
  return { run: imported.run, results: imported.results, title: kind === 'routellm' ? 'RouteLLM' : 'AlpacaEval 2.0', path, notes: imported.notes };
}

async function fromStore(runId: string, dir: string): Promise<{ run: RunRecord; results: TrialResult[] }> {
  const store = await requireStoreForReading(dir);
  try {
    const run = await store.getRun(runId);
    if (!run) throw new CostlabError('unknown-run', `there is no run ${runId} in the store ${dir}`, { hint: 'list the runs with: costlab runs' });
    return { run, results: await store.results(runId) };
  } finally {
    await store.close();
  }
}

function rolesOf(run: RunRecord): Map<string, string> {
  const roles = new Map<string, string>();
  const recorded = run.options['recorded'];
  if (recorded && typeof recorded === 'object') {
    for (const role of ['weak', 'strong']) {
      const name = (recorded as Record<string, unknown>)[role];
      if (typeof name === 'string') roles.set(`recorded:${name}`, role);
    }
  }
  return roles;
}

/** The run's set cases by id, when the set file can be read (live runs score by its assertions and references). */
async function casesOf(run: RunRecord, notes: string[]): Promise<{ cases: Map<string, PromptCase>; metric: ReferenceMetric }> {
  const none = { cases: new Map<string, PromptCase>(), metric: 'f1' as ReferenceMetric };
  if (run.origin === 'recorded' || run.setFile === null) return none;
  try {
    const set = await loadPromptSet(run.setFile, nodePorts().fs);
    const references = set.cases.flatMap((c) => (c.reference === undefined ? [] : [c.reference]));
    return { cases: new Map(set.cases.map((c) => [c.id, c])), metric: chooseReferenceMetric(references) };
  } catch (error) {
    notes.push(`the set file ${run.setFile} could not be read (${error instanceof CostlabError ? error.message : String(error)}): only recorded quality labels score the results`);
    return none;
  }
}

function costOf(result: TrialResult): number | null {
  if (result.costUsd !== null) return Number(result.costUsd);
  return result.usage === null ? 0 : null;
}

export async function loadAnalysisSource(options: SourceOptions): Promise<AnalysisSource> {
  if ((options.runId === undefined) === (options.recorded === undefined)) {
    throw new CostlabError('bad-option', 'give either a RUN_ID or --recorded KIND:PATH', { hint: 'costlab runs lists the runs in the store' });
  }
  const catalog = await loadCatalog();
  const notes: string[] = [];
  let run: RunRecord;
  let results: TrialResult[];
  let description: string;
  if (options.recorded !== undefined) {
    const imported = await importRecorded(options.recorded, catalog);
    ({ run, results } = imported);
    notes.push(...imported.notes);
    description = `${imported.title} file ${imported.path} (imported in memory, prices from today's catalog)`;
  } else {
    const dir = options.store ?? DEFAULT_STORE_DIR;
    ({ run, results } = await fromStore(options.runId as string, dir));
    description = `run ${run.id} in ${dir} (set ${run.setName}, costs as recorded by the run)`;
  }
  const roles = rolesOf(run);
  const candidates = run.candidates.map((c) => ({
    id: c.id, model: c.model, target: c.target, name: c.target.replace(/^recorded:/, ''), role: roles.get(c.target) ?? null,
  }));
  const { cases, metric } = await casesOf(run, notes);
  const items = new Map<string, Map<string, SourceRow>>();
  for (const trial of run.trials) items.set(`${trial.caseId}#${trial.repeat}`, items.get(`${trial.caseId}#${trial.repeat}`) ?? new Map());
  let unscored = 0;
  for (const result of results) {
    const key = `${result.caseId}#${result.repeat}`;
    const row = items.get(key) ?? new Map<string, SourceRow>();
    items.set(key, row);
    const quality = trialQuality(result, cases.get(result.caseId) ?? {}, { metric }).quality;
    if (quality === null) unscored += 1;
    row.set(result.candidateId, { quality, costUsd: costOf(result), latencyMs: result.latencyMs, labels: result.labels ?? {} });
  }
  if (unscored > 0) notes.push(`${unscored} result${unscored === 1 ? ' has' : 's have'} no quality (no label, assertion or reference scores it)`);
  return { description, run, candidates, items, catalog, notes };
}

/** The candidates named by `refs`, in order (see the file comment for what a name may be). */
export function resolveTiers(source: AnalysisSource, refs: readonly string[]): SourceCandidate[] {
  return refs.map((ref, i) => {
    const exact = source.candidates.filter((c) => c.id === ref);
    let matches = exact.length > 0 ? exact : source.candidates.filter((c) => c.target === ref || c.name === ref || c.role === ref || c.model === ref);
    if (matches.length === 0) {
      const entry = source.catalog.tryResolve(ref);
      if (entry) matches = source.candidates.filter((c) => c.model === `${entry.provider}:${entry.id}`);
    }
    const list = source.candidates.map((c) => c.id + (c.role ? ` (${c.role})` : '')).join(', ');
    if (matches.length === 0) {
      throw new CostlabError('unknown-tier', `tier ${i + 1} '${ref}' is not a candidate of ${source.run.id}`, { location: { field: '--tiers' }, hint: `candidates: ${list}` });
    }
    if (matches.length > 1) {
      throw new CostlabError('ambiguous-tier', `tier ${i + 1} '${ref}' matches ${matches.length} candidates: ${matches.map((c) => c.id).join(', ')}`, {
        location: { field: '--tiers' }, hint: 'name the tier by its candidate id',
      });
    }
    return matches[0] as SourceCandidate;
  });
}
