import { describe, expect, it } from 'vitest';
import { promptLayout, staticRuns } from '../../../src/core/analysis/prefix-audit-layout.ts';
import { prefixAudit, sharedPrefix } from '../../../src/core/analysis/prefix-audit.ts';
import type { PrefixModelResult } from '../../../src/core/analysis/prefix-audit.ts';
import type { ModelEntry, Rates } from '../../../src/core/catalog/model.ts';
import { known, ratePerMTok } from '../../../src/core/money/money.ts';
import type { Fs } from '../../../src/core/ports.ts';
import { parsePromptSet } from '../../../src/core/promptset/load.ts';
import { renderCase } from '../../../src/core/promptset/render.ts';
import type { PromptSet } from '../../../src/core/promptset/types.ts';
import type { TokenCounter } from '../../../src/core/tokens/counter.ts';
import { catchError } from '../../helpers/catch-error.ts';

/** One token per whitespace-separated word: counts anyone can check by hand. */
const words: TokenCounter = { id: 'o200k_base', exact: true, count: (text) => text.split(/\s+/).filter(Boolean).length };

function model(provider: string, id: string, rates: Partial<Record<keyof Rates, number>>): ModelEntry {
  const rate = (key: keyof Rates) => (rates[key] === undefined ? null : ratePerMTok(rates[key] as number));
  return {
    id, provider, displayName: id, aliases: [], contextWindow: 200_000, maxOutput: null, tokenizer: 'o200k_base',
    rates: { input: rate('input'), output: rate('output'), reasoningOutput: null, cacheRead: rate('cacheRead'), cacheWrite5m: rate('cacheWrite5m'), cacheWrite1h: null, batchInput: null, batchOutput: null },
    longContext: [], selfHosted: false, source: 'https://example.test/pricing', asOf: '2026-11-22', origin: 'override',
  };
}

const openai = model('openai', 'gpt-test', { input: 1, output: 4, cacheRead: 0.5 });
const sonnet = model('anthropic', 'claude-sonnet-4-5', { input: 3, output: 15, cacheRead: 0.3, cacheWrite5m: 3.75 });
const haiku = model('anthropic', 'claude-haiku-4-5', { input: 1, output: 5, cacheRead: 0.1, cacheWrite5m: 1.25 });
const selfHosted: ModelEntry = { ...openai, provider: 'meta', id: 'llama', rates: null, selfHosted: true };

const noFs: Fs = {
  readText: async () => '', readBytes: async () => new Uint8Array(), exists: async () => false, list: async () => null, writeTextAtomic: async () => undefined,
};
const policy = Array.from({ length: 1200 }, (_, i) => `rule${i}`).join(' '); // 1,200 words

async function set(yaml: string): Promise<PromptSet> {
  return parsePromptSet(yaml, 'sets/t.yaml', noFs);
}

const rendered = (s: PromptSet) => s.cases.map((c) => renderCase(s, c.id));

describe('sharedPrefix', () => {
  it('whole shared blocks, then the common start of the first block that differs', () => {
    const p = sharedPrefix([
      { system: 'S', messages: [{ role: 'user', content: 'Customer Al asks' }] },
      { system: 'S', messages: [{ role: 'user', content: 'Customer Bo asks' }] },
    ]);
    expect(p).toEqual({ blocks: [{ role: 'system', content: 'S' }], partial: 'Customer ', requests: 2 });
    const partial = (a: string, b: string) => sharedPrefix([{ system: a, messages: [] }, { system: b, messages: [] }]).partial;
    expect(partial('ab c', 'ab d')).toBe('ab ');
    expect(partial('Question: What', 'Question: Why')).toBe('Question: '); // not mid-word
    expect(partial('abc', 'abd')).toBe('');
    expect(partial('订单123', '订单456')).toBe('订单'); // a Han character is a boundary of its own
    expect(sharedPrefix([{ messages: [{ role: 'user', content: 'x' }] }, { system: 'x', messages: [] }])).toEqual({ blocks: [], partial: '', requests: 2 });
    expect(catchError(() => sharedPrefix([])).code).toBe('bad-prefix-input');
  });
});

