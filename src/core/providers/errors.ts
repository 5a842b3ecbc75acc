/**
 * The one place where what went wrong in a provider call becomes a typed ProviderError
 * `{ code, message, retryable, status?, retryAfterMs? }`. Every adapter sends every failure through
 * `toProviderError`, so the retry rule is the same for all of them:
 *
 * | what happened                                              | code                 | retryable |
 * | ---------------------------------------------------------- | -------------------- | --------- |
 * | HTTP 408, 429, 500, 502, 503, 504, 529                     | by status            | yes       |
 * | HTTP 400, 401, 403, 404, 422 and other 4xx                 | by status            | no        |
 * | no answer within the timeout (headers or streamed body)    | `timeout`            | yes       |
 * | refused, reset, DNS failure, a stream cut short            | `connection`         | yes       |
 * | an error event inside a stream (e.g. `overloaded_error`)   | by its type¹         | by type   |
 * | a body or stream event that is not the protocol's JSON,    | `malformed-response` | no        |
 * | an HTML page, a JSON body where a stream was asked for     |                      |           |
 * | the caller's signal aborted                                | `aborted`            | no        |
 *
 * A stream that ends cleanly but early (no final event, no finish reason) is `connection`: the bytes
 * stopped, as with a reset, and another attempt usually succeeds. Malformed JSON is not retried: a
 * server that answers outside its protocol (a wrong base URL, an HTML error page from a proxy, a
 * server that does not speak the API) usually does so every time, and each retry may be billed.
 *
 * ¹ overloaded_error → overloaded, rate_limit_error → rate-limited, api_error / server_error → server-error
 * (all retryable); invalid_request_error, authentication_error, permission_error, not_found_error → their
 * 4xx codes (not retryable); an unknown type → server-error, retryable.
 *
 * Retry-After is read from `retry-after-ms` (milliseconds, OpenAI) or `retry-after` (seconds, or an
 * HTTP date measured against the injected clock). Messages never contain the key the adapter holds
 * (see redact.ts).
 */
import {
  APIConnectionError as AnthropicConnectionError,
  APIConnectionTimeoutError as AnthropicTimeoutError,
  APIError as AnthropicAPIError,
  APIUserAbortError as AnthropicAbortError,
} from '@anthropic-ai/sdk';
import {
  APIConnectionError as OpenAIConnectionError,
  APIConnectionTimeoutError as OpenAITimeoutError,
  APIError as OpenAIAPIError,
  APIUserAbortError as OpenAIAbortError,
} from 'openai';
import { CostlabError } from '../errors.ts';
import type { Clock } from '../ports.ts';
import type { CallScope } from './call.ts';
import { ProviderCallError, errorCodeForStatus, isRetryableStatus } from './provider.ts';
import type { ProviderError, ProviderErrorCode } from './provider.ts';
import { redactSecrets } from './redact.ts';

/** A body or stream event that does not follow the provider's protocol. */
export class MalformedResponseError extends Error {
  override readonly name = 'MalformedResponseError';
}

/** A stream that ended (cleanly or not) before its final event. */
export class StreamEndedEarlyError extends Error {
  override readonly name = 'StreamEndedEarlyError';
}

/**
 * Throws MalformedResponseError when a streamed response is plainly not a stream: an HTML page (a wrong
 * base URL, a proxy's error page) or a JSON body (a server that ignored `stream: true`). Without this the
 * SDKs read no events from it and the call would look like a stream cut short, and be retried.
 */
export function assertEventStream(headers: HeaderReader): void {
  const type = headers.get('content-type') ?? '';
  if (/html|json/i.test(type) && !/event-stream/i.test(type)) {
    throw new MalformedResponseError(`expected an event stream, got ${type.split(';')[0]}`);
  }
}

export interface HeaderReader {
  get(name: string): string | null;
}

export interface ErrorContext {
  /** Names the provider in messages: `openai`, `anthropic`, `ollama`, `openai-compatible`. */
  provider: string;
  /** Credentials the adapter holds: never part of a message. */
  secrets: readonly (string | null | undefined)[];
  clock: Clock;
  scope?: CallScope;
  /** Headers of the failed response when the error itself carries none (Ollama's ResponseError). */
  headers?: HeaderReader | null;
}

