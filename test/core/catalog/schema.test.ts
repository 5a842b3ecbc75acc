import { catchError } from '../../helpers/catch-error.ts';
import { describe, expect, it } from 'vitest';
import { ratePerMTok } from '../../../src/core/money/money.ts';
import { documentToEntries, parseCatalogText, validateCatalogDocument } from '../../../src/core/catalog/schema.ts';


const GOOD = `asOf: 2026-11-22
models:
  - id: tiny-1
    provider: acme
    tokenizer: o200k_base
    source: https://acme.example/pricing
    rates:
      input: "0.15"
      output: 0.6
      cacheRead: null
`;

describe('catalog schema', () => {
  it('parses YAML into exact rates, defaults and the document asOf', () => {
    const [entry] = documentToEntries(parseCatalogText(GOOD, 'prices.yaml'), 'override');
    expect(entry).toMatchObject({ id: 'tiny-1', provider: 'acme', displayName: 'tiny-1', aliases: [], asOf: '2026-11-22', selfHosted: false, origin: 'override' });
    expect(entry?.rates?.input).toBe(ratePerMTok('0.15'));
    expect(entry?.rates?.output).toBe(600_000n);
    expect(entry?.rates?.cacheRead).toBeNull();
    expect(entry?.rates?.batchInput).toBeNull();
  });

  it('names the file, line, column and field path of a bad price', () => {
    const text = `models:
  - id: a
    provider: acme
    tokenizer: claude
    source: https://x.example
    asOf: 2026-11-22
  - id: b
    provider: acme
    tokenizer: claude
    source: https://x.example
    asOf: 2026-11-22
    rates:
      input: twelve
      output: 1
`;
    const error = catchError(() => parseCatalogText(text, 'costlab.yaml'));
    expect(error.code).toBe('bad-catalog');
    expect(error.location).toEqual({ file: 'costlab.yaml', field: 'models[1].rates.input', line: 13, column: 14 });
    expect(error.hint).toMatch(/USD per million tokens/);
    expect(error.describe()).toMatch(/^costlab\.yaml:13:14: field models\[1\]\.rates\.input: /);
  });

  it('points a missing required field at its entry', () => {
    const text = `asOf: 2026-11-22
models:
  - id: a
    provider: acme
    source: https://x.example
`;
    const error = catchError(() => parseCatalogText(text, 'c.yaml'));
    expect(error.message).toBe("missing required field 'tokenizer'");
    expect(error.location).toMatchObject({ field: 'models[0].tokenizer', line: 3 });
  });

  it('suggests the closest field name for a typo', () => {
    const text = GOOD.replace('cacheRead: null', 'cacheRaed: 0.01');
    const error = catchError(() => parseCatalogText(text, 'c.yaml'));
    expect(error.message).toBe("unknown field 'cacheRaed'");
    expect(error.location).toMatchObject({ field: 'models[0].rates.cacheRaed', line: 10 });
    expect(error.hint).toMatch(/did you mean 'cacheRead'/);
  });

  it('lists the tokenizers when one is unknown, and counts further problems', () => {
    const text = GOOD.replace('o200k_base', 'gpt2').replace('output: 0.6', 'output: -1');
    const error = catchError(() => parseCatalogText(text, 'c.yaml'));
    expect(error.location).toMatchObject({ field: 'models[0].tokenizer', line: 5 });
    expect(error.message).toMatch(/\(and 1 more problem\)$/);
    expect(error.hint).toContain('o200k_base, cl100k_base');
  });

  it('maps JSON text to lines too', () => {
    const json = '{\n  "asOf": "2026-11-22",\n  "models": [\n    {"id": "a", "provider": "acme", "tokenizer": "claude",\n     "source": "s", "rates": {"input": 1, "output": "x"}}\n  ]\n}\n';
    const error = catchError(() => parseCatalogText(json, 'c.json'));
    expect(error.location).toMatchObject({ file: 'c.json', field: 'models[0].rates.output', line: 5 });
  });

  it('reports YAML syntax errors with line and column', () => {
    const error = catchError(() => parseCatalogText('models:\n  - id: a\n    rates: {input: 1\n', 'broken.yaml'));
    expect(error.code).toBe('bad-yaml');
    expect(error.location.file).toBe('broken.yaml');
    expect(error.location.line).toBeGreaterThanOrEqual(3);
  });

  it('requires asOf on the entry or the document, rejects bad dates and duplicates', () => {
    const noDate = GOOD.replace('asOf: 2026-11-22\n', '');
    expect(catchError(() => parseCatalogText(noDate, 'c.yaml')).location).toMatchObject({ field: 'models[0].asOf', line: 2 });
    const badDate = GOOD.replace('2026-11-22', '2026-02-30');
    expect(catchError(() => parseCatalogText(badDate, 'c.yaml')).location).toMatchObject({ field: 'asOf', line: 1 });
    const dup = { asOf: '2026-11-22', models: [1, 2].map(() => ({ id: 'X', provider: 'acme', tokenizer: 'claude', source: 's' })) };
    expect(catchError(() => validateCatalogDocument(dup, 'd.ts')).location).toEqual({ file: 'd.ts', field: 'models[1].id' });
  });

  it('keeps long-context tiers sorted and partial', () => {
    const text = `${GOOD}    longContext:
      - aboveInputTokens: 500000
        rates: { input: 3 }
      - aboveInputTokens: 200000
        rates: { input: 2, output: 9 }
`;
    const [entry] = documentToEntries(parseCatalogText(text, 'c.yaml'), 'bundled');
    expect(entry?.longContext.map((tier) => tier.aboveInputTokens)).toEqual([200_000, 500_000]);
    expect(entry?.longContext[1]?.rates).toEqual({ input: 3_000_000n });
  });
});
