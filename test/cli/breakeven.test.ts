/** `costlab breakeven` through the real binary: the JSON contract (worked example), measured throughput, bad input. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openFileStore } from '../../src/core/store/file-store.ts';
import { nodeStoreFiles } from '../../src/platform/store-files.ts';
import { runCli, tempDir } from '../helpers/run-cli.ts';

const LAUNCH = fileURLToPath(new URL('../../prompts/profiles/launch.yaml', import.meta.url));
const BASE = ['breakeven', '--gpu-hourly', '2.5', '--gpus', '2', '--utilization', '0.6', '--peak-factor', '2', '--ops-monthly', '500'];

interface BreakevenJson {
  selfHostPerMTokUsd: number;
  monthlyFixedUsd: number;
  capacityMTokPerMonth: number;
  assumptions: { throughputTokensPerSecond: number; throughputSource: string; inputShare: number };
  breakEven: { model: string; apiPerMTokUsd: number | null; breakEvenMTokPerMonth: number | null; cheaperFromMTokPerMonth: number | null; reason: string | null }[];
  volume?: { mtokPerMonth: number; hybrid: { model: string; best: { deployments: number; localShare: number } }[] };
}

describe('costlab breakeven --json', () => {
  it('the worked example: $4,100 a month, 1,944 M tokens, $2.109/MTok; Sonnet breaks even at 683.33 M, GPT-4o mini never', () => {
    // See test/core/economics/breakeven.test.ts for the arithmetic.
    const result = runCli([...BASE, '--throughput', '2500', '--against', 'anthropic:claude-sonnet-4-5,openai:gpt-4.1,openai:gpt-4o-mini', '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as BreakevenJson;
    expect(json.monthlyFixedUsd).toBe(4100);
    expect(json.capacityMTokPerMonth).toBe(1944);
    expect(json.selfHostPerMTokUsd).toBeCloseTo(4100 / 1944, 9);
    expect(json.assumptions.inputShare).toBe(0.75);
    const [sonnet, gpt41, mini] = json.breakEven;
    expect(sonnet).toMatchObject({ model: 'anthropic:claude-sonnet-4-5', apiPerMTokUsd: 6 });
    expect(sonnet!.breakEvenMTokPerMonth).toBeCloseTo(683.333333, 5);
    expect(gpt41!.breakEvenMTokPerMonth).toBeCloseTo(1171.428571, 5);
    expect(gpt41!.cheaperFromMTokPerMonth).toBeCloseTo(2200, 6);
    expect(mini).toMatchObject({ model: 'openai:gpt-4o-mini', apiPerMTokUsd: 0.2625, breakEvenMTokPerMonth: null });
    expect(mini!.reason).toContain('costs more per token');
  });

  it('prints $/1M exactly to 6 significant digits, never $0 for a price however high the throughput', () => {
    // $4,100 ÷ 1,944 M = $2.1090535…/M → $2.10905.
    expect(runCli([...BASE, '--throughput', '2500', '--against', 'openai:gpt-4.1']).stdout).toContain('self-hosted price at that load: $2.10905 per 1M tokens');
    // 1 GPU at $2/h: $1,440 a month over 1e12 tokens/s × 3,600 × 720 × 0.6 ÷ 1 (peak factor 1) = 1.5552e18 tokens:
    // $1,440 ÷ 1.5552e12 M = $9.259e-10 per 1M → $0.000000000926.
    const absurd = runCli(['breakeven', '--gpu-hourly', '2', '--gpus', '1', '--throughput', '1e12', '--peak-factor', '1', '--against', 'openai:gpt-4.1']);
    expect(absurd.stdout).toContain('self-hosted price at that load: $0.000000000926 per 1M tokens');
  });

  it('--monthly-mtok: the hybrid split (3,000 M tokens against GPT-4.1: two deployments, all local)', () => {
    const json = JSON.parse(runCli([...BASE, '--throughput', '2500', '--against', 'openai:gpt-4.1', '--monthly-mtok', '3000', '--json']).stdout) as BreakevenJson;
    expect(json.volume!.mtokPerMonth).toBe(3000);
    expect(json.volume!.hybrid[0]!.best).toMatchObject({ deployments: 2, localShare: 1, monthlyUsd: 7700 });
  });

  it('--profile: the volume and input share come from the profile', () => {
    const result = runCli([...BASE, '--throughput', '2500', '--profile', LAUNCH, '--json']);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as BreakevenJson;
    expect(json.volume!.mtokPerMonth).toBeGreaterThan(1000);
    expect(json.assumptions.inputShare).toBeGreaterThan(0.8);
    expect(json.breakEven.map((b) => b.model)).toEqual(['anthropic:claude-sonnet-4-5', 'openai:gpt-4o-mini', 'openai:gpt-4.1']);
  });

  it('--throughput-from RUN_ID: Σ tokens ÷ Σ latency of the local model’s trials', async () => {
    const dir = tempDir();
    const store = await openFileStore(join(dir, '.costlab'), nodeStoreFiles());
    const local = { id: 'base@meta:llama-3.1-8b-instruct', variant: 'base', model: 'meta:llama-3.1-8b-instruct', target: 'ollama:llama3.1:8b', params: { maxOutputTokens: 256 } };
    const api = { id: 'base@openai:gpt-4o-mini', variant: 'base', model: 'openai:gpt-4o-mini', target: 'openai:gpt-4o-mini', params: { maxOutputTokens: 256 } };
    const rows = [[local, 400, 200, 2000], [local, 200, 100, 1000], [api, 1000, 1000, 100]] as const;
    const trials = rows.map(([c], i) => ({ id: `t${i}`, candidateId: c.id, caseId: `c${i}`, repeat: 1, messages: [{ role: 'user' as const, content: 'hi' }] }));
    await store.createRun({ id: 'local-run', createdAt: '2026-11-22T10:00:00.000Z', setName: 's', setFile: null, candidates: [local, api], trials, options: {}, status: 'finished', origin: 'live' });
    for (const [i, [c, input, output, latencyMs]] of rows.entries()) {
      await store.appendResult({
        runId: 'local-run', trialId: `t${i}`, candidateId: c.id, caseId: `c${i}`, repeat: 1, status: 'succeeded', cached: false, output: 'x',
        usage: { input, output, reasoning: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0 }, usageSource: 'reported',
        costUsd: null, latencyMs, ttftMs: null, attempts: 1, error: null, finishedAt: '2026-11-22T10:00:01.000Z',
      });
    }
    await store.close();
    // Local trials only: (400 + 200) + (200 + 100) = 900 tokens in 3 s = 300 tokens/s.
    const result = runCli(['breakeven', '--gpu-hourly', '1', '--gpus', '1', '--throughput-from', 'local-run', '--json'], { cwd: dir });
    expect(result.stderr).toBe('');
    const json = JSON.parse(result.stdout) as BreakevenJson;
    expect(json.assumptions.throughputTokensPerSecond).toBe(300);
    expect(json.assumptions.throughputSource).toContain('measured from run local-run (meta:llama-3.1-8b-instruct)');
    // 300 × 3,600 × 720 × 0.6 = 466,560,000 tokens; $720 ÷ 466.56 = $1.5432/MTok.
    expect(json.capacityMTokPerMonth).toBe(466.56);
    expect(json.selfHostPerMTokUsd).toBeCloseTo(720 / 466.56, 9);
  });
});

describe('costlab breakeven: bad input (exit 2, one line naming the option)', () => {
  it.each([
    [['--gpu-hourly', 'abc', '--gpus', '1', '--throughput', '10'], /field --gpu-hourly: --gpu-hourly must be a number, got "abc"/],
    [['--gpu-hourly', '1', '--gpus', '1'], /field --throughput: give the throughput either as --throughput/],
    [['--gpu-hourly', '1', '--gpus', '1', '--throughput', '10', '--utilization', '1.5'], /field --utilization: --utilization must be above 0 and at most 1/],
    [['--gpu-hourly', '1', '--gpus', '1', '--throughput', '10', '--against', 'openai:gpt-4o-mnii'], /field --against: unknown model 'openai:gpt-4o-mnii'/],
    [['--gpu-hourly', '1', '--gpus', '1', '--throughput-from', 'nope'], /there is no costlab store in \.costlab/],
  ])('%j', (args, pattern) => {
    const result = runCli(['breakeven', ...args]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(pattern);
  });
});
