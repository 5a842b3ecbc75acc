/**
 * `--score` for `costlab route`: which router score each item gets (core/analysis/router-scores), plus what an
 * exported router needs to reproduce it.
 *
 * - heuristic: the seed classifier on the item's last user message (earlier turns count as turns).
 * - length: the whole prompt's tokens with the weak model's counter (characters when it has none).
 * - confidence: 1 − the weak model's recorded confidence (labels.confidence, or exp(labels.logprob)).
 * - file:PATH: JSONL {"index","score"}, one line per case in the source's order (the run's case order, or the
 *   recorded file's), scored or not; the cases routing leaves out simply go unused.
 * - random: seeded uniform numbers (--seed, default 1).
 * - oracle: strong − weak quality (the upper bound; not exportable).
 * - knn: with --embedder REF (embedder-factory.ts) and --k N (default 10): the share of each case's k most similar
 *   other cases (cosine of the prompts' embeddings, leave-one-out) on which the strong model did better. Embedding
 *   is the router's own cost: each request's prompt is embedded once, so the tokens billed here, priced at the
 *   embedder's catalog input rate, divided by the cases, is its cost per request (reported, not added to the
 *   routed mix's cost).
 */
import {
  CostlabError, HEURISTIC_CLASSIFIER, costOf, formatUsd, heuristicScore, knnScoresWithEmbedder, lengthScores, loadModelCounter,
  loadRecordedCounter, moneyToUsdString, oracleScores, parseScoreFile, randomScores, resolveRecordedModel, selfConfidenceScores, strongWins,
} from '../core/index.ts';
import type { Money, RouterConfigInput, TokenCounter } from '../core/index.ts';
import { createEmbedder } from './embedder-factory.ts';
import { installPlatform, readTextFile } from '../platform/node.ts';
import { loadCatalog } from './catalog-loader.ts';
import type { RoutePair } from './route-pair.ts';

export const SCORE_KINDS = ['heuristic', 'length', 'confidence', 'knn', 'random', 'oracle', 'file:PATH'] as const;

export type ScoreSpec =
  | { kind: 'heuristic' | 'length' | 'confidence' | 'oracle' }
  | { kind: 'random'; seed: number }
  | { kind: 'knn'; embedder: string; k: number }
  | { kind: 'file'; path: string };

export const SCORE_DESCRIPTIONS: Record<ScoreSpec['kind'], string> = {
  heuristic: 'the seed documents\' keyword/complexity classifier on the prompt: 0 trivial, 1/3 simple, 2/3 moderate, 1 complex',
  length: 'prompt length in tokens (the weak model\'s tokenizer), longest first',
  confidence: '1 − the weak model\'s recorded confidence (labels.confidence, or exp(labels.logprob))',
  random: 'seeded random numbers: the baseline every router must beat (expected APGR 0.5)',
  oracle: 'strong − weak quality per item: reads the answers, so it is the upper bound, not a router',
  knn: 'share of the k most similar other prompts (embeddings, leave-one-out) where the strong model did better',
  file: 'scores from a JSONL file, {"index","score"} per item',
};

export function parseScoreSpec(value: string | undefined, seed: number | undefined, knn: { embedder?: string; k?: number } = {}): ScoreSpec {
  const v = value ?? 'heuristic';
  if (knn.embedder !== undefined && v !== 'knn') {
    throw new CostlabError('bad-option', '--embedder is for --score knn', { location: { field: '--embedder' }, hint: 'add --score knn, or drop --embedder' });
  }
  if (v.startsWith('file:')) {
    const path = v.slice('file:'.length);
    if (path === '') throw new CostlabError('bad-option', '--score file: needs a path', { location: { field: '--score' }, hint: '--score file:scores.jsonl' });
    return { kind: 'file', path };
  }
  if (v === 'random') return { kind: 'random', seed: seed ?? 1 };
  if (v === 'heuristic' || v === 'length' || v === 'confidence' || v === 'oracle') return { kind: v };
  if (v === 'knn') {
    if (knn.embedder === undefined) {
      throw new CostlabError('bad-option', '--score knn needs --embedder REF: the model that embeds the prompts', {
        location: { field: '--embedder' },
        hint: 'e.g. --embedder openai:text-embedding-3-small, ollama:nomic-embed-text or gguf:PATH',
      });
    }
    return { kind: 'knn', embedder: knn.embedder, k: knn.k ?? 10 };
  }
  throw new CostlabError('bad-option', `--score ${v} is not a router score`, { location: { field: '--score' }, hint: `use one of: ${SCORE_KINDS.join(', ')}` });
}

