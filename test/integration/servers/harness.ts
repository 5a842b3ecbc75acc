/**
 * A scripted loopback HTTP server (node:http on 127.0.0.1, port 0) shared by the per-provider servers.
 * Each request is recorded, then `script(request, n)` decides what it gets: a Reply in the provider's
 * wire format (JSON, or a stream when the request asks for one) or a Fault.
 *
 * Faults:
 * - `status`: that HTTP status with a body in the provider's error format (`headers` adds e.g. Retry-After;
 *   `html` sends a proxy's HTML error page instead)
 * - `reset`: the connection is reset before any response
 * - `reset-mid-stream`: some frames (or half the JSON body), then the connection is reset
 * - `truncated`: a stream that ends cleanly without its final frames (a JSON body: cut, then closed)
 * - `malformed`: a JSON body that does not parse, or a stream frame whose data is not JSON
 * - `html`: a 200 HTML page instead of the API (a wrong base URL)
 * - `slow`: the reply comes only after `delayMs` (make it longer than the client's timeout)
 * - `stall`: some frames, then nothing until the client gives up
 * - `stream-error`: some frames, then the provider's in-stream error event (a JSON request gets the status)
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  /** 1 for the first request the server saw. */
  n: number;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body ({} when it was not JSON). */
  body: Record<string, unknown>;
  raw: string;
}

export type Fault =
  | { fault: 'status'; status: number; message?: string; type?: string; headers?: Record<string, string>; html?: boolean }
  | { fault: 'reset' }
  | { fault: 'reset-mid-stream'; afterFrames?: number }
  | { fault: 'truncated'; afterFrames?: number }
  | { fault: 'malformed' }
  | { fault: 'html' }
  | { fault: 'slow'; delayMs: number }
  | { fault: 'stall'; afterFrames?: number }
  | { fault: 'stream-error'; type?: string; message?: string; status?: number; afterFrames?: number };

export type Script<R> = (request: RecordedRequest, n: number) => Fault | R | undefined;

export interface TestServer {
  /** The base URL to give the SDK (`…/v1` for OpenAI-style servers). */
  url: string;
  /** http://127.0.0.1:PORT */
  origin: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** What a provider's wire protocol looks like; the per-provider servers implement it. */
export interface Protocol<R> {
  path: string;
  /** Added to the origin to make `url`. */
  basePath: string;
  defaultReply: R;
  isStream(body: Record<string, unknown>): boolean;
  streamContentType: string;
  json(request: RecordedRequest, reply: R): unknown;
  /** Stream frames in wire form, the final ones (what `truncated` drops) last. */
  frames(request: RecordedRequest, reply: R): { frames: string[]; final: number };
  errorBody(status: number, message: string | undefined, type: string | undefined): unknown;
  errorFrame(type: string | undefined, message: string | undefined): string;
  malformedFrame: string;
}

export function isFault(value: unknown): value is Fault {
  return typeof value === 'object' && value !== null && 'fault' in value;
}

export async function startServer<R>(protocol: Protocol<R>, script: Script<R> = () => undefined): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void, res: ServerResponse) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
    res.on('close', () => {
      clearTimeout(timer);
      timers.delete(timer);
    });
  };

  const server = createServer((req, res) => {
    readRequest(req, requests.length + 1, (request) => {
      requests.push(request);
      if (request.method !== 'POST' || request.path !== protocol.path) {
        sendJson(res, 404, protocol.errorBody(404, `no route for ${request.method} ${request.path}`, undefined));
        return;
      }
      const action = script(request, request.n) ?? protocol.defaultReply;
      respond(protocol, request, action, res, later);
    });
  });
  const listening = await listenOnLoopback(server, protocol.basePath, () => {
    for (const timer of timers) clearTimeout(timer);
  });
  return { ...listening, requests };
}

/** Reads a request's whole body, then hands it over as a RecordedRequest (numbered `n`) with its raw bytes. */
export function readRequest(req: IncomingMessage, n: number, handle: (request: RecordedRequest, bytes: Buffer) => void): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const bytes = Buffer.concat(chunks);
    const raw = bytes.toString('utf8');
    handle({ n, method: req.method ?? '', path: (req.url ?? '').split('?')[0] ?? '', headers: req.headers, body: parseBody(raw), raw }, bytes);
  });
}

