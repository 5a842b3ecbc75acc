/** Prompt-set schema errors: file, line, column, field path, and what to do. */
import { describe, expect, it } from 'vitest';
import { parsePromptSet } from '../../../src/core/promptset/load.ts';
import { memoryFs, rejection } from './memory-fs.ts';

const fs = memoryFs({});

describe('prompt-set schema', () => {
  it('parses a set with defaults: case ids, empty vars and assertions', async () => {
    const text = `name: support-bot
description: Refund questions
system: You answer for {{company}}.
prompt: "Answer: {{question}}"
vars: { company: Larkspur }
models: [openai:gpt-4o-mini]
cases:
  - vars: { question: Can I get a refund? }
    reference: Yes, within 30 days.
    assert:
      - { type: contains, value: refund }
      - { type: not-icontains, value: sorry, weight: 2 }
  - id: late
    vars: { question: It is day 45., company: Larkspur Ltd }
`;
    const set = await parsePromptSet(text, 'prompts/support.yaml', fs);
    expect(set.name).toBe('support-bot');
    expect(set.models).toEqual(['openai:gpt-4o-mini']);
    expect(set.cases.map((c) => c.id)).toEqual(['case-1', 'late']);
    expect(set.cases[0]!.assert).toEqual([{ type: 'contains', value: 'refund' }, { type: 'not-icontains', value: 'sorry', weight: 2 }]);
    expect(set.cases[0]!.reference).toBe('Yes, within 30 days.');
    expect(set.cases[1]!.location).toEqual({ file: 'prompts/support.yaml', field: 'cases[1]', line: 13, column: 5 });
    expect(set.base.system).toEqual({ text: 'You answer for {{company}}.' });
  });

  it('names file, line, column and field of a bad value in YAML', async () => {
    const text = `name: support-bot
prompt: "Answer: {{question}}"
cases:
  - id: a
    vars: { question: hi }
  - id: b
    vars:
      question: [one, two]
`;
    const error = await rejection(parsePromptSet(text, 'prompts/support.yaml', fs));
    expect(error.code).toBe('bad-prompt-set');
    // line 8 is "      question: [one, two]"; the key starts in column 7.
    expect(error.location).toEqual({ file: 'prompts/support.yaml', field: 'cases[1].vars.question', line: 8, column: 7 });
    expect(error.describe()).toBe(
      'prompts/support.yaml:8:7: field cases[1].vars.question: expected a text, a number, true/false, or { file: path }' +
        ' — a value is a text, a number or true/false; put long text in a file and write { file: path }',
    );
  });

  it('names line and column in a JSON file, with "did you mean" for a typo in a key', async () => {
    const text = `{
  "name": "support-bot",
  "prompt": "Hi {{q}}",
  "cases": [
    { "vars": { "q": "x" }, "asert": [] }
  ]
}
`;
    const error = await rejection(parsePromptSet(text, 'sets/s.json', fs));
    // line 5: 4 spaces, '{', ' ', '"vars": { "q": "x" },' fills columns 7-27, a space, then "asert" at column 29.
    expect(error.location).toEqual({ file: 'sets/s.json', field: 'cases[0].asert', line: 5, column: 29 });
    expect(error.message).toBe("unknown field 'asert'");
    expect(error.hint).toBe("did you mean 'assert'? allowed fields here: id, description, vars, reference, assert");
  });

  it('suggests the closest field at the top level and a kebab-case name', async () => {
    const typo = await rejection(parsePromptSet('name: a\npromt: hi\ncases: [{}]\n', 's.yaml', fs));
    expect(typo.describe()).toMatch(/^s\.yaml:2:1: field promt: unknown field 'promt'( \(and 1 more problem\))? — did you mean 'prompt'\?/);
    const name = await rejection(parsePromptSet('name: Support Bot\nprompt: hi\ncases: [{}]\n', 's.yaml', fs));
    expect(name.location).toMatchObject({ field: 'name', line: 1, column: 7 });
    expect(name.hint).toMatch(/support-bot/);
  });

  it('requires exactly one of prompt and messages, and at least one case', async () => {
    const neither = await rejection(parsePromptSet('name: a\ncases: [{}]\n', 's.yaml', fs));
    expect(neither.message).toBe("missing required field 'prompt' (or 'messages')");
    const both = await rejection(parsePromptSet('name: a\nprompt: hi\nmessages: [{ role: user, content: hi }]\ncases: [{}]\n', 's.yaml', fs));
    expect(both.location).toMatchObject({ field: 'messages', line: 3, column: 1 });
    const noCases = await rejection(parsePromptSet('name: a\nprompt: hi\ncases: []\n', 's.yaml', fs));
    expect(noCases.location).toMatchObject({ field: 'cases', line: 3, column: 1 });
    expect(noCases.message).toBe('needs at least one case');
  });

  it('refuses an unknown assertion type naming the closest one', async () => {
    const text = 'name: a\nprompt: hi\ncases:\n  - assert:\n      - { type: contians, value: refund }\n';
    const error = await rejection(parsePromptSet(text, 's.yaml', fs));
    // line 5: "      - { type: contians, …": the value starts in column 17.
    expect(error.location).toEqual({ file: 's.yaml', field: 'cases[0].assert[0].type', line: 5, column: 17 });
    expect(error.message).toBe("unknown assertion type 'contians'");
    expect(error.hint).toMatch(/^did you mean 'contains'\? types: equals, contains, /);
  });

  it('checks what each assertion type needs', async () => {
    const load = (assertion: string) => rejection(parsePromptSet(`name: a\nprompt: hi\ncases:\n  - assert: [${assertion}]\n`, 's.yaml', fs));
    expect((await load('{ type: length }')).message).toBe("'length' needs min, max or both");
    expect((await load('{ type: cost }')).location.field).toBe('cases[0].assert[0].threshold');
    expect((await load('{ type: regex, value: "(" }')).message).toMatch(/^not a valid regular expression/);
    expect((await load('{ type: contains-any, value: 3 }')).message).toBe("'contains-any' takes a list of texts");
    await expect(parsePromptSet('name: a\nprompt: hi\ncases:\n  - assert: [{ type: not-similar, value: x, threshold: 0.8 }, { type: length, max: 40 }]\n', 's.yaml', fs))
      .resolves.toMatchObject({ cases: [{ assert: [{ type: 'not-similar', threshold: 0.8 }, { type: 'length', max: 40 }] }] });
  });

  it('refuses duplicate case ids, including a default one', async () => {
    const error = await rejection(parsePromptSet('name: a\nprompt: hi\ncases:\n  - vars: {}\n  - id: case-1\n', 's.yaml', fs));
    expect(error.message).toBe("duplicate case id 'case-1' (first at cases[0])");
    expect(error.location).toMatchObject({ field: 'cases[1].id', line: 5, column: 9 });
  });

  it('says what a set is when the file is not a map, or is empty', async () => {
    expect((await rejection(parsePromptSet('- a\n- b\n', 's.yaml', fs))).describe()).toBe(
      's.yaml:1:1: a prompt set is a map of fields — start with name:, then prompt: (or messages:) and cases:',
    );
    expect((await rejection(parsePromptSet('', 'e.yaml', fs))).message).toMatch(/^missing required field 'name'/);
  });

  it('reports a YAML syntax error with its line', async () => {
    const error = await rejection(parsePromptSet('name: a\nprompt: hi: there\ncases: [{}]\n', 's.yaml', fs));
    expect(error.code).toBe('bad-yaml');
    expect(error.describe()).toMatch(/^s\.yaml:2:9: not valid YAML\/JSON: Nested mappings are not allowed in compact mappings — fix the syntax/);
  });
});
