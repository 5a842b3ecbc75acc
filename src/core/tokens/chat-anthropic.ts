/**
 * An ESTIMATE of the input tokens of an Anthropic Messages request. Claude's tokenizer is not public, so the text
 * goes through an estimating TokenCounter (estimates.ts) and the framing is a documented overhead; the result is
 * always `exact: false`, with a low–high band. Anthropic's own answer is POST /v1/messages/count_tokens
 * (https://platform.claude.com/docs/en/build-with-claude/token-counting), which "should be considered an estimate"
 * too.
 *
 * Tool use (Anthropic, "Tool use with Claude" → Pricing, https://platform.claude.com/docs/en/agents-and-tools/tool-use/overview#pricing,
 * formerly https://docs.anthropic.com/en/docs/tool-use-pricing-and-tokens): a request with `tools` also carries a
 * hidden tool-use system prompt whose size Anthropic publishes per model and tool_choice:
 *     Claude Opus 4 / 4.1 / 4.5, Sonnet 4 / 4.5, Sonnet 3.7, Haiku 4.5   auto, none: 346   any, tool: 313
 *     Claude Haiku 3.5 and Haiku 3                                     auto, none: 264   any, tool: 340
 *     Claude Opus 3                                                    auto, none: 530   any, tool: 281
 *     Claude Sonnet 3                                                  auto, none: 159   any, tool: 235
 *   "If no tools are provided, then a tool choice of none uses 0 additional system prompt tokens." The table does
 *   not list Opus 4.7 and later; `claude-4` (346/313) is the default, override it with `options.toolPrompt`.
 *   This part is taken as exact (outside the error band). On top of it come the definitions themselves (names,
 *   descriptions, schemas), counted here as their compact JSON — Anthropic does not publish the rendering, and on
 *   the one published example below the JSON is ~45 % more than what is left for it (61 vs ~42), so the
 *   definitions carry a wider band of their own (±35 %, or the counter's band if wider).
 *
 * Framing (no public rule; fitted to Anthropic's published count_tokens examples on the token-counting page above,
 * for claude-opus-4-20250514):
 *   - system "You are a scientist" + user "Hello, Claude" → 14 input tokens. With the Claude 3–4.6 basis of
 *     estimates.ts the texts estimate 5 + 4, so the framing is 5: 3 per message (a role marker and separators, as in
 *     the "\n\nHuman: … \n\nAssistant:" turns Claude was trained on) plus 2 to open the assistant's reply; the system
 *     prompt goes first with no marker. How the 5 splits between the two is a guess.
 *   - tools `get_weather` + user "What's the weather like in San Francisco?" → 403. This estimate gives 346 + 61 (the
 *     definition as JSON) + 10 + 3 + 2 = 422, +4.7 %: the JSON is a slightly pessimistic stand-in for the rendering.
 *   - tool_use blocks: tokens(name) + tokens(JSON input) + 3; tool_result blocks: their text + 3 (the 3 mirrors the
 *     per-call overhead OpenAI's format shows; no Anthropic source gives it).
 *
 * Not counted (reported in `notCounted`): images (≈ width × height / 750 tokens per Anthropic's vision page,
 * https://platform.claude.com/docs/en/build-with-claude/vision, and the size is not known here), documents (PDF
 * pages are billed as text plus images), thinking blocks (thinking from earlier turns is stripped before the
 * prompt is built, except in an ongoing tool-use turn), server and Anthropic-defined tools (web search, bash, text
 * editor, … each with its own published token cost), and any other block type.
 */
import type { TokenCounter } from './counter.ts';

export interface AnthropicTextBlock {
  type: 'text';
  text: string;
}
export type AnthropicContentBlock =
  | AnthropicTextBlock
  | { type: 'image'; source: unknown }
  | { type: 'document'; source: unknown }
  | { type: 'tool_use'; id: string; name: string; input: unknown }
  | { type: 'tool_result'; tool_use_id: string; content?: string | AnthropicContentBlock[]; is_error?: boolean }
  | { type: 'thinking'; thinking: string; signature?: string }
  | { type: 'redacted_thinking'; data: string };

export interface AnthropicMessage {
  role: 'user' | 'assistant';
  content: string | AnthropicContentBlock[];
}

/** A custom tool (`input_schema`), or a server / Anthropic-defined tool (`type` such as "web_search_20250305"). */
export interface AnthropicTool {
  name: string;
  type?: string;
  description?: string;
  input_schema?: unknown;
}

export interface AnthropicMessagesRequest {
  system?: string | AnthropicTextBlock[];
  messages: AnthropicMessage[];
  tools?: AnthropicTool[];
  tool_choice?: { type: 'auto' | 'any' | 'tool' | 'none'; name?: string };
}

/** Anthropic's published tool-use system prompt sizes (see the file header). */
export const ANTHROPIC_TOOL_SYSTEM_PROMPT_TOKENS = {
  'claude-4': { auto: 346, any: 313 },
  'claude-haiku-3': { auto: 264, any: 340 },
  'claude-opus-3': { auto: 530, any: 281 },
  'claude-sonnet-3': { auto: 159, any: 235 },
} as const satisfies Record<string, { auto: number; any: number }>;

