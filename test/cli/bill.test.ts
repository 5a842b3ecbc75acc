/** `costlab bill` through the real binary: the JSON contract, --compare, human output, and bad input (exit 2). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseScaled } from '../../src/core/money/decimal.ts';
import { openFileStore } from '../../src/core/store/file-store.ts';
import { nodeStoreFiles } from '../../src/platform/store-files.ts';
import { runCli, tempDir } from '../helpers/run-cli.ts';

const LAUNCH = fileURLToPath(new URL('../../prompts/profiles/launch.yaml', import.meta.url));
const OPTIMISED = fileURLToPath(new URL('../../prompts/profiles/launch-optimised.yaml', import.meta.url));

const pico = (usd: string) => parseScaled(usd, 12);

const SUPPORT = `name: support
days_per_month: 30
routes:
  - name: support
    requests_per_day: 15000
    model: openai:gpt-4o-mini
    input_tokens: 2000
    output_tokens: 800
    semantic_cache_hit_rate: 0.3
    cached_prefix_tokens: 1500
    batch_share: 0.2
`;

function profileFile(text: string, name = 'profile.yaml'): { dir: string; path: string } {
  const dir = tempDir();
  const path = join(dir, name);
  writeFileSync(path, text);
  return { dir, path };
}

describe('costlab bill --json', () => {
  it('prints the contract keys for the bundled launch profile, with sizes measured from the bundled sets', () => {
    const result = runCli(['bill', LAUNCH, '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as {
      monthlyUsd: number; monthlyUsdExact: string; routes: { name: string; monthlyUsd: number; monthlyUsdExact: string; components: Record<string, number>; tokens: { input: { source: string; samples: number } } }[];
      projection: { month: number; monthlyUsd: number }[]; range: { p10: number; p90: number }; prices: { model: string; source: string; asOf: string }[];
    };
    expect(typeof json.monthlyUsd).toBe('number');
    expect(json.routes.map((r) => r.name)).toEqual(['support', 'triage', 'essay-grading']);
    for (const route of json.routes) expect(Object.keys(route.components)).toEqual(['input', 'output', 'cacheWrite', 'cacheRead', 'batch']);
    // The routes add up to the total exactly.
    expect(json.routes.reduce((sum, r) => sum + pico(r.monthlyUsdExact), 0n)).toBe(pico(json.monthlyUsdExact));
    expect(json.routes[0]!.tokens.input).toMatchObject({ samples: 18 });
    expect(json.routes[0]!.tokens.input.source).toContain('support-bot.yaml');
    // 12 months compounding at 10%: month 2 is 1.1 × month 1 (no caching in this profile, so the bill is linear in requests).
    expect(json.projection).toHaveLength(12);
    expect(json.projection[1]!.monthlyUsd).toBeCloseTo(json.monthlyUsd * 1.1, 2);
    expect(json.range.p10).toBeLessThan(json.monthlyUsd);
    expect(json.range.p90).toBeGreaterThan(json.monthlyUsd);
    expect(json.prices.map((p) => p.model)).toEqual(['anthropic:claude-sonnet-4-5', 'openai:gpt-4o-mini', 'openai:gpt-4.1']);
    for (const p of json.prices) expect(p.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('prints the worked example exactly (see test/core/economics/bill.test.ts for the arithmetic)', () => {
    const { path } = profileFile(SUPPORT);
    const json = JSON.parse(runCli(['bill', path, '--json']).stdout) as { monthlyUsd: number; monthlyUsdExact: string; components: Record<string, number> };
    expect(json.monthlyUsdExact).toBe('192.0135456');
    expect(json.monthlyUsd).toBe(192.0135456);
    expect(json.components).toEqual({ input: 23.8374144, output: 120.96, cacheWrite: 0, cacheRead: 25.8812928, batch: 21.3348384 });
  });

  it('--compare: both bills, the difference, and a waterfall that adds up to it', () => {
    const result = runCli(['bill', LAUNCH, '--compare', OPTIMISED, '--json']);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as {
      monthlyUsdExact: string;
      compare: { savingUsdExact: string; waterfall: { stage: string; savingUsdExact: string }[]; bill: { monthlyUsdExact: string; warnings: string[] } };
    };
    const { compare } = json;
    expect(compare.waterfall.map((s) => s.stage)).toEqual(['traffic', 'semantic-cache', 'routing', 'compression', 'prompt-caching', 'batch']);
    expect(compare.waterfall.reduce((sum, s) => sum + pico(s.savingUsdExact), 0n)).toBe(pico(compare.savingUsdExact));
    expect(pico(json.monthlyUsdExact) - pico(compare.bill.monthlyUsdExact)).toBe(pico(compare.savingUsdExact));
    expect(compare.bill.warnings.join('\n')).toContain("below anthropic:claude-haiku-4-5's minimum cacheable length (4096 tokens)");
  });
});

describe('costlab bill (tables)', () => {
  it('shows routes, models, components, range, projection and where every price comes from', () => {
    const result = runCli(['bill', LAUNCH, '--compare', OPTIMISED]);
    expect(result.code).toBe(0);
    for (const text of ['calls/month', 'cache write', 'range (every request at its p10 / p90 size)', 'next 12 months (growth 10%/month, compounding)',
      'prices: openai:gpt-4o-mini https://developers.openai.com/api/docs/pricing as of 2026-11-22', 'savings waterfall', 'semantic cache (hits remove calls)']) {
      expect(result.stdout).toContain(text);
    }
  });
});

describe('costlab bill: measured from a run', () => {
  it('{from_run: ID}: output tokens from the run’s recorded usage', async () => {
    const dir = tempDir();
    const store = await openFileStore(join(dir, '.costlab'), nodeStoreFiles());
    const candidate = { id: 'base@openai:gpt-4o-mini', variant: 'base', model: 'openai:gpt-4o-mini', target: 'openai:gpt-4o-mini', params: { maxOutputTokens: 256 } };
    const trials = [100, 200, 300, 400, 500].map((output, i) => ({ id: `t${i}`, candidateId: candidate.id, caseId: `c${i}`, repeat: 1, messages: [{ role: 'user' as const, content: 'hi' }], output }));
    await store.createRun({ id: 'run-1', createdAt: '2026-11-22T10:00:00.000Z', setName: 's', setFile: null, candidates: [candidate], trials: trials.map(({ output: _o, ...t }) => t), options: {}, status: 'finished', origin: 'live' });
    for (const t of trials) {
      await store.appendResult({
        runId: 'run-1', trialId: t.id, candidateId: candidate.id, caseId: t.caseId, repeat: 1, status: 'succeeded', cached: false, output: 'x',
        usage: { input: 1000, output: t.output, reasoning: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0 }, usageSource: 'reported',
        costUsd: null, latencyMs: 100, ttftMs: null, attempts: 1, error: null, finishedAt: '2026-11-22T10:00:01.000Z',
      });
    }
    await store.close();
    writeFileSync(join(dir, 'p.yaml'), SUPPORT.replace('output_tokens: 800', 'output_tokens: {from_run: run-1}').replace(/\n {4}(semantic|cached|batch).*/g, ''));
    // Outputs 100…500: p10 140, p50 300, p90 460, mean 300. Bill: 450,000 × (2,000 × $0.15 + 300 × $0.60)/M = 450,000 × $0.00048 = $216.
    const result = runCli(['bill', 'p.yaml', '--json'], { cwd: dir });
    expect(result.stderr).toBe('');
    const json = JSON.parse(result.stdout) as { monthlyUsdExact: string; routes: { tokens: { output: Record<string, unknown> } }[] };
    expect(json.routes[0]!.tokens.output).toMatchObject({ p10: 140, p50: 300, p90: 460, mean: 300, samples: 5 });
    expect(json.monthlyUsdExact).toBe('216');
  });
});

