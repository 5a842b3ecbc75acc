/**
 * 1,000 trials through the real binary — 125 cases × 2 variants × 4 candidates (OpenAI, Anthropic, Ollama and a
 * vLLM server reached through costlab.yaml's providers.vllm.baseURL) — against loopback servers that inject a
 * fault into exactly 20 % of the trials: 429 with a small Retry-After, 500, 503, 529, a reset mid-stream, a
 * truncated stream, a response slower than the timeout (all transient: retried), malformed JSON and a 400
 * (not retried), and 500s that outlast every attempt.
 *
 * Checked against the servers' own request logs: every trial has exactly one result; a trial's requests are
 * its attempts; every request but a trial's last was a transient fault (so nothing else was retried) and the
 * last one decides the result; a 429's wait was its Retry-After; and the money — the sum of the results'
 * costUsd, the run-finished spentUsd, and what the usage the servers sent implies — is one and the same.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../core/runner/helpers.ts';
import { startAnthropicServer, startOllamaServer, startOpenAIServer } from '../integration/servers/index.ts';
import type { Fault, RecordedRequest, TestServer } from '../integration/servers/index.ts';
import { ndjson, numberedSet, project, runCliAsync, serverEnv } from './helpers.ts';

const CASES = 125;
const VARIANTS = ['base', 'alt'];
const SERVERS = ['openai', 'anthropic', 'ollama', 'vllm'] as const;
type ServerName = (typeof SERVERS)[number];
const TIMEOUT_MS = 3_000;
const RETRY_AFTER_MS = 20;
const MAX_ATTEMPTS = 4;

type Step = Fault | 'ok';
const TRANSIENT: Fault[] = [
  { fault: 'status', status: 429, headers: { 'retry-after': String(RETRY_AFTER_MS / 1000) } },
  { fault: 'status', status: 500 },
  { fault: 'status', status: 503 },
  { fault: 'status', status: 529 },
  { fault: 'reset-mid-stream' },
  { fault: 'truncated' },
  { fault: 'slow', delayMs: 30_000 },
];
const PERMANENT: Fault[] = [{ fault: 'malformed' }, { fault: 'status', status: 400 }];

/** The steps of a faulty trial: its requests' fates in order (the last one decides the result). */
function faultyScenario(i: number): Step[] {
  const transient = TRANSIENT[i % TRANSIENT.length] as Fault;
  switch (i % 10) {
    case 0: case 1: case 2: case 3: case 4: case 5: return [transient, 'ok'];
    case 6: return [transient, TRANSIENT[(i + 3) % TRANSIENT.length] as Fault, 'ok'];
    case 7: return Array.from({ length: MAX_ATTEMPTS }, () => ({ fault: 'status', status: 500 }) as Fault);
    default: return [PERMANENT[i % PERMANENT.length] as Fault];
  }
}

const isTransient = (step: Step) => step !== 'ok' && step.fault !== 'malformed' && !(step.fault === 'status' && step.status === 400);

function codeOf(step: Fault): string {
  if (step.fault === 'status') return ({ 429: 'rate-limited', 529: 'overloaded', 400: 'bad-request' } as Record<number, string>)[step.status] ?? 'server-error';
  return ({ 'reset-mid-stream': 'connection', truncated: 'connection', slow: 'timeout', malformed: 'malformed-response' } as Record<string, string>)[step.fault] ?? '?';
}

/** Picodollars per token (USD per million × 10^6), as costlab.yaml and the catalog give them. */
const RATES: Record<ServerName, { input: bigint; output: bigint }> = {
  openai: { input: 150_000n, output: 600_000n }, // gpt-4o-mini: $0.15 / $0.60 per M
  anthropic: { input: 1_000_000n, output: 5_000_000n }, // claude-haiku-4-5: $1 / $5 per M
  ollama: { input: 50_000n, output: 80_000n }, // llama-3.1-8b as costlab.yaml prices it: $0.05 / $0.08
  vllm: { input: 50_000n, output: 80_000n },
};

