/**
 * The TUI's run callbacks as `costlab tui` wires them, over a real store: a replay of recorded results that is
 * stopped part-way is resumed from the recorded answers (nothing is called, no trial fails for having been
 * interrupted), and the store access lists it with its true counts.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/core/index.ts';
import { loadTuiData } from '../../src/cli/tui-data.ts';
import { tuiRunner } from '../../src/cli/tui-run.ts';
import { requireStoreForReading } from '../../src/cli/run-store.ts';
import { runCli, tempDir } from '../helpers/run-cli.ts';

const row = (id: number) =>
  JSON.stringify({
    id, prompt: `What is ${id} + ${id}?`, weak_model: 'small-model', strong_model: 'big-model',
    weak_response: `${2 * id + (id % 3 === 0 ? 1 : 0)}`, strong_response: `${2 * id}`, weak_correct: id % 3 !== 0, strong_correct: true,
  });

describe('replays in the TUI', () => {
  it('resumes a stopped replay from the recorded answers: 12 problems × 2 models = 24 trials, all ok', async () => {
    const cwd = tempDir();
    const storeDir = join(cwd, '.costlab');
    writeFileSync(join(cwd, 'tiny.jsonl'), `${Array.from({ length: 12 }, (_, i) => row(i + 1)).join('\n')}\n`);
    const imported = runCli(['import', 'recorded', 'routellm', 'tiny.jsonl', '--store', storeDir, '--json'], { cwd });
    expect(imported.code, imported.stderr).toBe(0);
    const sourceId = (JSON.parse(imported.stdout) as { runId: string }).runId;

    const runner = tuiRunner(cwd, storeDir);
    // The replay is stopped as soon as its first trial has finished: the pool starts no new trial after that.
    const stop = new AbortController();
    const first: RunEvent[] = [];
    const replayId = await runner.startRun({ kind: 'replay', runId: sourceId }, (event) => {
      first.push(event);
      if (event.type === 'trial-finished') stop.abort();
    }, stop.signal);
    const stopped = first.find((e) => e.type === 'run-finished');
    expect(stopped).toMatchObject({ status: 'stopped', failed: 0 });
    const answered = stopped?.type === 'run-finished' ? stopped.succeeded : -1;
    expect(answered).toBeGreaterThan(0);
    expect(answered).toBeLessThan(24);

    // The store access lists the stopped replay with its true counts.
    const { data } = await loadTuiData(cwd, storeDir);
    const listed = (await data.store!.listRuns()).find((r) => r.id === replayId);
    expect(listed).toMatchObject({ status: 'stopped', trialCount: 24, resultCount: answered, options: { replayOf: sourceId } });

    const events: RunEvent[] = [];
    const resumed = await runner.startRun({ kind: 'resume', runId: replayId }, (event) => events.push(event), new AbortController().signal);
    expect(resumed).toBe(replayId);
    const finished = events.find((e) => e.type === 'run-finished');
    // Only the 24 − answered trials without a result are run again, each answered from the recording.
    expect(finished).toMatchObject({ status: 'finished', trials: 24 - answered, succeeded: 24 - answered, failed: 0, notRun: 0 });
    await runner.shutdown();

    const store = await requireStoreForReading(storeDir);
    try {
      const results = await store.results(replayId);
      expect(results).toHaveLength(24);
      expect(results.filter((r) => r.status !== 'succeeded')).toEqual([]);
      const source = new Map((await store.results(sourceId)).map((r) => [r.trialId, r.output]));
      for (const r of results) expect(r.output).toBe(source.get(r.trialId));
      expect((await store.getRun(replayId))?.status).toBe('finished');
    } finally {
      await store.close();
    }
  });
});
