/** The layer rule of DESIGN.md is enforced by lint: core stays headless, platform and ui stay below cli. */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? 'parse-error');
}

describe('layer rule', () => {
  it.each([
    ["import { readFile } from 'node:fs/promises';\nexport const f = readFile;\n", 'no-restricted-imports'],
    ["import { homedir } from 'os';\nexport const h = homedir;\n", 'no-restricted-imports'],
    ["import { Command } from 'commander';\nexport const c = Command;\n", 'no-restricted-imports'],
    ["import { render } from 'ink';\nexport const r = render;\n", 'no-restricted-imports'],
    ["import { configDir } from '../platform/node.ts';\nexport const d = configDir;\n", 'no-restricted-imports'],
    ['export const t = Date.now();\n', 'no-restricted-properties'],
    ['export const r = Math.random();\n', 'no-restricted-properties'],
    ['export const d = new Date();\n', 'no-restricted-syntax'],
    ["export const e = process.env['HOME'];\n", 'no-restricted-globals'],
  ])('core rejects %j', async (code, rule) => {
    expect(await ruleIds(code, 'src/core/example.ts')).toContain(rule);
  });

  it('core may use pure libraries and its own modules', async () => {
    const code = "import { z } from 'zod';\nimport { CostlabError } from './errors.ts';\nexport const s = z.string();\nexport const E = CostlabError;\n";
    expect(await ruleIds(code, 'src/core/example.ts')).toEqual([]);
  });

  it('the same code is fine outside core (platform may touch the file system)', async () => {
    expect(await ruleIds("import { readFile } from 'node:fs/promises';\nexport const f = readFile;\n", 'src/platform/example.ts')).toEqual([]);
  });

  it('platform may not import the cli', async () => {
    expect(await ruleIds("import { main } from '../cli/main.ts';\nexport const m = main;\n", 'src/platform/example.ts')).toContain('no-restricted-imports');
  });
});
