/** `costlab cascade`: a stored live run scored by its set's assertions, a RouteLLM file in memory, and bad input. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Candidate, Trial, TrialResult } from '../../src/core/index.ts';
import { appendAnnotation } from '../../src/core/store/annotations.ts';
import { openFileStore } from '../../src/core/store/file-store.ts';
import { nodeStoreFiles } from '../../src/platform/store-files.ts';
import { runCli, tempDir } from '../helpers/run-cli.ts';
import { GSM8K_FILE as FILE, GSM8K_LABEL, gsm8kPresent, gsm8kRows } from '../helpers/routellm-gsm8k.ts';
import { sharedPath } from '../helpers/shared-data.ts';

const SET = `name: t
prompt: "Q {{q}}"
cases:
  - id: a
    vars: { q: one }
    assert: [{ type: icontains, value: "yes" }]
  - id: b
    vars: { q: two }
    assert: [{ type: icontains, value: "yes" }]
`;

/**
 * A finished live run of two candidates on two cases, scored by the set's assertion (answer contains "yes"):
 *   cheap (gpt-4o-mini, $0.001, 100 ms): a "yes" (passes), b "no" (fails)
 *   dear  (gpt-4o, $0.01, 1,000 ms):     a "yes", b "yes"
 * With `secondRepeat`, b runs twice: on repeat 2 both answer "yes".
 */
async function liveRun(withLabels = false, secondRepeat = false): Promise<string> {
  const cwd = tempDir();
  writeFileSync(join(cwd, 't.yaml'), SET);
  const candidates: Candidate[] = [
    { id: 'base@openai:gpt-4o-mini', variant: 'base', model: 'openai:gpt-4o-mini', target: 'openai:gpt-4o-mini', params: { maxOutputTokens: 100 } },
    { id: 'base@openai:gpt-4o', variant: 'base', model: 'openai:gpt-4o', target: 'openai:gpt-4o', params: { maxOutputTokens: 100 } },
  ];
  const answers: Record<string, [string, string, number][]> = {
    'base@openai:gpt-4o-mini': [['a', 'yes', 1], ['b', 'no', 1], ...(secondRepeat ? [['b', 'yes', 2] as [string, string, number]] : [])],
    'base@openai:gpt-4o': [['a', 'yes', 1], ['b', 'yes', 1], ...(secondRepeat ? [['b', 'yes', 2] as [string, string, number]] : [])],
  };
  const trials: Trial[] = [];
  const results: TrialResult[] = [];
  for (const [candidateId, rows] of Object.entries(answers)) {
    const dear = candidateId.endsWith('gpt-4o');
    for (const [caseId, output, repeat] of rows) {
      const trial: Trial = { id: `${candidateId}|${caseId}|${repeat}`, candidateId, caseId, repeat, messages: [{ role: 'user', content: `Q ${caseId}` }] };
      trials.push(trial);
      results.push({
        runId: 'run-1', trialId: trial.id, candidateId, caseId, repeat, status: 'succeeded', cached: false, output,
        usage: { input: 10, output: 5, reasoning: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0 }, usageSource: 'reported',
        costUsd: dear ? '0.01' : '0.001', latencyMs: dear ? 1000 : 100, ttftMs: null, attempts: 1, error: null, finishedAt: '2026-11-22T10:00:01.000Z',
        ...(withLabels && !dear ? { labels: { confidence: caseId === 'a' ? 0.9 : 0.95 } } : {}),
      });
    }
  }
  const store = await openFileStore(join(cwd, '.costlab'), nodeStoreFiles());
  try {
    await store.createRun({ id: 'run-1', createdAt: '2026-11-22T10:00:00.000Z', setName: 't', setFile: 't.yaml', candidates, trials, options: {}, status: 'finished', origin: 'live' });
    for (const result of results) await store.appendResult(result);
  } finally {
    await store.close();
  }
  return cwd;
}

