/**
 * The pieces of `costlab run` that need no process: the providers section of costlab.yaml, targets completed
 * from it, key scrubbing, the NDJSON projection of run-finished, and the progress view on and off a terminal.
 */
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/core/index.ts';
import { ProgressView, eventObjects, progressText } from '../../src/cli/run-events.ts';
import { resumeCommand } from '../../src/cli/run-store.ts';
import { nothingSucceeded, sessionTrials } from '../../src/cli/commands/run.ts';
import { retryFromEnv } from '../../src/cli/run-options.ts';
import { completeTarget, scrubSecrets, setUpProviders } from '../../src/cli/run-providers.ts';
import { formatDuration } from '../../src/cli/run-report.ts';
import { parseProvidersSection } from '../../src/platform/provider-config.ts';
import type { ProvidersConfig } from '../../src/platform/provider-config.ts';
import { catchError } from '../helpers/catch-error.ts';

function config(providers: Partial<ProvidersConfig['providers']> = {}): ProvidersConfig {
  const empty = { openai: { apiKeyEnv: 'OPENAI_API_KEY' }, anthropic: { apiKeyEnv: 'ANTHROPIC_API_KEY' }, ollama: {}, vllm: {}, llamacpp: {}, lmstudio: {}, 'openai-compatible': {} };
  return { file: null, providers: { ...empty, ...providers } };
}

