import { describe, expect, it } from 'vitest';
import { batchBill } from '../../../src/core/batch/batch-bill.ts';
import { Catalog } from '../../../src/core/catalog/catalog.ts';
import { ZERO, moneyToUsdString } from '../../../src/core/money/money.ts';
import type { Money } from '../../../src/core/money/money.ts';
import type { DryRunBill, TrialBill } from '../../../src/core/runner/dry-run-bill.ts';
import { makeCandidate } from '../../../src/core/runner/plan.ts';

const catalog = new Catalog();
const usd = (money: Money) => (money.known ? moneyToUsdString(money.pico) : `unknown: ${money.missing.join(', ')}`);

function trialBill(candidateId: string): TrialBill {
  return {
    trialId: `${candidateId}|c1|1`, candidateId, inputTokens: 1000, inputTokensHigh: 1200, exact: false, expectedOutputTokens: 200,
    expectedFrom: 'reference', maxOutputTokens: 400, min: ZERO, expected: ZERO, max: ZERO,
  };
}

describe('batchBill', () => {
  it('prices the same token counts at batch rates, worked by hand', () => {
    const mini = makeCandidate('base', 'openai:gpt-4o-mini', 'openai:gpt-4o-mini', { maxOutputTokens: 400 });
    const haiku = makeCandidate('base', 'anthropic:claude-haiku-4-5', 'anthropic:claude-haiku-4-5', { maxOutputTokens: 400, cacheSystemPrefix: true });
    const turbo = makeCandidate('base', 'openai:gpt-4-turbo', 'openai:gpt-4-turbo', { maxOutputTokens: 400 });
    const candidates = [mini, haiku, turbo];
    const standard: DryRunBill = {
      trials: candidates.map((c) => trialBill(c.id)),
      candidates: candidates.map((c) => ({ candidateId: c.id, model: c.model, trials: 1, inputTokens: 1000, exact: false, min: ZERO, expected: ZERO, max: ZERO, missing: [] })),
      total: { min: ZERO, expected: ZERO, max: ZERO },
      known: { min: ZERO, expected: ZERO, max: ZERO },
      unknownCandidates: [],
    };
    const bill = batchBill(standard, candidates, (model) => catalog.tryResolve(model));
    const [m, h, t] = bill.trials;
    // gpt-4o-mini batch $0.075 / $0.30 per M: min 1000 × 0.075 = 75 µ$; expected + 200 × 0.30 = 60 µ$;
    // max 1200 × 0.075 + 400 × 0.30 = 90 + 120 µ$
    expect([usd(m!.min), usd(m!.expected), usd(m!.max)]).toEqual(['0.000075', '0.000135', '0.00021']);
    // claude-haiku-4-5 batch $0.50 / $2.50, cache write 5m $0.625 (half of $1.25): max with the prompt as cache
    // writes: 1200 × 0.625 + 400 × 2.50 = 750 + 1000 µ$
    expect([usd(h!.min), usd(h!.expected), usd(h!.max)]).toEqual(['0.0005', '0.001', '0.00175']);
    // gpt-4-turbo publishes no batch price here: unknown, never the standard price
    expect(usd(t!.min)).toMatch(/^unknown: openai:gpt-4-turbo batch/);
    expect(bill.unknownCandidates.map((c) => c.model)).toEqual(['openai:gpt-4-turbo']);
    expect(usd(bill.known.max)).toBe('0.00196');
    expect(bill.total.max.known).toBe(false);
  });
});
