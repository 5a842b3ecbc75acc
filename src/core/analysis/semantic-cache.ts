/**
 * Semantic-cache audit: replay a query log in arrival order through a cache that serves a query from the most
 * similar earlier entry when the similarity reaches a threshold, and count what that would have saved and what it
 * would have got wrong. The log says which queries are "the same question" (equal `group`), so every hit is checked.
 *
 * The cache (as the seeds build it — ../shared/seeds/001_….txt §语义缓存算法 and 002_….txt §1.3: look up first; on a
 * miss call the model and store the (query, answer) pair; thresholds 0.85–0.95):
 * - it starts empty, never evicts (no TTL, no size limit: the audit shows the ceiling) and holds only the queries
 *   that missed — a hit stores nothing new, since no new answer was made;
 * - for query i it finds the most similar entry j (ties: the earlier one); similarity ≥ threshold is a hit that
 *   serves j's answer: a TRUE hit when j has i's group, else a FALSE hit — a wrong answer served;
 * - a hit skips the call: `saved` is the hit queries' own cost (wrong answers included: the money is not spent
 *   either way); with embeddings every query is embedded, hit or miss, and `netSaved` subtracts that.
 *
 * Per threshold: hits, true and false hits, hit rate (hits / queries), false-hit rate (false hits / hits; null
 * with no hit), recall (true hits / duplicates, where a duplicate is a query whose group appeared earlier — the
 * most true hits any cache could make), calls and dollars saved. An exact-match cache (text equal after NFKC,
 * lower-casing and collapsing whitespace — a hash cache) is the baseline. The recommended threshold is the one with
 * the most true hits among those whose false-hit rate is at most `maxFalseHitRate` (default 0: no wrong answer).
 */
import { CostlabError } from '../errors.ts';
import { ZERO, addMoney, known } from '../money/money.ts';
import type { Money } from '../money/money.ts';
import { buildNeighborIndex } from './semantic-cache-neighbors.ts';
import type { NeighborIndex, QueryVectors } from './semantic-cache-neighbors.ts';

export interface CacheLogEntry {
  /** Queries with equal groups are the same question (a cached answer to one is right for the other). */
  group: string;
  /** What answering the query costs (one call). */
  cost: Money;
  /** The query text, for the exact-match baseline; leave it out to skip the baseline. */
  text?: string;
}

export interface SemanticCacheOptions {
  thresholds: readonly number[];
  /** What embedding every query of the log cost (default $0: lexical similarity needs no model). */
  embeddingCost?: Money;
  /** The recommendation allows at most this false-hit rate (default 0). */
  maxFalseHitRate?: number;
  /** Neighbours kept per query before a replay falls back to a scan (see semantic-cache-neighbors.ts). */
  neighborCap?: number;
}

export interface CacheSweepRow {
  /** The similarity threshold; null for the exact-match baseline. */
  threshold: number | null;
  hits: number;
  trueHits: number;
  /** Wrong answers served. */
  falseHits: number;
  hitRate: number;
  falseHitRate: number | null;
  recall: number | null;
  callsSaved: number;
  /** Cost of the calls the hits skipped. */
  saved: Money;
  /** saved − the embedding cost. */
  netSaved: Money;
  /** saved / the cost of the whole log without a cache; null when unknown or the log costs nothing. */
  savedShare: number | null;
}

export interface SemanticCacheAudit {
  queries: number;
  groups: number;
  /** Queries whose group appeared earlier in the log. */
  duplicates: number;
  /** Every query called: the log without a cache. */
  totalCost: Money;
  embeddingCost: Money;
  /** The exact-match (hash) cache, when texts were given. */
  exact: CacheSweepRow | null;
  /** One row per threshold, ascending. */
  rows: CacheSweepRow[];
  /** The recommended threshold, or null when none makes a true hit within the allowed false-hit rate. */
  recommended: number | null;
  maxFalseHitRate: number;
}

function fail(message: string, field?: string, hint?: string): never {
  throw new CostlabError('bad-cache-input', message, { ...(hint ? { hint } : {}), ...(field ? { location: { field } } : {}) });
}

function negate(money: Money): Money {
  return money.known ? known(-money.pico) : money;
}

function share(part: Money, whole: Money): number | null {
  if (!part.known || !whole.known || whole.pico === 0n) return null;
  return Number(part.pico) / Number(whole.pico);
}

/** The key of the exact-match baseline. */
export function exactKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

