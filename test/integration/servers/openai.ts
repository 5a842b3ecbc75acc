/**
 * A loopback OpenAI Chat Completions server: POST /v1/chat/completions, JSON or SSE (`data: …\n\n`
 * chunks, the usage chunk when `stream_options.include_usage` is set, then `data: [DONE]`), errors in
 * OpenAI's format `{"error": {"message", "type", "param", "code"}}`. Also stands in for vLLM, llama.cpp's
 * server and LM Studio (a reply with `usage: null` reports none, as some of them do).
 */
import { pieces, startServer } from './harness.ts';
import type { Protocol, RecordedRequest, Script, TestServer } from './harness.ts';

export interface OpenAIWireUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number };
  completion_tokens_details?: { reasoning_tokens?: number };
}

export interface OpenAIReply {
  text: string;
  /** Stream pieces (default: the text split at word boundaries). */
  chunks?: string[];
  /** null: no usage at all (in the body, or as the stream's usage chunk). */
  usage?: OpenAIWireUsage | null;
  finishReason?: string;
}

export const OPENAI_DEFAULT_USAGE: OpenAIWireUsage = {
  prompt_tokens: 20,
  completion_tokens: 6,
  total_tokens: 26,
  prompt_tokens_details: { cached_tokens: 0 },
  completion_tokens_details: { reasoning_tokens: 0 },
};

const ERROR_TYPES: Record<number, [string, string | null]> = {
  400: ['invalid_request_error', null],
  401: ['invalid_request_error', 'invalid_api_key'],
  403: ['invalid_request_error', 'unsupported_country_region_territory'],
  404: ['invalid_request_error', 'model_not_found'],
  429: ['requests', 'rate_limit_exceeded'],
  500: ['server_error', null],
  502: ['server_error', null],
  503: ['server_error', null],
  504: ['server_error', null],
};

function model(request: RecordedRequest): string {
  return typeof request.body['model'] === 'string' ? request.body['model'] : 'unknown-model';
}

function envelope(request: RecordedRequest, object: string) {
  return { id: `chatcmpl-loop-${request.n}`, object, created: 1_767_225_600, model: model(request) };
}

const data = (value: unknown) => `data: ${JSON.stringify(value)}\n\n`;

export const openAIProtocol: Protocol<OpenAIReply> = {
  path: '/v1/chat/completions',
  basePath: '/v1',
  defaultReply: { text: 'Hello from the loopback server.' },
  isStream: (body) => body['stream'] === true,
  streamContentType: 'text/event-stream',
  json: (request, reply) => ({
    ...envelope(request, 'chat.completion'),
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: reply.text, refusal: null },
        logprobs: null,
        finish_reason: reply.finishReason ?? 'stop',
      },
    ],
    ...(reply.usage === null ? {} : { usage: reply.usage ?? OPENAI_DEFAULT_USAGE }),
  }),
  frames: (request, reply) => {
    const options = request.body['stream_options'] as { include_usage?: boolean } | undefined;
    const withUsage = options?.include_usage === true && reply.usage !== null;
    const chunk = (delta: object, finish: string | null) => ({
      ...envelope(request, 'chat.completion.chunk'),
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      ...(withUsage ? { usage: null } : {}),
    });
    const frames = [
      data(chunk({ role: 'assistant', content: '' }, null)),
      ...(reply.chunks ?? pieces(reply.text)).map((piece) => data(chunk({ content: piece }, null))),
      data(chunk({}, reply.finishReason ?? 'stop')),
    ];
    if (withUsage) {
      frames.push(data({ ...envelope(request, 'chat.completion.chunk'), choices: [], usage: reply.usage ?? OPENAI_DEFAULT_USAGE }));
    }
    frames.push('data: [DONE]\n\n');
    return { frames, final: withUsage ? 3 : 2 };
  },
  errorBody: (status, message, type) => {
    const [defaultType, code] = ERROR_TYPES[status] ?? ['server_error', null];
    return { error: { message: message ?? `loopback error ${status}`, type: type ?? defaultType, param: null, code } };
  },
  errorFrame: (type, message) => data({ error: { message: message ?? 'The server had an error', type: type ?? 'server_error', param: null, code: null } }),
  malformedFrame: 'data: {"id": "chatcmpl-oops", "choices": [ {"index": 0, \n\n',
};

export function startOpenAIServer(options: { script?: Script<OpenAIReply> } = {}): Promise<TestServer> {
  return startServer(openAIProtocol, options.script);
}
