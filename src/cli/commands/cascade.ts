/**
 * `costlab cascade (RUN_ID | --recorded KIND:PATH) --tiers T1,T2[,…] [--accept assertion|confidence|judge]
 * [--pass-mark Q] [--judge-error E] [--judge-cost USD] [--judge-latency MS] [--threshold T[,…]]
 * [--confidence-label NAME] [--store DIR] [--json]`: what a cheap → expensive cascade over a run's candidates would
 * have cost and scored (core/analysis/cascade.ts has the model), next to each tier alone. Reads only; writes nothing.
 *
 * The run is read by analysis-source.ts, one item per case × repeat (a cascade decides request by request), so an
 * answer's quality is costlab's per-trial quality (ratings, judge verdicts, recorded labels, assertions,
 * references) and its cost the result's costUsd (unknown stays unknown). A tier is named as findCandidates reads
 * it: candidate id, role (`weak`, `strong`), recorded name, model or target, or a model reference the catalog
 * resolves.
 */
import { CostlabError, DEFAULT_PASS_MARK, cascadeAnalysis, formatUsd, known } from '../../core/index.ts';
import type { CascadeAcceptance, CascadeItem, CascadeResult } from '../../core/index.ts';
import { findCandidates, loadAnalysisSource } from '../analysis-source.ts';
import type { AnalysisSource, SourceCandidate } from '../analysis-source.ts';
import { formatInteger, renderTable } from '../format/table.ts';

export interface CascadeOptions {
  recorded?: string;
  store?: string;
  tiers?: string[];
  accept?: string;
  passMark?: string;
  judgeError?: string;
  judgeCost?: string;
  judgeLatency?: string;
  threshold?: string[];
  confidenceLabel?: string;
  json?: boolean;
}

const ACCEPT = ['assertion', 'confidence', 'judge'] as const;

function number(value: string, flag: string, min: number, max: number): number {
  const x = Number(value.trim());
  if (value.trim() === '' || !Number.isFinite(x) || x < min || x > max) {
    throw new CostlabError('bad-option', `${flag} must be a number from ${min} to ${max === Infinity ? 'up' : max}, got '${value}'`, { location: { field: flag } });
  }
  return x;
}

function acceptanceOf(options: CascadeOptions, tiers: number): CascadeAcceptance {
  const kind = options.accept ?? 'assertion';
  if (!(ACCEPT as readonly string[]).includes(kind)) {
    throw new CostlabError('bad-option', `--accept must be one of ${ACCEPT.join(', ')}, got '${kind}'`, { location: { field: '--accept' } });
  }
  const passMark = options.passMark === undefined ? DEFAULT_PASS_MARK : number(options.passMark, '--pass-mark', 0, 1);
  const judgeFlags = [['--judge-error', options.judgeError], ['--judge-cost', options.judgeCost], ['--judge-latency', options.judgeLatency]] as const;
  if (kind !== 'judge') {
    const given = judgeFlags.find(([, v]) => v !== undefined);
    if (given) throw new CostlabError('bad-option', `${given[0]} applies to --accept judge only`, { location: { field: given[0] }, hint: 'add --accept judge, or drop the flag' });
  }
  if (kind !== 'confidence' && options.threshold !== undefined) {
    throw new CostlabError('bad-option', '--threshold applies to --accept confidence only', { location: { field: '--threshold' } });
  }
  if (kind === 'judge') {
    return {
      kind, passMark,
      errorRate: options.judgeError === undefined ? 0 : number(options.judgeError, '--judge-error', 0, 1),
      judgeCost: options.judgeCost === undefined ? 0 : number(options.judgeCost, '--judge-cost', 0, Infinity),
      judgeLatencyMs: options.judgeLatency === undefined ? 0 : number(options.judgeLatency, '--judge-latency', 0, Infinity),
    };
  }
  if (kind === 'confidence') {
    const thresholds = (options.threshold ?? []).map((t) => number(t, '--threshold', -Infinity, Infinity));
    if (thresholds.length !== 1 && thresholds.length !== tiers - 1) {
      throw new CostlabError('bad-option', `--threshold needs one value, or one per tier but the last (${tiers - 1}), got ${thresholds.length}`, {
        location: { field: '--threshold' }, hint: 'e.g. --threshold 0.8 or --threshold 0.8,0.9 for three tiers',
      });
    }
    return { kind, thresholds, passMark };
  }
  return { kind: 'assertion', passMark };
}

function label(value: number | boolean | undefined): number | null {
  if (typeof value === 'boolean') return value ? 1 : 0;
  return typeof value === 'number' ? value : null;
}

