/**
 * `costlab breakeven --throughput-from RUN_ID`: the throughput measured from a local run in the store — the
 * trials of a self-hosted model (Ollama, vLLM, an in-process GGUF file), Σ tokens ÷ Σ latency (see
 * core/economics/throughput.ts). A run with several local models needs --throughput-model.
 */
import type { Catalog, MeasuredThroughput } from '../core/index.ts';
import { CostlabError, measuredThroughput, modelKey } from '../core/index.ts';
import { readRun, storeDir } from './run-store.ts';

const LOCAL_TARGET = /^(ollama|vllm|gguf|openai-compatible|llamacpp|llama\.cpp):/i;

export interface RunThroughput extends MeasuredThroughput {
  runId: string;
  model: string;
}

export async function throughputFromRun(runId: string, options: { store?: string; model?: string }, catalog: Catalog): Promise<RunThroughput> {
  const dir = storeDir(options.store);
  const { run, results: all } = await readRun(dir, runId, { location: { field: '--throughput-from' } });
  const wanted = options.model === undefined ? undefined : modelKey(catalog.resolve(options.model));
  const local = run.candidates.filter((c) => {
    if (wanted !== undefined) return c.model === wanted;
    const entry = catalog.tryResolve(c.model);
    return LOCAL_TARGET.test(c.target) || entry?.selfHosted === true;
  });
  const models = [...new Set(local.map((c) => c.model))];
  if (models.length === 0) {
    throw new CostlabError('no-local-model', `run ${runId} has no trials of ${wanted ?? 'a self-hosted model (Ollama, vLLM, GGUF)'}`, {
      location: { field: '--throughput-from' },
      hint: wanted ? `models in the run: ${[...new Set(run.candidates.map((c) => c.model))].join(', ')}` : 'run a set against a local model first, or name one with --throughput-model',
    });
  }
  if (models.length > 1) {
    throw new CostlabError('ambiguous-throughput', `run ${runId} has several local models: ${models.join(', ')}`, {
      location: { field: '--throughput-from' }, hint: 'pick one with --throughput-model MODEL',
    });
  }
  const ids = new Set(local.map((c) => c.id));
  const results = all.filter((r) => ids.has(r.candidateId));
  const model = models[0] ?? '';
  return { ...measuredThroughput(results, `run ${runId} (${model})`), runId, model };
}
