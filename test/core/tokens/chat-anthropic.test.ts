import fc from 'fast-check';
import { countTokens as o200k } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import {
  estimateAnthropicMessages,
  type AnthropicEstimate,
  type AnthropicMessagesRequest,
} from '../../../src/core/tokens/chat-anthropic.ts';
import type { EstimateBasis, TokenCounter } from '../../../src/core/tokens/counter.ts';
import {
  CLAUDE_ESTIMATE_BASES,
  claudeEstimateBasis,
  estimateCount,
  ESTIMATE_BASES,
} from '../../../src/core/tokens/estimates.ts';

/** An estimating counter: o200k_base (gpt-tokenizer) times the basis factor. */
function estimating(basis: EstimateBasis): TokenCounter {
  return { id: 'claude', exact: false, estimate: basis, count: (text) => estimateCount(o200k(text), basis).estimate };
}
const CLAUDE_4 = estimating(CLAUDE_ESTIMATE_BASES['claude-3-to-4.6']);
const CLAUDE_ANY = estimating(ESTIMATE_BASES.claude);

const expectBanded = (result: AnthropicEstimate) => {
  expect(result.exact).toBe(false);
  expect(result.low).toBeLessThanOrEqual(result.estimate);
  expect(result.estimate).toBeLessThanOrEqual(result.high);
};

// Anthropic's token-counting page (https://platform.claude.com/docs/en/build-with-claude/token-counting),
// count_tokens examples for claude-opus-4-20250514: 14 and 403 input tokens.
const SCIENTIST: AnthropicMessagesRequest = {
  system: 'You are a scientist',
  messages: [{ role: 'user', content: 'Hello, Claude' }],
};
const WEATHER: AnthropicMessagesRequest = {
  tools: [
    {
      name: 'get_weather',
      description: 'Get the current weather in a given location',
      input_schema: {
        type: 'object',
        properties: { location: { type: 'string', description: 'The city and state, e.g. San Francisco, CA' } },
        required: ['location'],
      },
    },
  ],
  messages: [{ role: 'user', content: "What's the weather like in San Francisco?" }],
};

describe('estimateAnthropicMessages', () => {
  it('estimates the documented 14-token example, not exact, inside its band', () => {
    const result = estimateAnthropicMessages(SCIENTIST, CLAUDE_4);
    expectBanded(result);
    expect(result.system).toBe(5); // ceil(4 × 1.15)
    expect(result.perMessage).toEqual([3 + 4]); // framing + ceil(3 × 1.15)
    expect(result.priming).toBe(2);
    expect(result.estimate).toBe(14);
    expect(result.tools).toBe(0);
    expect(result.notCounted).toEqual([]);
  });

  it('adds the published tool-use system prompt: the documented 403 lies inside the band', () => {
    const result = estimateAnthropicMessages(WEATHER, CLAUDE_4);
    expectBanded(result);
    expect(result.toolSystemPrompt).toBe(346);
    expect(result.estimate).toBe(422); // 346 + 61 (definition JSON) + 10 + 3 + 2: 4.7 % over
    expect(result.low).toBeLessThanOrEqual(403);
    expect(result.high).toBeGreaterThanOrEqual(403);
    // The published prompt is outside the band; the definitions (61) get ±35 %, the rest (15) the counter's ±15 %.
    expect([result.low, result.high]).toEqual([346 + Math.floor(15 * 0.85 + 61 * 0.65), 346 + Math.ceil(15 * 1.15 + 61 * 1.35)]);
  });

  it('picks the tool prompt by tool_choice and model row; no tools means no prompt', () => {
    expect(estimateAnthropicMessages({ ...WEATHER, tool_choice: { type: 'any' } }, CLAUDE_4).toolSystemPrompt).toBe(313);
    expect(
      estimateAnthropicMessages({ ...WEATHER, tool_choice: { type: 'tool', name: 'get_weather' } }, CLAUDE_4)
        .toolSystemPrompt,
    ).toBe(313);
    expect(estimateAnthropicMessages({ ...WEATHER, tool_choice: { type: 'none' } }, CLAUDE_4).toolSystemPrompt).toBe(346);
    expect(estimateAnthropicMessages(WEATHER, CLAUDE_4, { toolPrompt: 'claude-opus-3' }).toolSystemPrompt).toBe(530);
    expect(estimateAnthropicMessages(WEATHER, CLAUDE_4, { toolPrompt: { auto: 400, any: 380 } }).toolSystemPrompt).toBe(400);
    expect(estimateAnthropicMessages({ ...SCIENTIST, tool_choice: { type: 'none' } }, CLAUDE_4).toolSystemPrompt).toBe(0);
  });

  it('counts tool_use and tool_result blocks and reports what it cannot count, by field path', () => {
    const request: AnthropicMessagesRequest = {
      system: [{ type: 'text', text: 'Be brief.' }],
      tools: [...(WEATHER.tools ?? []), { type: 'web_search_20250305', name: 'web_search' }],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } },
            { type: 'text', text: 'Weather where this was taken?' },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'The photo shows Boston.', signature: 'sig' },
            { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { location: 'Boston, MA' } },
          ],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: '29 degrees' }] },
      ],
    };
    const result = estimateAnthropicMessages(request, CLAUDE_4);
    expectBanded(result);
    const c = (text: string) => CLAUDE_4.count(text);
    expect(result.perMessage).toEqual([
      3 + c('Weather where this was taken?'),
      3 + c('get_weather') + c('{"location":"Boston, MA"}') + 3,
      3 + 3 + c('29 degrees'),
    ]);
    expect(result.notCounted).toEqual([
      'messages[0].content[0]: image (≈ width × height / 750 tokens; the size is not known here)',
      'messages[1].content[0]: thinking (stripped from earlier turns; counted only in an ongoing tool-use turn)',
      'tools[1]: web_search_20250305 "web_search" (a server or Anthropic-defined tool with its own token cost)',
    ]);
  });

  it('keeps low ≤ estimate ≤ high for any text, with the model-agnostic Claude basis', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (system, user) => {
        const result = estimateAnthropicMessages({ system, messages: [{ role: 'user', content: user }] }, CLAUDE_ANY);
        expectBanded(result);
        expect(result.estimate).toBe(result.system + (result.perMessage[0] ?? 0) + result.priming);
      }),
      { numRuns: 200 },
    );
  });

  it('narrows the band to the framing alone when the text is counted exactly', () => {
    const exact: TokenCounter = { id: 'o200k_base', exact: true, count: (text) => o200k(text) };
    const result = estimateAnthropicMessages(SCIENTIST, exact);
    expect(result.exact).toBe(false);
    expect(result.high - result.estimate).toBe(Math.ceil(result.estimate * 0.05));
  });
});