describe('prefixAudit — worked examples (1 token per word)', () => {
  const yaml = `name: t
system: "${policy}"
prompt: "Customer {{name}} asks: {{q}}"
cases:
  - vars: { name: Al, q: "Where is my order?" }
  - vars: { name: Bo, q: "Can I return it?" }
`;

  it('OpenAI: automatic, 1,024 minimum, 128-token steps, no write surcharge', async () => {
    const s = await set(yaml);
    const [r] = prefixAudit(rendered(s), [{ entry: openai, counter: words }]).models as [PrefixModelResult];
    // shared: the 1,200-word system + "Customer " (1) = 1,201; cacheable 1,024 + 128 × ⌊177/128⌋ = 1,152
    expect([r.sharedBlockTokens, r.sharedTokens, r.eligibleTokens, r.cacheableTokens]).toEqual([1200, 1201, 1201, 1152]);
    // per 1k: uncached 1,152 × 1,000 × $1/M = $1.152; cached 1,152 × $1/M + 999 × 1,152 × $0.5/M = $0.001152 + $0.575424
    // = $0.576576; saving $0.575424
    expect(r.uncachedPer1k).toEqual(known(1_152_000_000_000n));
    expect(r.cachedPer1k).toEqual(known(576_576_000_000n));
    expect(r.savingPer1k).toEqual(known(575_424_000_000n));
    expect(r.reason).toMatch(/^automatic: 1,152 of 1,201 prefix tokens cached \(1,024 minimum in 128-token steps\)/);
    // mean request: 1,200 + (Customer Al asks: Where is my order? = 7, Customer Bo asks: Can I return it? = 7) = 1,207
    expect(r.meanRequestTokens).toBe(1207);
    expect(r.cacheableShare).toBeCloseTo(1152 / 1207, 12);
  });

  it('Anthropic: one breakpoint after the shared system block, writes at 1.25×, reads at 0.1×', async () => {
    const s = await set(yaml);
    const [r] = prefixAudit(rendered(s), [{ entry: sonnet, counter: words }]).models as [PrefixModelResult];
    expect([r.eligibleTokens, r.cacheableTokens]).toEqual([1200, 1200]);
    // uncached 1,200 × 1,000 × $3/M = $3.60; cached 1,200 × $3.75/M + 999 × 1,200 × $0.30/M = $0.0045 + $0.35964 = $0.36414
    expect(r.uncachedPer1k).toEqual(known(3_600_000_000_000n));
    expect(r.cachedPer1k).toEqual(known(364_140_000_000n));
    expect(r.savingPer1k).toEqual(known(3_235_860_000_000n));
    expect(r.reason).toMatch(/^one cache_control breakpoint after the last block every request shares \(system\)/);
    expect(r.advice.join('\n')).toMatch(/1 more shared tokens start the next message: .* 1,201 tokens become cacheable/);
  });

  it('Haiku 4.5: 4,096 minimum — nothing cached, the saving is $0, and it says why', async () => {
    const s = await set(yaml);
    const [r] = prefixAudit(rendered(s), [{ entry: haiku, counter: words }]).models as [PrefixModelResult];
    expect(r.cacheableTokens).toBe(0);
    expect(r.savingPer1k).toEqual(known(0n));
    expect(r.reason).toBe('prefix 1,200 tokens (to the last shared block) < 4,096 minimum');
    expect(r.advice[0]).toBe('the shared prefix needs 2,896 more static tokens to reach the 4,096-token minimum');
  });

  it('a self-hosted model has no prompt caching to price', async () => {
    const s = await set(yaml);
    const [r] = prefixAudit(rendered(s), [{ entry: selfHosted, counter: words }]).models as [PrefixModelResult];
    expect([r.rules, r.savingPer1k, r.cacheableTokens]).toEqual([null, null, 0]);
    expect(r.reason).toMatch(/no prompt caching .*self-hosted/);
  });

  it('an unknown cache-read rate makes the saving unknown, not $0', async () => {
    const s = await set(yaml);
    const noRead = model('openai', 'gpt-test', { input: 1 });
    const [r] = prefixAudit(rendered(s), [{ entry: noRead, counter: words }]).models as [PrefixModelResult];
    expect(r.savingPer1k?.known).toBe(false);
  });
});

describe('layout advice', () => {
  const instructions = Array.from({ length: 1100 }, (_, i) => `step${i}`).join(' ');
  const yaml = `name: t
system: You are helpful.
vars: { tone: plain }
prompt: "Tone {{tone}}. Question: {{q}}\\n\\n${instructions}"
cases:
  - vars: { q: "What is two plus two?" }
  - vars: { q: "Why?" }
`;

  it('static runs: a placeholder with one value everywhere is static; the long block after {{q}} is found', async () => {
    const s = await set(yaml);
    const runs = staticRuns(promptLayout(s), words);
    // run 1: "You are helpful." (3) + "Tone plain. Question: " (3) = 6 tokens, leading
    // run 2: the 1,100 instruction words after {{q}}, whose values average (5 + 1)/2 = 3 words
    expect(runs.map((r) => [r.start, r.tokens, r.variablesBefore, r.variableTokensBefore, r.blocks])).toEqual([
      [0, 6, [], 0, ['system', 'prompt']],
      [expect.any(Number), 1100, ['q'], 3, ['prompt']],
    ]);
  });

  it('says how much variable content sits before the longest static part, and what moving it would cache', async () => {
    const s = await set(yaml);
    const [r] = prefixAudit(rendered(s), [{ entry: openai, counter: words }], promptLayout(s)).models as [PrefixModelResult];
    // shared prefix today: 3 + "Tone plain. Question: " (3) = 6 < 1,024. Moved: 6 + 1,100 = 1,106 → 1,024 (the next step is 1,152)
    expect(r.sharedTokens).toBe(6);
    expect(r.reason).toBe('prefix 6 tokens < 1,024 minimum');
    expect(r.layout?.leadingStaticTokens).toBe(6);
    expect(r.layout?.movedCacheableTokens).toBe(1024);
    // saving if moved: 1,024 × 1,000 × $1/M − (1,024 × $1/M + 999 × 1,024 × $0.5/M) = $1.024 − $0.512512 = $0.511488
    expect(r.layout?.movedSavingPer1k).toEqual(known(511_488_000_000n));
    expect(r.advice).toContain('the longest static part (1,100 tokens, in prompt) comes after 3 tokens of variable content ({{q}}): moved ahead of them, 1,024 tokens would be cacheable');
  });

  it('nothing to move when the longest static part leads', async () => {
    const s = await set(`name: t\nsystem: "${policy}"\nprompt: "{{q}}"\ncases:\n  - vars: { q: a }\n  - vars: { q: b }\n`);
    const [r] = prefixAudit(rendered(s), [{ entry: openai, counter: words }], promptLayout(s)).models as [PrefixModelResult];
    expect(r.layout?.longest).toBeNull();
    expect(r.advice).toContain('the longest static part already leads the request: nothing to move');
  });
});
