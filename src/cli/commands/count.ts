/**
 * `costlab count [FILE...] [--model M[,M...]] [--messages FILE] [--json]`: tokens per source and model,
 * the input cost of one call, and whether it fits the context window.
 */
import { relative } from 'node:path';
import {
  CostlabError,
  costOf,
  countOpenAIChat,
  estimateAnthropicMessages,
  formatUsd,
  loadModelCounter,
  moneyToUsdNumber,
  openAIChatRequestSchema,
} from '../../core/index.ts';
import type { Catalog, EstimateBasis, ModelEntry, Money, TokenCounter } from '../../core/index.ts';
import { readTextFile } from '../../platform/node.ts';
import { installPlatform } from '../../platform/node.ts';
import { loadCatalog } from '../catalog-loader.ts';
import { formatInteger, renderTable } from '../format/table.ts';

export const DEFAULT_COUNT_MODELS = [
  'openai:gpt-4o-mini',
  'openai:gpt-5',
  'anthropic:claude-sonnet-4-5',
  'google:gemini-2.5-flash',
  'meta:llama-3.1-8b',
];

interface CountOptions {
  model?: string[];
  messages?: string;
  json?: boolean;
}

interface CountItem {
  source: string;
  model: string;
  tokens: number;
  exact: boolean;
  inputCost: Money | null;
  contextWindow: number | null;
  fits: boolean | null;
  notCounted: string[];
  basis?: EstimateBasis;
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) {
    throw new CostlabError('no-input', 'nothing to count: no FILE given and standard input is a terminal', {
      hint: "pass files (costlab count prompt.txt) or pipe text (echo 'hello' | costlab count)",
    });
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  if (bytes.includes(0)) throw new CostlabError('binary-file', 'standard input is binary, not text', { hint: 'pipe UTF-8 text' });
  return bytes.toString('utf8');
}

function parseJsonFile(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CostlabError('bad-messages', `is not valid JSON: ${(error as Error).message}`, {
      location: { file },
      hint: 'pass a JSON file with {"messages": [...], "tools": [...]} or a messages array',
    });
  }
}

function isAnthropicShaped(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && ('system' in value || 'max_tokens' in value && !('model' in value && String((value as { model: unknown }).model).startsWith('gpt')));
}

/** Counts a chat request for one model: exact for OpenAI models, an estimate otherwise. */
function countMessages(request: unknown, file: string, model: ModelEntry, counter: TokenCounter) {
  if (isAnthropicShaped(request)) {
    const estimate = estimateAnthropicMessages(request as Parameters<typeof estimateAnthropicMessages>[0], counter);
    return { tokens: estimate.estimate, exact: false, notCounted: estimate.notCounted };
  }
  const parsed = openAIChatRequestSchema.safeParse(request);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CostlabError('bad-messages', issue.message, {
      location: { file, field: issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') },
      hint: 'each message needs a role (system, developer, user, assistant, tool) and string or text-part content',
    });
  }
  const family = /gpt-3\.5-turbo-0301/.test(model.id) ? 'gpt-3.5-turbo-0301' : 'default';
  const result = countOpenAIChat(parsed.data, counter, family);
  // The chat framing rule is OpenAI's; other families frame messages differently, so theirs is an estimate.
  return { tokens: result.total, exact: counter.exact && model.provider === 'openai', notCounted: result.notCounted };
}

function displayPath(source: string): string {
  const rel = relative(process.cwd(), source);
  return source.startsWith('/') && !rel.startsWith('..') ? rel : source;
}

/** 0.0123 → "1.2%", 0.000456 → "0.05%", 2.5 → "250%". */
function formatShare(share: number): string {
  const percent = share * 100;
  return `${percent >= 1 ? percent.toFixed(1) : percent.toFixed(2)}%`;
}

async function resolveModels(catalog: Catalog, refs: string[]): Promise<ModelEntry[]> {
  return refs.map((ref) => catalog.resolve(ref));
}

