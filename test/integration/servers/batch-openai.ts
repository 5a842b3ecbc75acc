/**
 * A loopback OpenAI Batch API: POST /v1/files (multipart, purpose=batch), POST /v1/batches, GET /v1/batches/:id
 * (validating → in_progress → completed over polls), GET /v1/files/:id/content (the input file, the output
 * file of 200 responses with usage, the error file of per-line errors and expired lines), POST
 * /v1/batches/:id/cancel (cancelling → cancelled). Errors in OpenAI's format.
 *
 * Script: `line` answers each input line (text + usage, an HTTP error, or expired); `end` makes the batch
 * fail validation or never finish; `fault` answers any request with an error status or a reset.
 */
import { jsonl, startRoutedServer } from './batch-harness.ts';
import type { BatchFault, BatchRecordedRequest, BatchReply } from './batch-harness.ts';
import type { TestServer } from './harness.ts';
import { OPENAI_DEFAULT_USAGE, openAIProtocol } from './openai.ts';
import type { OpenAIWireUsage } from './openai.ts';

export type OpenAILineReply =
  | { text: string; usage?: OpenAIWireUsage; finishReason?: string }
  | { status: number; type?: string; message?: string }
  | { expired: true };

export interface InputLine {
  custom_id: string;
  method: string;
  url: string;
  body: Record<string, unknown>;
}

export interface OpenAIBatchScript {
  line?: (input: InputLine, index: number) => OpenAILineReply;
  /** Polls answered before the batch ends: the first `validating`, the rest `in_progress` (default 2). */
  pollsBeforeEnd?: number;
  /** `failed`: the batch fails validation with `failErrors`; `never`: it stays in_progress. */
  end?: 'completed' | 'failed' | 'never';
  failErrors?: { code: string; message: string; line?: number | null }[];
  /** After a cancel, this many lines (from the first) count as answered before it. */
  doneBeforeCancel?: number;
  fault?: (request: BatchRecordedRequest) => BatchFault | undefined;
}

interface ServerBatch {
  json: Record<string, unknown>;
  lines: InputLine[];
  polls: number;
  cancelled: boolean;
}

export interface OpenAIBatchServer extends TestServer {
  requests: BatchRecordedRequest[];
  files: Map<string, { purpose: string; filename: string; content: string }>;
  batches: Map<string, ServerBatch>;
  /** Every line of every uploaded input file. */
  inputLines(): InputLine[];
}

const T0 = 1_767_225_600;

