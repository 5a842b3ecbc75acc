/**
 * Evidence on RouteLLM's released GSM8K responses (Mixtral-8x7B vs GPT-4-1106, ../shared/data/routellm/gsm8k.jsonl):
 * the published accuracies through `costlab route --recorded`, the oracle bound, and a random router's APGR ≈ 0.5.
 */
import { describe, expect, it } from 'vitest';
import { loadAnalysisSource } from '../../src/cli/analysis-source.ts';
import { pickPair } from '../../src/cli/route-pair.ts';
import { analyseRoute } from '../../src/cli/route-report.ts';
import { computeScores } from '../../src/cli/route-scores.ts';
import { runCli } from '../helpers/run-cli.ts';
import { SKIP_NO_SHARED, hasShared, sharedPath } from '../helpers/shared-data.ts';

const FILE = 'data/routellm/gsm8k.jsonl';
const present = hasShared(FILE);
const recorded = `routellm:${present ? sharedPath(FILE) : FILE}`;

interface Json {
  weakQuality: number;
  strongQuality: number;
  oracleQuality: number;
  apgr: number;
  cpt50: number | null;
  cpt80: number | null;
  aiq: number | null;
  items: number;
  weak: { name: string };
  strong: { name: string };
  curve: { threshold: number | null; strongShare: number; quality: number; costPer1k: number | null }[];
}

function route(args: string[]): Json {
  const result = runCli(['route', '--recorded', recorded, ...args, '--json']);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Json;
}

describe.skipIf(!present)(`costlab route on RouteLLM gsm8k (${present ? FILE : SKIP_NO_SHARED})`, () => {
  it('weak 63.8 %, strong 85.7 %, oracle 92.9 %; the oracle score recovers the whole gap at 29 % strong calls', () => {
    const json = route(['--score', 'oracle']);
    expect(json.items).toBe(1319);
    expect([json.weak.name, json.strong.name]).toEqual(['mistralai/Mixtral-8x7B-Instruct-v0.1', 'gpt-4-1106-preview']);
    expect(json.weakQuality).toBeCloseTo(0.638, 3); // 842 / 1319
    expect(json.strongQuality).toBeCloseTo(0.857, 3); // 1130 / 1319
    expect(json.oracleQuality).toBeCloseTo(0.929, 3); // (842 + 383) / 1319: strong only where weak fails and strong succeeds
    // gains −1, 0, +1: thresholds +∞, 1 (the 383 items only the strong model gets right), 0, −1
    expect(json.curve.map((p) => p.threshold)).toEqual([null, 1, 0, -1]);
    expect(json.curve[1]?.strongShare).toBeCloseTo(383 / 1319, 12);
    expect(json.curve[1]?.quality).toBeCloseTo((842 + 383) / 1319, 12);
    // Mixtral has no per-token price in the catalog: cost figures are unknown, never 0
    expect(json.curve.every((p) => p.costPer1k === null)).toBe(true);
    expect(json.aiq).toBeNull();
    expect(json.apgr).toBeGreaterThan(1);
  });

  it('a random router: APGR ≈ 0.5 averaged over 20 seeds; the binary and the library agree seed by seed', async () => {
    const source = await loadAnalysisSource({ recorded });
    const pair = pickPair(source);
    const apgr = async (seed: number) => {
      const spec = { kind: 'random' as const, seed };
      return analyseRoute(source.origin, pair, spec, await computeScores(spec, pair), undefined, []).apgr;
    };
    const seeds = Array.from({ length: 20 }, (_, i) => i + 1);
    const values = await Promise.all(seeds.map(apgr));
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.03);
    for (const seed of [1, 2, 3]) expect(route(['--score', 'random', '--seed', String(seed)]).apgr).toBe(values[seed - 1]);
  });

  it('heuristic and length scores run on the real prompts', () => {
    const heuristic = route(['--score', 'heuristic']);
    expect(heuristic.curve.length).toBeLessThanOrEqual(5); // four classes at most, plus +∞
    expect(heuristic.apgr).toBeGreaterThan(0.4);
    const length = route(['--score', 'length']);
    expect(length.curve.length).toBeGreaterThan(50); // token counts: many distinct scores
    expect(length.curve[length.curve.length - 1]?.strongShare).toBe(1);
  });
});
