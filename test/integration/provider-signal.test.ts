/**
 * A finished call must not stay reachable: the runner passes one run signal to every call, and each call
 * has a timer (ten minutes by default); an SDK listener left on the call's signal must not keep the call
 * alive through either. And a run of 64 calls in flight on one signal prints no listener warning.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { OpenAIProvider } from '../../src/core/index.ts';
import { FAKE_KEY, steppingClock } from './helpers.ts';
import { startOpenAIServer, type TestServer } from './servers/index.ts';

const FIXTURE = fileURLToPath(new URL('./fixtures/call-retention.ts', import.meta.url));

function reclaimed(mode: 'dispose' | 'keep'): number {
  const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', FIXTURE, mode], { encoding: 'utf8', timeout: 60_000 });
  expect(child.stderr).toBe('');
  return Number(child.stdout.trim());
}

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('call signals', () => {
  it('a disposed call is collectable although its timer has not fired; one not disposed is not', () => {
    expect(reclaimed('dispose')).toBeGreaterThanOrEqual(195);
    expect(reclaimed('keep')).toBeLessThanOrEqual(5);
  });

  it('64 calls in flight on one run signal: no listener-leak warning, and the run signal still stops them', async () => {
    server = await startOpenAIServer({ script: () => ({ fault: 'slow', delayMs: 300 }) });
    const provider = new OpenAIProvider({ apiKey: FAKE_KEY, baseURL: server.url, clock: steppingClock() });
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const run = new AbortController();
      const calls = Array.from({ length: 64 }, () =>
        provider.complete({ model: 'm', messages: [{ role: 'user', content: 'hi' }], maxOutputTokens: 8, signal: run.signal }).catch((e: unknown) => e),
      );
      run.abort();
      const outcomes = await Promise.all(calls);
      expect(outcomes.every((o) => (o as { error?: { code?: string } }).error?.code === 'aborted')).toBe(true);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });
});
