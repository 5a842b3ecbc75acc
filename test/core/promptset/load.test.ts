/** Loading: includes relative to the set (never outside its folder), folders of sets, duplicate names. */
import { describe, expect, it } from 'vitest';
import { loadPromptSet } from '../../../src/core/promptset/load.ts';
import { listPromptSetFiles, loadPromptSets } from '../../../src/core/promptset/load-many.ts';
import { renderCase } from '../../../src/core/promptset/render.ts';
import { memoryFs, rejection } from './memory-fs.ts';

const SUPPORT = `name: support-bot
system: { file: context/policy.md }
prompt: { file: context/ask.txt }
cases:
  - id: refund
    vars:
      ticket: { file: tickets/t1.txt }
    reference: { file: context/refund-answer.md }
`;

function supportFs(extra: Record<string, string> = {}) {
  return memoryFs({
    'prompts/support.yaml': SUPPORT,
    'prompts/context/policy.md': 'Refunds within 30 days.',
    'prompts/context/ask.txt': 'Ticket:\n{{ticket}}',
    'prompts/tickets/t1.txt': 'My kettle broke.',
    'prompts/context/refund-answer.md': 'Offer a refund.',
    ...extra,
  });
}

describe('loadPromptSet', () => {
  it('reads includes relative to the set file, for system, prompt, vars and reference', async () => {
    const set = await loadPromptSet('prompts/support.yaml', supportFs());
    expect(set.includes).toEqual(['prompts/context/policy.md', 'prompts/context/ask.txt', 'prompts/tickets/t1.txt', 'prompts/context/refund-answer.md']);
    expect(set.cases[0]!.reference).toBe('Offer a refund.');
    expect(renderCase(set, 'refund')).toEqual({ system: 'Refunds within 30 days.', messages: [{ role: 'user', content: 'Ticket:\nMy kettle broke.' }] });
  });

  it('refuses an include that climbs out of the set folder with ..', async () => {
    const fs = supportFs({ 'secret.md': 'top secret', 'prompts/support.yaml': SUPPORT.replace('context/policy.md', '../secret.md') });
    const error = await rejection(loadPromptSet('prompts/support.yaml', fs));
    expect(error.code).toBe('include-outside');
    // line 2 is "system: { file: ../secret.md }": the path starts in column 17.
    expect(error.describe()).toBe(
      "prompts/support.yaml:2:17: field system.file: the included file '../secret.md' is outside the set's folder" +
        " — move it into prompts/ (or below) and give its path relative to the set file, without '..'",
    );
    const absolute = await rejection(loadPromptSet('prompts/support.yaml', supportFs({ 'prompts/support.yaml': SUPPORT.replace('context/policy.md', '/etc/passwd') })));
    expect(absolute.code).toBe('include-outside');
  });

  it('allows .. that stays inside the folder tree, and names a missing include', async () => {
    const inside = SUPPORT.replace('context/policy.md', 'tickets/../context/policy.md');
    await expect(loadPromptSet('prompts/support.yaml', supportFs({ 'prompts/support.yaml': inside }))).resolves.toMatchObject({ name: 'support-bot' });
    const missing = await rejection(loadPromptSet('prompts/support.yaml', supportFs({ 'prompts/support.yaml': SUPPORT.replace('tickets/t1.txt', 'tickets/t9.txt') })));
    expect(missing.describe()).toBe(
      'prompts/support.yaml:7:23: field cases[0].vars.ticket.file: the included file prompts/tickets/t9.txt does not exist' +
        ' — check the path: it is relative to the folder of the set file',
    );
  });
});

describe('loadPromptSets', () => {
  const other = (name: string) => `name: ${name}\nprompt: hi\ncases: [{}]\n`;

  it('takes every *.yaml, *.yml and *.json directly in a folder, sorted', async () => {
    const fs = supportFs({ 'prompts/b.yml': other('b'), 'prompts/a.json': '{"name":"a","prompt":"x","cases":[{}]}', 'prompts/notes.md': 'x', 'prompts/sub/c.yaml': other('c') });
    expect(await listPromptSetFiles(['prompts/'], fs)).toEqual(['prompts/a.json', 'prompts/b.yml', 'prompts/support.yaml']);
    const seen: string[] = [];
    const sets = await loadPromptSets(['prompts', 'prompts/sub/c.yaml'], fs, (set) => seen.push(set.name));
    expect(sets.map((s) => s.file)).toEqual(['prompts/a.json', 'prompts/b.yml', 'prompts/support.yaml', 'prompts/sub/c.yaml']);
    expect(seen).toEqual(['a', 'b', 'support-bot', 'c']);
  });

  it('refuses two sets with one name, naming both files', async () => {
    const fs = memoryFs({ 'p/one.yaml': other('shared'), 'p/two.yaml': `# second\n${other('shared')}` });
    const error = await rejection(loadPromptSets(['p'], fs));
    expect(error.describe()).toBe("p/two.yaml:2:7: field name: the set name 'shared' is already used by p/one.yaml — give each prompt set its own name");
  });

  it('says when a path does not exist or a folder holds no sets', async () => {
    const fs = memoryFs({ 'p/readme.md': 'x' });
    expect((await rejection(loadPromptSets(['nope'], fs))).describe()).toBe('nope: no such file or folder — pass a prompt-set file or a folder of them');
    expect((await rejection(loadPromptSets(['p'], fs))).code).toBe('no-prompt-sets');
  });
});
