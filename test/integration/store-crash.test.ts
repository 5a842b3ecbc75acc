/**
 * Crash safety of the real file store: a child process appends results in a loop and is killed with
 * SIGKILL at a random moment, 20 times over 5 runs (each run resumed by the next child). After every
 * kill the store must open, every results line must be a valid record, and pendingTrials plus the
 * results must partition the plan exactly: no trial twice, none missing.
 *
 * SIGKILL cannot stop a write(2) to a local file half-way, so after every 5th kill the test also tears
 * the log's last line itself (what a power loss mid-append can leave), to exercise the repair on disk.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openFileStore, pendingTrials, resultLineSchema } from '../../src/core/index.ts';
import type { ResultStore, StoreFiles } from '../../src/core/index.ts';
import { nodeStoreFiles } from '../../src/platform/store-files.ts';

const WRITER = fileURLToPath(new URL('./fixtures/store-writer.ts', import.meta.url));
const KILLS = 20;
const TRIALS = 10_000;
const root = mkdtempSync(join(tmpdir(), 'costlab-store-crash-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Spawns the writer and kills it at a random moment: during start-up and opening, or while appending. */
async function runAndKill(dir: string, runId: string, early: boolean): Promise<{ phase: string; acked: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dir, runId, String(TRIALS)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let onReady = () => {};
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.includes('ready')) onReady();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = sleep(15_000);
  if (early) await Promise.race([sleep(Math.random() * 600), exited]);
  else await Promise.race([ready.then(() => sleep(Math.random() * 400)), exited, deadline]);
  child.kill('SIGKILL');
  const code = await exited;
  if (code !== null && code !== 0) throw new Error(`writer failed (${code}): ${stderr}`);
  const phase = stdout.includes('done') ? 'finished' : stdout.includes('ready') ? 'appending' : 'starting';
  // The last `acked N` the writer printed before it was killed: N results it was told are durable.
  const acked = Math.max(0, ...[...stdout.matchAll(/acked (\d+)/g)].map((m) => Number(m[1])));
  return { phase, acked };
}

/** Checks one run on disk; returns how many results it holds. */
async function verifyRun(store: ResultStore, files: StoreFiles, dir: string, runId: string): Promise<number> {
  const run = await store.getRun(runId);
  if (run === undefined) return 0; // killed before the run was created
  const results = await store.results(runId);
  const pending = pendingTrials(run, results); // throws on a trial with two results
  const ids = [...results.map((r) => r.trialId), ...pending.map((t) => t.id)].sort();
  expect(ids).toEqual(run.trials.map((t) => t.id).sort());
  const text = (await files.readText(join(dir, 'runs', `${runId}.results.ndjson`))) ?? '';
  expect(text === '' || text.endsWith('\n')).toBe(true); // a torn tail was cut on open
  const lines = text.split('\n').slice(0, -1);
  expect(lines).toHaveLength(results.length);
  for (const line of lines) expect(resultLineSchema.safeParse(JSON.parse(line)).success).toBe(true);
  return results.length;
}

describe('file store under SIGKILL', () => {
  it(`loads, holds only valid lines, and partitions the plan after ${KILLS} kills`, async () => {
    const dir = join(root, '.costlab');
    const files = nodeStoreFiles();
    const phases: Record<string, number> = {};
    let tornTails = 0;
    let tornByTest = 0;
    const started = performance.now();
    const counts = new Map<string, number>();
    for (let kill = 0; kill < KILLS; kill++) {
      const runId = `crash-${Math.floor(kill / 4)}`;
      const { phase, acked } = await runAndKill(dir, runId, kill % 3 === 0);
      phases[phase] = (phases[phase] ?? 0) + 1;
      const logPath = join(dir, 'runs', `${runId}.results.ndjson`);
      const before = (await files.readText(logPath)) ?? '';
      if (before.length > 0 && !before.endsWith('\n')) tornTails += 1;
      else if (kill % 5 === 4 && before.length > 0) {
        appendFileSync(logPath, before.slice(before.lastIndexOf('\n', before.length - 2) + 1, -20));
        tornByTest += 1;
      }
      const store = await openFileStore(dir, files);
      const count = await verifyRun(store, files, dir, runId);
      expect(count).toBeGreaterThanOrEqual(Math.max(acked, counts.get(runId) ?? 0)); // nothing acknowledged is lost
      counts.set(runId, count);
      await store.close();
    }
    const store = await openFileStore(dir, files);
    for (const summary of await store.runSummaries()) expect(await verifyRun(store, files, dir, summary.id)).toBe(counts.get(summary.id));
    await store.close();
    const totals = [...counts].map(([id, n]) => `${id}: ${n}/${TRIALS}`).join(', ');
    console.log(`store crash test: ${KILLS} SIGKILLs (${JSON.stringify(phases)}), torn last lines left by a kill: ${tornTails}, torn by the test: ${tornByTest}, all cut on open; results kept: ${totals}; ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }, 180_000);
});
