/**
 * The evidence the scoring issue asks for, through the binary: AlpacaEval 2.0 imported as a recorded run scores
 * each model at its published win rate, and the frontier over those models, priced from the catalog (the retired
 * Claude 2 generation at its last list prices), is exactly the set of non-dominated models — checked here by brute
 * force, not by the code under test.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/run-cli.ts';
import { SKIP_NO_SHARED, hasShared, sharedPath } from '../helpers/shared-data.ts';

const ALPACA = 'data/alpaca_eval';

interface Row { candidateId: string; quality: { mean: number } | null; costPer1kUsd: number | null; onFrontier: boolean; dominatedBy: string[] }

describe.skipIf(!hasShared(ALPACA))(`costlab score / frontier on AlpacaEval 2.0 (${SKIP_NO_SHARED})`, () => {
  it('scores every model at its published win rate and puts exactly the non-dominated ones on the frontier', () => {
    const cwd = tempDir();
    const imported = runCli(['import', 'recorded', 'alpaca-eval', sharedPath(ALPACA), '--json'], { cwd });
    expect(imported.code, imported.stderr).toBe(0);
    const runId = (JSON.parse(imported.stdout) as { runId: string }).runId;

    const leaderboard = new Map(
      readFileSync(sharedPath(`${ALPACA}/leaderboard.csv`), 'utf8').split('\n').slice(1).map((line) => line.split(','))
        .map(([name, winRate]) => [name ?? '', Number(winRate)]),
    );
    const score = runCli(['score', runId, '--json'], { cwd });
    expect(score.code, score.stderr).toBe(0);
    const scored = (JSON.parse(score.stdout) as { candidates: Row[] }).candidates;
    expect(scored).toHaveLength(8);
    for (const c of scored) {
      const name = c.candidateId.replace(/^base@recorded:/, '');
      expect((c.quality!.mean * 100).toFixed(2), name).toBe(leaderboard.get(name)!.toFixed(2));
    }

    const frontier = runCli(['frontier', runId, '--json'], { cwd });
    expect(frontier.code, frontier.stderr).toBe(0);
    const json = JSON.parse(frontier.stdout) as { frontier: string[]; candidates: Row[]; unplaced: { candidateId: string }[]; knee: { id: string } | null };
    // Priced: gpt-3.5-turbo-1106, gpt4_1106_preview (catalog stand-ins) and the three retired Claude models; the open
    // models (Mistral 7B, Gemma 2B, Vicuna 13B) have no per-token price and are listed apart, not placed at $0.
    expect(json.candidates).toHaveLength(5);
    expect(json.unplaced.map((u) => u.candidateId).sort()).toEqual(
      ['base@recorded:OpenHermes-2.5-Mistral-7B', 'base@recorded:gemma-2b-it', 'base@recorded:vicuna-13b-v1.5'],
    );
    const dominated = (a: Row, b: Row) =>
      b.costPer1kUsd! <= a.costPer1kUsd! && b.quality!.mean >= a.quality!.mean && (b.costPer1kUsd! < a.costPer1kUsd! || b.quality!.mean > a.quality!.mean);
    const expected = json.candidates.filter((a) => !json.candidates.some((b) => dominated(a, b))).sort((a, b) => a.costPer1kUsd! - b.costPer1kUsd!);
    expect(json.frontier).toEqual(expected.map((c) => c.candidateId));
    for (const c of json.candidates) {
      expect(c.onFrontier).toBe(expected.includes(c));
      for (const by of c.dominatedBy) expect(dominated(c, json.candidates.find((d) => d.candidateId === by)!)).toBe(true);
    }
    // Claude 2.1 costs what Claude 2 does per token but wins less often than Claude Instant 1.2, which is cheaper.
    expect(json.candidates.find((c) => c.candidateId === 'base@recorded:claude-2.1')?.dominatedBy).toContain('base@recorded:claude-instant-1.2');
  });
});
