/**
 * `costlab runs [--store DIR] [--json]`: the runs in the store, oldest first — id, set, created, status,
 * trials, done, spend. Reads the store without taking its lock (it works during a run) and writes nothing.
 * A run whose process is gone without finishing is `interrupted`: `costlab run --resume ID` completes it.
 */
import type { ResultStore, RunSummary } from '../../core/index.ts';
import { formatScaled, parseScaled } from '../../core/index.ts';
import { formatInteger, renderTable } from '../format/table.ts';
import { exactUsd } from '../run-report.ts';
import { displayStatus, openStoreForReading, resumeCommand, spendOf, storeDir } from '../run-store.ts';
import type { DisplayStatus } from '../run-store.ts';

export interface RunRow {
  id: string;
  set: string;
  setFile: string | null;
  created: string;
  status: DisplayStatus;
  trials: number;
  done: number;
  succeeded: number;
  failed: number;
  cached: number;
  spentUsd: string;
  /** Results billed at an unknown price, not in spentUsd. */
  unpriced: number;
}

export async function runRows(store: ResultStore, dir: string): Promise<RunRow[]> {
  const rows: RunRow[] = [];
  for (const summary of await store.runSummaries()) rows.push(await rowOf(store, dir, summary));
  return rows;
}

async function rowOf(store: ResultStore, dir: string, summary: RunSummary): Promise<RunRow> {
  const results = await store.results(summary.id);
  const spend = spendOf(results);
  return {
    id: summary.id,
    set: summary.setName,
    setFile: summary.setFile,
    created: summary.createdAt,
    status: await displayStatus(dir, summary.status),
    trials: summary.trialCount,
    done: results.length,
    succeeded: results.filter((r) => r.status === 'succeeded').length,
    failed: results.filter((r) => r.status === 'failed').length,
    cached: results.filter((r) => r.cached).length,
    spentUsd: formatScaled(spend.pico, 12),
    unpriced: spend.unpriced,
  };
}

export async function runRuns(options: { store?: string; json?: boolean }): Promise<void> {
  const dir = storeDir(options.store);
  const store = await openStoreForReading(dir);
  const rows = store ? await runRows(store, dir).finally(() => store.close()) : [];
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ runs: rows }, null, 2)}\n`);
    return;
  }
  if (rows.length === 0) {
    process.stdout.write(`no runs in ${dir} — start one with: costlab run SET\n`);
    return;
  }
  const table = renderTable(
    [
      { header: 'id' },
      { header: 'set' },
      { header: 'created' },
      { header: 'status' },
      { header: 'trials', align: 'right' },
      { header: 'done', align: 'right' },
      { header: 'spend', align: 'right' },
    ],
    rows.map((r) => [
      r.id,
      r.set,
      r.created.replace('T', ' ').slice(0, 16),
      r.status,
      formatInteger(r.trials),
      formatInteger(r.done),
      `${exactUsd(parseScaled(r.spentUsd, 12))}${r.unpriced > 0 ? ` + ${r.unpriced} unpriced` : ''}`,
    ]),
  );
  const interrupted = rows.filter((r) => r.status === 'interrupted' || r.status === 'stopped');
  const last = interrupted[interrupted.length - 1];
  const hint = last ? `\nresume a run with: ${resumeCommand(last.id, options.store)}\n` : '';
  process.stdout.write(`${table}\n${hint}`);
}
