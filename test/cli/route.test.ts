/** `costlab route`: sweep, metrics and chosen point through the real binary, on a hand-made store run. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRouterConfig, routeWithConfig } from '../../src/core/analysis/router-config.ts';
import { openFileStore } from '../../src/core/store/file-store.ts';
import type { Candidate, Trial, TrialResult } from '../../src/core/runner/trial.ts';
import { nodeStoreFiles } from '../../src/platform/store-files.ts';
import { OPENAI_KEY, baseEnv, runCliAsync } from '../e2e-run/helpers.ts';
import { runCli, tempDir } from '../helpers/run-cli.ts';
import { hashedEmbedding, startOpenAIEmbeddingServer } from '../integration/servers/embeddings.ts';

// Four cases; the weak model (gpt-4o-mini, $0.001 a request) gets c1 and c3 right, the strong one (gpt-4o,
// $0.01) all four; a third candidate (claude-haiku-4-5, $0.004) is there to need --weak/--strong.
// Heuristic scores of the prompts (seed classifier): c1 trivial 0, c2 complex 1, c3 simple 1/3, c4 moderate 2/3.
const PROMPTS: Record<string, string> = {
  c1: 'What is 2 + 2?', // ^what is + one "?" → trivial
  c2: 'Compare the pros and cons of these designs and explain why.', // compare|design, pros and cons, explain why → complex
  c3: 'Please debug this function', // debug, 4 words → simple
  c4: `I am stuck because ${Array.from({ length: 31 }, (_, i) => `w${i}`).join(' ')}`, // because, 35 words → moderate
};
const CASES = ['c1', 'c2', 'c3', 'c4'];
const WEAK = { id: 'base@openai:gpt-4o-mini', model: 'openai:gpt-4o-mini', cost: '0.001', quality: [1, 0, 1, 0] };
const STRONG = { id: 'base@openai:gpt-4o', model: 'openai:gpt-4o', cost: '0.01', quality: [1, 1, 1, 1] };
const THIRD = { id: 'base@anthropic:claude-haiku-4-5', model: 'anthropic:claude-haiku-4-5', cost: '0.004', quality: [1, 1, 0, 1] };
// The weak model's self-confidence: 0.9, 0.2, 0.8 and exp(ln 0.5) = 0.5 → scores 0.1, 0.8, 0.2, 0.5 (same order as the heuristic).
const WEAK_LABELS: Record<string, number>[] = [{ confidence: 0.9 }, { confidence: 0.2 }, { confidence: 0.8 }, { logprob: Math.log(0.5) }];

type Model = typeof WEAK;

async function makeStore(models: Model[], options: { nullCost?: string; labels?: boolean; prompts?: Record<string, string> } = {}): Promise<{ store: string; runId: string }> {
  const prompts = options.prompts ?? PROMPTS;
  const store = join(tempDir(), 'store');
  const runId = 'route-test';
  const candidates: Candidate[] = models.map((m) => ({ id: m.id, variant: 'base', model: m.model, target: m.model, params: { maxOutputTokens: 64 } }));
  const trials: Trial[] = models.flatMap((m) => CASES.map((c) => ({ id: `${m.id}|${c}|1`, candidateId: m.id, caseId: c, repeat: 1, messages: [{ role: 'user' as const, content: prompts[c] as string }] })));
  const s = await openFileStore(store, nodeStoreFiles());
  try {
    await s.createRun({ id: runId, createdAt: '2026-11-22T10:00:00.000Z', setName: 'route-test', setFile: null, candidates, trials, options: {}, status: 'running', origin: 'live' });
    for (const m of models) {
      for (const [i, c] of CASES.entries()) {
        const result: TrialResult = {
          runId, trialId: `${m.id}|${c}|1`, candidateId: m.id, caseId: c, repeat: 1, status: 'succeeded', cached: false,
          output: 'answer', usage: null, usageSource: null,
          costUsd: options.nullCost === `${m.id}|${c}` ? null : m.cost,
          latencyMs: 100, ttftMs: null, attempts: 1, error: null, finishedAt: '2026-11-22T10:00:01.000Z',
          quality: m.quality[i] as number,
          ...(m === WEAK && options.labels !== false ? { labels: WEAK_LABELS[i] as Record<string, number> } : {}),
        };
        await s.appendResult(result);
      }
    }
    await s.setRunStatus(runId, 'finished');
  } finally {
    await s.close();
  }
  return { store, runId };
}

interface RouteJson {
  weakQuality: number;
  strongQuality: number;
  oracleQuality: number;
  weakCostPer1k: number | null;
  strongCostPer1k: number | null;
  oracleCostPer1k: number | null;
  apgr: number;
  cpt50: number | null;
  cpt80: number | null;
  aiq: number | null;
  curve: { threshold: number | null; strongShare: number; quality: number; costPer1k: number | null }[];
  chosen: { threshold: number | null; strongShare: number; quality: number; costPer1k: number | null } | null;
  weak: { id: string };
  strong: { id: string };
  warnings: string[];
}

function route(args: string[]): { code: number; json: RouteJson; stderr: string } {
  const result = runCli(['route', ...args, '--json']);
  return { code: result.code, json: (result.code === 0 ? JSON.parse(result.stdout) : null) as RouteJson, stderr: result.stderr };
}

const close = (actual: number | null | undefined, expected: number) => expect(actual).toBeCloseTo(expected, 12);

describe('costlab route on a stored run', () => {
  it('heuristic scores: the curve, APGR 0.75, CPT(50 %) 25 %, CPT(80 %) 40 %, AIQ 0.875, by hand', async () => {
    const { store, runId } = await makeStore([WEAK, STRONG]);
    const { code, json, stderr } = route([runId, '--store', store]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    // q_weak = (1 + 0 + 1 + 0)/4 = .5, q_strong = 1; cost per 1k: 1000 × $0.001 = $1, 1000 × $0.01 = $10
    expect([json.weakQuality, json.strongQuality, json.oracleQuality]).toEqual([0.5, 1, 1]);
    close(json.weakCostPer1k, 1);
    close(json.strongCostPer1k, 10);
    close(json.oracleCostPer1k, 5.5); // the oracle pays strong on c2 and c4 only: (2 × .001 + 2 × .01)/4 × 1000
    // thresholds +∞, 1 (c2), 2/3 (c4), 1/3 (c3), 0 (c1); cost per 1k (k × .01 + (4 − k) × .001)/4 × 1000
    expect(json.curve.map((p) => [p.threshold, p.strongShare, p.quality])).toEqual([[null, 0, 0.5], [1, 0.25, 0.75], [2 / 3, 0.5, 1], [1 / 3, 0.75, 1], [0, 1, 1]]);
    [1, 3.25, 5.5, 7.75, 10].forEach((cost, k) => close(json.curve[k]?.costPer1k, cost));
    // PGR 0, .5, 1, 1, 1 at shares 0, .25, .5, .75, 1: trapezoids .0625 + .1875 + .25 + .25 = .75
    close(json.apgr, 0.75);
    close(json.cpt50, 0.25);
    close(json.cpt80, 0.4); // .25 + .25 × (.8 − .5)/(1 − .5)
    // hull (1, .5)–(5.5, 1) ((3.25, .75) is on the chord), flat to 10: (3.375 + 4.5)/9
    close(json.aiq, 0.875);
    expect(json.chosen).toBeNull();
  });

  it('chooses a point by threshold, strong share or quality, and prints a table without --json', async () => {
    const { store, runId } = await makeStore([WEAK, STRONG]);
    expect(route([runId, '--store', store, '--target-share', '0.6']).json.chosen).toMatchObject({ threshold: 2 / 3, strongShare: 0.5, quality: 1 });
    expect(route([runId, '--store', store, '--target-quality', '0.7']).json.chosen).toMatchObject({ threshold: 1, strongShare: 0.25, quality: 0.75 });
    // score ≥ 0.5: c2 (1) and c4 (2/3)
    expect(route([runId, '--store', store, '--threshold', '0.5']).json.chosen).toMatchObject({ threshold: 0.5, strongShare: 0.5, quality: 1 });
    const text = runCli(['route', runId, '--store', store, '--target-share', '0.6']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('score: heuristic');
    expect(text.stdout).toMatch(/weak\s+base@openai:gpt-4o-mini\s+50\.00 %\s+\$1\.00/);
    expect(text.stdout).toMatch(/\n\s+\+∞\s+0\.0 %\s+50\.00 %\s+0\.000\s+\$1\.00\n/);
    expect(text.stdout).toContain('APGR 0.750 (random router 0.5) · CPT(50%) 25.0 % · CPT(80%) 40.0 % strong calls · AIQ 0.8750');
    expect(text.stdout).toContain('chosen (--target-share 0.6): threshold 0.6667 → 50.0 % strong, quality 100.00 % (PGR 1.000), $5.50 per 1k');
    expect(text.stdout).toMatch(/prices: openai:gpt-4o-mini — \S+, as of \d{4}-\d\d-\d\d; openai:gpt-4o — /);
    expect(route([runId, '--store', store, '--target-quality', '1']).json.chosen).toMatchObject({ strongShare: 0.5 });
  });

  it('a --target-quality no threshold reaches: no chosen point, the reason, and nothing to export', async () => {
    const { store, runId } = await makeStore([WEAK, STRONG, THIRD]);
    // weak [1, 0, 1, 0] vs the third model [1, 1, 0, 1]; scores put c3 (where the third fails) first:
    // +∞ .5 · c3 → .25 · c1 → .25 · c4 → .5 · c2 → .75: the best is .75 at 100 % strong
    const file = join(tempDir(), 'scores.jsonl');
    writeFileSync(file, ['{"index": 0, "score": 0.8}', '{"index": 1, "score": 0.1}', '{"index": 2, "score": 0.9}', '{"index": 3, "score": 0.2}'].join('\n'));
    const args = [runId, '--store', store, '--weak', WEAK.id, '--strong', THIRD.id, '--score', `file:${file}`, '--target-quality', '0.8'];
    const result = route(args);
    expect(result.json.curve.map((p) => p.quality)).toEqual([0.5, 0.25, 0.25, 0.5, 0.75]);
    expect(result.json.chosen).toBeNull();
    expect((result.json as RouteJson & { unreachable: string }).unreachable).toBe('no threshold reaches quality 80.00 %: the best this score gets is 75.00 % (strong share 100.0 %)');
    const out = join(tempDir(), 'router.json');
    const exported = runCli(['route', ...args, '--export', out]);
    expect(exported.code).toBe(2);
    expect(exported.stderr).toContain('nothing to export: no threshold reaches quality 80.00 %');
    expect(existsSync(out)).toBe(false);
  });

  it('self-confidence scores from the weak model\'s labels; oracle and random; a clear error without labels', async () => {
    const { store, runId } = await makeStore([WEAK, STRONG]);
    // 1 − confidence: .1, .8, .2, .5 — the heuristic's order, so the same APGR
    close(route([runId, '--store', store, '--score', 'confidence']).json.apgr, 0.75);
    // oracle: gains 0, 1, 0, 1 → thresholds +∞, 1 (share .5, quality 1), 0 (share 1)
    expect(route([runId, '--store', store, '--score', 'oracle']).json.curve.map((p) => [p.threshold, p.strongShare, p.quality])).toEqual([[null, 0, 0.5], [1, 0.5, 1], [0, 1, 1]]);
    const a = route([runId, '--store', store, '--score', 'random', '--seed', '7']).json;
    expect(route([runId, '--store', store, '--score', 'random', '--seed', '7']).json.curve).toEqual(a.curve);
    expect(a.curve).toHaveLength(5);
    const bare = await makeStore([WEAK, STRONG], { labels: false });
    const error = runCli(['route', bare.runId, '--store', bare.store, '--score', 'confidence']);
    expect(error.code).toBe(2);
    expect(error.stderr).toMatch(/^costlab: field items\[0\]\.labels: the weak model's result for item c1 has no confidence or logprob label \(4 of 4 items lack one\) — /);
  });

  it('with three candidates --weak/--strong pick two (id, provider:model, catalog name), and the error lists the choices', async () => {
    const { store, runId } = await makeStore([WEAK, STRONG, THIRD]);
    const missing = runCli(['route', runId, '--store', store]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('the run has 3 candidates: say which two to route between with --weak and --strong');
    expect(missing.stderr).toContain('base@openai:gpt-4o-mini; base@openai:gpt-4o; base@anthropic:claude-haiku-4-5');
    const picked = route([runId, '--store', store, '--weak', 'openai:gpt-4o-mini', '--strong', 'base@anthropic:claude-haiku-4-5']);
    expect(picked.code).toBe(0);
    expect([picked.json.weak.id, picked.json.strong.id]).toEqual([WEAK.id, THIRD.id]);
    expect(picked.json.strongQuality).toBe(0.75);
    // a bare model name is the catalog's reference for the candidate's model
    const short = route([runId, '--store', store, '--weak', 'gpt-4o-mini', '--strong', 'claude-haiku-4-5']);
    expect([short.json.weak.id, short.json.strong.id]).toEqual([WEAK.id, THIRD.id]);
    const unknown = runCli(['route', runId, '--store', store, '--weak', 'openai:o3', '--strong', 'openai:gpt-4o']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/field --weak: --weak openai:o3 is not a candidate of this run — the candidates are: base@openai:gpt-4o-mini; /);
  });

  it('an unknown price makes every cost null (never 0), with a warning', async () => {
    const { store, runId } = await makeStore([WEAK, STRONG], { nullCost: `${STRONG.id}|c3` });
    const { code, json, stderr } = route([runId, '--store', store, '--target-share', '0.5']);
    expect(code).toBe(0);
    expect(stderr).toMatch(/^warning: the price of base@openai:gpt-4o \(strong\) is unknown on some cases: every cost figure is unknown \(null\), never \$0/);
    expect(json.curve.every((p) => p.costPer1k === null)).toBe(true);
    expect([json.strongCostPer1k, json.oracleCostPer1k, json.aiq, json.chosen?.costPer1k]).toEqual([null, null, null, null]);
    close(json.weakCostPer1k, 1);
    close(json.apgr, 0.75);
  });
});

describe('--score file:PATH', () => {
  it('reads one score per case in the run\'s case order', async () => {
    const { store, runId } = await makeStore([WEAK, STRONG]);
    const file = join(tempDir(), 'scores.jsonl');
    // reversed router: the cases the strong model does not help (c1, c3) first → APGR .25 (see routing.test.ts)
    writeFileSync(file, ['{"index": 0, "score": 0.9}', '{"index": 2, "score": 0.8}', '', '{"index": 1, "score": 0.1}', '{"index": 3, "score": 0.5}'].join('\n'));
    close(route([runId, '--store', store, '--score', `file:${file}`]).json.apgr, 0.25);
  });

  it('bad lines exit 2 naming file:line and field, and nothing is exported', async () => {
    const { store, runId } = await makeStore([WEAK, STRONG]);
    const dir = tempDir();
    const cases: [string, RegExp][] = [
      ['{"index": 0, "score": 1}\n{"score": 2}\n', /scores\.jsonl:2: field index: index must be a whole number, got nothing/],
      ['{"index": 0, "score": 1}\n{"index": 0, "score": 2}\n', /scores\.jsonl:2: field index: index 0 appears twice \(first on line 1\)/],
      ['{"index": 4, "score": 1}\n', /scores\.jsonl:1: field index: index 4 is out of range: there are 4 items \(indices 0 to 3\)/],
      ['{"index": 0, "score": 1}\n{"index": 1 "score": 2}\n', /scores\.jsonl:2: line 2 is not valid JSON/],
      ['{"index": 0, "score": 1}\n', /scores\.jsonl: field index: has no line for index 1, 2, 3 \(1 of 4 items scored\)/],
    ];
    for (const [text, message] of cases) {
      const file = join(dir, 'scores.jsonl');
      writeFileSync(file, text);
      const out = join(dir, 'router.json');
      const result = runCli(['route', runId, '--store', store, '--score', `file:${file}`, '--threshold', '0.5', '--export', out]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe('');
      expect(existsSync(out)).toBe(false);
    }
  });
});

describe('--export', () => {
  it('writes a router config that loads and reproduces the chosen routing on the prompts', async () => {
    const { store, runId } = await makeStore([WEAK, STRONG]);
    const out = join(tempDir(), 'nested', 'router.json');
    const result = route([runId, '--store', store, '--target-share', '0.6', '--export', out]);
    expect(result.code).toBe(0);
    const config = parseRouterConfig(readFileSync(out, 'utf8'), out);
    expect(config).toMatchObject({
      version: 1, kind: 'threshold', score: 'heuristic', threshold: 2 / 3, weak: 'openai:gpt-4o-mini', strong: 'openai:gpt-4o',
      expected: { strongShare: 0.5, quality: 1, items: 4 }, createdFrom: { run: runId, store },
    });
    expect(config.expected.costPer1k).toBeCloseTo(5.5, 12);
    expect(config.asOf).toMatch(/^\d{4}-\d\d-\d\d$/);
    expect(config.heuristic?.complexSignals.length).toBeGreaterThan(0);
    // the application side: c2 (complex) and c4 (moderate) go to gpt-4o, c1 and c3 to gpt-4o-mini
    expect(CASES.map((c) => routeWithConfig(config, PROMPTS[c] as string).model)).toEqual(['openai:gpt-4o-mini', 'openai:gpt-4o', 'openai:gpt-4o-mini', 'openai:gpt-4o']);
  });

  it('needs a chosen point, and refuses the oracle', async () => {
    const { store, runId } = await makeStore([WEAK, STRONG]);
    const out = join(tempDir(), 'router.json');
    const noPoint = runCli(['route', runId, '--store', store, '--export', out]);
    expect(noPoint.code).toBe(2);
    expect(noPoint.stderr).toContain('--export needs a point: give --threshold, --target-share or --target-quality');
    const oracle = runCli(['route', runId, '--store', store, '--score', 'oracle', '--threshold', '1', '--export', out]);
    expect(oracle.code).toBe(2);
    expect(oracle.stderr).toContain('the oracle router cannot be exported');
    expect(existsSync(out)).toBe(false);
  });
});

describe('bad options', () => {
  it('exit 2 with one line each', () => {
    const cases: [string[], string][] = [
      [['route'], 'give a RUN_ID or --recorded FORMAT:PATH'],
      [['route', 'x', '--recorded', 'routellm:a.jsonl'], 'give a RUN_ID or --recorded, not both'],
      [['route', '--recorded', 'csv:a.csv'], '--recorded "csv:a.csv" is not FORMAT:PATH'],
      [['route', 'x', '--score', 'vibes'], '--score vibes is not a router score'],
      [['route', 'x', '--score', 'knn'], '--score knn needs --embedder REF'],
      [['route', 'x', '--embedder', 'openai:text-embedding-3-small'], '--embedder is for --score knn'],
      [['route', 'x', '--target-share', '1.5'], '--target-share must be a number from 0 to 1, got "1.5"'],
      [['route', 'x', '--threshold', '0.5', '--target-share', '0.5'], 'give one of --threshold, --target-share and --target-quality'],
      [['route', 'nope', '--store', tempDir()], 'there is no costlab store in'],
    ];
    for (const [args, message] of cases) {
      const result = runCli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(message);
    }
  });
});

describe('--score knn --embedder', () => {
  it('scores each case by its nearest other prompts (leave-one-out) and reports the embedding cost', async () => {
    // Bag-of-words vectors (the loopback server's): "apple" and "banana" fall in different dimensions, so c1 ~ c3
    // (cosine 1) and c2 ~ c4, across 0. Strong wins (strong better than weak) on c2 and c4. With k = 1 each case
    // takes its twin's label: scores 0, 1, 0, 1 — the perfect router: PGR 0, 1, 1 at shares 0, .5, 1 → APGR .75.
    expect(hashedEmbedding('apple').indexOf(1)).not.toBe(hashedEmbedding('banana').indexOf(1));
    const prompts = { c1: 'apple apple', c2: 'banana', c3: 'apple', c4: 'banana banana' };
    const { store, runId } = await makeStore([WEAK, STRONG], { prompts });
    const server = await startOpenAIEmbeddingServer();
    try {
      const env = baseEnv({ OPENAI_API_KEY: OPENAI_KEY, OPENAI_BASE_URL: server.url });
      const out = join(tempDir(), 'knn-router.json');
      const args = ['route', runId, '--store', store, '--score', 'knn', '--embedder', 'openai:text-embedding-3-small', '--k', '1', '--threshold', '0.5', '--export', out, '--json'];
      const result = await runCliAsync(args, { cwd: tempDir(), env });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).not.toContain(OPENAI_KEY);
      const json = JSON.parse(result.stdout) as RouteJson & { routerCost: { tokens: number; usd: string; perThousand: number } };
      expect(json.curve.map((p) => [p.threshold, p.strongShare, p.quality])).toEqual([[null, 0, 0.5], [1, 0.5, 1], [0, 1, 1]]);
      close(json.apgr, 0.75);
      // 2 + 1 + 1 + 2 = 6 words billed at $0.02 per M tokens: $0.00000012; per 1k requests 1000 × 0.00000012 / 4
      expect(json.routerCost).toMatchObject({ tokens: 6, usd: '0.00000012' });
      close(json.routerCost.perThousand, 0.00003);
      const config = parseRouterConfig(readFileSync(out, 'utf8'), out);
      expect(config.knn).toEqual({ k: 1, embedder: 'openai:text-embedding-3-small', examples: [
        { prompt: 'apple apple', strongWin: 0 }, { prompt: 'banana', strongWin: 1 }, { prompt: 'apple', strongWin: 0 }, { prompt: 'banana banana', strongWin: 1 },
      ] });
    } finally {
      await server.close();
    }
  });
});