describe('costlab cascade on a stored run', () => {
  it('assertion acceptance: the table and the JSON, worked by hand', async () => {
    const cwd = await liveRun();
    // a ends at the cheap tier ($0.001, 100 ms); b escalates ($0.011, 1,100 ms). Both end right: quality 1.
    // per 1k: 1000 × 0.012/2 = $6; wasted 1000 × 0.001/2 = $0.50; latency (100 + 1100)/2 = 600 ms; 1.5 calls.
    const human = runCli(['cascade', 'run-1', '--tiers', 'gpt-4o-mini,gpt-4o'], { cwd });
    expect(human.stderr).toBe('');
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^cascade\s+1\.000\s+100\.0%\s+\$6\.00\s+\$0\.50\s+600 ms\s+1\.50$/m);
    expect(human.stdout).toMatch(/^only gpt-4o-mini\s+0\.500\s+50\.0%\s+\$1\.00\s+100 ms\s+1\.00$/m);
    expect(human.stdout).toMatch(/^only gpt-4o\s+1\.000\s+100\.0%\s+\$10\.00\s+1,000 ms\s+1\.00$/m);
    expect(human.stdout).toContain('requests ending at each tier: gpt-4o-mini 50.0% · gpt-4o 50.0%');
    expect(human.stdout).toMatch(/prices: openai:gpt-4o — https:\/\/\S+ as of \d{4}-\d\d-\d\d/);

    const json = JSON.parse(runCli(['cascade', 'run-1', '--tiers', 'base@openai:gpt-4o-mini,base@openai:gpt-4o', '--json'], { cwd }).stdout);
    expect(json.items).toBe(2);
    expect(json.cascade).toMatchObject({ quality: 1, passRate: 1, latencyMs: 600, callsPerRequest: 1.5 });
    expect(json.cascade.costPer1kUsd).toBeCloseTo(6, 12);
    expect(json.cascade.wastedPer1kUsd).toBeCloseTo(0.5, 12);
    expect(json.cascade.tiers).toEqual([{ tier: 'base@openai:gpt-4o-mini', callShare: 1, endShare: 0.5 }, { tier: 'base@openai:gpt-4o', callShare: 0.5, endShare: 0.5 }]);
    expect(json.singles.map((s: { quality: number }) => s.quality)).toEqual([0.5, 1]);
  });

  it('judge acceptance: error 0.1, $0.0001 a judgement', async () => {
    const cwd = await liveRun();
    // a: cheap good, accepted 0.9: q 1, cost .001 + .0001 + .1 × .01 = .0021
    // b: cheap bad, accepted 0.1 (q 0): q .9, cost .001 + .0001 + .9 × .01 = .0101
    // quality .95; per 1k 1000 × .0122/2 = $6.1, of which the judge 1000 × .0001 = $0.1
    const r = runCli(['cascade', 'run-1', '--tiers', 'gpt-4o-mini,gpt-4o', '--accept', 'judge', '--judge-error', '0.1', '--judge-cost', '0.0001', '--json'], { cwd });
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.cascade.quality).toBeCloseTo(0.95, 12);
    expect(json.cascade.costPer1kUsd).toBeCloseTo(6.1, 12);
    expect(json.cascade.judgePer1kUsd).toBeCloseTo(0.1, 12);
    expect(json.cascade.badAccepted).toBeCloseTo(0.05, 12);
  });

  it('confidence acceptance reads the recorded label: a confident wrong answer is served', async () => {
    const cwd = await liveRun(true);
    // the cheap model is confident on both (0.9 and 0.95 ≥ 0.8), so nothing escalates: quality 0.5, $1 per 1k,
    // and b's wrong answer is served (accepted below the pass mark: 1 of 2 requests)
    const json = JSON.parse(runCli(['cascade', 'run-1', '--tiers', 'gpt-4o-mini,gpt-4o', '--accept', 'confidence', '--threshold', '0.8', '--json'], { cwd }).stdout);
    expect(json.cascade).toMatchObject({ quality: 0.5, callsPerRequest: 1, badAccepted: 0.5, goodRejected: 0 });
    expect(json.cascade.costPer1kUsd).toBeCloseTo(1, 12);
    expect(json.acceptance).toEqual({ kind: 'confidence', thresholds: [0.8], passMark: 0.5 });
  });

  it('each repeat is its own request: b fails on repeat 1 and passes on repeat 2', async () => {
    const cwd = await liveRun(false, true);
    // items a, b, b#2: a and b#2 end at the cheap tier ($0.001, 100 ms), b escalates ($0.011, 1,100 ms).
    // per 1k: 1000 × 0.013/3 = $4.333…; wasted 1000 × 0.001/3; calls 4/3; latency 1,300/3 ms.
    // (Averaging b's repeats would give the cheap tier quality 0.5 ≥ the pass mark: nothing would escalate.)
    const json = JSON.parse(runCli(['cascade', 'run-1', '--tiers', 'gpt-4o-mini,gpt-4o', '--json'], { cwd }).stdout);
    expect(json.items).toBe(3);
    expect(json.cascade.costPer1kUsd).toBeCloseTo(13 / 3, 12);
    expect(json.cascade.wastedPer1kUsd).toBeCloseTo(1 / 3, 12);
    expect(json.cascade.callsPerRequest).toBeCloseTo(4 / 3, 12);
    expect(json.cascade.latencyMs).toBeCloseTo(1300 / 3, 9);
    expect(json.singles.map((s: { quality: number }) => s.quality)).toEqual([2 / 3, 1]);
  });

  it('a human rating counts: rating the cheap answer on b "+" lets the cheap tier serve every request', async () => {
    const cwd = await liveRun();
    await appendAnnotation(nodeStoreFiles(), join(cwd, '.costlab'), 'run-1', {
      kind: 'rating', trialId: 'base@openai:gpt-4o-mini|b|1', rating: 1, raw: '+', ratedAt: '2026-11-22T11:00:00.000Z',
    });
    // the rating outranks the failed assertion: cheap quality 1 on both, so nothing escalates — $1 per 1k, 1 call
    const json = JSON.parse(runCli(['cascade', 'run-1', '--tiers', 'gpt-4o-mini,gpt-4o', '--json'], { cwd }).stdout);
    expect(json.cascade).toMatchObject({ quality: 1, passRate: 1, callsPerRequest: 1, latencyMs: 100 });
    expect(json.cascade.costPer1kUsd).toBeCloseTo(1, 12);
    expect(json.singles.map((s: { quality: number }) => s.quality)).toEqual([1, 1]);
  });

  it('bad input exits 2 with one line naming the flag', async () => {
    const cwd = await liveRun();
    const cases: [string[], RegExp][] = [
      [['cascade', 'run-1', '--tiers', 'gpt-4o'], /field --tiers: --tiers needs at least two candidates/],
      [['cascade', 'run-1', '--tiers', 'gpt-4o-mini,claude-haiku-4-5'], /tier 2 'claude-haiku-4-5' is not a candidate of run-1 — candidates: base@openai:gpt-4o-mini, base@openai:gpt-4o/],
      [['cascade', 'run-1', '--tiers', 'gpt-4o-mini,gpt-4o', '--judge-error', '0.1'], /--judge-error applies to --accept judge only/],
      [['cascade', 'run-1', '--tiers', 'gpt-4o-mini,gpt-4o', '--accept', 'confidence', '--threshold', '0.8'], /item a on gpt-4o-mini has no confidence label/],
      [['cascade', 'run-1', '--tiers', 'gpt-4o-mini,gpt-4o', '--pass-mark', '2'], /--pass-mark must be a number from 0 to 1/],
      [['cascade', 'nope', '--tiers', 'a,b'], /there is no run nope/],
      [['cascade', '--recorded', 'csv:x', '--tiers', 'a,b'], /field --recorded: --recorded "csv:x" is not FORMAT:PATH/],
    ];
    for (const [args, message] of cases) {
      const r = runCli(args, { cwd });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
  });
});

