/** `costlab count`: the JSON contract, exact vs estimated counts, money, context fit and bad input. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/run-cli.ts';

interface Item {
  source: string;
  model: string;
  tokens: number;
  exact: boolean;
  inputCostUsd: number | null;
  contextWindow: number | null;
  fits: boolean | null;
}

describe('costlab count', () => {
  it('counts stdin per model with the input cost of one call', () => {
    // "hello world" is 2 o200k tokens (ids 24912, 2375); gpt-4o-mini input is $0.15/M → $0.0000003.
    const result = runCli(['count', '--model', 'gpt-4o-mini,anthropic:claude-haiku-4-5,llama-3.1-8b', '--json'], { input: 'hello world' });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const items = (JSON.parse(result.stdout) as { items: Item[] }).items;
    expect(items.map((i) => i.model)).toEqual(['openai:gpt-4o-mini', 'anthropic:claude-haiku-4-5', 'meta:llama-3.1-8b-instruct']);
    expect(items[0]).toEqual({ source: '<stdin>', model: 'openai:gpt-4o-mini', tokens: 2, exact: true, inputCostUsd: 0.0000003, contextWindow: 128000, fits: true });
    expect(items[1]!.exact).toBe(false); // Claude: estimate from o200k × factor
    expect(items[1]!.tokens).toBeGreaterThanOrEqual(2);
    expect(items[2]).toMatchObject({ tokens: 2, exact: true, inputCostUsd: null }); // Llama 3: exact, self-hosted
  });

  it('counts files and says when a prompt does not fit the context window', () => {
    const dir = tempDir();
    const file = join(dir, 'big.txt');
    // cl100k: "word", then 19,999 × " word", then the trailing " " on its own: 20,001 tokens.
    writeFileSync(file, 'word '.repeat(20_000));
    const result = runCli(['count', file, '--model', 'gpt-3.5-turbo', '--json']);
    const [item] = (JSON.parse(result.stdout) as { items: Item[] }).items;
    expect(item).toMatchObject({ source: file, tokens: 20_001, exact: true, contextWindow: 16385, fits: false });
    expect(item!.inputCostUsd).toBe(0.0100005); // 20,001 × $0.50/M, exactly
  });

  it('counts an OpenAI chat request the way the API bills it', () => {
    const dir = tempDir();
    const file = join(dir, 'chat.json');
    // Two messages: 3 + tokens("system") + tokens("You are terse.") and 3 + tokens("user") + tokens("Hi"), plus 3 priming.
    writeFileSync(file, JSON.stringify({ messages: [{ role: 'system', content: 'You are terse.' }, { role: 'user', content: 'Hi' }] }));
    const result = runCli(['count', '--messages', file, '--model', 'gpt-4o', '--json']);
    const [item] = (JSON.parse(result.stdout) as { items: Item[] }).items;
    // o200k: "system"=1, "You are terse."=4, "user"=1, "Hi"=1 → (3+1+4) + (3+1+1) + 3 = 16
    expect(item).toMatchObject({ tokens: 16, exact: true });
  });

  it('rejects an unknown model with the closest matches, exit 2', () => {
    const result = runCli(['count', '--model', 'gpt-4o-mimi'], { input: 'x' });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^costlab: unknown model 'gpt-4o-mimi'; closest: openai:gpt-4o-mini/);
  });

  it('rejects binary and missing files naming the file, exit 2', () => {
    const dir = tempDir();
    const binary = join(dir, 'image.png');
    writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
    const bin = runCli(['count', binary]);
    expect(bin.code).toBe(2);
    expect(bin.stderr).toContain(`${binary}: is a binary file`);
    const missing = runCli(['count', join(dir, 'nope.txt')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.txt: cannot read: no such file');
  });

  it('rejects a malformed messages file naming the field', () => {
    const dir = tempDir();
    const file = join(dir, 'chat.json');
    writeFileSync(file, JSON.stringify({ messages: [{ role: 'wizard', content: 'hi' }] }));
    const result = runCli(['count', '--messages', file, '--model', 'gpt-4o']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}: field messages[0].role`);
  });
});
