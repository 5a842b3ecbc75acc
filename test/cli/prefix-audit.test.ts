/** `costlab prefix-audit SET`: the bundled support-bot set per provider rule, layout advice, bad input. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Catalog, rateToUsdPerMTok } from '../../src/core/index.ts';
import { runCli, tempDir } from '../helpers/run-cli.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

interface ModelJson {
  model: string;
  sharedTokens: number;
  eligibleTokens: number;
  cacheableTokens: number;
  savingPer1kUsd: number | null;
  reason: string;
  advice: string[];
  rule: { mode: string; minTokens: number; incrementTokens: number; source: string } | null;
}

describe('costlab prefix-audit', () => {
  it('support-bot: OpenAI caches in 128-token steps, Sonnet after its breakpoint, Haiku 4.5 not at all (4,096 minimum)', () => {
    const r = runCli(['prefix-audit', 'support-bot', '--model', 'gpt-4o-mini,claude-sonnet-4-5,claude-haiku-4-5', '--json'], { cwd: REPO });
    expect(r.stderr).toBe('');
    const json = JSON.parse(r.stdout);
    expect(json.set).toBe('support-bot');
    expect(json.requests).toBe(18);
    expect(json.prefix.sharedBlocks).toEqual(['system']);
    const [mini, sonnet, haiku] = json.models as ModelJson[];

    const m = mini as ModelJson;
    expect(m.rule).toMatchObject({ mode: 'automatic', minTokens: 1024, incrementTokens: 128, source: 'https://platform.openai.com/docs/guides/prompt-caching' });
    expect(m.eligibleTokens).toBe(m.sharedTokens);
    expect((m.cacheableTokens - 1024) % 128).toBe(0);
    expect(m.sharedTokens - m.cacheableTokens).toBeLessThan(128);
    // saving = C × (1000 × input − input − 999 × cacheRead), from the catalog's own rates
    const rates = (ref: string) => new Catalog().resolve(ref).rates!;
    const r4o = rates('openai:gpt-4o-mini');
    const input = rateToUsdPerMTok(r4o.input!) / 1e6;
    const read = rateToUsdPerMTok(r4o.cacheRead!) / 1e6;
    expect(m.savingPer1kUsd).toBeCloseTo(m.cacheableTokens * (999 * input - 999 * read), 12);

    const s = sonnet as ModelJson;
    expect(s.rule).toMatchObject({ mode: 'breakpoints', minTokens: 1024 });
    expect(s.cacheableTokens).toBe(s.eligibleTokens); // the whole system block
    const rs = rates('anthropic:claude-sonnet-4-5');
    const [sIn, sWrite, sRead] = [rs.input!, rs.cacheWrite5m!, rs.cacheRead!].map((x) => rateToUsdPerMTok(x) / 1e6) as [number, number, number];
    expect(s.savingPer1kUsd).toBeCloseTo(s.cacheableTokens * (1000 * sIn - sWrite - 999 * sRead), 12);

    const h = haiku as ModelJson;
    expect(h.eligibleTokens).toBeLessThan(4096);
    expect(h.cacheableTokens).toBe(0);
    expect(h.savingPer1kUsd).toBe(0);
    expect(h.reason).toBe(`prefix ≈${h.eligibleTokens.toLocaleString('en-US')} tokens (to the last shared block) < 4,096 minimum`);
  });

  it('the human table and the reasons', () => {
    const r = runCli(['prefix-audit', 'prompts/support-bot.yaml', '--model', 'gpt-4o-mini,claude-haiku-4-5,llama-3.1-8b'], { cwd: REPO });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^prefix audit of support-bot \(prompts\/support-bot\.yaml\), variant base: 18 requests$/m);
    expect(r.stdout).toMatch(/^openai:gpt-4o-mini\s+[\d,]+\s+[\d,]+\s+[\d,]+\s+\d+\.\d%\s+automatic, ≥ 1,024, 128-token steps\s+\$0\.\d+$/m);
    expect(r.stdout).toMatch(/^anthropic:claude-haiku-4-5: prefix ≈[\d,]+ tokens \(to the last shared block\) < 4,096 minimum$/m);
    expect(r.stdout).toMatch(/^meta:llama-3\.1-8b-instruct: .*no prompt caching that costlab prices \(self-hosted/m);
    expect(r.stdout).toContain('rule: https://docs.claude.com/en/docs/build-with-claude/prompt-caching');
  });

  it('points at the static block that sits after the variables', () => {
    const cwd = tempDir();
    const rules = Array.from({ length: 700 }, (_, i) => `Rule ${i + 1}: answer politely and cite the policy section.`).join('\n');
    writeFileSync(join(cwd, 'late.yaml'), `name: late\nprompt: |\n  Ticket: {{ticket}}\n\n  ${rules.split('\n').join('\n  ')}\ncases:\n  - vars: { ticket: "My lamp flickers." }\n  - vars: { ticket: "Where is order 42?" }\n`);
    const r = runCli(['prefix-audit', 'late.yaml', '--model', 'gpt-4o-mini'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/openai:gpt-4o-mini: prefix \d tokens < 1,024 minimum/);
    expect(r.stdout).toMatch(/the longest static part \([\d,]+ tokens, in prompt\) comes after \d+ tokens of variable content \(\{\{ticket\}\}\): moved ahead of them, [\d,]+ tokens would be cacheable/);
    expect(r.stdout).toMatch(/moving it would save \$0\.\d+ per 1k requests instead of \$0\.00/);
  });

  it('bad input exits 2 with one line', () => {
    const cases: [string[], RegExp][] = [
      [['prefix-audit', 'no-such-set'], /no prompt set 'no-such-set'/],
      [['prefix-audit', 'support-bot', '--model', 'gpt-nope'], /unknown model 'gpt-nope'/],
      [['prefix-audit', 'support-bot', '--variant', 'nope'], /the set 'support-bot' has no variant 'nope'/],
    ];
    for (const [args, message] of cases) {
      const r = runCli(args, { cwd: REPO });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
  });
});
