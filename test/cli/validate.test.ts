/** `costlab validate`: one line per good set; the first bad file prints one line, exits 2, and stops. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/run-cli.ts';

function promptsFolder(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const SUPPORT = `name: support-bot
system: { file: context/policy.md }
prompt: "Answer: {{question}}"
variants:
  terse: { prompt: "{{question}}" }
  formal: { system: "Be formal. {{company}}" }
vars: { company: Larkspur }
cases:
  - vars: { question: Can I return it? }
  - vars: { question: Where is my order? }
`;
const TRIAGE = '{"name": "triage", "prompt": "Label: {{ticket}}", "cases": [{"id": "t1", "vars": {"ticket": "broken"}}]}\n';

describe('costlab validate', () => {
  it('checks every set in prompts/ by default, one line each', () => {
    const cwd = promptsFolder({ 'prompts/support.yaml': SUPPORT, 'prompts/context/policy.md': 'Refunds in 30 days.', 'prompts/triage.json': TRIAGE, 'prompts/README.md': '# sets' });
    const result = runCli(['validate'], { cwd });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('ok  prompts/support.yaml  support-bot  2 cases, 2 variants\nok  prompts/triage.json  triage  1 case, 0 variants\n');
  });

  it('stops at the first bad file: one line on stderr, exit 2, nothing more on stdout', () => {
    const bad = SUPPORT.replace('  - vars: { question: Where is my order? }', '  - id: lost\n    vars: { questoin: Where is my order? }');
    const cwd = promptsFolder({ 'sets/a.json': TRIAGE, 'sets/b.yaml': bad, 'sets/context/policy.md': 'x', 'sets/c.yaml': SUPPORT.replace('support-bot', 'zzz') });
    const result = runCli(['validate', 'sets'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('ok  sets/a.json  triage  1 case, 0 variants\n');
    // line 10 of b.yaml is "  - id: lost": the case whose vars lack {{question}}.
    expect(result.stderr).toBe(
      "costlab: sets/b.yaml:10:5: field cases[1].vars.question: case 'lost' has no value for {{question}}, used in the prompt" +
        " — add question: … to the case's vars, or to vars: at the top of the set\n",
    );
  });

  it('names the line and column of a schema error, and a missing path', () => {
    const cwd = promptsFolder({ 'p/s.yaml': 'name: s\nprompt: hi\ncases:\n  - vars: { q: 1 }\n    asert: []\n' });
    const result = runCli(['validate', 'p/s.yaml'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe("costlab: p/s.yaml:5:5: field cases[0].asert: unknown field 'asert' — did you mean 'assert'? allowed fields here: id, description, vars, reference, assert\n");
    const missing = runCli(['validate'], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('costlab: prompts/: no such file or folder — pass a prompt-set file or a folder of them\n');
  });
});
