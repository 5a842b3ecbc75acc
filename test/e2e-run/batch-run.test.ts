/**
 * `costlab run --batch` through the real binary against the loopback batch servers (OpenAI Batch API,
 * Anthropic Message Batches): the dry-run bill at batch rates worked by hand, the checks before anything is
 * sent, a run priced by hand at batch rates with exactly one result per trial (answers, a per-line error, an
 * expired request, and ollama — no batch API — with its typed error rows), the NDJSON events, and the
 * progress people see.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startAnthropicBatchServer } from '../integration/servers/batch-anthropic.ts';
import type { AnthropicBatchScript } from '../integration/servers/batch-anthropic.ts';
import { nthMatching } from '../integration/servers/batch-harness.ts';
import { startOpenAIBatchServer } from '../integration/servers/batch-openai.ts';
import type { OpenAIBatchScript } from '../integration/servers/batch-openai.ts';
import { startOllamaServer } from '../integration/servers/index.ts';
import type { TestServer } from '../integration/servers/index.ts';
import { ANTHROPIC_KEY, OPENAI_KEY, baseEnv, keyPieces, ndjson, numberedSet, project, readTree, runCliAsync, serverEnv } from './helpers.ts';
import { HELLO } from './helpers.ts';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** The loopback batch servers and an Ollama server, with a fast poll for the binary. */
async function batchServers(openaiScript: OpenAIBatchScript = {}, anthropicScript: AnthropicBatchScript = {}) {
  const openai = await startOpenAIBatchServer(openaiScript);
  const anthropic = await startAnthropicBatchServer(anthropicScript);
  const ollama = await startOllamaServer();
  servers.push(openai, anthropic, ollama);
  const env = serverEnv({ openai, anthropic, ollama }, { COSTLAB_BATCH_POLL_MS: '5' });
  return { openai, anthropic, ollama, env };
}

/** Whether a request's messages are those of case `n` (`Case N: say hello to the tester.`). */
const isCase = (messages: unknown, n: number) => JSON.stringify(messages).includes(`Case ${n}:`);

const MODELS = ['openai:gpt-4o-mini', 'anthropic:claude-haiku-4-5', 'ollama:llama3.1:8b'];

/**
 * Case 1 is answered by both providers; case 2 fails on OpenAI with a per-line HTTP 400 (its message echoing
 * the key) and expires on Anthropic. The first poll of the OpenAI batch after the first gets a 500.
 */
function workedScripts(): [OpenAIBatchScript, AnthropicBatchScript] {
  return [
    {
      line: (input) =>
        isCase(input.body['messages'], 1)
          ? { text: 'openai batch answer', usage: { prompt_tokens: 2000, completion_tokens: 300, total_tokens: 2300 } }
          : { status: 400, type: 'invalid_request_error', message: `max_completion_tokens is too small (key ${OPENAI_KEY})` },
      fault: nthMatching((r) => r.method === 'GET' && r.path.startsWith('/v1/batches/'), 2, { status: 500, message: 'The server had an error' }),
    },
    {
      line: (entry) =>
        isCase(entry.params['messages'], 1)
          ? { text: 'claude batch answer', usage: { input_tokens: 1000, output_tokens: 200, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 } }
          : { expired: true },
    },
  ];
}


