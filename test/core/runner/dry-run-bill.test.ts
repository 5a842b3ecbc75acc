import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { SELF_HOSTED_MISSING } from '../../../src/core/economics/usage.ts';
import { known } from '../../../src/core/money/money.ts';
import type { PromptSet } from '../../../src/core/promptset/types.ts';
import { dryRunBill } from '../../../src/core/runner/dry-run-bill.ts';
import { billJson } from '../../../src/core/runner/events.ts';
import { buildPlan } from '../../../src/core/runner/plan.ts';
import { countRequestTokens } from '../../../src/core/runner/request-tokens.ts';
import { loadModelCounter } from '../../../src/core/tokens/registry.ts';
import { counterFor, testCatalog, testSet } from './helpers.ts';

/** 2 cases: "good morning" with reference "Bonjour", "thank you very much" without one. */
const FRENCH: PromptSet = {
  file: 'french.yaml',
  name: 'french',
  base: { system: { text: 'You are terse.' }, prompt: { text: 'Translate to French: {{phrase}}' } },
  vars: {},
  variants: [],
  models: [],
  cases: [
    { id: 'morning', vars: { phrase: 'good morning' }, reference: 'Bonjour', assert: [], location: {} },
    { id: 'thanks', vars: { phrase: 'thank you very much' }, assert: [], location: {} },
  ],
  includes: [],
};

describe('dryRunBill', () => {
  const catalog = testCatalog();

  it('worked example: 2 cases × gpt-4o-mini, max 100 output tokens, computed by hand', async () => {
    // o200k_base counts (cross-checked with gpt-tokenizer below): "You are terse." 4, "Translate to French: good
    // morning" 6, "Translate to French: thank you very much" 8, "Bonjour" 1, "system" 1, "user" 1.
    for (const [text, n] of [['You are terse.', 4], ['Translate to French: good morning', 6], ['Translate to French: thank you very much', 8], ['Bonjour', 1]] as const) {
      expect(encode(text)).toHaveLength(n);
    }
    // OpenAI chat framing: (3 + 1 + 4) system + (3 + 1 + 6) user + 3 priming = 21; the second case 8 + 12 + 3 = 23.
    // gpt-4o-mini: $0.15 / M input = 150,000 pico$ per token, $0.60 / M output = 600,000 pico$ per token.
    //   morning: min 21 × 0.15 = $0.00000315; expected + 1 (Bonjour) × 0.6 = $0.00000375; max + 100 × 0.6 = $0.00006315
    //   thanks:  min 23 × 0.15 = $0.00000345; expected + 50 (half of 100) × 0.6 = $0.00003345; max = $0.00006345
    const plan = buildPlan({ set: FRENCH, catalog, models: ['gpt-4o-mini'], params: [{ maxOutputTokens: 100 }] });
    const bill = await dryRunBill({ ...plan, catalog });
    expect(bill.trials.map((t) => [t.trialId, t.inputTokens, t.exact, t.expectedOutputTokens, t.expectedFrom])).toEqual([
      ['base@openai:gpt-4o-mini[max=100]|morning|1', 21, true, 1, 'reference'],
      ['base@openai:gpt-4o-mini[max=100]|thanks|1', 23, true, 50, 'half-max'],
    ]);
    const json = billJson(bill);
    expect(json.candidates).toEqual([
      {
        candidateId: 'base@openai:gpt-4o-mini[max=100]', model: 'openai:gpt-4o-mini', trials: 2, inputTokens: 44, exact: true,
        minUsd: '0.0000066', expectedUsd: '0.0000372', maxUsd: '0.0001266', missing: [],
      },
    ]);
    expect(json.total).toEqual({ minUsd: '0.0000066', expectedUsd: '0.0000372', maxUsd: '0.0001266' });
    expect(bill.trials[0]?.max).toEqual(known(63_150_000n));
  });

  it('makes the bill unknown for a candidate without prices, naming it, and keeps the known part', async () => {
    const plan = buildPlan({ set: FRENCH, catalog, models: ['gpt-4o-mini', 'test:local'], params: [{ maxOutputTokens: 100 }] });
    const bill = await dryRunBill({ ...plan, catalog, counterFor });
    expect(bill.unknownCandidates).toEqual([{ candidateId: 'base@test:local[max=100]', model: 'test:local', missing: [SELF_HOSTED_MISSING] }]);
    expect(bill.total.max.known).toBe(false);
    expect(billJson(bill).total.maxUsd).toBeNull();
    expect(bill.known.max.known && bill.known.max.pico).toBeGreaterThan(0n);
  });

  it('uses the top of an estimate band for the max of an Anthropic model', async () => {
    const plan = buildPlan({ set: FRENCH, catalog, models: ['claude-haiku-4-5'], params: [{ maxOutputTokens: 100 }] });
    const bill = await dryRunBill({ ...plan, catalog });
    for (const trial of bill.trials) {
      expect(trial.exact).toBe(false);
      expect(trial.inputTokensHigh).toBeGreaterThan(trial.inputTokens);
    }
  });

  it('counts other models as text plus a chat-template allowance', async () => {
    const counter = await loadModelCounter({ id: 'gpt-4o-mini', tokenizer: 'o200k_base' });
    const tokens = countRequestTokens({ id: 'x', provider: 'meta' }, counter, { system: 'You are terse.', messages: [{ role: 'user', content: 'Translate to French: good morning' }] });
    // 4 + 6 text, 2 messages × 5 + 5 per request
    expect(tokens).toEqual({ input: 25, high: 25, system: 4, exact: false, method: 'text+template-allowance' });
  });

  it('prices the max at the cache-write rate of the system prompt with cacheSystemPrefix', async () => {
    const set = testSet(1, { system: 'one two three four five six seven eight nine ten' });
    const plain = buildPlan({ set, catalog, models: ['claude-haiku-4-5'], params: [{ maxOutputTokens: 10 }] });
    const cached = buildPlan({ set, catalog, models: ['claude-haiku-4-5'], params: [{ maxOutputTokens: 10, cacheSystemPrefix: true }] });
    const [a] = (await dryRunBill({ ...plain, catalog, counterFor })).trials;
    const [b] = (await dryRunBill({ ...cached, catalog, counterFor })).trials;
    if (!a?.max.known || !b?.max.known) throw new Error('expected known prices');
    // haiku 4.5: $1 input, $1.25 cache write (5m): the 10 system words (an exact count here) cost $0.25 / M more each
    expect(b.max.pico - a.max.pico).toBe(10n * 250_000n);
  });
});
