/** Integration: a two-tier cascade over RouteLLM's released GSM8K answers (Mixtral-8x7B → GPT-4-1106), see ../shared/data/SOURCES.md. */
import { describe, expect, it } from 'vitest';
import { cascadeAnalysis } from '../../../src/core/analysis/cascade.ts';
import type { CascadeItem } from '../../../src/core/analysis/cascade.ts';
import { GSM8K_LABEL, gsm8kPresent, gsm8kRows } from '../../helpers/routellm-gsm8k.ts';
import type { Gsm8kRow as Row } from '../../helpers/routellm-gsm8k.ts';

describe.skipIf(!gsm8kPresent)(`cascade over RouteLLM gsm8k (${GSM8K_LABEL})`, () => {
  const rows = gsm8kRows();
  // Per-item costs that differ item to item: a made-up price per character of each answer.
  const weakCost = (r: Row) => 1e-7 * r.weak_response.length;
  const strongCost = (r: Row) => 3e-6 * r.strong_response.length;
  const items: CascadeItem[] = rows.map((r) => ({
    tiers: [
      { quality: r.weak_correct ? 1 : 0, cost: weakCost(r), latencyMs: null },
      { quality: r.strong_correct ? 1 : 0, cost: strongCost(r), latencyMs: null },
    ],
  }));

  it('accepting the weak answer when it is right gives "weak if right, else strong", and escalations pay both calls', () => {
    const n = rows.length;
    const r = cascadeAnalysis(['weak', 'strong'], items, { kind: 'assertion', passMark: 0.5 });
    const quality = rows.reduce((s, row) => s + (row.weak_correct ? 1 : row.strong_correct ? 1 : 0), 0) / n;
    const cost = rows.reduce((s, row) => s + weakCost(row) + (row.weak_correct ? 0 : strongCost(row)), 0);
    const wasted = rows.reduce((s, row) => s + (row.weak_correct ? 0 : weakCost(row)), 0);
    const escalated = rows.filter((row) => !row.weak_correct).length;
    expect(r.quality).toBeCloseTo(quality, 12);
    expect(r.costPer1k as number).toBeCloseTo((1000 * cost) / n, 9);
    expect(r.wastedPer1k as number).toBeCloseTo((1000 * wasted) / n, 9);
    expect(r.tiers[1]?.callShare).toBeCloseTo(escalated / n, 12);
    // the cascade beats the strong model alone on quality (it is the oracle of the two here) and costs less
    expect(r.quality).toBeGreaterThan(r.singles[1]?.quality as number);
    expect(r.costPer1k as number).toBeLessThan(r.singles[1]?.costPer1k as number);
    expect(r.latencyMs).toBeNull();
  });

  it('a judge that errs 20 % of the time loses part of that gain', () => {
    const perfect = cascadeAnalysis(['weak', 'strong'], items, { kind: 'assertion', passMark: 0.5 });
    const judged = cascadeAnalysis(['weak', 'strong'], items, { kind: 'judge', passMark: 0.5, errorRate: 0.2 });
    expect(judged.quality).toBeLessThan(perfect.quality);
    expect(judged.badAccepted).toBeGreaterThan(0);
    expect(judged.goodRejected).toBeGreaterThan(0);
  });
});
