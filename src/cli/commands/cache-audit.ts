/**
 * `costlab cache-audit LOG.jsonl [--model M] [--output-tokens N] [--system-tokens N] [--similarity lexical|embedding
 * [--embedder REF]] [--thresholds 0.5,0.6,…] [--max-false-hit-rate R] [--json]`: replays a query log with known
 * duplicates through a semantic cache at each similarity threshold (core/analysis/semantic-cache.ts) — hit rate,
 * wrong answers served, dollars saved — next to an exact-match cache. Reads only; writes nothing.
 *
 * A line's `costUsd` is what answering it cost; a line without one is priced on `--model` as one call with the
 * query's tokens (+ `--system-tokens`) in and `--output-tokens` out. `--similarity embedding` embeds every query with
 * `--embedder REF` (as a live cache would: every query, repeats too; what that costs is subtracted as `netSaved`), or
 * compares the vectors the log carries in `"embedding"`.
 */
import {
  CostlabError, ZERO, costOf, formatUsd, lexicalVectors, loadModelCounter, makeUsage, modelKey, moneyToUsdNumber, priceUsage, semanticCacheAudit,
} from '../../core/index.ts';
import type { CacheLogEntry, CacheSweepRow, Catalog, ModelEntry, Money, QueryVectors, SemanticCacheAudit } from '../../core/index.ts';
import { installPlatform, readTextFile } from '../../platform/node.ts';
import { createEmbedder } from '../embedder-factory.ts';
import { parseQueryLog } from '../cache-audit-log.ts';
import type { LogQuery } from '../cache-audit-log.ts';
import { loadCatalog } from '../catalog-loader.ts';
import { formatInteger, renderTable } from '../format/table.ts';

export interface CacheAuditOptions {
  model?: string;
  outputTokens?: number;
  systemTokens?: number;
  similarity?: string;
  embedder?: string;
  thresholds?: string[];
  maxFalseHitRate?: string;
  json?: boolean;
}

export const DEFAULT_CACHE_MODEL = 'openai:gpt-4o-mini';
export const DEFAULT_OUTPUT_TOKENS = 200;
export const DEFAULT_THRESHOLDS = [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.99];

const SIMILARITY = {
  lexical: 'lexical — cosine of word, character-trigram and CJK-bigram counts; no model, sees wording not meaning',
  embedding: 'embedding — cosine of the queries\' embeddings',
} as const;

interface Embedded {
  vectors: QueryVectors;
  cost: Money;
  /** One line for people: where the vectors came from and what they cost. */
  summary: string;
  tokens: number | null;
  embedder: string | null;
}

function fraction(value: string, flag: string): number {
  const x = Number(value.trim());
  if (value.trim() === '' || !Number.isFinite(x) || x < 0 || x > 1) {
    throw new CostlabError('bad-option', `${flag} takes numbers from 0 to 1, got '${value}'`, { location: { field: flag } });
  }
  return x;
}

interface Pricing {
  entry: ModelEntry;
  outputTokens: number;
  systemTokens: number;
  priced: number;
}

async function costs(queries: readonly LogQuery[], options: CacheAuditOptions, catalog: () => Promise<Catalog>): Promise<{ costs: Money[]; pricing: Pricing | null }> {
  const needed = queries.some((q) => q.cost === null);
  if (!needed && options.model === undefined) return { costs: queries.map((q) => q.cost as Money), pricing: null };
  const entry = (await catalog()).resolve(options.model ?? DEFAULT_CACHE_MODEL);
  const counter = await loadModelCounter(entry);
  const pricing: Pricing = { entry, outputTokens: options.outputTokens ?? DEFAULT_OUTPUT_TOKENS, systemTokens: options.systemTokens ?? 0, priced: 0 };
  const result = queries.map((q) => {
    if (q.cost !== null) return q.cost;
    pricing.priced += 1;
    return priceUsage(entry, makeUsage({ input: counter.count(q.query) + pricing.systemTokens, output: pricing.outputTokens })).total;
  });
  return { costs: result, pricing };
}

