/**
 * Stopping and resuming `costlab run --batch` through the real binary against the loopback batch servers:
 *
 * - SIGKILL while the batches are being polled, then `costlab run --resume ID`: the resumed process finds the
 *   batches in the store's ledger and collects them — the servers see one create each, never a second — and
 *   every trial ends with exactly one result.
 * - Ctrl-C (SIGINT): the batches are cancelled (the servers see the cancels), exit 130, the trials stay
 *   pending; the resume collects what a batch answered before its cancel, then sends the rest in new batches.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startAnthropicBatchServer } from '../integration/servers/batch-anthropic.ts';
import type { AnthropicBatchScript } from '../integration/servers/batch-anthropic.ts';
import { startOpenAIBatchServer } from '../integration/servers/batch-openai.ts';
import type { OpenAIBatchScript } from '../integration/servers/batch-openai.ts';
import { startOllamaServer } from '../integration/servers/index.ts';
import type { TestServer } from '../integration/servers/index.ts';
import { baseEnv, ndjson, numberedSet, project, runCliAsync, serverEnv, spawnCli } from './helpers.ts';
import type { Spawned } from './helpers.ts';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function batchServers(openaiScript: OpenAIBatchScript, anthropicScript: AnthropicBatchScript) {
  const openai = await startOpenAIBatchServer(openaiScript);
  const anthropic = await startAnthropicBatchServer(anthropicScript);
  const ollama = await startOllamaServer();
  servers.push(openai, anthropic, ollama);
  return { openai, anthropic, env: serverEnv({ openai, anthropic, ollama }, { COSTLAB_BATCH_POLL_MS: '20', COSTLAB_BATCH_POLL_MAX_MS: '40' }) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the child has printed `count` lines of this event type (NDJSON on stdout). */
async function waitForEvents(spawned: Spawned, type: string, count: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (completeLines(spawned.output().stdout).filter((e) => e['type'] === type).length < count) {
    if (Date.now() > deadline) throw new Error(`no ${count} ${type} events:\n${spawned.output().stdout}\n${spawned.output().stderr}`);
    await sleep(10);
  }
}

function completeLines(stdout: string): Record<string, unknown>[] {
  return ndjson(stdout.slice(0, stdout.lastIndexOf('\n') + 1));
}

const MODELS = ['openai:gpt-4o-mini', 'anthropic:claude-haiku-4-5'];
const creates = (server: { requests: { method: string; path: string }[] }, path: string) => server.requests.filter((r) => r.method === 'POST' && r.path === path).length;
const OPENAI_CREATE = '/v1/batches';
const ANTHROPIC_CREATE = '/v1/messages/batches';

interface Shown {
  run: { status: string; done: number; trialCount: number; spentUsd: string };
  trials: { trialId: string; status: string; costUsd: string | null }[];
}

describe('costlab run --batch: SIGKILL mid-poll, then --resume', () => {
  it('collects the same batches without submitting them again, one result per trial', async () => {
    const openaiScript: OpenAIBatchScript = { end: 'never' };
    const anthropicScript: AnthropicBatchScript = { end: 'never' };
    const { openai, anthropic, env } = await batchServers(openaiScript, anthropicScript);
    const cwd = project({ 'prompts/slow.yaml': numberedSet('slow', 3, [], MODELS) });

    const spawned = spawnCli(['run', 'slow', '--batch', '--json', '--max-tokens', '32'], { cwd, env });
    // Both batches submitted and polled more than once each: the process is in the middle of polling.
    await waitForEvents(spawned, 'batch-submitted', 2);
    await waitForEvents(spawned, 'batch-progress', 6);
    spawned.child.kill('SIGKILL');
    const killed = await spawned.done;
    expect(killed.signal).toBe('SIGKILL');
    const before = completeLines(killed.stdout);
    const runId = before[0]?.['runId'] as string;
    expect(before.filter((e) => e['type'] === 'trial-finished')).toEqual([]);
    const submitted = before.filter((e) => e['type'] === 'batch-submitted').map((e) => e['batchId']).sort();
    expect(submitted).toEqual(['batch_loop_1', 'msgbatch_loop_1']);
    expect([creates(openai, OPENAI_CREATE), creates(anthropic, ANTHROPIC_CREATE)]).toEqual([1, 1]);
    expect(openai.requests.some((r) => r.path.endsWith('/cancel')) || anthropic.requests.some((r) => r.path.endsWith('/cancel'))).toBe(false);

    const listed = JSON.parse((await runCliAsync(['runs', '--json'], { cwd, env: baseEnv() })).stdout) as { runs: { id: string; status: string }[] };
    expect(listed.runs).toEqual([expect.objectContaining({ id: runId, status: 'interrupted' })]);

    // The batches finish at the providers; a new process resumes the run (no --batch: the run remembers).
    openaiScript.end = 'completed';
    anthropicScript.end = 'ended';
    const resumed = await runCliAsync(['run', '--resume', runId, '--json'], { cwd, env });
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    const events = ndjson(resumed.stdout);
    expect(events[0]).toMatchObject({ type: 'run-started', runId, trials: 6 });
    expect(events.filter((e) => e['type'] === 'batch-submitted')).toEqual([]);
    expect(events.filter((e) => e['type'] === 'batch-ended').map((e) => [e['batchId'], e['results']]).sort()).toEqual([['batch_loop_1', 3], ['msgbatch_loop_1', 3]]);
    // 3 × (20 × $0.075 + 6 × $0.30 per M) + 3 × (25 × $0.50 + 6 × $2.50 per M) = 3 × 3.3 µ$ + 3 × 27.5 µ$ = $0.0000924
    expect(events.at(-1)).toEqual({ type: 'run-finished', runId, trials: 6, succeeded: 6, failed: 0, cached: 0, spentUsd: '0.0000924' });
    expect([creates(openai, OPENAI_CREATE), creates(anthropic, ANTHROPIC_CREATE)]).toEqual([1, 1]);
    expect(openai.inputLines()).toHaveLength(3);
    expect(anthropic.entries()).toHaveLength(3);

    const show = JSON.parse((await runCliAsync(['show', runId, '--json'], { cwd, env: baseEnv() })).stdout) as Shown;
    expect(show.run).toMatchObject({ status: 'finished', trialCount: 6, done: 6, spentUsd: '0.0000924' });
    expect(new Set(show.trials.map((t) => t.trialId)).size).toBe(6);
    expect(show.trials.every((t) => t.status === 'succeeded')).toBe(true);

    // Resuming a finished batch run does nothing: no batch, no second result.
    const again = await runCliAsync(['run', '--resume', runId, '--json'], { cwd, env });
    expect(again.code).toBe(0);
    expect(ndjson(again.stdout).at(-1)).toEqual({ type: 'run-finished', runId, trials: 0, succeeded: 0, failed: 0, cached: 0, spentUsd: '0' });
    expect([creates(openai, OPENAI_CREATE), creates(anthropic, ANTHROPIC_CREATE)]).toEqual([1, 1]);
  });
});

