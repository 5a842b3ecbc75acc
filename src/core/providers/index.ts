/** Providers: the Provider interface, the adapters, model references and the factory. */
export {
  ProviderCallError,
  errorCodeForStatus,
  isRetryableStatus,
} from './provider.ts';
export type {
  ChatMessage,
  CompletionRequest,
  CompletionResult,
  Provider,
  ProviderError,
  ProviderErrorCode,
} from './provider.ts';
export { DEFAULT_TIMEOUT_MS as DEFAULT_PROVIDER_TIMEOUT_MS } from './call.ts';
export type { FetchLike } from './call.ts';
export {
  MalformedResponseError,
  StreamEndedEarlyError,
  parseRetryAfter,
  toProviderCallError,
  toProviderError,
} from './errors.ts';
export type { ErrorContext, HeaderReader } from './errors.ts';
export { REDACTED, redactSecrets } from './redact.ts';
export { estimateUsage } from './estimate.ts';
export { OpenAIProvider, chatMessages as openAIChatMessages } from './openai.ts';
export type { OpenAIProviderOptions } from './openai.ts';
export { createOpenAICompatibleProvider } from './openai-compatible.ts';
export type { OpenAICompatibleOptions } from './openai-compatible.ts';
export { AnthropicProvider, messagesBody as anthropicMessagesBody } from './anthropic.ts';
export type { AnthropicProviderOptions } from './anthropic.ts';
export { DEFAULT_OLLAMA_HOST, OllamaProvider } from './ollama.ts';
export type { OllamaProviderOptions } from './ollama.ts';
export { GGUF_UNAVAILABLE, GgufProvider } from './gguf.ts';
export { TARGET_FORMS, formatTarget, parseTarget } from './target.ts';
export type { Target, TargetKind, TargetScheme } from './target.ts';
export { DEFAULT_ANTHROPIC_BASE_URL, DEFAULT_OPENAI_BASE_URL, PROVIDER_ENV, createProvider } from './factory.ts';
export type { ProviderConfig } from './factory.ts';
