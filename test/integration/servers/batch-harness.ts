/**
 * A loopback HTTP server with routes (node:http on 127.0.0.1, port 0) for the batch APIs, which — unlike the
 * chat endpoints (harness.ts) — hold state across requests: uploaded files, batches that move on as they are
 * polled. Every request is recorded (with its raw bytes, for multipart uploads); `fault` may answer any request
 * with an error status in the provider's format, or reset its connection, before its route runs.
 */
import { createServer } from 'node:http';
import { listenOnLoopback, readRequest } from './harness.ts';
import type { RecordedRequest, TestServer } from './harness.ts';

export interface BatchRecordedRequest extends RecordedRequest {
  bytes: Buffer;
}

export type BatchReply =
  | { status: number; json: unknown; headers?: Record<string, string> }
  | { status: number; text: string; type: string };

export type BatchFault = { status: number; message?: string; headers?: Record<string, string> } | 'reset';

export type Router = (request: BatchRecordedRequest, origin: string) => BatchReply | Promise<BatchReply>;

export interface RoutedServerOptions {
  basePath: string;
  route: Router;
  errorBody: (status: number, message: string | undefined) => unknown;
  fault?: (request: BatchRecordedRequest) => BatchFault | undefined;
}

export async function startRoutedServer(options: RoutedServerOptions): Promise<TestServer & { requests: BatchRecordedRequest[] }> {
  const requests: BatchRecordedRequest[] = [];
  let origin = '';
  const server = createServer((req, res) => {
    readRequest(req, requests.length + 1, (recorded, bytes) => {
      const request: BatchRecordedRequest = { ...recorded, bytes };
      requests.push(request);
      const fault = options.fault?.(request);
      if (fault === 'reset') return void res.socket?.resetAndDestroy();
      const send = (reply: BatchReply) => {
        const [type, text] = 'json' in reply ? ['application/json', JSON.stringify(reply.json)] : [reply.type, reply.text];
        res.writeHead(reply.status, { 'content-type': type, 'content-length': String(Buffer.byteLength(text)), ...('headers' in reply ? reply.headers : {}) });
        res.end(text);
      };
      if (fault) return send({ status: fault.status, json: options.errorBody(fault.status, fault.message), ...(fault.headers ? { headers: fault.headers } : {}) });
      Promise.resolve(options.route(request, origin)).then(send, (error: unknown) => send({ status: 500, json: options.errorBody(500, String(error)) }));
    });
  });
  const listening = await listenOnLoopback(server, options.basePath);
  origin = listening.origin;
  return { ...listening, requests };
}

/** A fault for the nth request (1-based) that `match` accepts. */
export function nthMatching(match: (request: BatchRecordedRequest) => boolean, n: number, fault: BatchFault): (request: BatchRecordedRequest) => BatchFault | undefined {
  let seen = 0;
  return (request) => (match(request) && ++seen === n ? fault : undefined);
}

export function jsonl(values: readonly unknown[]): string {
  return values.map((value) => `${JSON.stringify(value)}\n`).join('');
}