async function vectorsOf(queries: readonly LogQuery[], kind: keyof typeof SIMILARITY, file: string, options: CacheAuditOptions, catalog: () => Promise<Catalog>): Promise<Embedded> {
  if (kind === 'lexical') {
    if (options.embedder !== undefined) throw new CostlabError('bad-option', '--embedder applies to --similarity embedding only', { location: { field: '--embedder' } });
    return { vectors: { kind: 'sparse', vectors: lexicalVectors(queries.map((q) => q.query)) }, cost: ZERO, summary: '', tokens: null, embedder: null };
  }
  if (options.embedder !== undefined) {
    const embedder = await createEmbedder(options.embedder, await catalog());
    const batch = await embedder.embed(queries.map((q) => q.query));
    if (batch.vectors.length !== queries.length) {
      throw new CostlabError('embedder-failed', `${embedder.name} returned ${batch.vectors.length} vectors for ${queries.length} queries`, { location: { field: '--embedder' } });
    }
    const cost = embedder.local ? ZERO : costOf(batch.inputTokens, embedder.entry?.rates?.input ?? null, `${embedder.name} input`);
    const spent = embedder.local ? 'local, no per-token cost' : cost.known ? formatUsd(cost) : 'unknown (the catalog has no price for it)';
    return {
      vectors: { kind: 'dense', vectors: batch.vectors }, cost, tokens: batch.inputTokens, embedder: embedder.name,
      summary: `embedded every query with ${embedder.name}: ${formatInteger(batch.inputTokens)} tokens, ${spent} — a live cache pays that too, so "net saved" subtracts it`,
    };
  }
  const missing = queries.find((q) => q.embedding === null);
  if (missing) {
    throw new CostlabError('no-embedder', 'has no "embedding": --similarity embedding needs --embedder REF, or a vector for every query in the log', {
      location: { file, line: missing.line, field: 'embedding' },
      hint: 'pass --embedder openai:text-embedding-3-small (OPENAI_API_KEY), ollama:nomic-embed-text or gguf:PATH; or add "embedding": [...] to every line; or use --similarity lexical',
    });
  }
  const d = queries[0]?.embedding?.length ?? 0;
  const ragged = queries.find((q) => q.embedding?.length !== d);
  if (ragged) {
    throw new CostlabError('bad-log', `the embedding has ${ragged.embedding?.length} dimensions, line ${queries[0]?.line}'s has ${d}`, {
      location: { file, line: ragged.line, field: 'embedding' }, hint: 'embed every query with the same model',
    });
  }
  return {
    vectors: { kind: 'dense', vectors: queries.map((q) => q.embedding as number[]) }, cost: ZERO, tokens: null, embedder: null,
    summary: 'the vectors came with the log: what embedding the queries cost is not counted',
  };
}

const pct = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

function rowJson(r: CacheSweepRow) {
  return {
    threshold: r.threshold, hits: r.hits, trueHits: r.trueHits, falseHits: r.falseHits, hitRate: r.hitRate, falseHitRate: r.falseHitRate,
    recall: r.recall, callsSaved: r.callsSaved, savedUsd: moneyToUsdNumber(r.saved), netSavedUsd: moneyToUsdNumber(r.netSaved), savedShare: r.savedShare,
  };
}

function tableRow(r: CacheSweepRow, recommended: number | null, net: boolean): string[] {
  const name = r.threshold === null ? 'exact match' : r.threshold.toFixed(2) + (r.threshold === recommended ? ' ◀' : '');
  const row = [name, formatInteger(r.hits), pct(r.hitRate), formatInteger(r.trueHits), formatInteger(r.falseHits), pct(r.falseHitRate), pct(r.recall), formatUsd(r.saved), pct(r.savedShare)];
  return net ? [...row, r.threshold === null ? '' : formatUsd(r.netSaved)] : row;
}

