/**
 * Usage for servers that report none (some OpenAI-compatible servers, an Ollama answer without
 * prompt_eval_count): counted by costlab and marked `estimated`.
 *
 * Input is the sum of the counts of the system prompt and every message's content, with no chat-format
 * overhead (the server's chat template is unknown); output is the count of the answer. With a
 * TokenCounter the counts are that tokenizer's; without one, ceil(characters / 4), the usual rule of
 * thumb for English ("one token generally corresponds to ~4 characters of text",
 * https://platform.openai.com/tokenizer).
 */
import type { Usage } from '../economics/usage.ts';
import { makeUsage } from '../economics/usage.ts';
import type { TokenCounter } from '../tokens/counter.ts';
import type { CompletionRequest } from './provider.ts';

export function countTokens(text: string, counter: TokenCounter | undefined): number {
  if (text === '') return 0;
  return counter === undefined ? Math.ceil(text.length / 4) : counter.count(text);
}

export function estimatePromptTokens(request: CompletionRequest, counter: TokenCounter | undefined): number {
  let total = countTokens(request.system ?? '', counter);
  for (const message of request.messages) total += countTokens(message.content, counter);
  return total;
}

export function estimateUsage(request: CompletionRequest, output: string, counter: TokenCounter | undefined): Usage {
  return makeUsage({ input: estimatePromptTokens(request, counter), output: countTokens(output, counter) });
}
