/**
 * A loopback Anthropic Messages server: POST /v1/messages, JSON or SSE (message_start, content_block_start,
 * ping, content_block_delta…, content_block_stop, message_delta, message_stop), errors in Anthropic's
 * format `{"type": "error", "error": {"type", "message"}}` (529 is `overloaded_error`).
 */
import { pieces, startServer } from './harness.ts';
import type { Protocol, RecordedRequest, Script, TestServer } from './harness.ts';

export interface AnthropicWireUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation?: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number } | null;
}

export interface AnthropicReply {
  text: string;
  chunks?: string[];
  usage?: AnthropicWireUsage;
  /** The usage of the stream's message_delta (default: `{ output_tokens }`; the API's counts are cumulative). */
  deltaUsage?: Record<string, number>;
  stopReason?: string;
}

export const ANTHROPIC_DEFAULT_USAGE: AnthropicWireUsage = {
  input_tokens: 25,
  output_tokens: 6,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
};

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  502: 'api_error',
  503: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

function model(request: RecordedRequest): string {
  return typeof request.body['model'] === 'string' ? request.body['model'] : 'unknown-model';
}

const event = (name: string, value: unknown) => `event: ${name}\ndata: ${JSON.stringify(value)}\n\n`;

export const anthropicProtocol: Protocol<AnthropicReply> = {
  path: '/v1/messages',
  basePath: '',
  defaultReply: { text: 'Hello from the loopback server.' },
  isStream: (body) => body['stream'] === true,
  streamContentType: 'text/event-stream',
  json: (request, reply) => ({
    id: `msg_loop_${request.n}`,
    type: 'message',
    role: 'assistant',
    model: model(request),
    content: [{ type: 'text', text: reply.text }],
    stop_reason: reply.stopReason ?? 'end_turn',
    stop_sequence: null,
    usage: reply.usage ?? ANTHROPIC_DEFAULT_USAGE,
  }),
  frames: (request, reply) => {
    const usage = reply.usage ?? ANTHROPIC_DEFAULT_USAGE;
    const message = {
      id: `msg_loop_${request.n}`,
      type: 'message',
      role: 'assistant',
      model: model(request),
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { ...usage, output_tokens: 1 },
    };
    const frames = [
      event('message_start', { type: 'message_start', message }),
      event('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
      event('ping', { type: 'ping' }),
      ...(reply.chunks ?? pieces(reply.text)).map((text) =>
        event('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } }),
      ),
      event('content_block_stop', { type: 'content_block_stop', index: 0 }),
      event('message_delta', {
        type: 'message_delta',
        delta: { stop_reason: reply.stopReason ?? 'end_turn', stop_sequence: null },
        usage: reply.deltaUsage ?? { output_tokens: usage.output_tokens },
      }),
      event('message_stop', { type: 'message_stop' }),
    ];
    return { frames, final: 3 };
  },
  errorBody: (status, message, type) => ({
    type: 'error',
    error: { type: type ?? ERROR_TYPES[status] ?? 'api_error', message: message ?? `loopback error ${status}` },
  }),
  errorFrame: (type, message) =>
    event('error', { type: 'error', error: { type: type ?? 'overloaded_error', message: message ?? 'Overloaded' } }),
  malformedFrame: 'event: content_block_delta\ndata: {"type": "content_block_delta", "index": 0, \n\n',
};

export function startAnthropicServer(options: { script?: Script<AnthropicReply> } = {}): Promise<TestServer> {
  return startServer(anthropicProtocol, options.script);
}
