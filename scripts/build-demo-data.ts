/**
 * Builds the bundled recorded demo the TUI opens on, prompts/demo/recorded/:
 *
 *   node --import tsx scripts/build-demo-data.ts [path/to/shared]
 *
 * - routellm-gsm8k.json from ../shared/data/routellm/gsm8k.jsonl (lm-sys/RouteLLM, Apache-2.0): per problem the
 *   weak/strong correctness, the prompt's length in characters, each model's input and output token counts and
 *   the heuristic router's level of the prompt (src/core/analysis/router-scores/heuristic.ts);
 * - alpaca-eval.json from ../shared/data/alpaca_eval (tatsu-lab/alpaca_eval, Apache-2.0): per model and
 *   instruction the quality (`model_win`) and token counts, and how the model is priced: its catalog model when
 *   the catalog prices one (as `costlab import-recorded` maps it), else a dated listing from LiteLLM's price file
 *   (../shared/data/prices, MIT) named in LISTINGS below, else unpriced.
 *
 * Only figures are written — no prompt or answer text — each file with its attribution. Both are read through the
 * same importers as `costlab import-recorded` (src/core/recorded), token counts with each model's own counter
 * (an estimate where costlab has no exact tokenizer for the family; the file says which).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  Catalog,
  HEURISTIC_CLASSIFIER,
  classifyComplexity,
  formatScaled,
  importAlpacaEval,
  importRouteLlm,
  ratePerToken,
  readAlpacaEvalFolder,
  resolveRecordedModel,
} from '../src/core/index.ts';
import type { RecordedImport } from '../src/core/index.ts';
import { installPlatform, nodePorts, readTextFile } from '../src/platform/node.ts';
import { ALPACA_DEMO_FORMAT, ROUTELLM_COLUMNS, ROUTELLM_DEMO_FORMAT } from '../src/ui/demo-data-schema.ts';
import type { AlpacaDemoFile, AlpacaDemoModel, DemoPrice, RouteLlmDemoFile } from '../src/ui/demo-data-schema.ts';

export const DEMO_DIR = fileURLToPath(new URL('../prompts/demo/recorded/', import.meta.url));
export const ROUTELLM_DEMO_FILE = 'routellm-gsm8k.json';
export const ALPACA_DEMO_FILE = 'alpaca-eval.json';

/** A fixed import time: the importers stamp it on results, and nothing of it reaches the demo files. */
const IMPORTED_AT = '2026-01-01T00:00:00Z';
const QUALITY_DECIMALS = 6;
const PRICES_AS_OF = '2026-07-24';
const PRICES_SOURCE = "LiteLLM's model_prices_and_context_window.json (BerriAI/litellm, MIT), copy of 2026-07-24";

/**
 * Open models the bundled catalog does not price, and the hosted listing in LiteLLM's price file that stands in
 * for each (the same model served by a third party). Anything not here and not in the catalog stays unpriced.
 */
const LISTINGS: Readonly<Record<string, { key: string; provider: string; note: string }>> = {
  'OpenHermes-2.5-Mistral-7B': {
    key: 'fireworks_ai/accounts/fireworks/models/openhermes-2p5-mistral-7b', provider: 'fireworks_ai',
    note: 'an open model: priced as Fireworks AI serves it',
  },
  'gemma-2b-it': { key: 'fireworks_ai/accounts/fireworks/models/gemma-2b-it', provider: 'fireworks_ai', note: 'an open model: priced as Fireworks AI serves it' },
};

export interface DemoSources {
  routellmFile: string;
  alpacaDir: string;
  pricesFile: string;
}

export function sharedSources(shared: string): DemoSources {
  const root = shared.replace(/\/+$/, '');
  return {
    routellmFile: `${root}/data/routellm/gsm8k.jsonl`,
    alpacaDir: `${root}/data/alpaca_eval`,
    pricesFile: `${root}/data/prices/litellm_model_prices.json`,
  };
}