/** What the server's usage says was billed for a request that met `step` (streamed, as costlab asks). */
function billedUsage(server: ServerName, step: Step): { input: number; output: number } | null {
  const full = { openai: { input: 20, output: 6 }, vllm: { input: 20, output: 6 }, anthropic: { input: 25, output: 6 }, ollama: { input: 18, output: 6 } }[server];
  if (step === 'ok') return full;
  // Anthropic's message_start carries the input usage (output 1) before a stream is cut or turns malformed.
  if (server === 'anthropic' && ['reset-mid-stream', 'truncated', 'malformed'].includes(step.fault)) return { input: 25, output: 1 };
  return null;
}

describe('costlab run: 1,000 trials with 20 % injected faults', () => {
  const scenarios = new Map<string, Step[]>();
  const seen = new Map<string, Step[]>();
  const servers = {} as Record<ServerName, TestServer>;
  let cwd: string;

  const keyOf = (server: ServerName, request: RecordedRequest) => {
    const n = /Case (\d+):/.exec(request.raw)?.[1];
    const variant = /Variant (\w+)\./.exec(request.raw)?.[1];
    return `${server}|${n}|${variant}`;
  };
  const script = (server: ServerName) => (request: RecordedRequest) => {
    const key = keyOf(server, request);
    const steps = seen.get(key) ?? [];
    const step = (scenarios.get(key) ?? ['ok'])[steps.length] ?? 'ok';
    seen.set(key, [...steps, step]);
    return step === 'ok' ? undefined : step;
  };

  beforeAll(async () => {
    const keys = SERVERS.flatMap((s) => Array.from({ length: CASES }, (_, i) => VARIANTS.map((v) => `${s}|${i + 1}|${v}`)).flat());
    const random = seededRandom(20261122);
    const shuffled = keys.map((k) => [random(), k] as const).sort((a, b) => a[0] - b[0]).map(([, k]) => k);
    shuffled.slice(0, keys.length / 5).forEach((key, i) => scenarios.set(key, faultyScenario(i)));
    servers.openai = await startOpenAIServer({ script: script('openai') });
    servers.vllm = await startOpenAIServer({ script: script('vllm') });
    servers.anthropic = await startAnthropicServer({ script: script('anthropic') });
    servers.ollama = await startOllamaServer({ script: script('ollama') });
    const limits = `timeoutMs: ${TIMEOUT_MS}, concurrency: 8`;
    cwd = project({
      'prompts/faults.yaml': numberedSet('faults', CASES, ['alt'], ['openai:gpt-4o-mini', 'anthropic:claude-haiku-4-5', 'ollama:llama3.1:8b', 'vllm:meta-llama/Llama-3.1-8B-Instruct']),
      'costlab.yaml': [
        'models:',
        '  - { provider: meta, id: llama-3.1-8b-instruct, rates: { input: 0.05, output: 0.08 }, source: "https://example.test/gpu-estimate", asOf: 2026-11-01 }',
        'providers:',
        `  openai: { ${limits} }`,
        `  anthropic: { ${limits} }`,
        `  ollama: { ${limits} }`,
        `  vllm: { baseURL: "${servers.vllm.url}", ${limits} }`,
        '',
      ].join('\n'),
    });
  });
  afterAll(async () => Promise.all(Object.values(servers).map((s) => s.close())));

  it('ends every trial with one result, retries exactly the transient faults, and counts each billed call once', async () => {
    const result = await runCliAsync(['run', 'faults', '--json', '--concurrency', '24', '--max-tokens', '64'], { cwd, env: serverEnv(servers), timeoutMs: 120_000 });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const events = ndjson(result.stdout);
    const finished = events.at(-1) as Record<string, unknown>;
    expect(Object.keys(finished)).toEqual(['type', 'runId', 'trials', 'succeeded', 'failed', 'cached', 'spentUsd']);
    expect(finished).toMatchObject({ type: 'run-finished', trials: 1000, cached: 0 });
    const runId = finished['runId'] as string;

    // The store: the plan has 1,000 trials and its results log one line for each, none twice.
    const plan = JSON.parse(readFileSync(join(cwd, '.costlab', 'runs', `${runId}.plan.json`), 'utf8')) as { trials: { id: string }[] };
    const stored = ndjson(readFileSync(join(cwd, '.costlab', 'runs', `${runId}.results.ndjson`), 'utf8')) as unknown as StoredResult[];
    expect(plan.trials).toHaveLength(1000);
    expect(stored.map((r) => r.trialId).sort()).toEqual(plan.trials.map((t) => t.id).sort());
    expect(events.filter((e) => e['type'] === 'trial-finished')).toHaveLength(1000);

    // 20 % of the trials met a fault, on every server.
    const faulty = [...seen].filter(([, steps]) => steps.some((s) => s !== 'ok'));
    expect(faulty).toHaveLength(200);
    for (const server of SERVERS) expect(faulty.filter(([key]) => key.startsWith(`${server}|`)).length).toBeGreaterThan(30);

    // Each trial against what its server saw.
    let expectedPico = 0n;
    let succeeded = 0;
    for (const r of stored) {
      const server = serverOf(r.candidateId);
      const n = r.caseId.slice(1);
      const variant = r.candidateId.split('@')[0];
      const steps = seen.get(`${server}|${n}|${variant}`) ?? [];
      expect(r.attempts, r.trialId).toBe(steps.length);
      steps.slice(0, -1).forEach((step) => expect(isTransient(step), `${r.trialId} retried after ${JSON.stringify(step)}`).toBe(true));
      const last = steps.at(-1) as Step;
      if (last === 'ok') {
        succeeded++;
        expect(r.status).toBe('succeeded');
      } else {
        expect(r.status, r.trialId).toBe('failed');
        expect(r.error?.code, r.trialId).toBe(codeOf(last));
        if (isTransient(last)) expect(steps).toHaveLength(MAX_ATTEMPTS);
      }
      let trialPico = 0n;
      for (const step of steps) {
        const usage = billedUsage(server, step);
        if (usage) trialPico += BigInt(usage.input) * RATES[server].input + BigInt(usage.output) * RATES[server].output;
      }
      expect(r.costUsd, r.trialId).not.toBeNull();
      expect(toPico(r.costUsd ?? ''), r.trialId).toBe(trialPico);
      expectedPico += trialPico;
    }
    expect(finished['succeeded']).toBe(succeeded);
    expect(finished['failed']).toBe(1000 - succeeded);
    const summed = stored.reduce((sum, r) => sum + (r.costUsd === null ? 0n : toPico(r.costUsd)), 0n);
    expect(summed).toBe(expectedPico);
    expect(toPico(finished['spentUsd'] as string)).toBe(expectedPico);

    // The servers saw exactly the attempts the results report, and a 429's wait was its Retry-After.
    const requests = Object.values(servers).reduce((sum, s) => sum + s.requests.length, 0);
    expect(requests).toBe(stored.reduce((sum, r) => sum + r.attempts, 0));
    const retries = events.filter((e) => e['type'] === 'trial-retry') as { error: { code: string }; delayMs: number }[];
    expect(retries.length).toBe(requests - 1000);
    for (const retry of retries.filter((e) => e.error.code === 'rate-limited')) expect(retry.delayMs).toBe(RETRY_AFTER_MS);
  }, 150_000);
});

interface StoredResult {
  trialId: string;
  candidateId: string;
  caseId: string;
  status: string;
  attempts: number;
  costUsd: string | null;
  usage: unknown;
  error: { code: string } | null;
}

function serverOf(candidateId: string): ServerName {
  const model = candidateId.split('@')[1] ?? '';
  return (SERVERS.find((s) => model.startsWith(`${s}:`)) ?? 'openai') as ServerName;
}

function toPico(usd: string): bigint {
  const [whole = '0', frac = ''] = usd.split('.');
  return BigInt(whole) * 10n ** 12n + BigInt(frac.padEnd(12, '0').slice(0, 12));
}
