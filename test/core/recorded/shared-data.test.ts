/**
 * The real recorded datasets in ../shared/data: AlpacaEval 2.0 reproduces every model's published win rate,
 * RouteLLM's GSM8K reproduces 63.8 % / 85.7 % accuracy, and both go into a store and come back.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../../src/core/catalog/catalog.ts';
import { importAlpacaEval, readAlpacaEvalFolder } from '../../../src/core/recorded/alpaca-eval.ts';
import { writeRecordedRun } from '../../../src/core/recorded/build.ts';
import { importRouteLlm, readRouteLlmPath } from '../../../src/core/recorded/routellm.ts';
import { summarizeRun } from '../../../src/core/recorded/summary.ts';
import { MemoryStore } from '../../../src/core/store/memory-store.ts';
import { setPackageDataLoader } from '../../../src/core/tokens/bpe/encodings.ts';
import { nodePorts } from '../../../src/platform/node.ts';
import { readPackageJson } from '../../../src/platform/package-data.ts';
import { SKIP_NO_SHARED, hasShared, sharedPath } from '../../helpers/shared-data.ts';

const ALPACA = 'data/alpaca_eval';
const ROUTELLM = 'data/routellm/gsm8k.jsonl';
const options = () => ({ catalog: new Catalog(), importedAt: '2026-11-22T10:00:00.000Z' });

/** The win rates SOURCES.md quotes (weighted GPT-4-turbo annotator, reference gpt4_1106_preview). */
const PUBLISHED: Record<string, string> = {
  'gemma-2b-it': '3.40', 'vicuna-13b-v1.5': '6.72', 'gpt-3.5-turbo-1106': '9.18', 'OpenHermes-2.5-Mistral-7B': '10.34',
  'claude-2.1': '15.73', 'claude-instant-1.2': '16.13', 'claude-2': '17.19', gpt4_1106_preview: '50.00',
};

beforeAll(() => setPackageDataLoader(readPackageJson));

describe.skipIf(!hasShared(ALPACA))(`AlpacaEval 2.0 recorded import (${SKIP_NO_SHARED})`, () => {
  it("reproduces each model's published win rate to 2 decimals (SOURCES.md and leaderboard.csv)", async () => {
    const { run, results, candidates } = await importAlpacaEval(await readAlpacaEvalFolder(sharedPath(ALPACA), nodePorts().fs), options());
    expect(run.trials).toHaveLength(8 * 805);
    const leaderboard = new Map(
      readFileSync(sharedPath(`${ALPACA}/leaderboard.csv`), 'utf8').split('\n').slice(1).map((line) => line.split(','))
        .map(([name, winRate]) => [name ?? '', Number(winRate)]),
    );
    const summaries = summarizeRun(run, results);
    const rates = Object.fromEntries(candidates.map((c, i) => [c.name, (summaries[i]!.meanQuality! * 100).toFixed(2)]));
    expect(rates).toEqual(PUBLISHED);
    for (const candidate of candidates) {
      expect(rates[candidate.name], candidate.name).toBe(leaderboard.get(candidate.name)!.toFixed(2));
      expect(candidate.trials).toBe(805);
    }
    expect(candidates.find((c) => c.name === 'gpt-3.5-turbo-1106')?.model).toBe('openai:gpt-3.5-turbo');
    expect(candidates.find((c) => c.name === 'claude-2')).toMatchObject({ model: 'anthropic:claude-2.0' });
    expect(candidates.find((c) => c.name === 'gemma-2b-it')).toMatchObject({ model: 'recorded:gemma-2b-it', priceNote: expect.stringMatching(/price unknown/) });
  });
});

describe.skipIf(!hasShared(ROUTELLM))(`RouteLLM GSM8K recorded import (${SKIP_NO_SHARED})`, () => {
  it('reproduces 63.8 % (Mixtral) and 85.7 % (gpt-4-1106-preview) accuracy, and stores every result', async () => {
    const imported = await importRouteLlm(await readRouteLlmPath(sharedPath(ROUTELLM), nodePorts().fs), options());
    const [weak, strong] = summarizeRun(imported.run, imported.results);
    expect([weak?.trials, strong?.trials]).toEqual([1319, 1319]);
    expect(((weak?.meanQuality ?? 0) * 100).toFixed(1)).toBe('63.8');
    expect(((strong?.meanQuality ?? 0) * 100).toFixed(1)).toBe('85.7');
    expect(weak).toMatchObject({ model: 'mistral:mixtral-8x7b-instruct-v0.1', costUsd: null });
    expect(strong?.model).toBe('openai:gpt-4-turbo');
    expect(strong?.costUsd).toMatch(/^\d+\.\d+$/);

    const store = new MemoryStore();
    await writeRecordedRun(store, imported);
    expect(await store.results(imported.run.id)).toHaveLength(2 * 1319);
  });
});