/** The candidates named by `refs`, in order. */
function resolveTiers(source: AnalysisSource, refs: readonly string[]): SourceCandidate[] {
  return refs.map((ref, i) => {
    const matches = findCandidates(source, ref);
    if (matches.length === 0) {
      const list = source.candidates.map((c) => c.id + (c.role ? ` (${c.role})` : '')).join(', ');
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

function buildItems(source: AnalysisSource, tiers: readonly SourceCandidate[], confidenceLabel: string) {
  const columns = tiers.map((t) => source.candidates.indexOf(t));
  const items: CascadeItem[] = [];
  let missing = 0;
  let unscored = 0;
  for (const item of source.items) {
    const cells = columns.map((at) => item.cells[at] ?? null);
    if (cells.some((c) => c === null)) {
      missing += 1;
      continue;
    }
    if (cells.some((c) => c?.quality === null)) {
      unscored += 1;
      continue;
    }
    items.push({
      id: item.repeat === null || item.repeat === 1 ? item.caseId : `${item.caseId}#${item.repeat}`,
      tiers: cells.map((c) => ({ quality: c?.quality as number, cost: c?.costUsd ?? null, latencyMs: c?.latencyMs ?? null, confidence: label(c?.labels?.[confidenceLabel]) })),
    });
  }
  return { items, missing, unscored };
}

/** For people: which run or file, and where its costs come from. */
function describeSource(source: AnalysisSource): string {
  const origin = source.origin;
  if (origin.kind === 'run') return `run ${source.run.id} in ${origin.store} (set ${source.run.setName}, costs as recorded by the run)`;
  return `${origin.format === 'routellm' ? 'RouteLLM' : 'AlpacaEval 2.0'} file ${origin.path} (imported in memory, prices from today's catalog)`;
}

const usd = (x: number | null): string => (x === null ? 'unknown' : formatUsd(known(BigInt(Math.round(x * 1e12)))));
const percent = (x: number): string => `${(x * 100).toFixed(1)}%`;
const ms = (x: number | null): string => (x === null ? 'unknown' : `${formatInteger(Math.round(x))} ms`);

function acceptanceText(a: CascadeAcceptance, confidenceLabel: string): string {
  switch (a.kind) {
    case 'assertion':
      return `assertion — an answer with quality ≥ ${a.passMark} is accepted`;
    case 'confidence':
      return `confidence — an answer whose '${confidenceLabel}' label is ≥ ${a.thresholds.join(' / ')} is accepted (pass mark ${a.passMark ?? DEFAULT_PASS_MARK} for the pass rate)`;
    case 'judge':
      return `judge — quality ≥ ${a.passMark} is acceptable; the judge errs with probability ${a.errorRate} either way, costs ${usd(a.judgeCost ?? 0)} and takes ${a.judgeLatencyMs ?? 0} ms per judged answer (expected values, no sampling)`;
  }
}

function prices(source: AnalysisSource, tiers: readonly SourceCandidate[]): { model: string; source: string | null; asOf: string | null; note: string | null }[] {
  return [...new Set(tiers.map((t) => t.model))].map((model) => {
    const entry = source.catalog.tryResolve(model);
    if (entry === undefined) return { model, source: null, asOf: null, note: 'not in the catalog: its price is unknown (add it under models: in costlab.yaml)' };
    if (entry.rates === null) return { model, source: entry.source, asOf: entry.asOf, note: 'self-hosted: no per-token price (give it rates: in costlab.yaml)' };
    return { model, source: entry.source, asOf: entry.asOf, note: null };
  });
}

function json(source: AnalysisSource, refs: readonly string[], tiers: readonly SourceCandidate[], acceptance: CascadeAcceptance, r: CascadeResult, dropped: object, notes: string[]) {
  return {
    source: { description: describeSource(source), runId: source.run.id, origin: source.run.origin },
    tiers: tiers.map((t, i) => ({ tier: refs[i], candidateId: t.id, model: t.model })),
    acceptance,
    items: r.items,
    dropped,
    cascade: {
      quality: r.quality, passRate: r.passRate, costPer1kUsd: r.costPer1k, wastedPer1kUsd: r.wastedPer1k, judgePer1kUsd: r.judgePer1k,
      latencyMs: r.latencyMs, callsPerRequest: r.callsPerRequest, judgeCallsPerRequest: r.judgeCallsPerRequest,
      badAccepted: r.badAccepted, goodRejected: r.goodRejected,
      tiers: r.tiers.map((t) => ({ tier: t.name, callShare: t.callShare, endShare: t.endShare })),
    },
    singles: r.singles.map((s) => ({ tier: s.name, quality: s.quality, passRate: s.passRate, costPer1kUsd: s.costPer1k, latencyMs: s.latencyMs })),
    prices: prices(source, tiers),
    notes,
  };
}

export async function runCascade(runId: string | undefined, options: CascadeOptions): Promise<void> {
  const refs = options.tiers ?? [];
  if (refs.length < 2) {
    throw new CostlabError('bad-option', `--tiers needs at least two candidates, cheap → expensive, got ${refs.length}`, {
      location: { field: '--tiers' }, hint: 'e.g. --tiers weak,strong (candidate ids, models or recorded roles; costlab show RUN_ID lists them)',
    });
  }
  const confidenceLabel = options.confidenceLabel ?? 'confidence';
  const acceptance = acceptanceOf(options, refs.length);
  const source = await loadAnalysisSource({
    ...(runId === undefined ? {} : { runId }),
    ...(options.recorded === undefined ? {} : { recorded: options.recorded }),
    ...(options.store === undefined ? {} : { store: options.store }),
    repeats: 'each',
  });
  const tiers = resolveTiers(source, refs);
  if (new Set(tiers.map((t) => t.id)).size !== tiers.length) {
    throw new CostlabError('bad-option', 'a candidate appears twice in --tiers', { location: { field: '--tiers' }, hint: 'name each tier once, cheap → expensive' });
  }
  const { items, missing, unscored } = buildItems(source, tiers, confidenceLabel);
  const noQuality = source.items.reduce((n, item) => n + item.cells.filter((c) => c !== null && c.quality === null).length, 0);
  const notes = [...source.notes, ...source.warnings];
  if (noQuality > 0) notes.push(`${noQuality} result${noQuality === 1 ? ' has' : 's have'} no quality (no rating, judge, label, assertion or reference scores it)`);
  if (missing > 0) notes.push(`${formatInteger(missing)} item${missing === 1 ? '' : 's'} left out: not answered by every tier`);
  if (unscored > 0) notes.push(`${formatInteger(unscored)} item${unscored === 1 ? '' : 's'} left out: some tier's answer has no quality`);
  if (items.length === 0) {
    throw new CostlabError('no-items', `no item of ${source.run.id} has a scored answer from every tier`, { hint: 'run every tier on the same cases, with assertions or references to score them' });
  }
  const r = cascadeAnalysis(refs, items, acceptance);
  const dropped = { missing, unscored };
  if (options.json) {
    process.stdout.write(`${JSON.stringify(json(source, refs, tiers, acceptance, r, dropped, notes), null, 2)}\n`);
    return;
  }
  const rows = [
    ['cascade', r.quality.toFixed(3), percent(r.passRate), usd(r.costPer1k), usd(r.wastedPer1k), ms(r.latencyMs), r.callsPerRequest.toFixed(2)],
    ...r.singles.map((s) => [`only ${s.name}`, s.quality.toFixed(3), percent(s.passRate), usd(s.costPer1k), '', ms(s.latencyMs), '1.00']),
  ];
  const table = renderTable(
    [{ header: '' }, { header: 'quality', align: 'right' }, { header: 'pass rate', align: 'right' }, { header: 'cost / 1k req', align: 'right' },
      { header: 'wasted / 1k', align: 'right' }, { header: 'mean latency', align: 'right' }, { header: 'calls / req', align: 'right' }],
    rows,
  );
  const lines = [
    `cascade over ${describeSource(source)}`,
    `tiers, cheap → expensive: ${tiers.map((t, i) => `${i + 1}. ${refs[i]}${t.id === refs[i] ? '' : ` = ${t.id}`} (${t.model})`).join('; ')}`,
    `accept: ${acceptanceText(acceptance, confidenceLabel)}; the last tier's answer is always served`,
    `${formatInteger(r.items)} item${r.items === 1 ? '' : 's'}`,
    '',
    table,
    '',
    `requests ending at each tier: ${r.tiers.map((t) => `${t.name} ${percent(t.endShare)}`).join(' · ')}`,
    `wasted: the calls whose answers were rejected${acceptance.kind === 'judge' ? `; the judge: ${usd(r.judgePer1k)} per 1k requests (in the cost), ${percent(r.badAccepted)} of requests served a below-pass-mark answer it accepted, ${percent(r.goodRejected)} escalated past a good answer` : ''}`,
  ];
  if (acceptance.kind === 'confidence') lines.push(`confidence errors: ${percent(r.badAccepted)} of requests served a below-pass-mark answer, ${percent(r.goodRejected)} escalated past a good one`);
  for (const p of prices(source, tiers)) lines.push(`prices: ${p.model} — ${p.note ?? `${p.source} as of ${p.asOf}`}`);
  lines.push(...notes.map((note) => `- ${note}`));
  process.stdout.write(`${lines.join('\n')}\n`);
}