function usageOf(imported: RecordedImport, candidateId: string): Map<string, { input: number; output: number; quality: number | null }> {
  const byCase = new Map<string, { input: number; output: number; quality: number | null }>();
  for (const result of imported.results) {
    if (result.candidateId !== candidateId || !result.usage) continue;
    byCase.set(result.caseId, { input: result.usage.input, output: result.usage.output, quality: result.quality ?? null });
  }
  return byCase;
}

export async function buildRouteLlmDemo(path: string): Promise<RouteLlmDemoFile> {
  const imported = await importRouteLlm({ path, text: await readTextFile(path) }, { catalog: new Catalog(), importedAt: IMPORTED_AT });
  const [weak, strong] = imported.candidates;
  if (!weak || !strong) throw new Error(`${path}: expected a weak and a strong model`);
  const weakUsage = usageOf(imported, weak.candidateId);
  const strongUsage = usageOf(imported, strong.candidateId);
  const prompts = new Map(imported.run.trials.map((trial) => [trial.caseId, trial.messages[0]?.content ?? '']));
  const rows = [...prompts.keys()].map((caseId) => {
    const w = weakUsage.get(caseId);
    const s = strongUsage.get(caseId);
    if (!w || !s) throw new Error(`${path}: problem ${caseId} lacks a result`);
    const prompt = prompts.get(caseId) ?? '';
    const level = HEURISTIC_CLASSIFIER.levels.indexOf(classifyComplexity(prompt).level);
    return [Number(caseId), w.quality === 1 ? 1 : 0, s.quality === 1 ? 1 : 0, [...prompt].length, w.input, w.output, s.input, s.output, level];
  });
  rows.sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
  return {
    format: ROUTELLM_DEMO_FORMAT,
    attribution: {
      dataset: "RouteLLM's GSM8K benchmark responses",
      url: 'https://github.com/lm-sys/RouteLLM (routellm/evals/gsm8k/gsm8k_responses.csv)',
      licence: 'Apache-2.0',
      commit: '0b64fdafe049',
      derived: 'per problem: weak/strong correctness (0/1), the prompt length in characters, input/output token counts costlab counted with each model\'s counter, and the level (0–3) costlab\'s heuristic router gives the prompt; no prompt or response text',
    },
    benchmark: 'gsm8k',
    weak: { name: weak.name, tokenizer: weak.tokenizer, countExact: weak.countExact },
    strong: { name: strong.name, tokenizer: strong.tokenizer, countExact: strong.countExact },
    columns: ROUTELLM_COLUMNS,
    rows,
  };
}

function listedPrice(name: string, prices: Record<string, unknown>): DemoPrice | null {
  const listing = LISTINGS[name];
  if (!listing) return null;
  const entry = prices[listing.key] as { input_cost_per_token?: number; output_cost_per_token?: number } | undefined;
  if (typeof entry?.input_cost_per_token !== 'number' || typeof entry.output_cost_per_token !== 'number') {
    throw new Error(`the price file has no rates for ${listing.key}`);
  }
  const perMTok = (usdPerToken: number) => formatScaled(ratePerToken(usdPerToken), 6);
  return {
    kind: 'listed',
    listing: listing.key,
    provider: listing.provider,
    inputUsdPerMTok: perMTok(entry.input_cost_per_token),
    outputUsdPerMTok: perMTok(entry.output_cost_per_token),
    source: PRICES_SOURCE,
    asOf: PRICES_AS_OF,
    note: listing.note,
  };
}

function priceFor(name: string, catalog: Catalog, prices: Record<string, unknown>): DemoPrice {
  const model = resolveRecordedModel(name, catalog);
  if (model.entry?.rates) return { kind: 'catalog', model: model.model, note: model.mapping };
  const listed = listedPrice(name, prices);
  if (listed) return listed;
  return { kind: 'unpriced', note: model.entry?.selfHosted ? 'self-hosted open model: no per-token price' : 'no catalog model and no hosted listing in the price file' };
}

