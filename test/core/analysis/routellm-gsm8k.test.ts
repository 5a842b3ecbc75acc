/** Integration: RouteLLM's released GSM8K responses (Mixtral-8x7B vs GPT-4-1106), see ../shared/data/SOURCES.md. */
import { describe, expect, it } from 'vitest';
import { averagePgr, oracleCurve, randomRouterCurve, routingBaselines, routingCurve, routingMetrics } from '../../../src/core/analysis/routing.ts';
import type { RoutingItem } from '../../../src/core/analysis/routing.ts';
import { GSM8K_LABEL, gsm8kPresent, gsm8kRows } from '../../helpers/routellm-gsm8k.ts';

/** A seeded linear congruential generator: deterministic "random" router scores. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe.skipIf(!gsm8kPresent)(`RouteLLM gsm8k (${GSM8K_LABEL})`, () => {
  const rows = gsm8kRows();
  const next = lcg(42);
  const items: RoutingItem[] = rows.map((r) => ({
    weakQuality: r.weak_correct ? 1 : 0,
    strongQuality: r.strong_correct ? 1 : 0,
    weakCost: 0.0006,
    strongCost: 0.03,
    score: next(),
  }));

  it('reproduces the published accuracies: weak 63.8 %, strong 85.7 %', () => {
    const base = routingBaselines(items);
    expect(base.items).toBe(1319);
    expect(base.weakQuality).toBeCloseTo(0.638, 3);
    expect(base.strongQuality).toBeCloseTo(0.857, 3);
  });

  it('a random router has APGR ≈ 0.5; its expected curve exactly 0.5', () => {
    const m = routingMetrics(items);
    expect(m.apgr).toBeGreaterThan(0.45);
    expect(m.apgr).toBeLessThan(0.55);
    expect(m.cpt50).toBeGreaterThan(0.4);
    expect(m.cpt50).toBeLessThan(0.6);
    expect(averagePgr(randomRouterCurve(items), m.weakQuality, m.strongQuality)).toBeCloseTo(0.5, 12);
    expect(routingCurve(items)).toHaveLength(1320);
  });

  it('the oracle tops out where weak fails and strong succeeds (383 items)', () => {
    const base = routingBaselines(items);
    const oracle = oracleCurve(items);
    const last = oracle[oracle.length - 1];
    expect(last?.strongCalls).toBe(383);
    expect(last?.quality).toBeCloseTo((842 + 383) / 1319, 12);
    expect(averagePgr(oracle, base.weakQuality, base.strongQuality)).toBeGreaterThan(1);
  });
});
