/**
 * The input tokens of one trial's request on one model, counted with the model's own counter
 * (loadModelCounter) and the chat framing its API bills:
 *
 * - OpenAI models (provider `openai`): countOpenAIChat — 3 tokens per message + its role, +3 reply priming,
 *   the system prompt as the first message (tokens/chat-openai.ts, checked against OpenAI's cookbook).
 * - Anthropic models: estimateAnthropicMessages — the system text, 3 per message, 2 to open the reply, with
 *   the counter's error band (tokens/chat-anthropic.ts). A `system` message inside `messages` joins the system.
 * - Any other model (Gemini, Llama, Qwen, Mistral, …): the texts, plus a chat-template allowance of
 *   GENERIC_FRAMING.perMessage per message (system included), GENERIC_FRAMING.perRequest for the BOS token and
 *   the reply header. Llama 3's template takes 5 per message (`<|start_header_id|>role<|end_header_id|>\n\n…<|eot_id|>`)
 *   and 1 + 4 per request; ChatML (Qwen) takes 5 per message and 3 per request — the allowance covers both.
 *
 * `input` is the best count; `high` its upper end: the same for an exact count, the top of the error band for an
 * estimate (a Claude or Gemini count). The max bill and the budget use `high`, so a reservation covers what an
 * estimated prompt can plausibly be billed.
 */
import type { ModelEntry } from '../catalog/model.ts';
import type { ChatMessage } from '../providers/provider.ts';
import { estimateAnthropicMessages } from '../tokens/chat-anthropic.ts';
import type { AnthropicMessage } from '../tokens/chat-anthropic.ts';
import { countOpenAIChat } from '../tokens/chat-openai.ts';
import type { OpenAIChatRequest } from '../tokens/chat-openai.ts';
import type { TokenCounter } from '../tokens/counter.ts';

export const GENERIC_FRAMING = Object.freeze({ perMessage: 5, perRequest: 5 });

/** Relative band assumed for an estimating counter that states none. */
const DEFAULT_ESTIMATE_BAND = 0.15;

export interface RequestTokens {
  input: number;
  high: number;
  /** Tokens of the system prompt alone (its upper end when estimated): what prefix caching may bill apart. */
  system: number;
  exact: boolean;
  method: 'openai-chat' | 'anthropic-estimate' | 'text+template-allowance';
}

export interface ChatRequestText {
  system?: string;
  messages: readonly ChatMessage[];
}

export function countRequestTokens(model: Pick<ModelEntry, 'id' | 'provider'>, counter: TokenCounter, request: ChatRequestText): RequestTokens {
  const count = (text: string): number => (text.length === 0 ? 0 : counter.count(text));
  const band = counter.exact ? 0 : (counter.estimate?.errorBand ?? DEFAULT_ESTIMATE_BAND);
  const up = (n: number): number => (band === 0 ? n : Math.ceil(n * (1 + band) - 1e-9));
  const systemTexts = [request.system ?? '', ...request.messages.filter((m) => m.role === 'system').map((m) => m.content)].filter(
    (text) => text.length > 0,
  );
  const system = up(systemTexts.reduce((sum, text) => sum + count(text), 0));

  if (model.provider === 'openai') {
    const messages: OpenAIChatRequest['messages'] = [];
    if (request.system !== undefined && request.system.length > 0) messages.push({ role: 'system', content: request.system });
    for (const m of request.messages) messages.push({ role: m.role, content: m.content });
    if (messages.length === 0) messages.push({ role: 'user', content: '' });
    const family = model.id.startsWith('gpt-3.5-turbo-0301') ? 'gpt-3.5-turbo-0301' : 'default';
    const input = countOpenAIChat({ messages }, counter, family).total;
    return { input, high: up(input), system, exact: counter.exact, method: 'openai-chat' };
  }

  if (model.provider === 'anthropic') {
    const messages: AnthropicMessage[] = request.messages
      .filter((m) => m.role !== 'system')
      .map((m) => ({ role: m.role === 'assistant' ? 'assistant' : 'user', content: m.content }));
    const estimate = estimateAnthropicMessages({ system: systemTexts.join('\n\n'), messages }, counter);
    return { input: estimate.estimate, high: Math.max(estimate.high, estimate.estimate), system, exact: false, method: 'anthropic-estimate' };
  }

  const texts = [request.system ?? '', ...request.messages.map((m) => m.content)];
  const text = texts.reduce((sum, t) => sum + count(t), 0);
  const messageCount = request.messages.length + (request.system !== undefined && request.system.length > 0 ? 1 : 0);
  const framing = GENERIC_FRAMING.perMessage * messageCount + GENERIC_FRAMING.perRequest;
  // The framing is an allowance, not a count: never exact.
  return { input: text + framing, high: up(text) + framing, system, exact: false, method: 'text+template-allowance' };
}