describe('costlab run --batch --dry-run: the bill at batch rates, a worked example', () => {
  // As in run-cli.test.ts: 18 input tokens per gpt-4o-mini call (exact, o200k_base), a 5-token reference.
  // gpt-4o-mini batch: $0.075 per M input, $0.30 per M output. Per call, with --max-tokens 100:
  //   min      = 18 × 0.075 / 1e6                  = $0.00000135
  //   expected = 18 × 0.075 / 1e6 +   5 × 0.30 / 1e6 = $0.00000135 + $0.0000015 = $0.00000285
  //   max      = 18 × 0.075 / 1e6 + 100 × 0.30 / 1e6 = $0.00000135 + $0.00003   = $0.00003135
  // 3 repeats: $0.00000405, $0.00000855, $0.00009405 — half the standard bill ($0.0000081, $0.0000171, $0.0001881).
  // claude-haiku-4-5 batch: $0.50 / $2.50 per M, half of $1 / $5: its counts are estimates (≈), so its figures
  // are checked as min = ≈tokens × $0.50 per M, and each figure exactly half of the standard bill's.
  it('prints min / expected / max at the batch rates, calls nothing and writes nothing', async () => {
    const cwd = project({ 'hello.yaml': HELLO });
    const args = ['run', 'hello.yaml', '--dry-run', '--repeats', '3', '--max-tokens', '100', '--models', 'openai:gpt-4o-mini,anthropic:claude-haiku-4-5'];
    const result = await runCliAsync([...args, '--batch'], { cwd, env: baseEnv() });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('costlab run hello — dry run: nothing is called, nothing is written');
    expect(lines[1]).toBe('2 candidates × 1 case × 3 repeats = 6 trials, at most 100 output tokens per call, through the Batch APIs');
    expect(lines.find((l) => l.startsWith('base@openai'))?.split(/\s{2,}/)).toEqual(['base@openai:gpt-4o-mini[max=100]', '3', '54', '$0.00000405', '$0.00000855', '$0.00009405']);
    expect(result.stdout).toContain('batch: priced at the Batch API rates (OpenAI Batch, Anthropic Message Batches), answered within 24 hours\n');
    const claude = lines.find((l) => l.startsWith('base@anthropic'))?.split(/\s{2,}/) ?? [];
    const tokens = Number(claude[2]?.replace('≈', ''));
    expect(claude[3]).toBe(`$${fixed(tokens * 0.5)}`);

    const batch = JSON.parse((await runCliAsync([...args, '--batch', '--json'], { cwd, env: baseEnv() })).stdout) as DryRun;
    const standard = JSON.parse((await runCliAsync([...args, '--json'], { cwd, env: baseEnv() })).stdout) as DryRun;
    expect(batch).toMatchObject({ type: 'dry-run', trials: 6, batch: true });
    expect(standard).not.toHaveProperty('batch');
    expect(batch.bill.candidates[0]).toMatchObject({ inputTokens: 54, exact: true, minUsd: '0.00000405', expectedUsd: '0.00000855', maxUsd: '0.00009405' });
    for (const [i, c] of batch.bill.candidates.entries()) {
      const s = standard.bill.candidates[i] as Figures;
      expect([c.minUsd, c.expectedUsd, c.maxUsd]).toEqual([half(s.minUsd), half(s.expectedUsd), half(s.maxUsd)]);
    }
    expect(batch.bill.total).toEqual({ minUsd: half(standard.bill.total.minUsd), expectedUsd: half(standard.bill.total.expectedUsd), maxUsd: half(standard.bill.total.maxUsd) });
    expect(existsSync(join(cwd, '.costlab'))).toBe(false);
  });
});

describe.concurrent('costlab run --batch: bad input exits 2 before anything is sent or written', () => {
  const cases: [string, string[], Record<string, string>, RegExp][] = [
    ['a missing key', ['run', 'hello.yaml', '--batch'], {}, /^costlab: openai:gpt-4o-mini needs an API key, and OPENAI_API_KEY is not set/],
    ['an unknown model', ['run', 'hello.yaml', '--batch', '--models', 'openai:gpt-4o-mnii'], { OPENAI_API_KEY: OPENAI_KEY }, /^costlab: unknown model 'openai:gpt-4o-mnii'/],
    ['an unknown set', ['run', 'nope', '--batch'], { OPENAI_API_KEY: OPENAI_KEY }, /^costlab: nope: no prompt set 'nope'/],
    ['a bad COSTLAB_BATCH_POLL_MS', ['run', 'hello.yaml', '--batch'], { OPENAI_API_KEY: OPENAI_KEY, COSTLAB_BATCH_POLL_MS: 'soon' }, /^costlab: COSTLAB_BATCH_POLL_MS must be a whole number ≥ 1, got "soon"/],
  ];
  it.each(cases)('%s', async (_label, args, env, stderr) => {
    const openai = await startOpenAIBatchServer();
    servers.push(openai);
    const cwd = project({ 'hello.yaml': HELLO });
    const result = await runCliAsync(args, { cwd, env: baseEnv({ OPENAI_BASE_URL: openai.url, ...env }) });
    expect(result.stderr).toMatch(stderr);
    expect(result.stderr.split('\n')).toHaveLength(2);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(openai.requests).toHaveLength(0);
    expect(existsSync(join(cwd, '.costlab'))).toBe(false);
  });
});