describe('costlab bill: bad input (one line, exit 2, nothing on stdout)', () => {
  it.each([
    ['a typo in a key', SUPPORT.replace('semantic_cache_hit_rate', 'semantic_cache_hit_rat'),
      /^costlab: .*profile\.yaml:9:5: field routes\[0\]\.semantic_cache_hit_rat: unknown field 'semantic_cache_hit_rat' — did you mean 'semantic_cache_hit_rate'\?/],
    ['an unknown model', SUPPORT.replace('openai:gpt-4o-mini', 'openai:gpt-4o-mnii'),
      /^costlab: .*profile\.yaml:6:12: field routes\[0\]\.model: unknown model 'openai:gpt-4o-mnii'; closest: openai:gpt-4o-mini/],
    ['a missing prompt set', SUPPORT.replace('input_tokens: 2000', 'input_tokens: {from_set: nope.yaml}'),
      /^costlab: .*profile\.yaml:7:30: field routes\[0\]\.input_tokens\.from_set: the prompt set .*nope\.yaml does not exist/],
    ['a share above 1', SUPPORT.replace('batch_share: 0.2', 'batch_share: 2'), /profile\.yaml:11:18: field routes\[0\]\.batch_share: batch_share is at most 1/],
  ])('%s', (_what, text, pattern) => {
    const { path } = profileFile(text);
    const result = runCli(['bill', path]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(pattern);
  });

  it('a profile that does not exist', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'x'));
    const result = runCli(['bill', 'missing.yaml'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('missing.yaml: cannot read: no such file');
  });
});
