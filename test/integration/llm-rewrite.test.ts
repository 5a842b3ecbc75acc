/**
 * llm-rewrite through a real OpenAI adapter against the loopback server: the model sees markers for the
 * protected spans, its rewrite comes back with the spans intact, and what the call cost is counted.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Catalog, OpenAIProvider, compress, llmRewriter, loadTokenCounter } from '../../src/core/index.ts';
import { FAKE_KEY, steppingClock } from './helpers.ts';
import { startOpenAIServer, type TestServer } from './servers/index.ts';

const ORIGINAL =
  'Please note that it is very important that you always, without exception, answer in {{language}}, ' +
  'and kindly make sure that refunds above $500 are always sent to a human agent for approval.';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function rewriteWith(reply: string) {
  server = await startOpenAIServer({
    script: () => ({ text: reply, usage: { prompt_tokens: 120, completion_tokens: 40, total_tokens: 160 } }),
  });
  const counter = await loadTokenCounter('o200k_base');
  const model = new Catalog().resolve('openai:gpt-4o-mini');
  const provider = new OpenAIProvider({ apiKey: FAKE_KEY, baseURL: server.url, clock: steppingClock() });
  const rewriter = llmRewriter({ provider, requestModel: 'gpt-4o-mini', model, count: (t) => counter.count(t) });
  const result = await compress(ORIGINAL, { strategies: ['llm-rewrite'], counter, rewriter });
  return { result, rewriter, request: server.requests[0]! };
}

describe('llm-rewrite', () => {
  it('sends the spans as markers, maps them back, and counts the call at catalog prices', async () => {
    const { result, rewriter, request } = await rewriteWith('Always answer in ⟦1⟧. Refunds over ⟦2⟧ need human approval.');
    expect(result.text).toBe('Always answer in {{language}}. Refunds over $500 need human approval.');
    expect(result.warnings).toEqual([]);
    expect(result.compressedTokens).toBeLessThan(result.originalTokens);
    const sent = request.body['messages'] as Array<{ role: string; content: string }>;
    expect(sent.at(-1)!.content).toContain('answer in ⟦1⟧');
    expect(sent.at(-1)!.content).toContain('above ⟦2⟧');
    expect(sent.at(-1)!.content).not.toContain('{{language}}');
    expect(request.body['model']).toBe('gpt-4o-mini');
    // gpt-4o-mini: 120 input × $0.15/M + 40 output × $0.60/M = $0.000018 + $0.000024 = $0.000042.
    expect(rewriter.calls).toBe(1);
    expect(rewriter.spent).toEqual({ known: true, pico: 42_000_000n });
  });

  it('discards a rewrite that loses a protected span, and still counts what it cost', async () => {
    const { result, rewriter } = await rewriteWith('Always answer in the requested language. Refunds over ⟦2⟧ need approval.');
    expect(result.text).toBe(ORIGINAL);
    expect(result.warnings.join('\n')).toMatch(/llm-rewrite/);
    expect(rewriter.spent).toEqual({ known: true, pico: 42_000_000n });
  });

  it('without a model to call, says how to give one', async () => {
    const counter = await loadTokenCounter('o200k_base');
    await expect(compress(ORIGINAL, { strategies: ['llm-rewrite'], counter })).rejects.toThrow(/needs a model to rewrite with/);
  });
});
