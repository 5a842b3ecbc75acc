import { describe, expect, it } from 'vitest';
import { Catalog } from '../../../src/core/catalog/catalog.ts';
import { makeUsage } from '../../../src/core/economics/usage.ts';
import type { CompletionRequest, Provider } from '../../../src/core/providers/provider.ts';
import { ProviderCallError } from '../../../src/core/providers/provider.ts';
import { extractJsonObject, judgePairwise, judgeRubric } from '../../../src/core/score/judge.ts';
import type { JudgeModel } from '../../../src/core/score/judge.ts';

/** A Provider (the interface, not an SDK) that answers each request with the next scripted reply. */
function scripted(replies: (string | Error)[]): Provider & { requests: CompletionRequest[] } {
  const requests: CompletionRequest[] = [];
  return {
    kind: 'scripted',
    requests,
    async complete(request) {
      requests.push(request);
      const reply = replies.shift();
      if (reply instanceof Error) throw reply;
      return { output: reply ?? '', usage: makeUsage({ input: 1000, output: 100 }), usageSource: 'reported', latencyMs: 5, ttftMs: null, finishReason: 'stop' };
    },
  };
}

const catalog = new Catalog();
function judgeWith(provider: Provider, ref = 'openai:gpt-4o-mini'): JudgeModel {
  return { target: ref, requestModel: 'gpt-4o-mini', entry: catalog.tryResolve(ref), provider };
}

describe('extractJsonObject', () => {
  it.each([
    ['{"score": 7}', { score: 7 }],
    ['Here: ```json\n{"score": 3, "reason": "a {brace} in text"}\n```', { score: 3, reason: 'a {brace} in text' }],
    ['{not json} then {"winner": "A"}', { winner: 'A' }],
    ['no object at all', null],
  ])('%j → %j', (text, expected) => {
    expect(extractJsonObject(text)).toEqual(expected);
  });
});

describe('judgeRubric', () => {
  it('maps grade g to (g − 1) / 9 and prices the call on the judge model', async () => {
    const provider = scripted(['{"score": 7, "reason": "mostly right"}']);
    const verdict = await judgeRubric(judgeWith(provider), { request: 'Q?', answer: 'A.', reference: 'R.' });
    // (7 − 1) / 9 = 2/3. gpt-4o-mini at $0.15 / $0.60 per M: 1000 × 0.15e-6 + 100 × 0.6e-6 = $0.00015 + $0.00006.
    expect(verdict.score).toBeCloseTo(2 / 3, 12);
    expect(verdict.costUsd).toBe('0.00021');
    expect(verdict.reason).toBe('mostly right');
    expect(provider.requests[0]?.messages[0]?.content).toContain('## Reference answer\nR.');
    expect(provider.requests[0]?.temperature).toBe(0);
  });

  it('turns a grade outside 1–10 or a provider failure into a failed verdict, cost kept, no throw', async () => {
    const outOfRange = await judgeRubric(judgeWith(scripted(['{"score": 11}'])), { request: 'Q', answer: 'A' });
    expect(outOfRange).toMatchObject({ score: null, costUsd: '0.00021', error: { code: 'malformed-response' } });
    const failing = scripted([new ProviderCallError({ code: 'server-error', message: 'boom', retryable: true, status: 500 })]);
    const failed = await judgeRubric(judgeWith(failing), { request: 'Q', answer: 'A' });
    expect(failed).toMatchObject({ score: null, usage: null, costUsd: '0', error: { code: 'server-error' } });
  });

  it('leaves the cost unknown, not $0, for a judge the catalog cannot price', async () => {
    const judge: JudgeModel = { target: 'vllm:mystery@http://127.0.0.1:1/v1', requestModel: 'mystery', entry: undefined, provider: scripted(['{"score": 10}']) };
    const verdict = await judgeRubric(judge, { request: 'Q', answer: 'A' });
    expect(verdict).toMatchObject({ score: 1, costUsd: null });
  });
});

describe('judgePairwise', () => {
  it('asks twice with the answers swapped and averages from the answer\'s side: win 1, tie 0.5, loss 0', async () => {
    // First call: the answer is A and the judge says A (win = 1); second: the answer is B and the judge says tie (0.5).
    const provider = scripted(['{"winner": "A"}', '{"winner": "tie"}']);
    const verdict = await judgePairwise(judgeWith(provider), 'Q', 'mine', 'theirs');
    expect(verdict.score).toBe(0.75);
    expect(provider.requests.map((r) => /## Answer A\n(\w+)/.exec(r.messages[0]?.content ?? '')?.[1])).toEqual(['mine', 'theirs']);
    // Two calls: 2 × $0.00021.
    expect(verdict.costUsd).toBe('0.00042');
  });

  it('a judge that always names position A is exposed: the swapped pair cancels to 0.5', async () => {
    const verdict = await judgePairwise(judgeWith(scripted(['{"winner": "A"}', '{"winner": "A"}'])), 'Q', 'mine', 'theirs');
    expect(verdict.score).toBe(0.5);
  });

  it('keeps the readable half when one of the two calls fails', async () => {
    const verdict = await judgePairwise(judgeWith(scripted(['{"winner": "A"}', 'no idea'])), 'Q', 'mine', 'theirs');
    // The answer was A in the first order and the judge said A: a win → 1. The second reply is unreadable.
    expect(verdict.score).toBe(1);
    expect(verdict.error).toMatchObject({ code: 'malformed-response' });
  });
});
