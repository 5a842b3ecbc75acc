/**
 * 20 `costlab run` processes killed with SIGKILL at random moments — a few while starting up, most while the
 * run is under way — each one resuming the run the last one left (`costlab run --resume ID`), then one more
 * resume that finishes it. Two projects take 10 kills each side by side, to halve the wall time. After every kill the store loads, no trial has two results, and every result a
 * killed process announced (a trial-finished line: durable before it is printed) is in the store. At the end
 * the results cover the plan exactly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFileStore, pendingTrials } from '../../src/core/index.ts';
import { nodeStoreFiles } from '../../src/platform/store-files.ts';
import { startAnthropicServer, startOllamaServer, startOpenAIServer } from '../integration/servers/index.ts';
import type { TestServer } from '../integration/servers/index.ts';
import { ndjson, numberedSet, project, runCliAsync, serverEnv, spawnCli } from './helpers.ts';

const LANES = 2;
const KILLS_PER_LANE = 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('costlab run: SIGKILL at random moments, then --resume', () => {
  let servers: { openai: TestServer; anthropic: TestServer; ollama: TestServer };
  beforeAll(async () => {
    // Every answer takes 40 ms, so a run of 600 trials at concurrency 4 lasts several seconds.
    const slow = () => ({ fault: 'slow' as const, delayMs: 40 });
    servers = { openai: await startOpenAIServer({ script: slow }), anthropic: await startAnthropicServer({ script: slow }), ollama: await startOllamaServer() };
  });
  afterAll(async () => {
    await Promise.all(Object.values(servers).map((s) => s.close()));
  });

  /** Opens the store as a new process would (taking over the dead one's lock) and checks it. */
  async function verify(cwd: string, announced: ReadonlySet<string>): Promise<{ runId: string | null; done: number; total: number }> {
    const store = await openFileStore(`${cwd}/.costlab`, nodeStoreFiles());
    try {
      const runs = await store.runSummaries();
      expect(runs.length).toBeLessThanOrEqual(1);
      const summary = runs[0];
      if (!summary) {
        expect(announced.size).toBe(0);
        return { runId: null, done: 0, total: 0 };
      }
      const run = (await store.getRun(summary.id))!;
      const results = await store.results(summary.id);
      const pending = pendingTrials(run, results); // throws on a trial with two results
      expect(results.length + pending.length).toBe(run.trials.length);
      const stored = new Set(results.map((r) => r.trialId));
      for (const id of announced) expect(stored.has(id), `announced ${id} is missing`).toBe(true);
      return { runId: summary.id, done: results.length, total: run.trials.length };
    } finally {
      await store.close();
    }
  }

  /** One project: KILLS_PER_LANE killed processes, then the resume that finishes the run. */
  async function lane(): Promise<string[]> {
    const cwd = project({ 'prompts/kill.yaml': numberedSet('kill', 50, [], ['openai:gpt-4o-mini', 'anthropic:claude-haiku-4-5']) });
    const env = serverEnv(servers);
    const announced = new Set<string>();
    const phases: string[] = [];
    let state = await verify(cwd, announced);
    for (let kill = 0; kill < KILLS_PER_LANE; kill++) {
      const args = state.runId === null ? ['run', 'kill', '--repeats', '6', '--json', '--max-tokens', '32'] : ['run', '--resume', state.runId, '--json'];
      const spawned = spawnCli(args, { cwd, env, timeoutMs: 30_000 });
      if (kill % 4 === 0) {
        await Promise.race([sleep(Math.random() * 1_500), spawned.done]);
      } else {
        const started = (async () => {
          while (!spawned.output().stdout.includes('"run-started"')) await sleep(5);
        })();
        await Promise.race([started.then(() => sleep(Math.random() * 700)), spawned.done, sleep(15_000)]);
      }
      spawned.child.kill('SIGKILL');
      const outcome = await spawned.done;
      const events = ndjson(outcome.stdout.slice(0, outcome.stdout.lastIndexOf('\n') + 1));
      for (const event of events) if (event['type'] === 'trial-finished') announced.add((event['result'] as { trialId: string }).trialId);
      phases.push(events.some((e) => e['type'] === 'run-finished') ? 'finished' : events.length > 0 ? 'running' : 'starting');
      state = await verify(cwd, announced);
    }
    expect(state.runId).not.toBeNull();

    const last = await runCliAsync(['run', '--resume', state.runId as string, '--json'], { cwd, env, timeoutMs: 60_000 });
    expect(last.stderr).toBe('');
    expect(last.code).toBe(0);
    expect(ndjson(last.stdout).at(-1)?.['type']).toBe('run-finished');
    const final = await verify(cwd, announced);
    expect(final.total).toBe(600);
    expect(final.done).toBe(600);

    const listed = await runCliAsync(['runs', '--json'], { cwd, env });
    const runs = (JSON.parse(listed.stdout) as { runs: { id: string; status: string; trials: number; done: number }[] }).runs;
    expect(runs).toEqual([expect.objectContaining({ id: state.runId, status: 'finished', trials: 600, done: 600 })]);
    return phases;
  }

  it('never loses or repeats a trial, and the last resume completes the plan', async () => {
    const phases = (await Promise.all(Array.from({ length: LANES }, () => lane()))).flat();
    expect(phases).toHaveLength(20);
    // Most kills landed while trials were being run.
    expect(phases.filter((p) => p === 'running').length).toBeGreaterThanOrEqual(8);
  }, 180_000);
});
