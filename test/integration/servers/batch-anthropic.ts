/**
 * A loopback Anthropic Message Batches API: POST /v1/messages/batches (custom ids checked against
 * ^[a-zA-Z0-9_-]{1,64}$, as the API does), GET /v1/messages/batches/:id (processing_status in_progress → ended,
 * request_counts, results_url), GET the results_url (JSONL: succeeded / errored / expired / canceled per
 * request), POST /v1/messages/batches/:id/cancel (canceling → ended). Errors in Anthropic's format.
 */
import { jsonl, startRoutedServer } from './batch-harness.ts';
import type { BatchFault, BatchRecordedRequest, BatchReply } from './batch-harness.ts';
import type { TestServer } from './harness.ts';
import { ANTHROPIC_DEFAULT_USAGE, anthropicProtocol } from './anthropic.ts';
import type { AnthropicWireUsage } from './anthropic.ts';

export type AnthropicLineReply =
  | { text: string; usage?: AnthropicWireUsage; stopReason?: string }
  | { error: { type: string; message: string } }
  | { expired: true };

export interface BatchEntry {
  custom_id: string;
  params: Record<string, unknown>;
}

export interface AnthropicBatchScript {
  line?: (entry: BatchEntry, index: number) => AnthropicLineReply;
  /** Polls answered `in_progress` before the batch ends (default 1). */
  pollsBeforeEnd?: number;
  end?: 'ended' | 'never';
  /** After a cancel, this many requests (from the first) count as answered before it; the rest are canceled. */
  doneBeforeCancel?: number;
  fault?: (request: BatchRecordedRequest) => BatchFault | undefined;
}

interface ServerBatch {
  json: Record<string, unknown>;
  entries: BatchEntry[];
  polls: number;
  cancelled: boolean;
  results: unknown[] | null;
}

export interface AnthropicBatchServer extends TestServer {
  requests: BatchRecordedRequest[];
  batches: Map<string, ServerBatch>;
  /** Every request of every created batch. */
  entries(): BatchEntry[];
}

const CUSTOM_ID = /^[a-zA-Z0-9_-]{1,64}$/;
const CREATED = '2026-01-01T00:00:00Z';

export async function startAnthropicBatchServer(script: AnthropicBatchScript = {}): Promise<AnthropicBatchServer> {
  const batches = new Map<string, ServerBatch>();
  const error = (status: number, message: string): BatchReply => ({ status, json: anthropicProtocol.errorBody(status, message, undefined) });
  const counts = (processing: number, results: readonly unknown[] = []) => {
    const count = (type: string) => results.filter((r) => (r as { result: { type: string } }).result.type === type).length;
    return { processing, succeeded: count('succeeded'), errored: count('errored'), canceled: count('canceled'), expired: count('expired') };
  };

  const end = (batch: ServerBatch, origin: string, answered: number) => {
    batch.results = batch.entries.map((entry, i) => {
      if (i >= answered) return { custom_id: entry.custom_id, result: { type: 'canceled' } };
      const reply = script.line?.(entry, i) ?? { text: `answer ${i + 1}` };
      if ('expired' in reply) return { custom_id: entry.custom_id, result: { type: 'expired' } };
      if ('error' in reply) return { custom_id: entry.custom_id, result: { type: 'errored', error: { type: 'error', error: reply.error } } };
      const message = {
        id: `msg_batch_${i + 1}`, type: 'message', role: 'assistant', model: entry.params['model'], content: [{ type: 'text', text: reply.text }],
        stop_reason: reply.stopReason ?? 'end_turn', stop_sequence: null, usage: reply.usage ?? ANTHROPIC_DEFAULT_USAGE,
      };
      return { custom_id: entry.custom_id, result: { type: 'succeeded', message } };
    });
    const id = String(batch.json['id']);
    Object.assign(batch.json, {
      processing_status: 'ended', ended_at: CREATED, request_counts: counts(0, batch.results),
      results_url: `${origin}/v1/messages/batches/${id}/results`,
    });
  };

  const server = await startRoutedServer({
    basePath: '',
    errorBody: (status, message) => anthropicProtocol.errorBody(status, message, undefined),
    ...(script.fault ? { fault: script.fault } : {}),
    route: (request, origin) => {
      const { method, path } = request;
      if (method === 'POST' && path === '/v1/messages/batches') {
        const entries = request.body['requests'];
        if (!Array.isArray(entries) || entries.length === 0) return error(400, 'requests: expected a non-empty list');
        for (const entry of entries as BatchEntry[]) {
          if (!CUSTOM_ID.test(String(entry.custom_id))) return error(400, `requests.custom_id: '${String(entry.custom_id)}' does not match ^[a-zA-Z0-9_-]{1,64}$`);
          if (typeof entry.params?.['model'] !== 'string' || typeof entry.params['max_tokens'] !== 'number') return error(400, 'params: model and max_tokens are required');
        }
        const id = `msgbatch_loop_${batches.size + 1}`;
        const json: Record<string, unknown> = {
          id, type: 'message_batch', processing_status: 'in_progress', request_counts: counts(entries.length), ended_at: null, created_at: CREATED,
          expires_at: '2026-01-02T00:00:00Z', archived_at: null, cancel_initiated_at: null, results_url: null,
        };
        batches.set(id, { json, entries: entries as BatchEntry[], polls: 0, cancelled: false, results: null });
        return { status: 200, json };
      }
      const match = /^\/v1\/messages\/batches\/([^/]+)(\/cancel|\/results)?$/.exec(path);
      const batch = match ? batches.get(match[1] ?? '') : undefined;
      if (!match || !batch) return error(404, `no route for ${method} ${path}`);
      if (method === 'GET' && match[2] === undefined) {
        if (batch.json['processing_status'] !== 'ended') {
          batch.polls++;
          if (batch.cancelled) end(batch, origin, script.doneBeforeCancel ?? 0);
          else if (script.end !== 'never' && batch.polls > (script.pollsBeforeEnd ?? 1)) end(batch, origin, batch.entries.length);
        }
        return { status: 200, json: batch.json };
      }
      if (method === 'POST' && match[2] === '/cancel') {
        batch.cancelled = true;
        if (batch.json['processing_status'] === 'in_progress') Object.assign(batch.json, { processing_status: 'canceling', cancel_initiated_at: CREATED });
        return { status: 200, json: batch.json };
      }
      if (method === 'GET' && match[2] === '/results') {
        if (batch.results === null) return error(400, 'the batch has not ended');
        return { status: 200, text: jsonl(batch.results), type: 'application/binary' };
      }
      return error(404, `no route for ${method} ${path}`);
    },
  });
  return { ...server, batches, entries: () => [...batches.values()].flatMap((b) => b.entries) };
}