export async function runCount(files: string[], options: CountOptions): Promise<void> {
  installPlatform();
  const catalog = await loadCatalog();
  const models = await resolveModels(catalog, options.model?.length ? options.model : DEFAULT_COUNT_MODELS);
  const sources: Array<{ name: string; text: string; messages: boolean }> = [];
  if (options.messages) {
    sources.push({ name: options.messages, text: await readTextFile(options.messages), messages: true });
  }
  for (const file of files) sources.push({ name: file, text: await readTextFile(file), messages: false });
  if (sources.length === 0) sources.push({ name: '<stdin>', text: await readStdin(), messages: false });

  const items: CountItem[] = [];
  for (const source of sources) {
    const request = source.messages ? parseJsonFile(source.text, source.name) : undefined;
    for (const model of models) {
      const counter = await loadModelCounter(model);
      const { tokens, exact, notCounted } = source.messages
        ? countMessages(request, source.name, model, counter)
        : { tokens: counter.count(source.text), exact: counter.exact, notCounted: [] };
      items.push({
        source: source.name,
        model: `${model.provider}:${model.id}`,
        tokens,
        exact,
        inputCost: model.rates ? costOf(tokens, model.rates.input, `${model.provider}:${model.id} input`) : null,
        contextWindow: model.contextWindow,
        fits: model.contextWindow === null ? null : tokens <= model.contextWindow,
        notCounted,
        ...(counter.estimate && !exact ? { basis: counter.estimate } : {}),
      });
    }
  }
  if (options.json) {
    const json = items.map((item) => ({
      source: item.source,
      model: item.model,
      tokens: item.tokens,
      exact: item.exact,
      inputCostUsd: item.inputCost ? moneyToUsdNumber(item.inputCost) : null,
      contextWindow: item.contextWindow,
      fits: item.fits,
      ...(item.notCounted.length ? { notCounted: item.notCounted } : {}),
      ...(item.basis
        ? {
            estimate: {
              base: item.basis.base,
              factor: item.basis.factor,
              errorBand: item.basis.errorBand,
              low: Math.floor(item.tokens * (1 - item.basis.errorBand)),
              high: Math.ceil(item.tokens * (1 + item.basis.errorBand)),
              source: item.basis.source,
            },
          }
        : {}),
    }));
    process.stdout.write(`${JSON.stringify({ items: json }, null, 2)}\n`);
    return;
  }
  const rows = items.map((item) => [
    displayPath(item.source),
    item.model,
    `${item.exact ? '' : '≈'}${formatInteger(item.tokens)}`,
    item.inputCost ? formatUsd(item.inputCost) : 'self-hosted',
    item.inputCost?.known ? formatUsd({ known: true, pico: item.inputCost.pico * 1000n }) : '',
    item.contextWindow === null ? '?' : formatShare(item.tokens / item.contextWindow),
  ]);
  const table = renderTable(
    [
      { header: 'source' },
      { header: 'model' },
      { header: 'tokens', align: 'right' },
      { header: 'input $/call', align: 'right' },
      { header: 'per 1k calls', align: 'right' },
      { header: 'of context', align: 'right' },
    ],
    rows,
  );
  const notes = [
    ...[...new Map(items.filter((i) => i.basis).map((i) => [i.basis!, i.model])).entries()].map(
      ([b, model]) => `≈ ${model}: no public tokenizer — ${b.base} count × ${b.factor}, ±${Math.round(b.errorBand * 100)} % (${b.source.split(/\s+/)[0]})`,
    ),
    items.some((i) => !i.exact && !i.basis) ? '≈ chat framing estimated: the provider publishes no rule for it.' : '',
    ...[...new Set(items.flatMap((i) => i.notCounted))].map((n) => `not counted: ${n}`),
    ...items.filter((i) => i.fits === false).map((i) => `does not fit: ${i.source} on ${i.model} (${formatInteger(i.tokens)} > ${formatInteger(i.contextWindow ?? 0)})`),
  ].filter(Boolean);
  process.stdout.write(`${table}\n${notes.length ? `${notes.join('\n')}\n` : ''}`);
}
