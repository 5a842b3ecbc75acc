/** Saving a variant: added under variants:, comments and formatting of the rest kept, names never reused. */
import { describe, expect, it } from 'vitest';
import { addVariant } from '../../../src/core/promptset/add-variant.ts';
import { parsePromptSet } from '../../../src/core/promptset/load.ts';
import { renderCase } from '../../../src/core/promptset/render.ts';
import { catchError } from '../../helpers/catch-error.ts';
import { memoryFs } from './memory-fs.ts';

const SET = `# Support bot — owned by the help-desk team
name: support-bot
prompt: "Answer: {{question}}"   # the production prompt
vars: { company: Larkspur }

# keep these cases in sync with the FAQ
cases:
  - vars: { question: Can I return it? }
`;

describe('addVariant', () => {
  it('adds variants: before the cases, keeping every comment and the rest as written', async () => {
    const text = addVariant(SET, 'prompts/support.yaml', 'terse', { prompt: '{{question}}\nOne line only.' });
    expect(text).toBe(`# Support bot — owned by the help-desk team
name: support-bot
prompt: "Answer: {{question}}"   # the production prompt
vars: { company: Larkspur }
variants:
  terse:
    prompt: |-
      {{question}}
      One line only.

# keep these cases in sync with the FAQ
cases:
  - vars: { question: Can I return it? }
`);
    const set = await parsePromptSet(text, 'prompts/support.yaml', memoryFs({}));
    expect(renderCase(set, 'case-1', 'terse').messages).toEqual([{ role: 'user', content: 'Can I return it?\nOne line only.' }]);
  });

  it('adds to an existing variants map, round-tripping a second time', () => {
    const once = addVariant(SET, 's.yaml', 'terse', { prompt: '{{question}}' });
    const twice = addVariant(once, 's.yaml', 'formal', { system: 'Be formal.', messages: [{ role: 'user', content: '{{question}}' }] });
    expect(twice).toContain(`variants:
  terse:
    prompt: "{{question}}"
  formal:
    system: Be formal.
    messages:
      - role: user
        content: "{{question}}"

# keep these cases in sync with the FAQ`);
    expect(twice.startsWith(once.slice(0, once.indexOf('\n\n# keep')))).toBe(true);
  });

  it('refuses an existing name, the base name, and a bad variant', () => {
    const once = addVariant(SET, 's.yaml', 'terse', { prompt: 'x' });
    const error = catchError(() => addVariant(once, 's.yaml', 'terse', { prompt: 'y' }));
    expect(error.describe()).toBe("s.yaml: field variants.terse: the set already has a variant 'terse' — choose another name, or edit that variant in the file");
    expect(catchError(() => addVariant(SET, 's.yaml', 'base', { prompt: 'y' })).code).toBe('bad-variant-name');
    expect(catchError(() => addVariant(SET, 's.yaml', 'both', { prompt: 'y', messages: [{ role: 'user', content: 'z' }] })).message)
      .toBe('a variant gives prompt or messages, not both');
  });

  it('keeps a JSON set JSON', () => {
    const json = '{\n  "name": "a",\n  "prompt": "x",\n  "cases": [{}]\n}\n';
    expect(addVariant(json, 'a.json', 'b', { prompt: 'y' })).toBe('{\n  "name": "a",\n  "prompt": "x",\n  "variants": {\n    "b": {\n      "prompt": "y"\n    }\n  },\n  "cases": [\n    {}\n  ]\n}\n');
  });
});
