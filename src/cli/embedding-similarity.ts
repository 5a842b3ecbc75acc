/**
 * `costlab score --metric embedding --embedder REF`: each answer's similarity to its case's reference, as the
 * cosine of their embeddings clamped to [0, 1] (a negative cosine — opposite meaning — scores 0). Each distinct
 * text is embedded once. What the embedder billed is priced at its catalog input rate.
 */
import { cosineSimilarity, costOf, formatUsd } from '../core/index.ts';
import type { Money } from '../core/index.ts';
import type { CreatedEmbedder } from './embedder-factory.ts';
import type { ScoredRun } from './scored-run.ts';

export interface ReferenceSimilarities {
  byTrial: Map<string, number>;
  inputTokens: number;
  cost: Money;
  /** One line for people: what was embedded and what it cost. */
  summary: string;
}

export async function referenceSimilarities(scored: ScoredRun, embedder: CreatedEmbedder): Promise<ReferenceSimilarities> {
  const references = new Map((scored.set?.cases ?? []).flatMap((c) => (c.reference === undefined ? [] : [[c.id, c.reference] as const])));
  const pairs: { trialId: string; answer: string; reference: string }[] = [];
  for (const { trial, result } of scored.trials) {
    const reference = references.get(trial.caseId);
    if (reference === undefined || result?.status !== 'succeeded' || result.output === null) continue;
    pairs.push({ trialId: trial.id, answer: result.output, reference });
  }
  const texts = [...new Set(pairs.flatMap((p) => [p.answer, p.reference]))];
  const batch = texts.length === 0 ? { vectors: [], inputTokens: 0 } : await embedder.embed(texts);
  const vectorOf = new Map(texts.map((text, i) => [text, batch.vectors[i] as number[]]));
  const byTrial = new Map<string, number>();
  for (const p of pairs) byTrial.set(p.trialId, Math.max(0, cosineSimilarity(vectorOf.get(p.answer) as number[], vectorOf.get(p.reference) as number[])));
  const cost: Money = embedder.local ? costOf(0, null, 'input') : embedder.entry?.rates ? costOf(batch.inputTokens, embedder.entry.rates.input, 'input') : costOf(batch.inputTokens, null, 'input');
  const spent = embedder.local ? 'local, no per-token cost' : formatUsd(cost);
  return {
    byTrial,
    inputTokens: batch.inputTokens,
    cost,
    summary: `embedding similarity with ${embedder.name}: ${texts.length} texts, ${batch.inputTokens} tokens, ${spent}`,
  };
}