export async function startOpenAIBatchServer(script: OpenAIBatchScript = {}): Promise<OpenAIBatchServer> {
  const files = new Map<string, { purpose: string; filename: string; content: string }>();
  const batches = new Map<string, ServerBatch>();
  const error = (status: number, message: string): BatchReply => ({ status, json: openAIProtocol.errorBody(status, message, undefined) });
  const addFile = (purpose: string, filename: string, content: string) => {
    const id = `file-loop-${files.size + 1}`;
    files.set(id, { purpose, filename, content });
    return { id, object: 'file', bytes: Buffer.byteLength(content), created_at: T0, filename, purpose, status: 'processed' };
  };

  const finish = (batch: ServerBatch, answered: number) => {
    const output: unknown[] = [];
    const errors: unknown[] = [];
    let expired = false;
    batch.lines.forEach((line, i) => {
      if (i >= answered) return;
      const reply = script.line?.(line, i) ?? { text: `answer ${i + 1}` };
      const id = `batch_req_${i + 1}`;
      if ('expired' in reply) {
        expired = true;
        errors.push({ id, custom_id: line.custom_id, response: null, error: { code: 'batch_expired', message: 'This request could not be executed before the completion window expired.' } });
      } else if ('status' in reply) {
        const body = openAIProtocol.errorBody(reply.status, reply.message, reply.type);
        errors.push({ id, custom_id: line.custom_id, response: { status_code: reply.status, request_id: `req_${i + 1}`, body }, error: null });
      } else {
        const body = {
          id: `chatcmpl-batch-${i + 1}`, object: 'chat.completion', created: T0, model: line.body['model'],
          choices: [{ index: 0, message: { role: 'assistant', content: reply.text, refusal: null }, logprobs: null, finish_reason: reply.finishReason ?? 'stop' }],
          usage: reply.usage ?? OPENAI_DEFAULT_USAGE,
        };
        output.push({ id, custom_id: line.custom_id, response: { status_code: 200, request_id: `req_${i + 1}`, body }, error: null });
      }
    });
    const json = batch.json;
    if (output.length > 0) json['output_file_id'] = addFile('batch_output', 'batch_output.jsonl', jsonl(output)).id;
    if (errors.length > 0) json['error_file_id'] = addFile('batch_output', 'batch_errors.jsonl', jsonl(errors)).id;
    json['status'] = batch.cancelled ? 'cancelled' : expired ? 'expired' : 'completed';
    json['request_counts'] = { total: batch.lines.length, completed: output.length, failed: errors.length };
  };

  const poll = (batch: ServerBatch) => {
    const json = batch.json;
    const live = json['status'] === 'validating' || json['status'] === 'in_progress' || json['status'] === 'cancelling';
    if (!live) return;
    batch.polls++;
    if (batch.cancelled) return finish(batch, script.doneBeforeCancel ?? 0);
    if (script.end === 'failed' && batch.polls > 1) {
      json['status'] = 'failed';
      json['errors'] = { object: 'list', data: script.failErrors ?? [{ code: 'invalid_request', message: 'the input file is not valid', line: null }] };
      return;
    }
    if (script.end === 'never' || batch.polls <= (script.pollsBeforeEnd ?? 2)) {
      json['status'] = batch.polls === 1 ? 'validating' : 'in_progress';
      json['request_counts'] = { total: batch.lines.length, completed: batch.polls === 1 ? 0 : Math.floor(batch.lines.length / 2), failed: 0 };
      return;
    }
    finish(batch, batch.lines.length);
  };

  const server = await startRoutedServer({
    basePath: '/v1',
    errorBody: (status, message) => openAIProtocol.errorBody(status, message, undefined),
    ...(script.fault ? { fault: script.fault } : {}),
    route: async (request) => {
      const { method, path } = request;
      if (method === 'POST' && path === '/v1/files') {
        const form = await new Response(request.bytes, { headers: { 'content-type': String(request.headers['content-type']) } }).formData();
        const file = form.get('file');
        if (form.get('purpose') !== 'batch' || typeof file === 'string' || file === null) return error(400, 'expected a file with purpose batch');
        return { status: 200, json: addFile('batch', file.name, await file.text()) };
      }
      if (method === 'POST' && path === '/v1/batches') {
        const inputId = request.body['input_file_id'];
        const input = typeof inputId === 'string' ? files.get(inputId) : undefined;
        if (!input) return error(400, `no such file: ${String(inputId)}`);
        if (request.body['endpoint'] !== '/v1/chat/completions' || request.body['completion_window'] !== '24h') return error(400, 'bad endpoint or window');
        const lines = input.content.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as InputLine);
        const id = `batch_loop_${batches.size + 1}`;
        const json: Record<string, unknown> = {
          id, object: 'batch', endpoint: request.body['endpoint'], errors: null, input_file_id: inputId, completion_window: '24h',
          status: 'validating', created_at: T0, request_counts: { total: 0, completed: 0, failed: 0 }, metadata: request.body['metadata'] ?? null,
        };
        batches.set(id, { json, lines, polls: 0, cancelled: false });
        return { status: 200, json };
      }
      const batchMatch = /^\/v1\/batches\/([^/]+)(\/cancel)?$/.exec(path);
      const batch = batchMatch ? batches.get(batchMatch[1] ?? '') : undefined;
      if (batchMatch && !batch) return error(404, `no such batch: ${batchMatch[1]}`);
      if (batch && method === 'GET' && !batchMatch?.[2]) {
        poll(batch);
        return { status: 200, json: batch.json };
      }
      if (batch && method === 'POST' && batchMatch?.[2]) {
        batch.cancelled = true;
        if (batch.json['status'] === 'validating' || batch.json['status'] === 'in_progress') batch.json['status'] = 'cancelling';
        return { status: 200, json: batch.json };
      }
      const fileMatch = /^\/v1\/files\/([^/]+)\/content$/.exec(path);
      if (fileMatch && method === 'GET') {
        const file = files.get(fileMatch[1] ?? '');
        return file ? { status: 200, text: file.content, type: 'application/octet-stream' } : error(404, `no such file: ${fileMatch[1]}`);
      }
      return error(404, `no route for ${method} ${path}`);
    },
  });
  return {
    ...server,
    files,
    batches,
    inputLines: () => [...files.values()].filter((f) => f.purpose === 'batch').flatMap((f) => f.content.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as InputLine)),
  };
}