export type AnthropicToolPromptModel = keyof typeof ANTHROPIC_TOOL_SYSTEM_PROMPT_TOKENS;

export interface AnthropicEstimateOptions {
  /** Which row of the tool-use system prompt table applies (default `claude-4`), or the two sizes themselves. */
  toolPrompt?: AnthropicToolPromptModel | { auto: number; any: number };
}

export interface AnthropicEstimate {
  exact: false;
  /** system + sum(perMessage) + tools + priming. */
  estimate: number;
  low: number;
  high: number;
  system: number;
  perMessage: number[];
  /** Tool definitions plus the hidden tool-use system prompt. */
  tools: number;
  /** The hidden tool-use system prompt alone (published, so outside the band). */
  toolSystemPrompt: number;
  /** Opening the assistant's reply. */
  priming: number;
  notCounted: string[];
}

const MESSAGE_OVERHEAD = 3;
const REPLY_PRIMING = 2;
const BLOCK_OVERHEAD = 3;
/** Band when the counter states none. */
const DEFAULT_BAND = 0.15;
/** Band for the framing alone, when the text is counted exactly. */
const FRAMING_BAND = 0.05;
/** Band for tool definitions, whose rendering is not public (see the file header). */
const DEFINITIONS_BAND = 0.35;

export function estimateAnthropicMessages(
  request: AnthropicMessagesRequest,
  counter: TokenCounter,
  options: AnthropicEstimateOptions = {},
): AnthropicEstimate {
  const count = (text: string): number => (text.length === 0 ? 0 : counter.count(text));
  const notCounted: string[] = [];

  const systemBlocks = typeof request.system === 'string' ? [request.system] : (request.system ?? []).map((b) => b.text);
  const system = systemBlocks.reduce((sum, text) => sum + count(text), 0);

  const perMessage = request.messages.map((m, i) => {
    const blocks = typeof m.content === 'string' ? [{ type: 'text', text: m.content } as const] : m.content;
    return MESSAGE_OVERHEAD + blocks.reduce((sum, b, j) => sum + blockTokens(b, `messages[${i}].content[${j}]`), 0);
  });

  function blockTokens(block: AnthropicContentBlock, at: string): number {
    switch (block.type) {
      case 'text':
        return count(block.text);
      case 'tool_use':
        return count(block.name) + count(JSON.stringify(block.input ?? {})) + BLOCK_OVERHEAD;
      case 'tool_result': {
        const inner = block.content ?? '';
        const parts = typeof inner === 'string' ? [{ type: 'text', text: inner } as const] : inner;
        return BLOCK_OVERHEAD + parts.reduce((sum, b, k) => sum + blockTokens(b, `${at}.content[${k}]`), 0);
      }
      case 'image':
        notCounted.push(`${at}: image (≈ width × height / 750 tokens; the size is not known here)`);
        return 0;
      case 'document':
        notCounted.push(`${at}: document (billed as extracted text plus page images; not counted)`);
        return 0;
      case 'thinking':
      case 'redacted_thinking':
        notCounted.push(`${at}: ${block.type} (stripped from earlier turns; counted only in an ongoing tool-use turn)`);
        return 0;
      default:
        notCounted.push(`${at}: ${(block as { type: string }).type} (block type not estimated)`);
        return 0;
    }
  }

  const customTools: AnthropicTool[] = [];
  (request.tools ?? []).forEach((t, i) => {
    if (t.type === undefined || t.type === 'custom') customTools.push(t);
    else notCounted.push(`tools[${i}]: ${t.type} "${t.name}" (a server or Anthropic-defined tool with its own token cost)`);
  });
  const definitions = customTools.reduce(
    (sum, t) => sum + count(JSON.stringify({ name: t.name, description: t.description, input_schema: t.input_schema })),
    0,
  );
  const toolSystemPrompt = (request.tools ?? []).length > 0 ? toolPromptTokens(request.tool_choice?.type, options) : 0;

  const priming = REPLY_PRIMING;
  const text = system + perMessage.reduce((sum, n) => sum + n, 0) + priming;
  const band = counter.exact ? FRAMING_BAND : (counter.estimate?.errorBand ?? DEFAULT_BAND);
  const definitionsBand = Math.max(band, DEFINITIONS_BAND);
  const low = text * (1 - band) + definitions * (1 - definitionsBand);
  const high = text * (1 + band) + definitions * (1 + definitionsBand);
  return {
    exact: false,
    estimate: text + definitions + toolSystemPrompt,
    low: Math.max(0, Math.floor(low + 1e-9)) + toolSystemPrompt,
    high: Math.max(0, Math.ceil(high - 1e-9)) + toolSystemPrompt,
    system,
    perMessage,
    tools: definitions + toolSystemPrompt,
    toolSystemPrompt,
    priming,
    notCounted,
  };
}

function toolPromptTokens(choice: 'auto' | 'any' | 'tool' | 'none' | undefined, options: AnthropicEstimateOptions): number {
  const row =
    typeof options.toolPrompt === 'object'
      ? options.toolPrompt
      : ANTHROPIC_TOOL_SYSTEM_PROMPT_TOKENS[options.toolPrompt ?? 'claude-4'];
  return choice === 'any' || choice === 'tool' ? row.any : row.auto;
}
