import { catchError } from '../../helpers/catch-error.ts';
import { describe, expect, it } from 'vitest';
import { ratePerMTok } from '../../../src/core/money/money.ts';
import { Catalog } from '../../../src/core/catalog/catalog.ts';
import { parseOverrides } from '../../../src/core/catalog/overrides.ts';


const PROJECT = `# costlab.yaml
providers:
  openai: { concurrency: 4 }
asOf: 2026-11-20
models:
  - provider: openai
    id: gpt-4o-mini-2024-07-18
    rates:
      input: 0.12
  - provider: acme
    id: house-llm
    displayName: House LLM
    aliases: [house]
    tokenizer: llama3
    contextWindow: 32768
    source: https://wiki.acme.example/llm-contract
    rates: { input: "0.5", output: "1.5" }
`;

describe('override files', () => {
  it('correct one rate of an existing model and add a new one; the providers: section is left to costlab run', () => {
    const overrides = parseOverrides(PROJECT, '/repo/costlab.yaml');
    expect(overrides.models.map((m) => `${m.provider}:${m.id}`)).toEqual(['openai:gpt-4o-mini-2024-07-18', 'acme:house-llm']);
    const catalog = new Catalog({ overrides: [overrides] });

    const mini = catalog.resolve('gpt-4o-mini');
    expect(mini.rates?.input).toBe(ratePerMTok('0.12'));
    expect(mini.rates?.output).toBe(ratePerMTok('0.6'));
    expect(mini.rates?.cacheRead).toBe(ratePerMTok('0.075'));
    expect(mini).toMatchObject({ id: 'gpt-4o-mini', origin: 'override', asOf: '2026-11-20', tokenizer: 'o200k_base' });
    expect(mini.notes).toMatch(/Corrected by \/repo\/costlab\.yaml: rates\.input\./);
    // The corrected price names the file it comes from; the other prices keep the provider's page.
    expect(mini.source).toBe('/repo/costlab.yaml (rates.input; the rest: https://developers.openai.com/api/docs/pricing)');

    const house = catalog.resolve('house');
    expect(house).toMatchObject({ provider: 'acme', id: 'house-llm', displayName: 'House LLM', tokenizer: 'llama3', contextWindow: 32_768, asOf: '2026-11-20', origin: 'override' });
    expect(house.rates).toMatchObject({ input: ratePerMTok('0.5'), output: ratePerMTok('1.5'), cacheRead: null });
  });

  it('applies later files over earlier ones', () => {
    const user = parseOverrides('models:\n  - provider: openai\n    id: gpt-4o\n    rates: { input: 2.0, output: 9 }\n    asOf: 2026-11-01\n', '~/.config/costlab/config.yaml');
    const project = parseOverrides('models:\n  - provider: openai\n    id: gpt-4o\n    rates: { input: 1.0 }\n', 'costlab.yaml');
    const gpt4o = new Catalog({ overrides: [user, project] }).resolve('openai:gpt-4o');
    expect(gpt4o.rates?.input).toBe(ratePerMTok('1'));
    expect(gpt4o.rates?.output).toBe(ratePerMTok('9'));
    expect(gpt4o.asOf).toBe('2026-11-01');
  });

  it('rejects a new model that lacks required fields, naming file, line and field', () => {
    const text = `models:
  - provider: openai
    id: gpt-4o
    maxOutput: 8000
  - provider: acme
    id: typo-modle
    rates:
      input: 1
`;
    const overrides = parseOverrides(text, 'costlab.yaml');
    const error = catchError(() => new Catalog({ overrides: [overrides] }));
    expect(error.code).toBe('incomplete-model');
    expect(error.message).toBe('models[1] adds a new model acme:typo-modle but is missing tokenizer, source, asOf, rates.output');
    expect(error.location).toEqual({ file: 'costlab.yaml', field: 'models[1].tokenizer', line: 5, column: 5 });
    expect(error.hint).toMatch(/costlab models/);
  });

  it('reports schema errors in override files with line and field', () => {
    const text = 'models:\n  - provider: openai\n    id: gpt-4o\n    rates:\n      output: "1,5"\n';
    const error = catchError(() => parseOverrides(text, 'costlab.yaml'));
    expect(error.location).toMatchObject({ file: 'costlab.yaml', field: 'models[0].rates.output', line: 5 });
    const noId = catchError(() => parseOverrides('models:\n  - provider: openai\n    rates: { input: 1 }\n', 'c.yaml'));
    expect(noId.message).toBe("missing required field 'id'");
    expect(noId.location).toMatchObject({ field: 'models[0].id', line: 2 });
  });

  it('accepts an empty file or one without models', () => {
    expect(parseOverrides('', 'c.yaml').models).toEqual([]);
    expect(parseOverrides('providers:\n  ollama: { host: localhost }\n', 'c.yaml').models).toEqual([]);
  });

  it('refuses a typo at the top of the file, naming line and field, with a did-you-mean', () => {
    const error = catchError(() => parseOverrides('modles:\n  - provider: openai\n    id: gpt-4o-mini\n    rates: { input: 0.12 }\n', 'costlab.yaml'));
    expect(error.message).toBe("unknown field 'modles'");
    expect(error.hint).toContain("did you mean 'models'?");
    expect(error.location).toMatchObject({ file: 'costlab.yaml', line: 1, field: 'modles' });
  });
});
