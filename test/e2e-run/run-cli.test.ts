/**
 * `costlab run`, `runs` and `show` through the real binary: the dry-run bill as a worked example computed by
 * hand, bad input (exit 2 with file and line, nothing written), the budget, and what people and scripts see.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnthropicServer, startOllamaServer, startOpenAIServer } from '../integration/servers/index.ts';
import type { TestServer } from '../integration/servers/index.ts';
import { baseEnv, ndjson, numberedSet, project, runCliAsync, serverEnv, spawnCli } from './helpers.ts';
import { HELLO } from './helpers.ts';


describe('costlab run --dry-run: a worked example', () => {
  // o200k_base (gpt-4o-mini's tokenizer): "You are terse." = 4 tokens, "Say hello." = 3, "system" = 1, "user" = 1,
  // the reference "Hello there, friend." = 5. OpenAI's chat framing: 3 per message + role + content, +3 to prime
  // the reply → (3 + 1 + 4) + (3 + 1 + 3) + 3 = 18 input tokens per call, an exact count.
  // gpt-4o-mini: $0.15 per M input, $0.60 per M output. Per call, with --max-tokens 100:
  //   min      = 18 × 0.15 / 1e6                   = $0.0000027
  //   expected = 18 × 0.15 / 1e6 +   5 × 0.60 / 1e6 = $0.0000027 + $0.000003 = $0.0000057
  //   max      = 18 × 0.15 / 1e6 + 100 × 0.60 / 1e6 = $0.0000027 + $0.00006  = $0.0000627
  // 3 repeats: $0.0000081, $0.0000171, $0.0001881.
  it('prints min / expected / max per candidate and in total, exact, and calls nothing', async () => {
    const cwd = project({ 'hello.yaml': HELLO });
    const result = await runCliAsync(['run', 'hello.yaml', '--dry-run', '--repeats', '3', '--max-tokens', '100'], { cwd, env: baseEnv() });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[1]).toBe('1 candidate × 1 case × 3 repeats = 3 trials, at most 100 output tokens per call');
    expect(lines.find((l) => l.startsWith('base@'))?.split(/\s{2,}/)).toEqual(['base@openai:gpt-4o-mini[max=100]', '3', '54', '$0.0000081', '$0.0000171', '$0.0001881']);
    expect(lines.find((l) => l.startsWith('total'))?.split(/\s{2,}/)).toEqual(['total', '3', '$0.0000081', '$0.0000171', '$0.0001881']);
    expect(existsSync(join(cwd, '.costlab'))).toBe(false);

    const json = await runCliAsync(['run', 'hello.yaml', '--dry-run', '--repeats', '3', '--max-tokens', '100', '--json'], { cwd, env: baseEnv() });
    const bill = JSON.parse(json.stdout) as { type: string; trials: number; bill: { candidates: object[]; total: object } };
    expect(bill).toMatchObject({ type: 'dry-run', trials: 3 });
    expect(bill.bill.candidates[0]).toMatchObject({ inputTokens: 54, exact: true, minUsd: '0.0000081', expectedUsd: '0.0000171', maxUsd: '0.0001881' });
    expect(bill.bill.total).toEqual({ minUsd: '0.0000081', expectedUsd: '0.0000171', maxUsd: '0.0001881' });
  });
});

describe.concurrent('costlab run: bad input exits 2 with file and line, and writes nothing', () => {
  const cases: [string, Record<string, string>, string[], Record<string, string>, RegExp][] = [
    ['an unknown set', {}, ['run', 'nope'], {}, /^costlab: nope: no prompt set 'nope': not a file, and not found as prompts\/nope\.yaml/],
    ['an unknown model in the set', { 'prompts/hello.yaml': HELLO.replace('[openai:gpt-4o-mini]', '\n  - openai:gpt-4o-mini\n  - openai:gpt-4o-mnii') }, ['run', 'hello'], {},
      /^costlab: prompts\/hello\.yaml:6:5: field models\[1\]: unknown model 'openai:gpt-4o-mnii'; closest: openai:gpt-4o-mini/],
    ['an unknown model in --models', { 'hello.yaml': HELLO }, ['run', 'hello.yaml', '--models', 'anthropic:claude-haiku-9'], {}, /^costlab: unknown model 'anthropic:claude-haiku-9'/],
    ['a model costlab can price but not call', { 'hello.yaml': HELLO }, ['run', 'hello.yaml', '--models', 'google:gemini-2.5-flash'], {}, /^costlab: costlab can price but not call google:gemini-2\.5-flash/],
    ['a misspelt field in providers:', { 'hello.yaml': HELLO, 'costlab.yaml': 'providers:\n  openai:\n    baseUrl: http://localhost:1/v1\n' }, ['run', 'hello.yaml'], {},
      /^costlab: costlab\.yaml:3:5: field providers\.openai\.baseUrl: unknown field 'baseUrl' — did you mean 'baseURL'\?/],
    ['a bad value in providers:', { 'hello.yaml': HELLO, 'costlab.yaml': 'models: []\nproviders:\n  vllm: { concurrency: 0 }\n' }, ['run', 'hello.yaml'], {},
      /^costlab: costlab\.yaml:3:24: field providers\.vllm\.concurrency: must be a positive number/],
    ['a key written in costlab.yaml', { 'hello.yaml': HELLO, 'costlab.yaml': 'providers:\n  openai: { apiKey: sk-live-abcdefgh12345678 }\n' }, ['run', 'hello.yaml'], {},
      /^costlab: costlab\.yaml:2:13: field providers\.openai\.apiKey: a key may not be written in costlab\.yaml.*apiKeyEnv: OPENAI_API_KEY\n$/],
    ['a missing key', { 'hello.yaml': HELLO }, ['run', 'hello.yaml'], {}, /^costlab: openai:gpt-4o-mini needs an API key, and OPENAI_API_KEY is not set/],
    ['a missing key named by apiKeyEnv', { 'hello.yaml': HELLO, 'costlab.yaml': 'providers:\n  openai: { apiKeyEnv: TEAM_OPENAI_KEY }\n' }, ['run', 'hello.yaml'], { OPENAI_API_KEY: 'sk-not-this-one-0000' },
      /^costlab: openai:gpt-4o-mini needs an API key, and TEAM_OPENAI_KEY is not set/],
    ['an unknown variant', { 'hello.yaml': HELLO }, ['run', 'hello.yaml', '--variants', 'terse'], { OPENAI_API_KEY: 'sk-test-00000000' }, /^costlab: hello\.yaml: the set 'hello' has no variant 'terse'/],
    ['a bad budget', { 'hello.yaml': HELLO }, ['run', 'hello.yaml', '--budget', 'lots'], {}, /^costlab: --budget must be an amount in USD/],
    ['an unknown run to resume', { 'hello.yaml': HELLO }, ['run', '--resume', 'nope'], {}, /^costlab: \.costlab: there is no costlab store in \.costlab/],
  ];
  it.each(cases)('%s', async (_label, files, args, env, stderr) => {
    const cwd = project(files);
    const result = await runCliAsync(args, { cwd, env: baseEnv(env) });
    expect(result.stderr).toMatch(stderr);
    expect(result.stderr.split('\n')).toHaveLength(2); // one line
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(existsSync(join(cwd, '.costlab'))).toBe(false);
    expect(result.stderr).not.toContain('abcdefgh12345678');
  });
});

describe('costlab run against loopback servers', () => {
  let servers: { openai: TestServer; anthropic: TestServer; ollama: TestServer };
  beforeAll(async () => {
    // Every OpenAI answer bills 900 output tokens: $0.000543 a call at gpt-4o-mini's rates (20 × 0.15 + 900 × 0.60 per M).
    const usage = { prompt_tokens: 20, completion_tokens: 900, total_tokens: 920 };
    servers = { openai: await startOpenAIServer({ script: () => ({ text: 'A long answer.', usage }) }), anthropic: await startAnthropicServer(), ollama: await startOllamaServer() };
  });
  afterAll(async () => Promise.all(Object.values(servers).map((s) => s.close())));

  it('--budget: spend never passes it, and the refused trials say why', async () => {
    const cwd = project({ 'prompts/budget.yaml': numberedSet('budget', 10, [], ['openai:gpt-4o-mini']) });
    const before = servers.openai.requests.length;
    const result = await runCliAsync(['run', 'budget', '--budget', '0.002', '--max-tokens', '1000', '--json'], { cwd, env: serverEnv(servers) });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const events = ndjson(result.stdout);
    const finished = events.at(-1) as { spentUsd: string; succeeded: number; failed: number };
    expect(Number(finished.spentUsd)).toBeLessThanOrEqual(0.002);
    expect(finished.succeeded).toBeGreaterThan(0);
    expect(finished.failed).toBeGreaterThan(0);
    expect(servers.openai.requests.length - before).toBe(finished.succeeded);
    const results = events.filter((e) => e['type'] === 'trial-finished').map((e) => e['result'] as { status: string; costUsd: string; error: { code: string; message: string } | null });
    const refused = results.filter((r) => r.status === 'failed');
    expect(refused).toHaveLength(finished.failed);
    for (const r of refused) {
      expect(r.error?.code).toBe('budget');
      expect(r.error?.message).toMatch(/^not sent: its maximum cost \$0\.000\d+ would pass the budget of \$0\.002 \(\$0\.000\d+ left, \$0\.00\d+ spent\)$/);
    }
    expect(results.reduce((sum, r) => sum + Number(r.costUsd), 0)).toBeCloseTo(Number(finished.spentUsd), 12);
    expect(events.filter((e) => e['type'] === 'budget-exhausted')).toHaveLength(1);

    const runId = events[0]?.['runId'] as string;
    const show = await runCliAsync(['show', runId], { cwd, env: baseEnv() });
    expect(show.stdout).toContain('error: budget: not sent: its maximum cost');
  });

  it('prints the bill, progress lines, a summary per candidate; runs and show list it', async () => {
    const cwd = project({ 'prompts/hello.yaml': numberedSet('hello', 3, ['terse'], ['openai:gpt-4o-mini', 'anthropic:claude-haiku-4-5']) });
    const env = serverEnv(servers);
    const result = await runCliAsync(['run', 'hello', '--max-tokens', '50'], { cwd, env });
    expect(result.code).toBe(0);
    const runId = /— run (\S+)\n/.exec(result.stdout)?.[1] as string;
    expect(result.stdout).toMatch(/^costlab run hello — run \S+\n4 candidates × 3 cases × 1 repeat = 12 trials/);
    expect(result.stdout).toContain(`run ${runId} finished: 12 trials in this session — 12 succeeded, 0 failed, 0 cached; spent $0.003588\n`);
    const summary = result.stdout.split('\n').filter((l) => /^(base|terse)@/.test(l)).slice(4).map((l) => l.split(/\s{2,}/));
    // gpt-4o-mini: 3 × $0.000543; claude-haiku-4-5: 3 × (25 × $1 + 6 × $5 per M) = 3 × $0.000055.
    expect(summary.map((cells) => cells.slice(0, 6))).toEqual([
      ['base@openai:gpt-4o-mini[max=50]', '3', '3', '0', '0', '$0.001629'],
      ['base@anthropic:claude-haiku-4-5[max=50]', '3', '3', '0', '0', '$0.000165'],
      ['terse@openai:gpt-4o-mini[max=50]', '3', '3', '0', '0', '$0.001629'],
      ['terse@anthropic:claude-haiku-4-5[max=50]', '3', '3', '0', '0', '$0.000165'],
    ]);
    expect(summary.every((cells) => / ms$/.test(cells[6] ?? ''))).toBe(true);
    expect(result.stderr).toMatch(/^progress: 0\/12 trials \(0%\) · ETA — · spent \$0\.00 · projected \$0\.\d+\n/);
    expect(result.stderr).toMatch(/progress: 12\/12 trials \(100%\) · ETA 0\.0s · spent \$0\.003588 · projected \$0\.003588\n$/);

    const runs = await runCliAsync(['runs'], { cwd, env: baseEnv() });
    expect(runs.stdout.split('\n')[2]?.split(/\s{2,}/)).toEqual([runId, 'hello', expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d$/), 'finished', '12', '12', '$0.003588']);
    const runsJson = JSON.parse((await runCliAsync(['runs', '--json'], { cwd, env: baseEnv() })).stdout) as { runs: object[] };
    expect(runsJson.runs).toEqual([expect.objectContaining({ id: runId, set: 'hello', status: 'finished', trials: 12, done: 12, succeeded: 12, failed: 0, spentUsd: '0.003588' })]);

    const show = await runCliAsync(['show', runId], { cwd, env: baseEnv() });
    expect(show.stdout).toContain('base@openai:gpt-4o-mini[max=50] · c1 · repeat 1 · succeeded · 20 in / 900 out tokens · $0.000543 · ');
    expect(show.stdout).toContain('\n  A long answer.\n');
    const json = JSON.parse((await runCliAsync(['show', runId, '--json'], { cwd, env: baseEnv() })).stdout) as { run: { id: string; status: string }; trials: Record<string, unknown>[] };
    expect(json.run).toMatchObject({ id: runId, setName: 'hello', status: 'finished', trialCount: 12, done: 12, spentUsd: '0.003588' });
    expect(json.trials).toHaveLength(12);
    expect(json.trials[0]).toMatchObject({ candidateId: 'base@openai:gpt-4o-mini[max=50]', caseId: 'c1', status: 'succeeded', output: 'A long answer.', costUsd: '0.000543', error: null });
    expect(Object.keys(json.trials[0] ?? {})).toEqual(expect.arrayContaining(['usage', 'latencyMs', 'error', 'output', 'costUsd']));
  });
});

describe('costlab run: Ctrl-C, then --resume', () => {
  let servers: { openai: TestServer; anthropic: TestServer; ollama: TestServer };
  beforeAll(async () => {
    // Every answer takes 150 ms and bills 20 + 6 tokens: $0.0000066 at gpt-4o-mini's rates.
    servers = { openai: await startOpenAIServer({ script: () => ({ fault: 'slow', delayMs: 150 }) }), anthropic: await startAnthropicServer(), ollama: await startOllamaServer() };
  });
  afterAll(async () => Promise.all(Object.values(servers).map((s) => s.close())));

  it('stops cleanly on SIGINT (exit 130), and the resume runs the rest within what is left of the budget', async () => {
    const cwd = project({ 'prompts/slow.yaml': numberedSet('slow', 8, [], ['openai:gpt-4o-mini']) });
    const env = serverEnv(servers);
    const spawned = spawnCli(['run', 'slow', '--json', '--concurrency', '1', '--budget', '0.01'], { cwd, env });
    while (!spawned.output().stdout.includes('"trial-finished"')) await new Promise((resolve) => setTimeout(resolve, 10));
    spawned.child.kill('SIGINT');
    const stopped = await spawned.done;
    expect(stopped.code).toBe(130);
    const events = ndjson(stopped.stdout);
    const done = events.filter((e) => e['type'] === 'trial-finished').length;
    const runId = events[0]?.['runId'] as string;
    expect(events.slice(-2)).toEqual([
      { type: 'run-stopped', runId, notRun: 8 - done, resume: `costlab run --resume ${runId}` },
      { type: 'run-finished', runId, trials: 8, succeeded: done, failed: 0, cached: 0, spentUsd: usd(done * 6.6) },
    ]);
    expect((await runCliAsync(['runs', '--json'], { cwd, env })).stdout).toContain('"status": "stopped"');

    const resumed = await runCliAsync(['run', '--resume', runId, '--json'], { cwd, env });
    expect(resumed.code).toBe(0);
    const again = ndjson(resumed.stdout);
    expect(again[0]).toMatchObject({ type: 'run-started', runId, trials: 8 - done, budgetUsd: usd(10_000 - done * 6.6) });
    expect(again.at(-1)).toEqual({ type: 'run-finished', runId, trials: 8 - done, succeeded: 8 - done, failed: 0, cached: 0, spentUsd: usd((8 - done) * 6.6) });
    const show = JSON.parse((await runCliAsync(['show', runId, '--json'], { cwd, env })).stdout) as { run: { status: string; done: number; spentUsd: string } };
    expect(show.run).toMatchObject({ status: 'finished', done: 8, spentUsd: usd(8 * 6.6) });
  });
});

/** Micro-dollars as costlab's exact decimal USD string. */
function usd(micro: number): string {
  const pico = BigInt(Math.round(micro * 1_000_000));
  const whole = pico / 10n ** 12n;
  const frac = (pico % 10n ** 12n).toString().padStart(12, '0').replace(/0+$/, '');
  return frac === '' ? `${whole}` : `${whole}.${frac}`;
}
