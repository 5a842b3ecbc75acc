/** Loopback servers that speak each provider's wire protocol, with scripted faults (see harness.ts). */
export { isFault, pieces, startServer } from './harness.ts';
export type { Fault, Protocol, RecordedRequest, Script, TestServer } from './harness.ts';
export { OPENAI_DEFAULT_USAGE, openAIProtocol, startOpenAIServer } from './openai.ts';
export type { OpenAIReply, OpenAIWireUsage } from './openai.ts';
export { ANTHROPIC_DEFAULT_USAGE, anthropicProtocol, startAnthropicServer } from './anthropic.ts';
export type { AnthropicReply, AnthropicWireUsage } from './anthropic.ts';
export { ollamaProtocol, startOllamaServer } from './ollama.ts';
export type { OllamaReply } from './ollama.ts';
