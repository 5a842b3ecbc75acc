/**
 * `costlab import recorded alpaca-eval|routellm PATH [--store DIR] [--json]`: results recorded elsewhere
 * (AlpacaEval 2.0's folder, RouteLLM's JSONL) become one run (origin `recorded`) in the result store, so
 * frontiers, routing and cascades can be explored offline. Prints the run id and, per candidate, its trials,
 * mean quality (× 100: AlpacaEval's win rate, RouteLLM's accuracy) and estimated cost.
 *
 * Everything is read and checked before the store is opened: bad input exits 2 with nothing written.
 */
import {
  CostlabError, DEFAULT_STORE_DIR, defaultRunId, formatUsd, freeRunId, importAlpacaEval, importRouteLlm, known, openFileStore,
  parseScaled, readAlpacaEvalFolder, readRouteLlmPath, summarizeRun, withRunId, writeRecordedRun,
} from '../../core/index.ts';
import type { CandidateSummary, RecordedImport, RecordedImportOptions } from '../../core/index.ts';
import { installPlatform, nodePorts } from '../../platform/node.ts';
import { nodeStoreFiles } from '../../platform/store-files.ts';
import { loadCatalog } from '../catalog-loader.ts';
import { formatInteger, plural, renderTable } from '../format/table.ts';

export const RECORDED_KINDS = ['alpaca-eval', 'routellm'] as const;
type RecordedKind = (typeof RECORDED_KINDS)[number];

const TITLES: Record<RecordedKind, string> = { 'alpaca-eval': 'AlpacaEval 2.0', routellm: 'RouteLLM' };
const QUALITY: Record<RecordedKind, string> = {
  'alpaca-eval': 'quality = mean model_win × 100: the win rate against gpt4_1106_preview',
  routellm: 'quality = % of answers correct (accuracy)',
};

interface ImportRecordedOptions {
  store?: string;
  json?: boolean;
}

function isKind(kind: string): kind is RecordedKind {
  return (RECORDED_KINDS as readonly string[]).includes(kind);
}

async function load(kind: RecordedKind, path: string, options: RecordedImportOptions): Promise<RecordedImport> {
  const fs = nodePorts().fs;
  if (kind === 'alpaca-eval') return importAlpacaEval(await readAlpacaEvalFolder(path, fs), options);
  return importRouteLlm(await readRouteLlmPath(path, fs), options);
}

function percent(summary: CandidateSummary): string {
  return summary.meanQuality === null ? '—' : (summary.meanQuality * 100).toFixed(2);
}

function cost(summary: CandidateSummary): string {
  return summary.costUsd === null ? 'unknown' : formatUsd(known(parseScaled(summary.costUsd, 12)));
}

export async function runImportRecorded(kind: string, path: string, options: ImportRecordedOptions): Promise<void> {
  if (!isKind(kind)) {
    throw new CostlabError('unknown-format', `unknown recorded format '${kind}'`, {
      hint: `use one of: ${RECORDED_KINDS.join(', ')} (costlab import recorded alpaca-eval PATH)`,
    });
  }
  installPlatform();
  const importedAt = new Date().toISOString();
  let imported = await load(kind, path, { catalog: await loadCatalog(), importedAt });

  const dir = options.store ?? DEFAULT_STORE_DIR;
  const store = await openFileStore(dir, nodeStoreFiles());
  try {
    const taken = new Set((await store.runSummaries()).map((run) => run.id));
    const runId = freeRunId(defaultRunId(imported.run.setName, importedAt), taken);
    if (runId !== imported.run.id) imported = withRunId(imported, runId);
    await writeRecordedRun(store, imported);
  } finally {
    await store.close();
  }

  const summaries = summarizeRun(imported.run, imported.results);
  const { run, candidates, notes } = imported;
  if (options.json) {
    const json = {
      runId: run.id, store: dir, format: kind, setName: run.setName, origin: run.origin, trials: run.trials.length,
      candidates: candidates.map((candidate, i) => {
        const summary = summaries[i];
        return {
          id: candidate.candidateId, name: candidate.name, role: candidate.role, model: candidate.model,
          mapping: candidate.mapping, tokenizer: candidate.tokenizer, countExact: candidate.countExact,
          trials: candidate.trials, meanQuality: summary?.meanQuality ?? null,
          inputTokens: summary?.inputTokens ?? 0, outputTokens: summary?.outputTokens ?? 0,
          costUsd: summary?.costUsd ?? null, priceNote: candidate.priceNote,
        };
      }),
      notes,
    };
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    return;
  }
  const rows = candidates.map((candidate, i) => {
    const summary = summaries[i];
    return [
      candidate.name + (candidate.role ? ` (${candidate.role})` : ''),
      candidate.model,
      formatInteger(candidate.trials),
      summary ? percent(summary) : '—',
      summary ? cost(summary) : 'unknown',
    ];
  });
  const table = renderTable(
    [{ header: 'recorded model' }, { header: 'model' }, { header: 'trials', align: 'right' }, { header: 'quality', align: 'right' }, { header: 'est. cost', align: 'right' }],
    rows,
  );
  const lines = [
    `imported ${TITLES[kind]} into ${dir}: run ${run.id} (origin recorded)`,
    `${plural(candidates.length, 'candidate')}, ${plural(run.trials.length, 'trial')}`,
    '',
    table,
    '',
    QUALITY[kind],
    ...notes.map((note) => `- ${note}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