function human(file: string, kind: keyof typeof SIMILARITY, audit: SemanticCacheAudit, pricing: Pricing | null, given: number, embedded: Embedded): string {
  const net = embedded.embedder !== null;
  const rows = [...(audit.exact ? [tableRow(audit.exact, null, net)] : []), ...audit.rows.map((r) => tableRow(r, audit.recommended, net))];
  const table = renderTable(
    [{ header: 'threshold' }, { header: 'hits', align: 'right' }, { header: 'hit rate', align: 'right' }, { header: 'right', align: 'right' },
      { header: 'wrong', align: 'right' }, { header: 'false-hit rate', align: 'right' }, { header: 'recall', align: 'right' },
      { header: 'saved', align: 'right' }, { header: 'saved %', align: 'right' }, ...(net ? [{ header: 'net saved', align: 'right' as const }] : [])],
    rows,
  );
  const lines = [
    `cache audit of ${file}: ${formatInteger(audit.queries)} queries, ${formatInteger(audit.groups)} distinct questions, ${formatInteger(audit.duplicates)} repeats (the most right answers a cache could serve)`,
    `similarity: ${SIMILARITY[kind]}`,
  ];
  if (embedded.summary !== '') lines.push(embedded.summary);
  if (pricing) {
    const { entry } = pricing;
    lines.push(`cost per call: ${given > 0 ? `costUsd from the log for ${formatInteger(given)}, ` : ''}${formatInteger(pricing.priced)} priced on ${modelKey(entry)} as the query's tokens${pricing.systemTokens > 0 ? ` + ${formatInteger(pricing.systemTokens)}` : ''} in, ${formatInteger(pricing.outputTokens)} out (prices as of ${entry.asOf} from ${entry.source})`);
  } else {
    lines.push('cost per call: costUsd from the log');
  }
  lines.push(`without a cache the log costs ${formatUsd(audit.totalCost)}`, '', table, '');
  lines.push('right / wrong: hits served the answer to the same / to a different question; false-hit rate = wrong ÷ hits; recall = right ÷ repeats; saved = the calls the hits skipped (wrong ones too)');
  const allowed = audit.maxFalseHitRate === 0 ? 'serving no wrong answer' : `with at most ${pct(audit.maxFalseHitRate)} of hits wrong`;
  lines.push(audit.recommended === null
    ? `recommended: none — no threshold makes a right hit while ${allowed} (the cache would cost correctness; try --similarity embedding or a higher threshold)`
    : `recommended: ${audit.recommended.toFixed(2)} ◀ — the most right answers while ${allowed}`);
  return lines.join('\n');
}

export async function runCacheAudit(file: string, options: CacheAuditOptions): Promise<void> {
  const kind = options.similarity ?? 'lexical';
  if (kind !== 'lexical' && kind !== 'embedding') {
    throw new CostlabError('bad-option', `--similarity must be lexical or embedding, got '${kind}'`, { location: { field: '--similarity' } });
  }
  const thresholds = options.thresholds === undefined ? DEFAULT_THRESHOLDS : options.thresholds.map((t) => fraction(t, '--thresholds'));
  if (thresholds.includes(0)) throw new CostlabError('bad-option', '--thresholds must be above 0: at 0 every query would be a hit', { location: { field: '--thresholds' } });
  if (thresholds.length === 0) throw new CostlabError('bad-option', '--thresholds needs at least one number', { location: { field: '--thresholds' } });
  const maxFalseHitRate = options.maxFalseHitRate === undefined ? 0 : fraction(options.maxFalseHitRate, '--max-false-hit-rate');
  installPlatform();
  const queries = parseQueryLog(await readTextFile(file), file);
  let catalog: Catalog | undefined;
  const getCatalog = async () => (catalog ??= await loadCatalog());
  const { costs: perQuery, pricing } = await costs(queries, options, getCatalog); // a bad --model fails before any embedding is paid for
  const embedded = await vectorsOf(queries, kind, file, options, getCatalog);
  const entries: CacheLogEntry[] = queries.map((q, i) => ({ group: q.group, cost: perQuery[i] as Money, text: q.query }));
  const audit = semanticCacheAudit(entries, embedded.vectors, { thresholds, maxFalseHitRate, embeddingCost: embedded.cost });
  const given = queries.filter((q) => q.cost !== null).length;
  if (options.json) {
    const json = {
      log: file, similarity: kind, queries: audit.queries, groups: audit.groups, duplicates: audit.duplicates,
      totalCostUsd: moneyToUsdNumber(audit.totalCost),
      embedding: kind === 'embedding' ? { embedder: embedded.embedder, inputTokens: embedded.tokens, costUsd: moneyToUsdNumber(embedded.cost) } : null,
      exact: audit.exact ? rowJson(audit.exact) : null, rows: audit.rows.map(rowJson), recommended: audit.recommended, maxFalseHitRate,
      price: pricing === null ? null : {
        model: modelKey(pricing.entry), source: pricing.entry.source, asOf: pricing.entry.asOf, outputTokens: pricing.outputTokens,
        systemTokens: pricing.systemTokens, pricedQueries: pricing.priced, loggedCosts: given,
      },
      notes: embedded.summary === '' ? [] : [embedded.summary],
      exactKey: 'NFKC, lower case, whitespace collapsed',
    };
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    return;
  }
  process.stdout.write(`${human(file, kind, audit, pricing, given, embedded)}\n`);
}