export interface ComputedScores {
  scores: number[];
  /** What the export needs to reproduce the score (RouterConfigInput's extra keys). */
  exportable: Pick<RouterConfigInput, 'heuristic' | 'length' | 'random' | 'file' | 'confidence' | 'knn'>;
  /** One line for people: the unit or source. */
  note: string;
  /** What scoring itself cost (kNN: embedding every prompt once); absent for scores computed locally. */
  routerCost?: RouterCost;
}

export interface RouterCost {
  embedder: string;
  tokens: number;
  /** Exact US dollars as a decimal string, or null when the embedder's price is unknown. */
  usd: string | null;
  /** US dollars per 1,000 requests (each request embeds its prompt once); null when unknown. */
  perThousand: number | null;
}

async function weakCounter(pair: RoutePair): Promise<{ counter: TokenCounter; tokenizer: string } | null> {
  installPlatform();
  const catalog = await loadCatalog();
  try {
    const entry = catalog.tryResolve(pair.weak.model);
    if (entry) return { counter: await loadModelCounter(entry), tokenizer: entry.tokenizer };
  } catch {
    // an ambiguous or odd model reference: fall through to the recorded name
  }
  const model = resolveRecordedModel(pair.weak.name, catalog);
  try {
    return { counter: await loadRecordedCounter(model), tokenizer: model.tokenizer };
  } catch {
    return null;
  }
}

export async function computeScores(spec: ScoreSpec, pair: RoutePair): Promise<ComputedScores> {
  const rows = pair.rows;
  switch (spec.kind) {
    case 'heuristic':
      return {
        scores: rows.map((r) => heuristicScore(r.item.query, { turns: r.item.turns })),
        exportable: { heuristic: HEURISTIC_CLASSIFIER },
        note: 'scored on each case\'s last user message',
      };
    case 'length': {
      const counter = await weakCounter(pair);
      const { unit, scores } = lengthScores(rows.map((r) => r.item.prompt), counter?.counter);
      return {
        scores,
        exportable: { length: { unit, ...(counter ? { tokenizer: counter.tokenizer } : {}) } },
        note: counter ? `tokens with ${counter.tokenizer}${counter.counter.exact ? '' : ' (an estimate)'}` : 'characters (no counter for the weak model)',
      };
    }
    case 'confidence':
      return {
        scores: selfConfidenceScores(rows.map((r) => r.weak.labels), rows.map((r) => r.item.caseId)),
        exportable: { confidence: { labels: ['confidence', 'logprob'] } },
        note: `from ${pair.weak.id}'s labels`,
      };
    case 'random':
      return { scores: randomScores(rows.length, spec.seed), exportable: { random: { seed: spec.seed } }, note: `seed ${spec.seed}` };
    case 'oracle':
      return { scores: oracleScores(pair.items), exportable: {}, note: '' };
    case 'knn': {
      installPlatform();
      const embedder = await createEmbedder(spec.embedder, await loadCatalog());
      const wins = strongWins(pair.items);
      const { scores, inputTokens } = await knnScoresWithEmbedder(embedder, rows.map((r) => r.item.prompt), wins, { k: spec.k });
      const rate = embedder.local ? 0n : (embedder.entry?.rates?.input ?? null);
      const cost: Money = costOf(inputTokens, rate, 'embedding input');
      const usd = cost.known ? moneyToUsdString(cost.pico) : null;
      return {
        scores,
        exportable: { knn: { k: spec.k, embedder: spec.embedder, examples: rows.map((r, i) => ({ prompt: r.item.prompt, strongWin: wins[i] as number })) } },
        note: `k = ${spec.k}, prompts embedded with ${embedder.name}: ${inputTokens} tokens, ${embedder.local ? 'local, no per-token cost' : formatUsd(cost)}`,
        routerCost: { embedder: embedder.name, tokens: inputTokens, usd, perThousand: usd === null ? null : (1000 * Number(usd)) / rows.length },
      };
    }
    case 'file': {
      const text = await readTextFile(spec.path);
      const all = parseScoreFile({ path: spec.path, text }, pair.cases);
      return { scores: rows.map((r) => all[r.index] as number), exportable: { file: { path: spec.path } }, note: `one score per case from ${spec.path}` };
    }
  }
}
