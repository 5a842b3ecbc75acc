/**
 * `costlab run` against loopback servers: a run where every trial failed exits 1 (summary printed, every result
 * stored); a stopped run's resume hint — in the text and in the run-stopped event — names its --store; and a
 * stopped session says how many of its trials it ran.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIServer } from '../integration/servers/index.ts';
import type { TestServer } from '../integration/servers/index.ts';
import { OPENAI_KEY, baseEnv, ndjson, numberedSet, project, runCliAsync, spawnCli } from '../e2e-run/helpers.ts';

/** A port nothing listens on: every connection to it is refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('costlab run: every trial failed', () => {
  it('exits 1 with the summary printed and every result stored (connection refused, 2 trials)', async () => {
    const port = await closedPort();
    const cwd = project({ 'prompts/two.yaml': numberedSet('two', 2, [], ['openai:gpt-4o-mini']) });
    const env = baseEnv({ OPENAI_API_KEY: OPENAI_KEY, OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`, COSTLAB_RETRY_MAX_ATTEMPTS: '1' });
    const text = await runCliAsync(['run', 'two'], { cwd, env });
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/finished: 2 trials in this session — 0 succeeded, 2 failed \(connection 2\)/);
    expect(text.stdout).toContain('whole run: 2/2 trials done');
    expect(text.stderr).toContain('no trial succeeded — all 2 failed');

    const json = await runCliAsync(['run', 'two', '--json'], { cwd, env });
    expect(json.code).toBe(1);
    expect(ndjson(json.stdout).at(-1)).toMatchObject({ type: 'run-finished', trials: 2, succeeded: 0, failed: 2 });
    const runs = JSON.parse((await runCliAsync(['runs', '--json'], { cwd, env })).stdout) as { runs: { done: number; failed: number }[] };
    expect(runs.runs.map((r) => [r.done, r.failed])).toEqual([[2, 2], [2, 2]]);
  }, 60_000);
});

describe('costlab run: stopped with --store, then resumed', () => {
  let server: TestServer;
  // Requests 1–2 and 4 are answered; 3 and 5 hang until the run is stopped.
  const hanging = new Set([3, 5]);
  beforeAll(async () => {
    server = await startOpenAIServer({ script: (_request, n) => (hanging.has(n) ? { fault: 'slow', delayMs: 60_000 } : undefined) });
  });
  afterAll(async () => server.close());

  it('names the store in the resume hint and the run-stopped event, and counts the trials a session ran', async () => {
    const cwd = project({ 'prompts/eight.yaml': numberedSet('eight', 8, [], ['openai:gpt-4o-mini']) });
    const env = baseEnv({ OPENAI_API_KEY: OPENAI_KEY, OPENAI_BASE_URL: server.url });
    const store = 'my store';

    const first = spawnCli(['run', 'eight', '--concurrency', '1', '--store', store], { cwd, env });
    await until(() => server.requests.length >= 3);
    first.child.kill('SIGINT');
    const stopped = await first.done;
    expect(stopped.code).toBe(130);
    const runId = /resume with: costlab run --resume (\S+)/.exec(stopped.stdout)?.[1] ?? '';
    // 8 trials given; requests 1 and 2 answered, the 3rd aborted: 2 ran, 6 have no result.
    expect(stopped.stdout).toContain(`run ${runId} stopped: 2 of 8 trials run in this session — 2 succeeded, 0 failed, 0 cached`);
    expect(stopped.stdout).toContain(`stopped: 6 trials have no result — resume with: costlab run --resume ${runId} --store 'my store'\n`);

    const second = spawnCli(['run', '--resume', runId, '--store', store, '--json', '--concurrency', '1'], { cwd, env });
    await until(() => server.requests.length >= 5);
    second.child.kill('SIGINT');
    const again = await second.done;
    expect(again.code).toBe(130);
    // 6 trials given to this session; request 4 answered, the 5th aborted: 1 ran, 5 have no result.
    expect(ndjson(again.stdout).slice(-2)).toEqual([
      { type: 'run-stopped', runId, notRun: 5, resume: `costlab run --resume ${runId} --store 'my store'` },
      expect.objectContaining({ type: 'run-finished', runId, trials: 6, succeeded: 1, failed: 0 }),
    ]);
  }, 90_000);
});
