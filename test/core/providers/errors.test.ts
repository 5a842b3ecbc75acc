import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { CostlabError } from '../../../src/core/errors.ts';
import { MalformedResponseError, parseRetryAfter, toProviderError } from '../../../src/core/providers/errors.ts';
import type { ErrorContext } from '../../../src/core/providers/errors.ts';
import { errorCodeForStatus, isRetryableStatus } from '../../../src/core/providers/provider.ts';
import { redactSecrets } from '../../../src/core/providers/redact.ts';

const NOW = Date.UTC(2026, 0, 1);
const KEY = 'sk-ant-api03-FAKEFAKEFAKE0123456789-abcdefghijklmnop';
const context: ErrorContext = { provider: 'test', secrets: [KEY], clock: { now: () => NOW, monotonic: () => 0 } };
const headers = (values: Record<string, string>) => new Headers(values);

describe('parseRetryAfter', () => {
  it.each([
    [{ 'retry-after': '3' }, 3_000],
    [{ 'retry-after': '0.5' }, 500],
    [{ 'retry-after': ' 12 ' }, 12_000],
    [{ 'retry-after-ms': '250' }, 250],
    [{ 'retry-after-ms': '250.4', 'retry-after': '30' }, 251],
    [{ 'retry-after-ms': 'x', 'retry-after': '30' }, 30_000],
    [{ 'retry-after': 'Thu, 01 Jan 2026 00:00:45 GMT' }, 45_000],
    [{ 'retry-after': 'Wed, 31 Dec 2025 23:59:00 GMT' }, 0],
    [{ 'retry-after': '-5' }, undefined],
    [{ 'retry-after': 'later' }, undefined],
    [{}, undefined],
  ])('%j → %s', (values, expected) => {
    expect(parseRetryAfter(headers(values), NOW)).toBe(expected);
  });
});

describe('redactSecrets', () => {
  it('removes the key, masked echoes of it, key-shaped strings, bearer values and URL user info', () => {
    const masked = `${KEY.slice(0, 10)}****${KEY.slice(-4)}`;
    const text = `bad key ${KEY}; shown as ${masked}; other sk-proj-abcdefghij1234; Authorization: Bearer tok_123456789; https://bob:hunter22@llm.example.com/v1; x-api-key=zzzzzzzzzz`;
    const clean = redactSecrets(text, [KEY]);
    expect(clean).not.toContain(KEY.slice(0, 10));
    expect(clean).not.toContain('sk-proj-abcdefghij1234');
    expect(clean).not.toContain('tok_123456789');
    expect(clean).not.toContain('hunter22');
    expect(clean).not.toContain('zzzzzzzzzz');
    expect(clean).toContain('https://[redacted]@llm.example.com/v1');
  });

  it('replaces a short secret only where it stands alone', () => {
    expect(redactSecrets('token abc rejected; abcdef is fine', ['abc'])).toBe('token [redacted] rejected; abcdef is fine');
  });

  it('leaves ordinary messages alone', () => {
    const text = 'Rate limit reached for gpt-4o-mini in organization org-abc on requests per min (RPM): Limit 3';
    expect(redactSecrets(text, [KEY])).toBe(text);
  });
});

describe('toProviderError', () => {
  it('maps SDK status errors by status, with the body message and type', () => {
    const openai = OpenAI.APIError.generate(429, { error: { message: 'slow down', type: 'requests' } }, undefined, headers({ 'retry-after': '2' }));
    expect(toProviderError(openai, context)).toEqual({
      code: 'rate-limited',
      message: 'test: HTTP 429 requests: slow down',
      retryable: true,
      status: 429,
      retryAfterMs: 2_000,
    });
    const body = { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } };
    const anthropic = Anthropic.APIError.generate(529, body, undefined, headers({}));
    expect(toProviderError(anthropic, context)).toMatchObject({ code: 'overloaded', retryable: true, status: 529 });
  });

  it("gives a proxy's HTML error page as its text", () => {
    const page = '<!DOCTYPE html><html><head><title>502 Bad Gateway</title><style>h1{}</style></head><body><h1>nginx</h1></body></html>';
    const error = OpenAI.APIError.generate(502, undefined, page, headers({ 'content-type': 'text/html' }));
    expect(toProviderError(error, context).message).toBe('test: HTTP 502: 502 Bad Gateway nginx');
  });

  it('maps connection, timeout and abort errors of both SDKs', () => {
    expect(toProviderError(new OpenAI.APIConnectionError({ message: 'down' }), context).code).toBe('connection');
    expect(toProviderError(new Anthropic.APIConnectionTimeoutError(), context)).toMatchObject({ code: 'timeout', retryable: true });
    expect(toProviderError(new OpenAI.APIUserAbortError(), context)).toMatchObject({ code: 'aborted', retryable: false });
  });

  it('maps fetch failures by their cause code', () => {
    const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    expect(toProviderError(refused, context)).toMatchObject({ code: 'connection', retryable: true });
    expect(toProviderError(new TypeError('terminated'), context).code).toBe('connection');
  });

  it('maps unparseable bodies and bad usage to malformed-response, not retryable', () => {
    expect(toProviderError(new SyntaxError('Unexpected token <'), context)).toMatchObject({ code: 'malformed-response', retryable: false });
    expect(toProviderError(new MalformedResponseError('no choices'), context).code).toBe('malformed-response');
    expect(toProviderError(new CostlabError('bad-usage', 'prompt_tokens must be a count'), context).code).toBe('malformed-response');
  });

  it('leaves anything else unknown and not retryable, without the key', () => {
    const error = toProviderError(new Error(`weird failure with ${KEY}`), context);
    expect(error).toEqual({ code: 'unknown', message: 'test: weird failure with [redacted]', retryable: false });
  });
});

describe('status rules', () => {
  it.each([
    [408, 'timeout', true],
    [429, 'rate-limited', true],
    [529, 'overloaded', true],
    [503, 'server-error', true],
    [422, 'bad-request', false],
    [401, 'auth', false],
  ] as const)('%i → %s, retryable %s', (status, code, retryable) => {
    expect(errorCodeForStatus(status)).toBe(code);
    expect(isRetryableStatus(status)).toBe(retryable);
  });
});
