/** promptfoo import: prompts, providers, tests and defaultTest mapped to a costlab set; the rest listed. */
import { describe, expect, it } from 'vitest';
import { importPromptfoo } from '../../../src/core/promptset/promptfoo-import.ts';
import { mapProviderId } from '../../../src/core/promptset/promptfoo-tests.ts';
import { parsePromptSet } from '../../../src/core/promptset/load.ts';
import { renderCase } from '../../../src/core/promptset/render.ts';
import { memoryFs, rejection } from './memory-fs.ts';

const PROMPTFOO_CONFIG = `# yaml-language-server: $schema=https://promptfoo.dev/config-schema.json
description: Support bot refunds
prompts:
  - file://prompts/support.txt
  - raw: "Reply in one line to: {{question}}"
    label: Terse
  - "You are a {{ persona | upper }}. {{question}}"
providers:
  - openai:gpt-4o-mini
  - id: anthropic:messages:claude-3-5-haiku-20241022
    config:
      temperature: 0
  - vertex:gemini-2.0-flash
defaultTest:
  vars:
    company: Larkspur
    persona: clerk
  assert:
    - type: latency
      threshold: 5000
  options:
    transform: output.trim()
tests:
  - description: refund over the limit
    vars:
      question: Can I return a kettle after 45 days?
    assert:
      - type: icontains
        value: refund
      - type: javascript
        value: output.length < 400
  - vars:
      question: [Where is my order?, Do you ship abroad?]
    assert:
      - type: not-contains
        value: sorry
        weight: 2
  - file://more-tests.csv
outputPath: results.json
`;

const SUPPORT_TXT = 'You work for {{company}}.\nAnswer the customer: {{question}}\n';

describe('importPromptfoo', () => {
  it('writes a costlab set: first prompt, variants, models, cases with defaultTest merged', async () => {
    const fs = memoryFs({ 'evals/promptfooconfig.yaml': PROMPTFOO_CONFIG, 'evals/prompts/support.txt': SUPPORT_TXT });
    const result = await importPromptfoo(PROMPTFOO_CONFIG, 'evals/promptfooconfig.yaml', fs);
    expect(result.name).toBe('support-bot-refunds');
    expect(result.text).toBe(`# Imported from promptfooconfig.yaml by \`costlab import promptfoo\`.

name: support-bot-refunds
description: Support bot refunds
prompt: |-
  You work for {{company}}.
  Answer the customer: {{question}}
vars:
  company: Larkspur
  persona: clerk
variants:
  terse:
    prompt: "Reply in one line to: {{question}}"
  prompt-3:
    prompt: You are a {{persona}}. {{question}}
models: [ openai:gpt-4o-mini, anthropic:claude-3-5-haiku-20241022, google:gemini-2.0-flash ]
cases:
  - description: refund over the limit
    vars:
      question: Can I return a kettle after 45 days?
    assert:
      - { type: latency, threshold: 5000 }
      - { type: icontains, value: refund }
  - vars:
      question: Where is my order?
    assert:
      - { type: latency, threshold: 5000 }
      - { type: not-contains, value: sorry, weight: 2 }
  - vars:
      question: Do you ship abroad?
    assert:
      - { type: latency, threshold: 5000 }
      - { type: not-contains, value: sorry, weight: 2 }
`);
    expect(result.notCarried).toEqual([
      'outputPath: output path',
      'prompts[2]: nunjucks filter dropped: {{ persona | upper }} → {{persona}}',
      'providers[1].config: provider config (temperature)',
      'defaultTest.options: test options',
      'tests[0].assert[1]: javascript assertion (costlab runs no code)',
      'tests[2]: cases from file://more-tests.csv (add them under cases:)',
    ]);
    expect(result.summary).toEqual({
      file: 'evals/support-bot-refunds.yaml', name: 'support-bot-refunds', cases: 3, variants: 2,
      models: ['openai:gpt-4o-mini', 'anthropic:claude-3-5-haiku-20241022', 'google:gemini-2.0-flash'],
    });
    const set = await parsePromptSet(result.text, 'evals/support-bot-refunds.yaml', fs);
    expect(renderCase(set, 'case-1').messages[0]!.content).toBe('You work for Larkspur.\nAnswer the customer: Can I return a kettle after 45 days?'); // the file's text, trimmed
  });

  it('maps provider prefixes costlab knows and keeps the others', () => {
    expect(mapProviderId('openai:chat:gpt-4o')).toBe('openai:gpt-4o');
    expect(mapProviderId('anthropic:messages:claude-sonnet-4-5')).toBe('anthropic:claude-sonnet-4-5');
    expect(mapProviderId('ollama:chat:llama3.1:8b')).toBe('ollama:llama3.1:8b');
    expect(mapProviderId('vertex:gemini-2.5-flash')).toBe('google:gemini-2.5-flash');
    expect(mapProviderId('bedrock:anthropic.claude-3-haiku')).toBe('bedrock:anthropic.claude-3-haiku');
  });

  it('reads chat prompts, fills missing vars with "" as promptfoo does, and writes one case when no test comes over', async () => {
    const config = `prompts:
  - id: file://chat.json
    label: chat
providers: [openai:gpt-4o-mini]
tests: file://cases.csv
`;
    const fs = memoryFs({ 'x/chat.json': '[{"role":"system","content":"Be brief."},{"role":"user","content":"{{q}}"}]' });
    const result = await importPromptfoo(config, 'x/promptfooconfig.yaml', fs);
    expect(result.name).toBe('x');
    expect(result.text).toContain('messages:\n  - role: system\n    content: Be brief.\n  - role: user\n    content: "{{q}}"\nvars:\n  q: ""\n');
    expect(result.notCarried).toEqual([
      'tests: cases from file://cases.csv (add them under cases:)',
      'vars.q: some tests give no value (promptfoo renders it empty); set to "" under vars:',
      'tests: no test carried over: wrote one empty case — add yours under cases:',
    ]);
  });

  it('names the file and field of a missing prompt file', async () => {
    const error = await rejection(importPromptfoo('prompts:\n  - file://nope.txt\n', 'promptfooconfig.yaml', memoryFs({})));
    expect(error.describe()).toBe('promptfooconfig.yaml:2:5: field prompts[0]: file://nope.txt: nope.txt does not exist — file:// paths are relative to the folder of the promptfoo config');
  });
});