const MAX_MESSAGE = 400;

/**
 * Provider error types (Anthropic `event: error` and error bodies, OpenAI `data: {"error": …}`, batch
 * result lines) → code and retryability.
 */
export const PROVIDER_ERROR_TYPES: Readonly<Record<string, readonly [ProviderErrorCode, boolean]>> = {
  overloaded_error: ['overloaded', true],
  rate_limit_error: ['rate-limited', true],
  rate_limit_exceeded: ['rate-limited', true],
  api_error: ['server-error', true],
  server_error: ['server-error', true],
  timeout_error: ['timeout', true],
  invalid_request_error: ['bad-request', false],
  request_too_large: ['bad-request', false],
  authentication_error: ['auth', false],
  permission_error: ['forbidden', false],
  not_found_error: ['not-found', false],
  billing_error: ['forbidden', false],
};

/** Node/undici error codes of a failed or broken connection. */
const CONNECTION_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH',
  'ENETUNREACH', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** Maps anything an adapter call threw to a ProviderError. */
export function toProviderError(error: unknown, context: ErrorContext): ProviderError {
  const make = (code: ProviderErrorCode, message: string, retryable: boolean, extra: Partial<ProviderError> = {}) =>
    providerError(context, code, message, retryable, extra);

  if (error instanceof ProviderCallError) return { ...error.error, message: clean(error.error.message, context) };

  const status = statusOf(error);
  if (status !== undefined) {
    const headers = headersOf(error) ?? context.headers ?? null;
    const retryAfterMs = headers === null ? undefined : parseRetryAfter(headers, context.clock.now());
    const { type, message } = describeBody(error);
    // The SDKs prefix their own message with the status; it is already in ours.
    const text = `HTTP ${status}${type === undefined ? '' : ` ${type}`}: ${message.replace(new RegExp(`^${status}\\s+`), '')}`;
    return make(errorCodeForStatus(status), text, isRetryableStatus(status), {
      status,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }

  const stopped = context.scope?.stopReason() ?? null;
  if (stopped === 'aborted') return make('aborted', 'the call was aborted', false);
  if (stopped === 'timeout') {
    return make('timeout', `no complete response within ${context.scope?.timeoutMs ?? '?'} ms`, true);
  }

  if (error instanceof OpenAITimeoutError || error instanceof AnthropicTimeoutError || nameOf(error) === 'TimeoutError') {
    return make('timeout', 'the request timed out', true);
  }
  if (error instanceof OpenAIAbortError || error instanceof AnthropicAbortError || nameOf(error) === 'AbortError') {
    return make('aborted', 'the call was aborted', false);
  }
  if (error instanceof StreamEndedEarlyError) return make('connection', error.message, true);
  if (error instanceof OpenAIConnectionError || error instanceof AnthropicConnectionError || isNetworkError(error)) {
    return make('connection', `connection failed: ${connectionDetail(error)}`, true);
  }
  if (error instanceof OpenAIAPIError || error instanceof AnthropicAPIError) {
    // An error event inside a stream: there is no status, only the error's type.
    const { type, message } = describeBody(error);
    const [code, retryable] = (type === undefined ? undefined : PROVIDER_ERROR_TYPES[type]) ?? ['server-error', true];
    return make(code, `error event in the stream${type === undefined ? '' : ` (${type})`}: ${message}`, retryable);
  }
  if (error instanceof MalformedResponseError || error instanceof SyntaxError) {
    return make('malformed-response', `malformed response: ${messageOf(error)}`, false);
  }
  if (error instanceof CostlabError) {
    return make('malformed-response', `malformed response: ${error.message}`, false);
  }
  return make('unknown', messageOf(error), false);
}

/** Wraps toProviderError in the exception adapters throw. */
export function toProviderCallError(error: unknown, context: ErrorContext, billedUsage?: ProviderCallError['billedUsage']) {
  return new ProviderCallError(toProviderError(error, context), billedUsage);
}

/**
 * Milliseconds to wait from `retry-after-ms` (OpenAI; milliseconds) or `retry-after` (RFC 9110:
 * delay-seconds, or an HTTP date compared with `nowMs`). A date in the past gives 0; an unreadable
 * value gives undefined.
 */
export function parseRetryAfter(headers: HeaderReader, nowMs: number): number | undefined {
  const ms = headers.get('retry-after-ms')?.trim();
  if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms)) return Math.ceil(Number(ms));
  const value = headers.get('retry-after')?.trim();
  if (value === undefined || value === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
  if (!/[A-Za-z]/.test(value)) return undefined; // a negative or odd number, not an HTTP date
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

function providerError(
  context: ErrorContext,
  code: ProviderErrorCode,
  message: string,
  retryable: boolean,
  extra: Partial<ProviderError>,
): ProviderError {
  return { code, message: clean(`${context.provider}: ${message}`, context), retryable, ...extra };
}

function clean(message: string, context: ErrorContext): string {
  const redacted = redactSecrets(message.replace(/\s+/g, ' ').trim(), context.secrets);
  return redacted.length > MAX_MESSAGE ? `${redacted.slice(0, MAX_MESSAGE - 1)}…` : redacted;
}

function statusOf(error: unknown): number | undefined {
  if (error instanceof OpenAIAPIError || error instanceof AnthropicAPIError) {
    return typeof error.status === 'number' ? error.status : undefined;
  }
  // Ollama's ResponseError (not exported by the package): `status_code` and `error`.
  if (isRecord(error) && nameOf(error) === 'ResponseError' && typeof error['status_code'] === 'number') {
    return error['status_code'];
  }
  return undefined;
}

function headersOf(error: unknown): HeaderReader | undefined {
  if (error instanceof OpenAIAPIError || error instanceof AnthropicAPIError) {
    const headers: unknown = error.headers;
    if (isRecord(headers) && typeof headers['get'] === 'function') return headers as unknown as HeaderReader;
  }
  return undefined;
}

/** The error's type and human message, from the body in each provider's error format. */
function describeBody(error: unknown): { type: string | undefined; message: string } {
  if (!isRecord(error)) return { type: undefined, message: messageOf(error) };
  const body = error['error'];
  // OpenAI: error.error = {message, type, code}; Anthropic: error.error = {type: 'error', error: {type, message}};
  // Ollama: error.error = 'message'.
  const inner = isRecord(body) && isRecord(body['error']) ? body['error'] : body;
  const type = firstString(isRecord(inner) ? inner['type'] : undefined, error['type']);
  const message =
    firstString(isRecord(inner) ? inner['message'] : undefined, typeof body === 'string' ? body : undefined) ??
    messageOf(error);
  return { type: type === 'error' ? undefined : type, message: textOfHtml(message) };
}

/** A proxy's HTML error page, as its text. */
function textOfHtml(message: string): string {
  if (!/<(!doctype|html|head|body)\b/i.test(message)) return message;
  return message.replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
}

function isNetworkError(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; isRecord(current) && depth < 5; current = current['cause'], depth += 1) {
    const code = current['code'];
    if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
    if (current instanceof TypeError && /^(fetch failed|terminated)$/.test(current.message)) return true;
  }
  return false;
}

function connectionDetail(error: unknown): string {
  const parts: string[] = [];
  for (let current: unknown = error, depth = 0; isRecord(current) && depth < 5; current = current['cause'], depth += 1) {
    const code = current['code'];
    const text = [typeof code === 'string' ? code : null, messageOf(current)].filter(Boolean).join(' ');
    if (text !== '' && !parts.includes(text)) parts.push(text);
  }
  return parts.join(' ← ') || 'unknown cause';
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  return String(error);
}

function nameOf(error: unknown): string | undefined {
  return isRecord(error) && typeof error['name'] === 'string' ? error['name'] : undefined;
}

function firstString(...values: unknown[]): string | undefined {
  for (const value of values) if (typeof value === 'string' && value !== '') return value;
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