describe('costlab run --batch: Ctrl-C cancels the batches, then --resume', () => {
  it('exits 130 with the batches cancelled; the resume collects what was answered before the cancel and sends the rest', async () => {
    // After the cancel, the OpenAI batch counts its first request as answered (billed, collected by the resume).
    const openaiScript: OpenAIBatchScript = { end: 'never', doneBeforeCancel: 1 };
    const anthropicScript: AnthropicBatchScript = { end: 'never' };
    const { openai, anthropic, env } = await batchServers(openaiScript, anthropicScript);
    const cwd = project({ 'prompts/slow.yaml': numberedSet('slow', 3, [], MODELS) });

    const spawned = spawnCli(['run', 'slow', '--batch', '--max-tokens', '32'], { cwd, env });
    while (!/batch submitted: anthropic[\s\S]*progress: 2 batches: 2 in progress/.test(spawned.output().stderr)) await sleep(10);
    spawned.child.kill('SIGINT');
    const stopped = await spawned.done;
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toContain('costlab: stopping — cancelling the batches');
    expect(stopped.stderr).toContain('batch cancelled: openai batch_loop_1');
    expect(stopped.stderr).toContain('batch cancelled: anthropic msgbatch_loop_1');
    const runId = /— run (\S+)\n/.exec(stopped.stdout)?.[1] as string;
    expect(stopped.stdout).toContain(`run ${runId} stopped: 0 of 6 trials run in this session — 0 succeeded, 0 failed, 0 cached; spent $0.00\n`);
    expect(stopped.stdout).toContain(`stopped: 6 trials have no result — resume with: costlab run --resume ${runId}`);
    expect(openai.requests.filter((r) => r.path === '/v1/batches/batch_loop_1/cancel')).toHaveLength(1);
    expect(anthropic.requests.filter((r) => r.path === '/v1/messages/batches/msgbatch_loop_1/cancel')).toHaveLength(1);

    openaiScript.end = 'completed';
    anthropicScript.end = 'ended';
    const resumed = await runCliAsync(['run', '--resume', runId, '--json'], { cwd, env });
    expect(resumed.code).toBe(0);
    const events = ndjson(resumed.stdout);
    // The cancelled batches are followed first: OpenAI's gives its 1 answer, Anthropic's none (all canceled).
    expect(events.filter((e) => e['type'] === 'batch-ended').map((e) => [e['batchId'], e['status'], e['results'], e['notRun']]).sort()).toEqual([
      ['batch_loop_1', 'cancelled', 1, 0], ['batch_loop_2', 'completed', 2, 0], ['msgbatch_loop_1', 'ended', 0, 3], ['msgbatch_loop_2', 'ended', 3, 0],
    ]);
    expect(events.filter((e) => e['type'] === 'batch-submitted').map((e) => [e['batchId'], e['requests']]).sort()).toEqual([['batch_loop_2', 2], ['msgbatch_loop_2', 3]]);
    // 3 × 3.3 µ$ (gpt-4o-mini, one of them answered before the cancel) + 3 × 27.5 µ$ (claude-haiku-4-5)
    expect(events.at(-1)).toEqual({ type: 'run-finished', runId, trials: 6, succeeded: 6, failed: 0, cached: 0, spentUsd: '0.0000924' });
    expect([creates(openai, OPENAI_CREATE), creates(anthropic, ANTHROPIC_CREATE)]).toEqual([2, 2]);

    const show = JSON.parse((await runCliAsync(['show', runId, '--json'], { cwd, env: baseEnv() })).stdout) as Shown;
    expect(show.run).toMatchObject({ status: 'finished', done: 6, spentUsd: '0.0000924' });
    expect(new Set(show.trials.map((t) => t.trialId)).size).toBe(6);
  });
});
