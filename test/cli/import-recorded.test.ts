/** `costlab import recorded alpaca-eval|routellm PATH`: a run in the store, per-candidate quality and cost; bad input writes nothing. */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openFileStore } from '../../src/core/store/file-store.ts';
import { nodeStoreFiles } from '../../src/platform/store-files.ts';
import { runCli, tempDir } from '../helpers/run-cli.ts';
import { SKIP_NO_SHARED, hasShared, sharedPath } from '../helpers/shared-data.ts';

const line = (row: object) => `${JSON.stringify(row)}\n`;

/** A two-instruction AlpacaEval folder in the real layout. */
function alpacaFolder(modelLines?: string): string {
  const dir = join(tempDir(), 'alpaca_eval');
  mkdirSync(join(dir, 'ae2_weighted_gpt4turbo'), { recursive: true });
  writeFileSync(join(dir, 'instructions.jsonl'), line({ id: 0, instruction: 'Say hi.' }) + line({ id: 1, instruction: 'Count to 3.' }));
  writeFileSync(
    join(dir, 'ae2_weighted_gpt4turbo', 'gpt-3.5-turbo-1106.jsonl'),
    modelLines ?? line({ id: 0, output: 'Hi!', preference: 1.2, model_win: 0.2 }) + line({ id: 1, output: '1, 2, 3', preference: 1.1, model_win: 0.1 }),
  );
  return dir;
}

async function storedRuns(dir: string) {
  const store = await openFileStore(dir, nodeStoreFiles());
  try {
    const summaries = await store.runSummaries();
    return { summaries, results: summaries[0] ? await store.results(summaries[0].id) : [] };
  } finally {
    await store.close();
  }
}

