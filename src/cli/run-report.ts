/**
 * What `costlab run` prints for people: the planned spend before any call (exact money per candidate and in
 * total), and the closing summary per candidate (trials, succeeded, failed, cached, spend, mean latency).
 */
import type { Candidate, DryRunBill, Money, RunRecord, TrialResult } from '../core/index.ts';
import { formatScaled } from '../core/index.ts';
import { formatInteger, plural, renderTable } from './format/table.ts';
import { spendOf } from './run-store.ts';

/** Exact dollars: `$0.0000231`, `$1.50`, `$0.00`. */
export function exactUsd(pico: bigint): string {
  return `$${formatScaled(pico, 12, 2)}`;
}

export function moneyCell(money: Money): string {
  return money.known ? exactUsd(money.pico) : 'unknown';
}

export interface BillHeader {
  setName: string;
  runId?: string;
  cases: number;
  repeats: number;
  maxOutputTokens: number;
  dryRun: boolean;
  /** A `--batch` run: the bill is at the Batch API rates. */
  batch?: boolean;
}

/** The planned spend: one row per candidate and a total, min / expected / max in exact money. */
export function renderBill(bill: DryRunBill, candidates: readonly Candidate[], header: BillHeader): string {
  const trials = bill.candidates.reduce((sum, c) => sum + c.trials, 0);
  const title = header.dryRun
    ? `costlab run ${header.setName} — dry run: nothing is called, nothing is written`
    : `costlab run ${header.setName}${header.runId ? ` — run ${header.runId}` : ''}`;
  const shape = `${plural(candidates.length, 'candidate')} × ${plural(header.cases, 'case')} × ${plural(header.repeats, 'repeat')} = ${plural(trials, 'trial')}, at most ${plural(header.maxOutputTokens, 'output token')} per call${header.batch ? ', through the Batch APIs' : ''}`;
  const rows = bill.candidates.map((c) => [
    c.candidateId,
    formatInteger(c.trials),
    `${c.exact ? '' : '≈'}${formatInteger(c.inputTokens)}`,
    moneyCell(c.min),
    moneyCell(c.expected),
    moneyCell(c.max),
  ]);
  rows.push(['total', formatInteger(trials), '', moneyCell(bill.total.min), moneyCell(bill.total.expected), moneyCell(bill.total.max)]);
  const table = renderTable(
    [
      { header: 'candidate' },
      { header: 'trials', align: 'right' },
      { header: 'input tokens', align: 'right' },
      { header: 'min', align: 'right' },
      { header: 'expected', align: 'right' },
      { header: 'max', align: 'right' },
    ],
    rows,
  );
  const notes = [
    header.batch
      ? 'batch: priced at the Batch API rates (OpenAI Batch, Anthropic Message Batches), answered within 24 hours'
      : null,
    'min: the input only · expected: input + the reference answer (else half the output limit) · max: the top of the input count + every output token at the dearest rate (what --budget reserves per call)',
  ].filter((note): note is string => note !== null);
  if (header.batch) {
    for (const c of candidates) {
      const scheme = c.target.split(':')[0] ?? c.target;
      if (scheme !== 'openai' && scheme !== 'anthropic') notes.push(`not batched: ${c.id} — ${scheme} has no batch API in costlab, so its trials get the error bad-request (run them without --batch)`);
    }
  }
  for (const c of bill.unknownCandidates) notes.push(`unknown: ${c.candidateId} — missing ${c.missing.join(', ')}`);
  if (bill.unknownCandidates.length > 0 && bill.unknownCandidates.length < bill.candidates.length) {
    notes.push(`known part (without the candidates priced unknown): min ${moneyCell(bill.known.min)}, expected ${moneyCell(bill.known.expected)}, max ${moneyCell(bill.known.max)}`);
  } else if (bill.unknownCandidates.length > 0) {
    notes.push('no candidate has a per-token price, so there is no known part to add up (a self-hosted model costs its GPUs: costlab breakeven)');
  }
  if (bill.candidates.some((c) => !c.exact)) {
    notes.push('≈ an estimated input count: a model without a public tokenizer (Claude, Gemini) is counted with a sourced factor on a public one; an open model\'s text is exact but its chat template is an allowance (5 tokens a message, 5 a request)');
  }
  return `${title}\n${shape}\n\n${table}\n${notes.join('\n')}\n`;
}

export interface CandidateSummary {
  candidateId: string;
  trials: number;
  done: number;
  succeeded: number;
  failed: number;
  cached: number;
  spend: Money;
  unpriced: number;
  meanLatencyMs: number | null;
}

/** Per candidate, over every result of the run so far (a resumed run included). */
export function summarise(run: Pick<RunRecord, 'candidates' | 'trials'>, results: readonly TrialResult[]): CandidateSummary[] {
  return run.candidates.map((candidate) => {
    const own = results.filter((r) => r.candidateId === candidate.id);
    const timed = own.filter((r) => !r.cached && r.status === 'succeeded' && r.latencyMs !== null);
    const spend = spendOf(own);
    return {
      candidateId: candidate.id,
      trials: run.trials.filter((t) => t.candidateId === candidate.id).length,
      done: own.length,
      succeeded: own.filter((r) => r.status === 'succeeded').length,
      failed: own.filter((r) => r.status === 'failed').length,
      cached: own.filter((r) => r.cached).length,
      spend: { known: true, pico: spend.pico },
      unpriced: spend.unpriced,
      meanLatencyMs: timed.length === 0 ? null : Math.round(timed.reduce((sum, r) => sum + (r.latencyMs ?? 0), 0) / timed.length),
    };
  });
}

export function renderSummary(rows: readonly CandidateSummary[]): string {
  const cells = rows.map((r) => [
    r.candidateId,
    r.done === r.trials ? formatInteger(r.trials) : `${formatInteger(r.done)}/${formatInteger(r.trials)}`,
    formatInteger(r.succeeded),
    formatInteger(r.failed),
    formatInteger(r.cached),
    `${moneyCell(r.spend)}${r.unpriced > 0 ? ` + ${r.unpriced} unpriced` : ''}`,
    r.meanLatencyMs === null ? '—' : `${formatInteger(r.meanLatencyMs)} ms`,
  ]);
  return renderTable(
    [
      { header: 'candidate' },
      { header: 'trials', align: 'right' },
      { header: 'succeeded', align: 'right' },
      { header: 'failed', align: 'right' },
      { header: 'cached', align: 'right' },
      { header: 'spend', align: 'right' },
      { header: 'mean latency', align: 'right' },
    ],
    cells,
  );
}

/** `budget 12, auth 3`: the failed results by error code, most frequent first; empty when none failed. */
export function failureCounts(results: readonly TrialResult[]): string {
  const counts = new Map<string, number>();
  for (const r of results) if (r.error) counts.set(r.error.code, (counts.get(r.error.code) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([code, n]) => `${code} ${formatInteger(n)}`).join(', ');
}

/** `1m05s`, `12s`, `0.4s`. */
export function formatDuration(ms: number): string {
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)}s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}