describe('costlab run --batch against the loopback batch servers', () => {
  // 3 models × 2 cases = 6 trials, --max-tokens 64. What the servers bill, at batch rates:
  //   gpt-4o-mini, case 1: 2000 in × $0.075/M + 300 out × $0.30/M = 150 µ$ + 90 µ$ = $0.00024
  //   claude-haiku-4-5, case 1: 1000 in × $0.50/M + 200 out × $2.50/M = 500 µ$ + 500 µ$ = $0.001
  //   case 2: an HTTP 400 line (OpenAI) and an expired request (Anthropic): typed errors, $0
  //   ollama: no batch API — both trials refused with bad-request before any call, $0
  // Spent: $0.00124 (at standard rates it would have been $0.00048 + $0.002 = $0.00248).
  it('--json: one result per trial priced at batch rates, the batch events, run-finished last', async () => {
    const { openai, anthropic, ollama, env } = await batchServers(...workedScripts());
    const cwd = project({ 'prompts/mixed.yaml': numberedSet('mixed', 2, [], MODELS) });
    const dry = JSON.parse((await runCliAsync(['run', 'mixed', '--batch', '--dry-run', '--json', '--max-tokens', '64'], { cwd, env })).stdout) as DryRun;

    const result = await runCliAsync(['run', 'mixed', '--batch', '--json', '--max-tokens', '64'], { cwd, env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const events = ndjson(result.stdout);
    const runId = events[0]?.['runId'] as string;
    expect(events[0]).toMatchObject({ type: 'run-started', runId, trials: 6, budgetUsd: null });
    expect(events[0]?.['bill']).toEqual(dry.bill); // the bill at batch rates, as --dry-run --batch printed it
    expect(events.at(-1)).toEqual({ type: 'run-finished', runId, trials: 6, succeeded: 2, failed: 4, cached: 0, spentUsd: '0.00124' });

    // The batches: one per provider, announced, polled (a 500 on a poll retried), ended.
    const of = (type: string) => events.filter((e) => e['type'] === type);
    expect(of('batch-submitted').map((e) => [e['provider'], e['batchId'], e['group'], e['requests']]).sort()).toEqual([
      ['anthropic', 'msgbatch_loop_1', 'anthropic', 2], ['openai', 'batch_loop_1', 'openai:gpt-4o-mini', 2],
    ]);
    expect(of('batch-poll-retry')).toEqual([expect.objectContaining({ provider: 'openai', batchId: 'batch_loop_1', attempt: 1, error: expect.objectContaining({ code: 'server-error', status: 500 }) })]);
    expect(of('batch-progress').filter((e) => e['provider'] === 'openai').map((e) => e['status'])).toEqual(['validating', 'in_progress', 'completed']);
    expect(of('batch-ended').map((e) => [e['batchId'], e['status'], e['results'], e['notRun']]).sort()).toEqual([
      ['batch_loop_1', 'completed', 2, 0], ['msgbatch_loop_1', 'ended', 2, 0],
    ]);
    expect(of('trial-started')).toEqual([]);
    expect(of('progress').at(-1)).toMatchObject({ done: 6, total: 6, spentUsd: '0.00124', projectedUsd: '0.00124' });

    // What the servers saw: one create each, one line per trial of theirs; Ollama nothing.
    expect(openai.requests.filter((r) => r.method === 'POST' && r.path === '/v1/batches')).toHaveLength(1);
    expect(anthropic.requests.filter((r) => r.method === 'POST' && r.path === '/v1/messages/batches')).toHaveLength(1);
    expect(openai.inputLines().map((l) => [l.body['model'], l.body['max_completion_tokens']])).toEqual([['gpt-4o-mini', 64], ['gpt-4o-mini', 64]]);
    expect(anthropic.entries().map((e) => [e.params['model'], e.params['max_tokens']])).toEqual([['claude-haiku-4-5', 64], ['claude-haiku-4-5', 64]]);
    expect(ollama.requests).toHaveLength(0);

    // Exactly one result per trial, in the NDJSON and in the store.
    const finished = of('trial-finished').map((e) => e['result'] as Result);
    expect(new Set(finished.map((r) => r.trialId)).size).toBe(6);
    const show = JSON.parse((await runCliAsync(['show', runId, '--json'], { cwd, env: baseEnv() })).stdout) as { run: Record<string, unknown>; trials: Result[] };
    expect(show.run).toMatchObject({ status: 'finished', trialCount: 6, done: 6, spentUsd: '0.00124' });
    const byKey = new Map(show.trials.map((t) => [`${t.candidateId.replace(/^base@|\[.*$/g, '')}|${t.caseId}`, t]));
    expect(byKey.size).toBe(6);
    expect(byKey.get('openai:gpt-4o-mini|c1')).toMatchObject({ status: 'succeeded', output: 'openai batch answer', costUsd: '0.00024', usage: { input: 2000, output: 300 }, cached: false, latencyMs: null });
    expect(byKey.get('anthropic:claude-haiku-4-5|c1')).toMatchObject({ status: 'succeeded', output: 'claude batch answer', costUsd: '0.001', usage: { input: 1000, output: 200 } });
    expect(byKey.get('openai:gpt-4o-mini|c2')).toMatchObject({
      status: 'failed', costUsd: '0', usage: null,
      error: { code: 'bad-request', status: 400, retryable: false, message: expect.stringContaining('max_completion_tokens is too small') },
    });
    expect(byKey.get('anthropic:claude-haiku-4-5|c2')).toMatchObject({ status: 'failed', costUsd: '0', error: { code: 'timeout', retryable: true, message: expect.stringContaining('the batch expired') } });
    for (const caseId of ['c1', 'c2']) {
      expect(byKey.get(`ollama:llama3.1:8b|${caseId}`)).toMatchObject({
        status: 'failed', attempts: 0, costUsd: '0',
        error: { code: 'bad-request', retryable: false, message: expect.stringContaining('batch is not offered for ollama') },
      });
    }

    // The run is a batch run in the store; the keys are nowhere (the 400's echo of the key is redacted).
    const everything = [result.stdout, result.stderr, ...readTree(join(cwd, '.costlab')).map((f) => f.text)].join('\n');
    expect(everything).toContain('[redacted]');
    expect(keyPieces(everything, OPENAI_KEY)).toEqual([]);
    expect(keyPieces(everything, ANTHROPIC_KEY)).toEqual([]);
    expect(readTree(join(cwd, '.costlab')).find((f) => f.path.endsWith('store.json'))?.text).toMatch(/"batch": ?true/);
  });

  it('for people: the bill at batch rates, a line per batch, a progress line with the batches, the summary', async () => {
    const { env } = await batchServers(...workedScripts());
    const cwd = project({ 'prompts/mixed.yaml': numberedSet('mixed', 2, [], MODELS) });
    const result = await runCliAsync(['run', 'mixed', '--batch', '--max-tokens', '64'], { cwd, env });
    expect(result.code).toBe(0);
    const runId = /— run (\S+)\n/.exec(result.stdout)?.[1] as string;
    expect(result.stdout).toContain('3 candidates × 2 cases × 1 repeat = 6 trials, at most 64 output tokens per call, through the Batch APIs\n');
    expect(result.stdout).toContain('not batched: base@ollama:llama3.1:8b[max=64] — ollama has no batch API in costlab, so its trials get the error bad-request');
    expect(result.stdout).toContain(`run ${runId} finished: 6 trials in this session — 2 succeeded, 4 failed (bad-request 3, timeout 1), 0 cached; spent $0.00124\n`);
    const summary = result.stdout.split('\n').filter((l) => l.startsWith('base@')).slice(3).map((l) => l.split(/\s{2,}/));
    expect(summary).toEqual([
      ['base@openai:gpt-4o-mini[max=64]', '2', '1', '1', '0', '$0.00024', '—'],
      ['base@anthropic:claude-haiku-4-5[max=64]', '2', '1', '1', '0', '$0.001', '—'],
      ['base@ollama:llama3.1:8b[max=64]', '2', '0', '2', '0', '$0.00', '—'],
    ]);
    expect(result.stdout).toMatch(/\nbatches: (openai batch_loop_1 \(2 requests\) collected, anthropic msgbatch_loop_1 \(2 requests\) collected|anthropic msgbatch_loop_1 \(2 requests\) collected, openai batch_loop_1 \(2 requests\) collected)\n/);

    const err = result.stderr;
    expect(err).toMatch(/^progress: no batch yet · 0\/6 trials \(0%\) · spent \$0\.00 · projected unknown\n/);
    expect(err).toContain('batch submitted: openai batch_loop_1 — 2 requests (openai:gpt-4o-mini)\n');
    expect(err).toContain('batch submitted: anthropic msgbatch_loop_1 — 2 requests (anthropic)\n');
    expect(err).toContain('progress: 1 batch: 1 submitted · requests 0/2 done · 2/6 trials (33%)'); // ollama's 2 refused at once
    expect(err).toMatch(/progress: 2 batches: [^\n]*\b1 in progress[^\n]* · requests \d\/4 done/);
    expect(err).toContain('batch openai batch_loop_1: a poll failed (server-error: ');
    expect(err).toContain('batch ended: openai batch_loop_1 completed — 2 results\n');
    expect(err).toContain('batch ended: anthropic msgbatch_loop_1 ended — 2 results\n');
    expect(err).toMatch(/progress: 2 batches: 2 ended · requests 4\/4 done \(2 failed\) · 6\/6 trials \(100%\) · spent \$0\.00124 · projected \$0\.00124\n/);
    expect(keyPieces(result.stdout + err, OPENAI_KEY)).toEqual([]);
  });
});

interface Figures {
  minUsd: string | null;
  expectedUsd: string | null;
  maxUsd: string | null;
}
interface DryRun {
  type: string;
  batch?: boolean;
  bill: { candidates: Figures[]; total: Figures };
}
interface Result {
  trialId: string;
  candidateId: string;
  caseId: string;
  status: string;
  attempts: number;
  [field: string]: unknown;
}

/** Micro-dollars as an exact decimal (no trailing zeros). */
function fixed(micro: number): string {
  const pico = BigInt(Math.round(micro * 1_000_000));
  const whole = pico / 10n ** 12n;
  const frac = (pico % 10n ** 12n).toString().padStart(12, '0').replace(/0+$/, '');
  return frac === '' ? `${whole}` : `${whole}.${frac}`;
}

/** Half an exact decimal USD string (every figure here has room for one more digit). */
function half(usd: string | null): string | null {
  if (usd === null) return null;
  const [whole = '0', frac = ''] = usd.split('.');
  const pico = BigInt(whole) * 10n ** 12n + BigInt(frac.padEnd(12, '0'));
  return fixed(Number(pico / 2n) / 1_000_000);
}