describe('costlab import recorded', () => {
  it('writes the run into .costlab and prints run id, trials, mean quality and estimated cost per candidate', async () => {
    const cwd = tempDir();
    const result = runCli(['import', 'recorded', 'alpaca-eval', alpacaFolder()], { cwd });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^imported AlpacaEval 2\.0 into \.costlab: run alpaca-eval-\d{8}T\d{6}Z \(origin recorded\)\n1 candidate, 2 trials\n/);
    expect(result.stdout).toMatch(/gpt-3\.5-turbo-1106\s+openai:gpt-3\.5-turbo\s+2\s+15\.00\s+\$0\.0000\d+/);
    const { summaries, results } = await storedRuns(join(cwd, '.costlab'));
    expect(summaries).toEqual([expect.objectContaining({ setName: 'alpaca-eval', origin: 'recorded', status: 'finished', trialCount: 2, candidateCount: 1 })]);
    expect(results.map((r) => r.quality).sort()).toEqual([0.1, 0.2]);
  });

  it('takes --store and --json, and a second import gets its own run id', async () => {
    const store = join(tempDir(), 'my-store');
    const folder = alpacaFolder();
    const first = runCli(['import', 'recorded', 'alpaca-eval', folder, '--store', store, '--json']);
    const second = runCli(['import', 'recorded', 'alpaca-eval', folder, '--store', store, '--json']);
    expect([first.code, second.code]).toEqual([0, 0]);
    const json = JSON.parse(first.stdout) as { runId: string; store: string; trials: number; candidates: { id: string; meanQuality: number; costUsd: string }[] };
    expect(json).toMatchObject({ store, trials: 2, candidates: [{ id: 'base@recorded:gpt-3.5-turbo-1106', model: 'openai:gpt-3.5-turbo' }] });
    expect(json.candidates[0]?.meanQuality).toBeCloseTo(0.15, 12);
    expect(json.candidates[0]?.costUsd).toMatch(/^0\.0000\d+$/);
    const { summaries } = await storedRuns(store);
    expect(summaries.map((s) => s.id)).toEqual([json.runId, (JSON.parse(second.stdout) as { runId: string }).runId]);
    expect(new Set(summaries.map((s) => s.id)).size).toBe(2);
  });

  it('exits 2 and writes nothing for a malformed line, naming file, line and field', () => {
    const cwd = tempDir();
    const folder = alpacaFolder(line({ id: 0, output: 'Hi!', preference: 1.2 }) + line({ id: 1, output: 'x', preference: 'high' }));
    const result = runCli(['import', 'recorded', 'alpaca-eval', folder], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/gpt-3\.5-turbo-1106\.jsonl:2: field preference: preference must be a number from 1 to 2, got "high"/);
    expect(existsSync(join(cwd, '.costlab'))).toBe(false);
  });

  it('exits 2 for a folder without the expected files, saying where to get them', () => {
    const cwd = tempDir();
    const alpaca = runCli(['import', 'recorded', 'alpaca-eval', cwd], { cwd });
    expect(alpaca.code).toBe(2);
    expect(alpaca.stderr).toMatch(/has no instructions\.jsonl .* tatsu-lab\/alpaca_eval/);
    const route = runCli(['import', 'recorded', 'routellm', 'missing.jsonl'], { cwd });
    expect(route.code).toBe(2);
    expect(route.stderr).toMatch(/missing\.jsonl: no such file — .*lm-sys\/RouteLLM/);
    const kind = runCli(['import', 'recorded', 'mmlu', cwd], { cwd });
    expect(kind.code).toBe(2);
    expect(kind.stderr).toMatch(/unknown recorded format 'mmlu' — use one of: alpaca-eval, routellm/);
    expect(existsSync(join(cwd, '.costlab'))).toBe(false);
  });

  it('leaves `import promptfoo` as it was', () => {
    const result = runCli(['import', 'promptfoo', 'nope.yaml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/nope\.yaml: cannot read: no such file/);
    expect(runCli(['import', 'lmsys', 'x']).stderr).toMatch(/unknown import format 'lmsys' — use one of: promptfoo, or recorded results/);
  });
});

describe.skipIf(!hasShared('data/alpaca_eval') || !hasShared('data/routellm/gsm8k.jsonl'))(`costlab import recorded on the real datasets (${SKIP_NO_SHARED})`, () => {
  it('imports AlpacaEval 2.0 (gpt-3.5-turbo-1106 at its published 9.18) and RouteLLM (63.84 / 85.67)', async () => {
    const cwd = tempDir();
    const alpaca = runCli(['import', 'recorded', 'alpaca-eval', sharedPath('data/alpaca_eval')], { cwd });
    expect(alpaca.code).toBe(0);
    expect(alpaca.stdout).toMatch(/8 candidates, 6,440 trials/);
    expect(alpaca.stdout).toMatch(/gpt-3\.5-turbo-1106\s+openai:gpt-3\.5-turbo\s+805\s+9\.18\s/);
    // Claude 2.0 is retired but keeps its last list price in the catalog ($8 / $24 per M); Gemma 2B has none.
    expect(alpaca.stdout).toMatch(/claude-2\s+anthropic:claude-2\.0\s+805\s+17\.19\s+\$\d/);
    expect(alpaca.stdout).toMatch(/gemma-2b-it\s+recorded:gemma-2b-it\s+805\s+3\.40\s+unknown/);
    const route = runCli(['import', 'recorded', 'routellm', sharedPath('data/routellm/gsm8k.jsonl')], { cwd });
    expect(route.code).toBe(0);
    expect(route.stdout).toMatch(/Mixtral-8x7B-Instruct-v0\.1 \(weak\)\s+mistral:mixtral-8x7b-instruct-v0\.1\s+1,319\s+63\.84\s+unknown/);
    expect(route.stdout).toMatch(/gpt-4-1106-preview \(strong\)\s+openai:gpt-4-turbo\s+1,319\s+85\.67\s+\$/);

    const store = await openFileStore(join(cwd, '.costlab'), nodeStoreFiles());
    try {
      const runs = await store.runSummaries();
      expect(runs.map((r) => [r.setName, r.origin, r.status, r.trialCount])).toEqual([
        ['alpaca-eval', 'recorded', 'finished', 6440],
        ['routellm-gsm8k', 'recorded', 'finished', 2638],
      ]);
      expect(await store.results(runs[0]!.id)).toHaveLength(6440);
    } finally {
      await store.close();
    }
  });
});
