/**
 * What both batch adapters share: byte sizes, per-request errors as typed ProviderErrors (with the key
 * redacted), and the error a request left over by an expired batch gets.
 *
 * A per-request error carries an HTTP status (OpenAI's output lines) or only an error type (Anthropic's
 * `errored` results, OpenAI's line-level `error` objects). Types map the way in-stream errors do in
 * providers/errors.ts: overloaded_error → overloaded, rate_limit_error → rate-limited, api_error /
 * server_error → server-error (retryable); invalid_request_error, authentication_error, permission_error,
 * not_found_error → their 4xx codes (not retryable).
 */
import { errorCodeForStatus, isRetryableStatus } from '../providers/provider.ts';
import type { ProviderError } from '../providers/provider.ts';
import { PROVIDER_ERROR_TYPES } from '../providers/errors.ts';
import { redactSecrets } from '../providers/redact.ts';

const MAX_MESSAGE = 400;
const encoder = new TextEncoder();

export function utf8Bytes(text: string): number {
  return encoder.encode(text).length;
}


/** `provider: message`, whitespace folded, secrets redacted, at most 400 characters. */
export function cleanMessage(provider: string, message: string, secrets: readonly (string | null | undefined)[]): string {
  const text = redactSecrets(`${provider}: ${message}`.replace(/\s+/g, ' ').trim(), secrets);
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE - 1)}…` : text;
}

/** A request that failed with an HTTP status inside the batch. */
export function statusError(provider: string, status: number, type: string | undefined, message: string, secrets: readonly (string | null | undefined)[]): ProviderError {
  const text = `HTTP ${status}${type === undefined ? '' : ` ${type}`}: ${message}`;
  return { code: errorCodeForStatus(status), message: cleanMessage(provider, text, secrets), retryable: isRetryableStatus(status), status };
}

/** A request that failed with an error type and no status. */
export function typedError(provider: string, type: string | undefined, message: string, secrets: readonly (string | null | undefined)[]): ProviderError {
  const [code, retryable] = (type === undefined ? undefined : PROVIDER_ERROR_TYPES[type]) ?? ['unknown', false];
  return { code, message: cleanMessage(provider, `${type ?? 'error'}: ${message}`, secrets), retryable };
}

/** A request the batch did not reach before its 24-hour window closed (retryable: a new batch may). */
export function expiredError(provider: string): ProviderError {
  return { code: 'timeout', message: `${provider}: the batch expired before this request ran (24-hour window); not billed`, retryable: true };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