describe.skipIf(!gsm8kPresent)(`costlab cascade on RouteLLM gsm8k (${GSM8K_LABEL})`, () => {
  it('weak → strong with assertion acceptance: the "weak if right, else strong" quality, both calls paid when escalated', () => {
    const rows = gsm8kRows();
    const n = rows.length;
    const expected = rows.reduce((sum, r) => sum + (r.weak_correct || r.strong_correct ? 1 : 0), 0) / n;
    const escalated = rows.filter((r) => !r.weak_correct).length / n;
    // Mixtral is self-hosted in the catalog (no per-token price): give it one, as a user would.
    const cwd = tempDir();
    writeFileSync(join(cwd, 'costlab.yaml'), 'models:\n  - provider: mistral\n    id: mixtral-8x7b-instruct-v0.1\n    rates: { input: 0.6, output: 0.6 }\n    source: https://example.test/pricing\n    asOf: 2026-11-01\n');
    const r = runCli(['cascade', '--recorded', `routellm:${sharedPath(FILE)}`, '--tiers', 'weak,strong', '--json'], { cwd });
    expect(r.stderr).toBe('');
    const json = JSON.parse(r.stdout);
    expect(json.items).toBe(n);
    expect(json.cascade.quality).toBeCloseTo(expected, 12);
    expect(json.cascade.tiers[1].endShare).toBeCloseTo(escalated, 12);
    expect(json.cascade.callsPerRequest).toBeCloseTo(1 + escalated, 12);
    const [weak, strong] = json.singles as { costPer1kUsd: number }[];
    // every request pays the weak call; escalated ones pay the strong call too
    expect(json.cascade.costPer1kUsd).toBeGreaterThan((weak as { costPer1kUsd: number }).costPer1kUsd);
    expect(json.cascade.costPer1kUsd).toBeLessThan((weak as { costPer1kUsd: number }).costPer1kUsd + (strong as { costPer1kUsd: number }).costPer1kUsd);
    expect(json.cascade.wastedPer1kUsd).toBeGreaterThan(0);
    expect(json.prices.map((p: { model: string }) => p.model)).toEqual(['mistral:mixtral-8x7b-instruct-v0.1', 'openai:gpt-4-turbo']);
    expect(json.cascade.latencyMs).toBeNull(); // RouteLLM does not time calls
  });

  it('without a price for the weak model, the cost is unknown — never $0', () => {
    const r = runCli(['cascade', '--recorded', `routellm:${sharedPath(FILE)}`, '--tiers', 'weak,strong']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^cascade\s+0\.\d{3}\s+\d+\.\d%\s+unknown\s+unknown/m);
    expect(r.stdout).toContain('prices: mistral:mixtral-8x7b-instruct-v0.1 — self-hosted: no per-token price');
  });
});
