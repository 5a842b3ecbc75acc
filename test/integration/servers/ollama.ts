/**
 * A loopback Ollama server: POST /api/chat, JSON or NDJSON streaming (one JSON object per line, the last
 * with `done: true`, `done_reason`, `prompt_eval_count` and `eval_count`), errors as `{"error": "…"}`.
 * Ollama streams unless the request says `"stream": false`.
 */
import { pieces, startServer } from './harness.ts';
import type { Protocol, RecordedRequest, Script, TestServer } from './harness.ts';

export interface OllamaReply {
  text: string;
  chunks?: string[];
  /** null leaves the field out (Ollama may, for a prompt it had cached). */
  promptEvalCount?: number | null;
  evalCount?: number | null;
  doneReason?: string;
}

const CREATED_AT = '2026-01-01T00:00:00.000000Z';

function model(request: RecordedRequest): string {
  return typeof request.body['model'] === 'string' ? request.body['model'] : 'unknown-model';
}

function done(request: RecordedRequest, reply: OllamaReply, content: string) {
  return {
    model: model(request),
    created_at: CREATED_AT,
    message: { role: 'assistant', content },
    done: true,
    done_reason: reply.doneReason ?? 'stop',
    total_duration: 1_200_000,
    load_duration: 100_000,
    ...(reply.promptEvalCount === null ? {} : { prompt_eval_count: reply.promptEvalCount ?? 18 }),
    prompt_eval_duration: 300_000,
    ...(reply.evalCount === null ? {} : { eval_count: reply.evalCount ?? 6 }),
    eval_duration: 800_000,
  };
}

const line = (value: unknown) => `${JSON.stringify(value)}\n`;

export const ollamaProtocol: Protocol<OllamaReply> = {
  path: '/api/chat',
  basePath: '',
  defaultReply: { text: 'Hello from the loopback server.' },
  isStream: (body) => body['stream'] !== false,
  streamContentType: 'application/x-ndjson',
  json: (request, reply) => done(request, reply, reply.text),
  frames: (request, reply) => ({
    frames: [
      ...(reply.chunks ?? pieces(reply.text)).map((content) =>
        line({ model: model(request), created_at: CREATED_AT, message: { role: 'assistant', content }, done: false }),
      ),
      line(done(request, reply, '')),
    ],
    final: 1,
  }),
  errorBody: (status, message) => ({ error: message ?? `loopback error ${status}` }),
  errorFrame: (_type, message) => line({ error: message ?? 'model runner has unexpectedly stopped' }),
  malformedFrame: '{"model": "oops", "message": {\n',
};

export function startOllamaServer(options: { script?: Script<OllamaReply> } = {}): Promise<TestServer> {
  return startServer(ollamaProtocol, options.script);
}
