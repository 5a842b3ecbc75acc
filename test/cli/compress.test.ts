/** `costlab compress`: the JSON contract, money saved per model, budgets, saving a variant, bad input. */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/run-cli.ts';

interface Line {
  source: string;
  part: string;
  originalTokens: number;
  compressedTokens: number;
  ratio: number;
  requested: { rate?: number; targetTokens?: number };
  met: boolean | null;
  strategies: Array<{ name: string; tokensBefore: number; tokensAfter: number }>;
  perModel: Array<{ model: string; originalTokens: number; compressedTokens: number; savedUsdPer1kCalls: number | null }>;
  text: string;
  diff?: Array<{ op: string; text: string }>;
}

function lines(stdout: string): Line[] {
  return stdout.trim().split('\n').map((l) => JSON.parse(l) as Line);
}

const PROMPTS = fileURLToPath(new URL('../../prompts/', import.meta.url));

describe('costlab compress', () => {
  it('removes filler, duplicates and markdown, keeps protected spans, and prices the saving', () => {
    const file = join(tempDir(), 'prompt.txt');
    writeFileSync(file, [
      'Please note that I would like you to kindly summarize the report below in {{words}} words.',
      'Always cite the page.',
      'Always cite the page.',
      '',
      '',
      '',
      '**Report:**   Revenue grew 12% to $4.5M, see https://example.com/q3.',
      '',
    ].join('\n'));
    const result = runCli(['compress', file, '--model', 'gpt-4o-mini', '--json', '--diff']);
    expect(result.stderr).toBe('');
    const [line] = lines(result.stdout);
    expect(line!.text).toBe(
      'Summarize the report below in {{words}} words.\nAlways cite the page.\n\nReport: Revenue grew 12% to $4.5M, see https://example.com/q3.',
    );
    expect(line!.strategies.map((s) => s.name)).toEqual(['whitespace', 'filler', 'dedupe', 'minify']);
    expect(line!.compressedTokens).toBeLessThan(line!.originalTokens);
    expect(line!.ratio).toBeCloseTo(line!.compressedTokens / line!.originalTokens, 12);
    // gpt-4o-mini input is $0.15 per million tokens: saved tokens × 1,000 calls × $0.15 / 1e6.
    const saved = line!.originalTokens - line!.compressedTokens;
    expect(line!.perModel[0]!.savedUsdPer1kCalls).toBeCloseTo((saved * 1000 * 0.15) / 1e6, 12);
    // The diff's equal+delete parts rebuild the original; equal+insert the compressed text.
    const original = line!.diff!.filter((o) => o.op !== 'insert').map((o) => o.text).join('');
    expect(original).toBe(readFileSync(file, 'utf8'));
    expect(line!.diff!.filter((o) => o.op !== 'delete').map((o) => o.text).join('')).toBe(line!.text);
  });

  it('meets a rate with the budgeted importance strategy and reports requested vs achieved', () => {
    const result = runCli(['compress', join(PROMPTS, 'demo/support-system-prompt.md'), '--strategy', 'whitespace,importance', '--rate', '0.6', '--model', 'gpt-4o-mini', '--json']);
    const [line] = lines(result.stdout);
    expect(line!.requested).toEqual({ rate: 0.6 });
    expect(line!.met).toBe(true);
    expect(line!.compressedTokens).toBeLessThanOrEqual(Math.floor(line!.originalTokens * 0.6));
    for (const kept of ['$24.99', '$500', 'CA$650', '5–7 business days'.split(' ')[0]!]) expect(line!.text).toContain(kept);
  });

  it('compresses each template of a set and saves the result as a variant that validates', () => {
    const dir = tempDir();
    cpSync(PROMPTS, dir, { recursive: true });
    const set = join(dir, 'support-bot.yaml');
    const result = runCli(['compress', set, '--save-variant', 'compressed', '--model', 'gpt-4o-mini,claude-haiku-4-5']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("saved variant 'compressed'");
    expect(result.stdout).toContain('support-bot/base/system');
    const validate = runCli(['validate', set]);
    expect(validate.code).toBe(0);
    expect(validate.stdout).toMatch(/support-bot\s+18 cases, 2 variants/);
    const again = runCli(['compress', set, '--save-variant', 'compressed']);
    expect(again.code).toBe(2); // the name is taken; the file is left as it was
  });

  it('prunes few-shot examples given as chat turns and saves the shorter chat as a variant', () => {
    const dir = tempDir();
    cpSync(PROMPTS, dir, { recursive: true });
    const set = join(dir, 'math-cot.yaml');
    const result = runCli(['compress', set, '--strategy', 'few-shot', '--rate', '0.5', '--save-variant', 'pruned']);
    expect(result.code).toBe(0);
    const report = /few-shot over the chat turns: (\d+) example pair\(s\) dropped, ([\d,]+) → ([\d,]+) tokens \(target ([\d,]+)\)/.exec(result.stdout);
    expect(report).not.toBeNull();
    const [dropped, before, after, target] = report!.slice(1).map((n) => Number(n.replace(/,/g, '')));
    expect(dropped).toBeGreaterThan(0);
    expect(after).toBeLessThanOrEqual(target!);
    expect(target).toBe(Math.floor(before! * 0.5));
    expect(runCli(['validate', set]).stdout).toMatch(/math-cot\s+18 cases, 2 variants/);
    // The saved chat keeps the system prompt's instructions and the final {{question}} turn.
    const saved = readFileSync(set, 'utf8').split('pruned:')[1]!;
    expect(saved).toContain('{{question}}');
    expect(saved.match(/role: assistant/g)!.length).toBe(9 - dropped!);
  });

  it('rejects bad options and unknown strategies with exit 2', () => {
    const file = join(tempDir(), 'p.txt');
    writeFileSync(file, 'hello');
    const rate = runCli(['compress', file, '--rate', '2']);
    expect(rate.code).toBe(2);
    expect(rate.stderr).toContain('--rate must be in (0, 1]');
    const strategy = runCli(['compress', file, '--strategy', 'shrink']);
    expect(strategy.code).toBe(2);
    expect(strategy.stderr).toContain('whitespace');
    const budget = runCli(['compress', file, '--strategy', 'importance']);
    expect(budget.code).toBe(2);
    expect(budget.stderr).toMatch(/needs a token budget/);
  });
});