describe('providers: in costlab.yaml', () => {
  it('reads every provider, ignoring the other sections', () => {
    const text = 'models: []\nproviders:\n  openai: { baseURL: "https://proxy.example/v1", apiKeyEnv: TEAM_KEY, concurrency: 2, rpm: 500, tpm: 200000, timeoutMs: 30000 }\n  ollama: { host: "gpu-box:11434" }\n  vllm: { baseURL: "http://gpu-box:8000/v1", concurrency: 16 }\n';
    expect(parseProvidersSection(text, 'costlab.yaml')).toEqual({
      openai: { baseURL: 'https://proxy.example/v1', apiKeyEnv: 'TEAM_KEY', concurrency: 2, rpm: 500, tpm: 200_000, timeoutMs: 30_000 },
      ollama: { host: 'gpu-box:11434' },
      vllm: { baseURL: 'http://gpu-box:8000/v1', concurrency: 16 },
    });
    expect(parseProvidersSection('models: []\n', 'costlab.yaml')).toEqual({});
  });

  it.each([
    ['providers:\n  opneai: {}\n', "costlab.yaml:2:3: field providers.opneai: unknown field 'opneai' — did you mean 'openai'?"],
    ['providers:\n  anthropic:\n    timeoutMs: 1.5\n', 'costlab.yaml:3:16: field providers.anthropic.timeoutMs: expected a whole number'],
    ['providers:\n  vllm: { baseURL: gpu-box:8000 }\n', 'costlab.yaml:2:20: field providers.vllm.baseURL: an http:// or https:// URL'],
    ['providers:\n  openai: { apiKeyEnv: "sk-abc" }\n', 'costlab.yaml:2:24: field providers.openai.apiKeyEnv: the NAME of an environment variable, such as OPENAI_API_KEY'],
  ])('%j → %s', (text, message) => {
    expect(catchError(() => parseProvidersSection(text, 'costlab.yaml')).describe()).toMatch(new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });

  it('refuses a key written in the file without repeating it', () => {
    const error = catchError(() => parseProvidersSection('providers:\n  vllm:\n    api_key: hunter2-secret-value\n', 'costlab.yaml'));
    expect(error.describe()).toBe(
      'costlab.yaml:3:5: field providers.vllm.api_key: a key may not be written in costlab.yaml: costlab reads keys from the environment only' +
        ' — remove it (and rotate it if the file was shared), export it as VLLM_API_KEY, and write apiKeyEnv: VLLM_API_KEY',
    );
  });
});

describe('targets and keys', () => {
  it('completes an OpenAI-compatible target from providers.<name>.baseURL, and leaves the rest', () => {
    const withVllm = config({ vllm: { baseURL: 'http://gpu-box:8000/v1' } });
    expect(completeTarget('vllm:meta-llama/Llama-3.1-8B-Instruct', withVllm)).toBe('vllm:meta-llama/Llama-3.1-8B-Instruct@http://gpu-box:8000/v1');
    expect(completeTarget('vllm:x@http://other:9000/v1', withVllm)).toBe('vllm:x@http://other:9000/v1');
    expect(completeTarget('llamacpp:x', withVllm)).toBe('llamacpp:x');
    expect(completeTarget('openai:gpt-4o-mini', withVllm)).toBe('openai:gpt-4o-mini');
  });

  it('fails before any call when a needed key is missing, naming the variable', () => {
    const candidate = { id: 'base@anthropic:claude-haiku-4-5', variant: 'base', model: 'anthropic:claude-haiku-4-5', target: 'anthropic:claude-haiku-4-5', params: { maxOutputTokens: 10 } };
    const options = { clock: { now: () => 0, monotonic: () => 0 }, counters: new Map(), stream: true };
    expect(catchError(() => setUpProviders([candidate], config(), { ...options, env: {} })).message).toBe('anthropic:claude-haiku-4-5 needs an API key, and ANTHROPIC_API_KEY is not set');
    const setup = setUpProviders([candidate], config({ anthropic: { apiKeyEnv: 'ANTHROPIC_API_KEY', concurrency: 3 } }), { ...options, env: { ANTHROPIC_API_KEY: 'sk-ant-0123456789' } });
    expect(setup.secrets).toEqual(['sk-ant-0123456789']);
    expect(setup.perProvider).toEqual({ anthropic: { concurrency: 3 } });
    expect(setup.providers(candidate).kind).toBe('anthropic');
  });

  it('scrubs a key, a masked or cut echo of it, and nothing else', () => {
    const key = 'sk-proj-Abcdefgh12345678Zyxwvu';
    expect(scrubSecrets(`key ${key}, masked sk-proj-********vu, tail h12345678Zyx. Other: sk-other-token api_key=xyz`, [key])).toBe(
      'key [redacted], masked [redacted], tail [redacted]. Other: sk-other-token api_key=xyz',
    );
    expect(scrubSecrets('{"output":"a sk-proj-Abcdefgh1 b"}', [key])).toBe('{"output":"a [redacted] b"}');
    expect(scrubSecrets('short k3y here', ['k3y'])).toBe('short [redacted] here');
  });
});

describe('events', () => {
  const finished: RunEvent = { type: 'run-finished', runId: 'r1', trials: 4, succeeded: 3, failed: 1, cached: 0, notRun: 0, spentUsd: '0.0012', unpriced: 0, status: 'finished' };

  it('projects run-finished onto exactly its documented keys; a stopped run says so first', () => {
    expect(eventObjects(finished)).toEqual([{ type: 'run-finished', runId: 'r1', trials: 4, succeeded: 3, failed: 1, cached: 0, spentUsd: '0.0012' }]);
    expect(Object.keys(eventObjects(finished)[0] ?? {})).toEqual(['type', 'runId', 'trials', 'succeeded', 'failed', 'cached', 'spentUsd']);
    expect(eventObjects({ ...finished, status: 'stopped', notRun: 2 })).toEqual([
      { type: 'run-stopped', runId: 'r1', notRun: 2, resume: 'costlab run --resume r1' },
      { type: 'run-finished', runId: 'r1', trials: 4, succeeded: 3, failed: 1, cached: 0, spentUsd: '0.0012' },
    ]);
  });

  it("names the run's --store in the run-stopped event's resume command (quoted for the shell when it must be)", () => {
    const stopped: RunEvent = { ...finished, status: 'stopped', notRun: 2 };
    expect(eventObjects(stopped, 'runs/q3')[0]).toEqual({ type: 'run-stopped', runId: 'r1', notRun: 2, resume: 'costlab run --resume r1 --store runs/q3' });
    expect(resumeCommand('r1', "my team's store")).toBe("costlab run --resume r1 --store 'my team'\\''s store'");
    expect(resumeCommand('r1', undefined)).toBe('costlab run --resume r1');
  });

  it('says how many trials a session ran: all of them, or when stopped so many of the trials it was given', () => {
    expect(sessionTrials({ trials: 108, notRun: 0, status: 'finished' })).toBe('108 trials in this session');
    // a resume given 108 trials, stopped with 106 still without a result: 108 − 106 = 2 ran
    expect(sessionTrials({ trials: 108, notRun: 106, status: 'stopped' })).toBe('2 of 108 trials run in this session');
  });

  it('calls a session where trials ran and none succeeded a failure (exit 1); a cached answer is a success', () => {
    expect(nothingSucceeded({ succeeded: 0, failed: 3 })).toBe(true);
    expect(nothingSucceeded({ succeeded: 1, failed: 3 })).toBe(false);
    expect(nothingSucceeded({ succeeded: 0, failed: 0 })).toBe(false); // nothing to run (a resume of a finished run)
  });

  it('writes the progress line: done/total, ETA, spend so far and projected', () => {
    expect(progressText({ done: 250, total: 1000, etaMs: 65_000, spentUsd: '0.0125', projectedUsd: '0.05', unpriced: 0 })).toBe(
      '250/1,000 trials (25%) · ETA 1m05s · spent $0.0125 · projected $0.05',
    );
    expect(progressText({ done: 0, total: 3, etaMs: null, spentUsd: '0', projectedUsd: null, unpriced: 2 })).toBe('0/3 trials (0%) · ETA — · spent $0.00 + 2 unpriced · projected unknown');
    expect([900, 12_400, 3_599_000, 7_260_000].map(formatDuration)).toEqual(['0.9s', '12s', '59m59s', '2h01m']);
  });

  const progress = (done: number): RunEvent => ({ type: 'progress', runId: 'r1', done, total: 4, spentUsd: '0', projectedUsd: '0', etaMs: 10, unpriced: 0 });

  it('redraws one line in place on a terminal, at most every 100 ms, and clears it at the end', () => {
    let now = 0;
    const written: string[] = [];
    const view = new ProgressView({ write: (t) => written.push(t), tty: true, now: () => now, secrets: [] });
    view.onEvent(progress(1));
    now = 50;
    view.onEvent(progress(2)); // too soon
    now = 200;
    view.onEvent(progress(3));
    view.onEvent(progress(4)); // the last one always
    view.onEvent(finished);
    expect(written.map((w) => w.replace(/ · .*/, ''))).toEqual(['\r\x1b[2K1/4 trials (25%)', '\r\x1b[2K3/4 trials (75%)', '\r\x1b[2K4/4 trials (100%)', '\r\x1b[2K']);
  });

  it('prints plain periodic lines elsewhere', () => {
    let now = 0;
    const written: string[] = [];
    const view = new ProgressView({ write: (t) => written.push(t), tty: false, intervalMs: 1_000, now: () => now, secrets: [] });
    for (const done of [1, 2, 3]) {
      view.onEvent(progress(done));
      now += 600;
    }
    view.onEvent(progress(4));
    expect(written.map((w) => w.replace(/ · .*\n$/, ''))).toEqual(['progress: 1/4 trials (25%)', 'progress: 3/4 trials (75%)', 'progress: 4/4 trials (100%)']);
  });
});

describe('the retry knobs for tests', () => {
  it('reads COSTLAB_RETRY_* as whole numbers', () => {
    expect(retryFromEnv({ COSTLAB_RETRY_BASE_MS: '1', COSTLAB_RETRY_MAX_DELAY_MS: '5', COSTLAB_RETRY_MAX_ATTEMPTS: '2' })).toEqual({ baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 2 });
    expect(retryFromEnv({})).toEqual({});
    expect(catchError(() => retryFromEnv({ COSTLAB_RETRY_MAX_ATTEMPTS: '0' })).message).toBe('COSTLAB_RETRY_MAX_ATTEMPTS must be a whole number ≥ 1, got "0"');
  });
});
