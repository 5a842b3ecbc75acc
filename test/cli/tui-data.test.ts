/**
 * The TUI's data layer as `costlab` wires it: a rating typed on the Results screen is appended to the run's
 * annotations log, where `costlab score` reads it as that trial's quality, ahead of the recorded label.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTuiData } from '../../src/cli/tui-data.ts';
import { runCli, tempDir } from '../helpers/run-cli.ts';

const row = (id: number, weakCorrect: boolean, strongCorrect: boolean) =>
  JSON.stringify({
    id, prompt: `What is ${id} + ${id}?`, weak_model: 'small-model', strong_model: 'big-model',
    weak_response: `${2 * id + (weakCorrect ? 0 : 1)}`, strong_response: `${2 * id}`, weak_correct: weakCorrect, strong_correct: strongCorrect,
  });

describe('the TUI data layer', () => {
  it('saves a rating where costlab score finds it', async () => {
    const cwd = tempDir();
    const store = join(cwd, '.costlab');
    writeFileSync(join(cwd, 'tiny.jsonl'), `${[row(1, false, true), row(2, true, true)].join('\n')}\n`);
    const imported = runCli(['import', 'recorded', 'routellm', 'tiny.jsonl', '--store', store, '--json'], { cwd });
    expect(imported.code, imported.stderr).toBe(0);
    const runId = (JSON.parse(imported.stdout) as { runId: string }).runId;
    const before = JSON.parse(runCli(['score', runId, '--store', store, '--json'], { cwd }).stdout) as { candidates: { quality: { mean: number } }[] };
    // The weak model got problem 1 wrong and problem 2 right: 0.5.
    expect(before.candidates[0]?.quality.mean).toBe(0.5);

    const { data } = await loadTuiData(cwd, store);
    await data.saveRating!(runId, 'base@recorded:small-model|1|1', 4);
    const after = JSON.parse(runCli(['score', runId, '--store', store, '--json'], { cwd }).stdout) as {
      sources: Record<string, number>; candidates: { quality: { mean: number } }[];
    };
    // 4 stars → 0.75 replaces the recorded 0 on problem 1: (0.75 + 1) / 2 = 0.875.
    expect(after.sources['rating']).toBe(1);
    expect(after.candidates[0]?.quality.mean).toBe(0.875);
  });
});