/** Listens on a free loopback port; `close` drops every open connection (after `beforeClose`) and stops the server. */
export async function listenOnLoopback(server: Server, basePath: string, beforeClose?: () => void): Promise<Omit<TestServer, 'requests'>> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}${basePath}`,
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        beforeClose?.();
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type Later = (ms: number, fn: () => void, res: ServerResponse) => void;

function respond<R>(protocol: Protocol<R>, request: RecordedRequest, action: Fault | R, res: ServerResponse, later: Later): void {
  const stream = protocol.isStream(request.body);
  if (!isFault(action)) {
    if (!stream) return sendJson(res, 200, protocol.json(request, action));
    return writeFrames(res, protocol, protocol.frames(request, action).frames, 'end');
  }
  const reply = protocol.defaultReply;
  const { frames, final } = protocol.frames(request, reply);
  const body = JSON.stringify(protocol.json(request, reply));
  switch (action.fault) {
    case 'status': {
      const status = action.status;
      if (action.html === true) return sendRaw(res, status, 'text/html', htmlPage(`${status} loopback proxy error`), action.headers);
      return sendJson(res, status, protocol.errorBody(status, action.message, action.type), action.headers);
    }
    case 'reset':
      return void res.socket?.resetAndDestroy();
    case 'slow':
      return later(action.delayMs, () => respond(protocol, request, reply, res, later), res);
    case 'malformed':
      if (!stream) return sendRaw(res, 200, 'application/json', '{"id": "oops", "choices": [ {"index": 0,');
      return writeFrames(res, protocol, [...frames.slice(0, 1), protocol.malformedFrame, ...frames.slice(1)], 'end');
    case 'html':
      return sendRaw(res, 200, 'text/html; charset=utf-8', htmlPage('Welcome to nginx!'));
    case 'truncated':
      if (!stream) return partialBody(res, body, 'end');
      return writeFrames(res, protocol, frames.slice(0, action.afterFrames ?? frames.length - final), 'end');
    case 'reset-mid-stream':
      if (!stream) return partialBody(res, body, 'reset');
      return writeFrames(res, protocol, frames.slice(0, action.afterFrames ?? 2), 'reset');
    case 'stall':
      if (!stream) return partialBody(res, body, 'stall');
      return writeFrames(res, protocol, frames.slice(0, action.afterFrames ?? 2), 'stall');
    case 'stream-error':
      if (!stream) return sendJson(res, action.status ?? 500, protocol.errorBody(action.status ?? 500, action.message, action.type));
      return writeFrames(
        res,
        protocol,
        [...frames.slice(0, action.afterFrames ?? 2), protocol.errorFrame(action.type, action.message)],
        'end',
      );
  }
}

function writeFrames<R>(res: ServerResponse, protocol: Protocol<R>, frames: string[], then: 'end' | 'reset' | 'stall'): void {
  res.writeHead(200, { 'content-type': protocol.streamContentType, 'cache-control': 'no-cache' });
  for (const frame of frames) res.write(frame);
  finish(res, then);
}

/** Content-Length of the whole body, half of it sent, then the connection closed, reset or left open. */
function partialBody(res: ServerResponse, body: string, then: 'end' | 'reset' | 'stall'): void {
  const bytes = Buffer.from(body, 'utf8');
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(bytes.length) });
  res.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
  finish(res, then === 'end' ? 'destroy' : then);
}

function finish(res: ServerResponse, then: 'end' | 'reset' | 'stall' | 'destroy'): void {
  if (then === 'stall') return;
  if (then === 'end') return void res.end();
  // Let the frames already written reach the client first.
  res.write('', () => (then === 'reset' ? res.socket?.resetAndDestroy() : res.socket?.destroy()));
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendRaw(res, status, 'application/json', JSON.stringify(body), headers);
}

function sendRaw(res: ServerResponse, status: number, type: string, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

function htmlPage(title: string): string {
  return `<!DOCTYPE html>\n<html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>\n`;
}

function parseBody(raw: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(raw);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Splits a text into stream pieces at word boundaries, keeping the spaces. */
export function pieces(text: string): string[] {
  return text.split(/(?<=\s)/).filter((piece) => piece !== '');
}
