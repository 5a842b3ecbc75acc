/** Templating and rendering: {{var}} placeholders, case vars over set vars, variants, missing variables. */
import { describe, expect, it } from 'vitest';
import { parsePromptSet } from '../../../src/core/promptset/load.ts';
import { renderCase, variantNames } from '../../../src/core/promptset/render.ts';
import { templateSpans, templateVariables } from '../../../src/core/promptset/template.ts';
import { checkPromptSet, promptTemplates } from '../../../src/core/promptset/templates.ts';
import { catchError } from '../../helpers/catch-error.ts';
import { memoryFs, rejection } from './memory-fs.ts';

const SET = `name: support-bot
system: You answer for {{ company }}.
prompt: "Answer: {{question}}"
vars: { company: Larkspur, tone: plain }
variants:
  terse: { prompt: "{{question}} (one line)" }
  strict:
    system: Answer for {{company}} in a {{tone}} tone. Limit {{limit}}.
  chat:
    messages:
      - { role: user, content: "Hi, I have a question." }
      - { role: assistant, content: "Go ahead." }
      - { role: user, content: "{{question}}" }
cases:
  - id: refund-over-limit
    vars: { question: "Can I return it after 45 days?", company: Larkspur Ltd, limit: 30 }
  - id: hours
    vars: { question: When are you open?, extra: unused }
`;

describe('templates', () => {
  it('finds {{var}} and {{ var }} and leaves other braces alone', () => {
    const text = 'Hi {{name}}, {{ user.id }} {{name}} {{ x | upper }} {{1bad}} {{ order-no }}';
    expect(templateVariables(text)).toEqual(['name', 'user.id', 'order-no']);
    expect(templateSpans('a {{ b }}')).toEqual([{ name: 'b', start: 2, end: 9 }]);
  });
});

describe('renderCase', () => {
  it('renders the base prompt as one user message, case vars over set vars', async () => {
    const set = await parsePromptSet(SET, 'prompts/support.yaml', memoryFs({}));
    expect(renderCase(set, 'refund-over-limit')).toEqual({
      system: 'You answer for Larkspur Ltd.',
      messages: [{ role: 'user', content: 'Answer: Can I return it after 45 days?' }],
    });
  });

  it('renders each variant over the base: its own prompt, its own system, or messages', async () => {
    const set = await parsePromptSet(SET, 'prompts/support.yaml', memoryFs({}));
    expect(variantNames(set)).toEqual(['base', 'terse', 'strict', 'chat']);
    expect(renderCase(set, 'hours', 'terse')).toEqual({ system: 'You answer for Larkspur.', messages: [{ role: 'user', content: 'When are you open? (one line)' }] });
    expect(renderCase(set, 'refund-over-limit', 'strict')).toEqual({
      system: 'Answer for Larkspur Ltd in a plain tone. Limit 30.',
      messages: [{ role: 'user', content: 'Answer: Can I return it after 45 days?' }],
    });
    expect(renderCase(set, 'hours', 'chat').messages).toEqual([
      { role: 'user', content: 'Hi, I have a question.' },
      { role: 'assistant', content: 'Go ahead.' },
      { role: 'user', content: 'When are you open?' },
    ]);
  });

  it('names the variable, the case and its file:line when a variable is missing', async () => {
    const set = await parsePromptSet(SET, 'prompts/support.yaml', memoryFs({}));
    const error = catchError(() => renderCase(set, 'hours', 'strict'));
    expect(error.code).toBe('missing-variable');
    // the case "hours" starts on line 17 ("  - id: hours"), its first key in column 5.
    expect(error.describe()).toBe(
      "prompts/support.yaml:17:5: field cases[1].vars.limit: case 'hours' has no value for {{limit}}, used in the system prompt of variant 'strict'" +
        " — add limit: … to the case's vars, or to vars: at the top of the set",
    );
    expect(() => checkPromptSet(set)).toThrow(/case 'hours' has no value for \{\{limit\}\}/);
  });

  it('names the closest case or variant when one is unknown', async () => {
    const set = await parsePromptSet(SET, 'prompts/support.yaml', memoryFs({}));
    expect(catchError(() => renderCase(set, 'hour')).hint).toMatch(/^did you mean 'hours'\?/);
    expect(catchError(() => renderCase(set, 'hours', 'tesre')).hint).toBe("did you mean 'terse'? variants: base, terse, strict, chat");
  });

  it('lists the raw templates per variant for the compressor', async () => {
    const fs = memoryFs({ 'prompts/policy.md': 'Refunds within {{days}} days.' });
    const set = await parsePromptSet('name: a\nsystem: { file: policy.md }\nprompt: "Q: {{q}}"\nvariants: { short: { prompt: "{{q}}" } }\ncases: [{ vars: { q: x, days: 30 } }]\n', 'prompts/a.yaml', fs);
    expect(promptTemplates(set)).toEqual([
      { variant: 'base', part: 'system', role: 'system', text: 'Refunds within {{days}} days.', variables: ['days'], file: 'prompts/policy.md' },
      { variant: 'base', part: 'prompt', role: 'user', text: 'Q: {{q}}', variables: ['q'] },
      { variant: 'short', part: 'prompt', role: 'user', text: '{{q}}', variables: ['q'] },
    ]);
    expect(checkPromptSet(set)).toEqual({ file: 'prompts/a.yaml', name: 'a', cases: 1, variants: 1, models: [] });
  });

  it('refuses a variant that names the base prompt or is empty', async () => {
    const base = await rejection(parsePromptSet('name: a\nprompt: hi\nvariants:\n  base: { prompt: x }\ncases: [{}]\n', 's.yaml', memoryFs({})));
    expect(base.describe()).toBe("s.yaml:4:3: field variants.base: bad name 'base': 'base' names the set's own prompt — rename it");
    const empty = await rejection(parsePromptSet('name: a\nprompt: hi\nvariants:\n  x: {}\ncases: [{}]\n', 's.yaml', memoryFs({})));
    expect(empty.message).toBe('an empty variant');
  });
});