export async function buildAlpacaDemo(dir: string, pricesFile: string): Promise<AlpacaDemoFile> {
  const catalog = new Catalog();
  const files = await readAlpacaEvalFolder(dir, nodePorts().fs);
  const imported = await importAlpacaEval(files, { catalog, importedAt: IMPORTED_AT });
  const prices = JSON.parse(await readTextFile(pricesFile)) as Record<string, unknown>;
  const caseIds = [...new Set(imported.run.trials.map((trial) => trial.caseId))].sort((a, b) => Number(a) - Number(b));
  const scale = 10 ** QUALITY_DECIMALS;
  let reference = '';
  const models = imported.candidates.map((candidate): AlpacaDemoModel => {
    const usage = usageOf(imported, candidate.candidateId);
    const at = (caseId: string) => {
      const figures = usage.get(caseId);
      if (!figures || figures.quality === null) throw new Error(`${candidate.name}: instruction ${caseId} has no answer or label`);
      return figures;
    };
    if (candidate.role === 'reference') reference = candidate.name;
    return {
      name: candidate.name,
      role: candidate.role === 'reference' ? 'reference' : 'model',
      tokenizer: candidate.tokenizer,
      countExact: candidate.countExact,
      price: priceFor(candidate.name, catalog, prices),
      inputTokens: caseIds.map((id) => at(id).input),
      outputTokens: caseIds.map((id) => at(id).output),
      quality: caseIds.map((id) => Math.round((at(id).quality ?? 0) * scale) / scale),
    };
  });
  return {
    format: ALPACA_DEMO_FORMAT,
    attribution: {
      dataset: 'AlpacaEval 2.0 (weighted GPT-4-turbo annotator)',
      url: 'https://github.com/tatsu-lab/alpaca_eval (results/<model>/)',
      licence: 'Apache-2.0',
      commit: 'cd543a149df8',
      derived: `per model and instruction: quality = model_win = preference − 1 rounded to ${QUALITY_DECIMALS} places (the reference 0.5), and input/output token counts costlab counted with each model's counter; no instruction or output text`,
      prices: `hosted listings from ${PRICES_SOURCE}; catalog models from costlab's bundled catalog`,
    },
    annotator: 'weighted_alpaca_eval_gpt4_turbo',
    reference,
    instructions: caseIds.length,
    models,
  };
}

/** JSON with one line per row and per figure list, so the files stay small and diff well. */
export function demoJson(value: unknown): string {
  const write = (v: unknown, indent: string): string => {
    if (Array.isArray(v)) {
      if (v.every((x) => x === null || typeof x !== 'object')) return JSON.stringify(v);
      const inner = indent + '  ';
      return `[\n${v.map((x) => inner + write(x, inner)).join(',\n')}\n${indent}]`;
    }
    if (v !== null && typeof v === 'object') {
      const inner = indent + '  ';
      const entries = Object.entries(v).filter(([, x]) => x !== undefined);
      return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${write(x, inner)}`).join(',\n')}\n${indent}}`;
    }
    return JSON.stringify(v);
  };
  return `${write(value, '')}\n`;
}

export async function buildDemoFiles(sources: DemoSources): Promise<Record<string, string>> {
  installPlatform();
  return {
    [ROUTELLM_DEMO_FILE]: demoJson(await buildRouteLlmDemo(sources.routellmFile)),
    [ALPACA_DEMO_FILE]: demoJson(await buildAlpacaDemo(sources.alpacaDir, sources.pricesFile)),
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const shared = process.argv[2] ?? fileURLToPath(new URL('../../shared/', import.meta.url));
  const files = await buildDemoFiles(sharedSources(shared));
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(`${DEMO_DIR}${name}`, text);
    process.stdout.write(`wrote ${DEMO_DIR}${name} (${(text.length / 1024).toFixed(0)} KB)\n`);
  }
}