function row(threshold: number | null, entries: readonly CacheLogEntry[], served: Int32Array, duplicates: number, total: Money, embedding: Money): CacheSweepRow {
  let hits = 0;
  let trueHits = 0;
  let saved: Money = ZERO;
  served.forEach((j, i) => {
    if (j < 0) return;
    hits += 1;
    const entry = entries[i] as CacheLogEntry;
    if ((entries[j] as CacheLogEntry).group === entry.group) trueHits += 1;
    saved = addMoney(saved, entry.cost);
  });
  const falseHits = hits - trueHits;
  return {
    threshold, hits, trueHits, falseHits,
    hitRate: hits / entries.length,
    falseHitRate: hits === 0 ? null : falseHits / hits,
    recall: duplicates === 0 ? null : trueHits / duplicates,
    callsSaved: hits, saved, netSaved: addMoney(saved, negate(embedding)), savedShare: share(saved, total),
  };
}

/** Replays the log at one threshold: served[i] = the entry whose answer query i got, or −1 for a miss. */
function replay(index: NeighborIndex, threshold: number): Int32Array {
  const n = index.size;
  const cached = new Uint8Array(n);
  const entries: number[] = [];
  const hit = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const list = index.neighbors(i);
    let found = -1;
    let exhausted = true;
    for (let k = 0; k < list.ids.length; k++) {
      if ((list.sims[k] as number) < threshold) {
        exhausted = false;
        break;
      }
      const j = list.ids[k] as number;
      if (cached[j] === 1) {
        found = j;
        exhausted = false;
        break;
      }
    }
    if (found < 0 && exhausted && list.truncated) {
      // Every kept neighbour passed the threshold but was itself a hit: look past the cap, over the cache's entries.
      let best = threshold;
      for (const j of entries) {
        const s = index.similarity(i, j);
        if (s >= best && (found < 0 || s > best)) {
          best = s;
          found = j;
        }
      }
    }
    if (found >= 0) hit[i] = found;
    else {
      cached[i] = 1;
      entries.push(i);
    }
  }
  return hit;
}

function exactReplay(entries: readonly CacheLogEntry[]): Int32Array {
  const first = new Map<string, number>();
  const hit = new Int32Array(entries.length).fill(-1);
  entries.forEach((entry, i) => {
    const key = exactKey(entry.text ?? '');
    const j = first.get(key);
    if (j === undefined) first.set(key, i);
    else hit[i] = j;
  });
  return hit;
}

/** The threshold sweep over a query log (see the file comment). `vectors` has one vector per entry, in log order. */
export function semanticCacheAudit(entries: readonly CacheLogEntry[], vectors: QueryVectors, options: SemanticCacheOptions): SemanticCacheAudit {
  if (entries.length === 0) fail('the query log is empty', 'entries', 'give at least one query');
  if (vectors.vectors.length !== entries.length) fail(`${vectors.vectors.length} vectors for ${entries.length} queries`, 'vectors', 'give one vector per query, in log order');
  if (options.thresholds.length === 0) fail('give at least one threshold', 'thresholds');
  options.thresholds.forEach((t, i) => {
    // above 0: a pair that shares nothing (similarity 0) is never a hit, so the index need not list it
    if (!Number.isFinite(t) || t <= 0 || t > 1) fail(`threshold ${i + 1} must be a similarity above 0 and at most 1, got ${t}`, `thresholds[${i}]`);
  });
  const maxFalseHitRate = options.maxFalseHitRate ?? 0;
  if (!Number.isFinite(maxFalseHitRate) || maxFalseHitRate < 0 || maxFalseHitRate > 1) fail(`the allowed false-hit rate must be in [0, 1], got ${maxFalseHitRate}`, 'maxFalseHitRate');
  const withText = entries.every((e) => typeof e.text === 'string');

  const seen = new Set<string>();
  let duplicates = 0;
  let total: Money = ZERO;
  for (const entry of entries) {
    if (seen.has(entry.group)) duplicates += 1;
    seen.add(entry.group);
    total = addMoney(total, entry.cost);
  }
  const embedding = options.embeddingCost ?? ZERO;
  const thresholds = [...new Set(options.thresholds)].sort((a, b) => a - b);
  const index = buildNeighborIndex(vectors, thresholds[0] as number, options.neighborCap);
  const rows = thresholds.map((t) => row(t, entries, replay(index, t), duplicates, total, embedding));

  let recommended: CacheSweepRow | null = null;
  for (const r of rows) {
    if ((r.falseHitRate ?? 0) > maxFalseHitRate || r.trueHits === 0) continue;
    if (recommended === null || r.trueHits >= recommended.trueHits) recommended = r; // ties: the higher threshold
  }
  return {
    queries: entries.length,
    groups: seen.size,
    duplicates,
    totalCost: total,
    embeddingCost: embedding,
    exact: withText ? row(null, entries, exactReplay(entries), duplicates, total, ZERO) : null,
    rows,
    recommended: recommended?.threshold ?? null,
    maxFalseHitRate,
  };
}
