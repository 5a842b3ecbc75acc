/** `costlab import promptfoo`: writes a validated set beside the config, lists what it left out, never overwrites by accident. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/run-cli.ts';

const CONFIG = `description: Ticket triage
prompts:
  - file://prompts/triage.txt
  - id: short
    raw: "Label: {{ticket}}"
providers:
  - openai:chat:gpt-4o-mini
  - id: ollama:chat:llama3.1:8b
    config: { num_ctx: 4096 }
defaultTest:
  assert:
    - type: contains-any
      value: [billing, shipping, other]
tests:
  - vars: { ticket: I was charged twice }
    assert:
      - type: python
        value: file://check.py
  - vars: { ticket: The box never came }
`;

function project(): string {
  const dir = tempDir();
  mkdirSync(join(dir, 'evals', 'prompts'), { recursive: true });
  writeFileSync(join(dir, 'evals', 'promptfooconfig.yaml'), CONFIG);
  writeFileSync(join(dir, 'evals', 'prompts', 'triage.txt'), 'Label this ticket as billing, shipping or other:\n{{ticket}}\n');
  return dir;
}

const EXPECTED = `# Imported from promptfooconfig.yaml by \`costlab import promptfoo\`.

name: ticket-triage
description: Ticket triage
prompt: |-
  Label this ticket as billing, shipping or other:
  {{ticket}}
variants:
  short:
    prompt: "Label: {{ticket}}"
models: [ openai:gpt-4o-mini, ollama:llama3.1:8b ]
cases:
  - vars:
      ticket: I was charged twice
    assert:
      - { type: contains-any, value: [ billing, shipping, other ] }
  - vars:
      ticket: The box never came
    assert:
      - { type: contains-any, value: [ billing, shipping, other ] }
`;

describe('costlab import promptfoo', () => {
  it('writes <name>.yaml beside the config and lists what it could not carry over', () => {
    const cwd = project();
    const result = runCli(['import', 'promptfoo', 'evals/promptfooconfig.yaml'], { cwd });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(readFileSync(join(cwd, 'evals', 'ticket-triage.yaml'), 'utf8')).toBe(EXPECTED);
    expect(result.stdout).toBe(
      'wrote evals/ticket-triage.yaml  ticket-triage  2 cases, 1 variant, 2 models\n' +
        'not carried over (2):\n' +
        '  - providers[1].config: provider config (num_ctx)\n' +
        '  - tests[0].assert[0]: python assertion (costlab runs no code)\n',
    );
    const validate = runCli(['validate', 'evals/ticket-triage.yaml'], { cwd });
    expect(validate.stdout).toBe('ok  evals/ticket-triage.yaml  ticket-triage  2 cases, 1 variant\n');
  });

  it('refuses to overwrite without --force, and overwrites with it', () => {
    const cwd = project();
    const out = join(cwd, 'triage.yaml');
    writeFileSync(out, 'keep me\n');
    const refused = runCli(['import', 'promptfoo', 'evals/promptfooconfig.yaml', '--out', 'triage.yaml'], { cwd });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe('costlab: triage.yaml: already exists; nothing was written — pass --force to overwrite it, or --out FILE to write elsewhere\n');
    expect(readFileSync(out, 'utf8')).toBe('keep me\n');
    const forced = runCli(['import', 'promptfoo', 'evals/promptfooconfig.yaml', '--out', 'triage.yaml', '--force', '--json'], { cwd });
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout)).toMatchObject({ written: 'triage.yaml', name: 'ticket-triage', cases: 2, variants: 1 });
    expect(readFileSync(out, 'utf8')).toBe(EXPECTED);
  });

  it('writes nothing when the config is bad', () => {
    const cwd = project();
    writeFileSync(join(cwd, 'evals', 'promptfooconfig.yaml'), CONFIG.replace('file://prompts/triage.txt', 'file://prompts/missing.txt'));
    const result = runCli(['import', 'promptfoo', 'evals/promptfooconfig.yaml'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'costlab: evals/promptfooconfig.yaml:3:5: field prompts[0]: file://prompts/missing.txt: evals/prompts/missing.txt does not exist' +
        ' — file:// paths are relative to the folder of the promptfoo config\n',
    );
    expect(existsSync(join(cwd, 'evals', 'ticket-triage.yaml'))).toBe(false);
  });
});
