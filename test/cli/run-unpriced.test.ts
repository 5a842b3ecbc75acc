/** A dry run whose every candidate lacks a per-token price adds nothing up: no "$0.00" known part. */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.ts';

describe('costlab run --dry-run with only self-hosted candidates', () => {
  it('says there is no known part instead of a $0.00 one, and why the counts are ≈', () => {
    const result = runCli(['run', fileURLToPath(new URL('../../prompts/ticket-triage.yaml', import.meta.url)), '--models', 'ollama:llama3.1:8b', '--variants', 'minimal', '--dry-run']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('no candidate has a per-token price, so there is no known part to add up');
    expect(result.stdout).not.toContain('known part (without');
    expect(result.stdout).not.toMatch(/\$0\.00/);
    expect(result.stdout).toContain("an open model's text is exact but its chat template is an allowance");
  });
});