describe('estimateCount', () => {
  const basis = (factor: number, errorBand: number): EstimateBasis => ({ base: 'o200k_base', factor, errorBand, source: 'test' });

  it('rounds the estimate up and widens by the band', () => {
    expect(estimateCount(100, basis(1.15, 0.15))).toEqual({ estimate: 115, low: 97, high: 133 });
    expect(estimateCount(1000, basis(1.55, 0.15))).toEqual({ estimate: 1550, low: 1317, high: 1783 });
    expect(estimateCount(7, basis(1.35, 0.27))).toEqual({ estimate: 10, low: 7, high: 13 });
    expect(estimateCount(0, basis(1.35, 0.27))).toEqual({ estimate: 0, low: 0, high: 0 });
  });

  it('does not round floating-point noise up (10 × 1.1 is 11, not 12)', () => {
    expect(estimateCount(10, basis(1.1, 0.1))).toEqual({ estimate: 11, low: 9, high: 13 });
    expect(estimateCount(20, basis(1.15, 0.2)).estimate).toBe(23);
  });

  it('keeps 0 ≤ low ≤ estimate ≤ high for every basis', () => {
    fc.assert(
      fc.property(fc.nat(10_000_000), fc.constantFrom(...Object.values(ESTIMATE_BASES)), (n, b) => {
        const { estimate, low, high } = estimateCount(n, b);
        expect(0).toBeLessThanOrEqual(low);
        expect(low).toBeLessThanOrEqual(estimate);
        expect(estimate).toBeLessThanOrEqual(high);
        expect(estimate).toBeGreaterThanOrEqual(n * b.factor - 1e-6);
      }),
    );
  });
});

describe('ESTIMATE_BASES', () => {
  it('has a sourced o200k basis for each estimated family, and says the generic one is an assumption', () => {
    expect(Object.keys(ESTIMATE_BASES).sort()).toEqual(['claude', 'gemini', 'gemma', 'generic', 'mistral']);
    expect(ESTIMATE_BASES.generic).toMatchObject({ factor: 1, errorBand: 0.3 });
    expect(ESTIMATE_BASES.generic.source).toContain('an assumption, not a measurement');
    for (const b of [...Object.values(ESTIMATE_BASES), ...Object.values(CLAUDE_ESTIMATE_BASES)].filter((b) => b !== ESTIMATE_BASES.generic)) {
      expect(b.base).toBe('o200k_base');
      expect(b.factor).toBeGreaterThan(0.8);
      expect(b.factor).toBeLessThan(2);
      expect(b.errorBand).toBeGreaterThan(0);
      expect(b.errorBand).toBeLessThan(0.5);
      expect(b.source).toMatch(/https:\/\//);
    }
  });

  it('spans both Claude tokenizers with the model-agnostic basis', () => {
    const span = (b: EstimateBasis) => [b.factor * (1 - b.errorBand), b.factor * (1 + b.errorBand)] as const;
    const [anyLow, anyHigh] = span(ESTIMATE_BASES.claude);
    const [oldLow] = span(CLAUDE_ESTIMATE_BASES['claude-3-to-4.6']);
    const [, newHigh] = span(CLAUDE_ESTIMATE_BASES['claude-opus-4.7-and-later']);
    expect(anyLow).toBeLessThanOrEqual(oldLow + 0.01);
    expect(anyHigh).toBeGreaterThanOrEqual(newHigh - 0.03);
  });

  it('selects the Claude tokenizer generation from a model id', () => {
    const older = CLAUDE_ESTIMATE_BASES['claude-3-to-4.6'];
    const newer = CLAUDE_ESTIMATE_BASES['claude-opus-4.7-and-later'];
    const table: [string, EstimateBasis][] = [
      ['claude-3-5-sonnet-20241022', older],
      ['claude-3-7-sonnet-latest', older],
      ['claude-3-haiku-20240307', older],
      ['claude-opus-4-20250514', older],
      ['claude-opus-4-1', older],
      ['claude-sonnet-4-5-20250929', older],
      ['claude-sonnet-4-6', older],
      ['claude-haiku-4-5', older],
      ['anthropic.claude-3-5-sonnet-20240620-v1:0', older],
      ['claude-opus-4-1@20250805', older],
      ['claude-2.1', older],
      ['claude-opus-4-7', newer],
      ['claude-opus-4-8-20260601', newer],
      ['claude-sonnet-5', newer],
      ['claude-fable-5', newer],
      ['us.anthropic.claude-opus-4-7-v1:0', newer],
      ['gpt-4o', ESTIMATE_BASES.claude],
    ];
    for (const [id, expected] of table) expect(claudeEstimateBasis(id), id).toBe(expected);
  });
});
