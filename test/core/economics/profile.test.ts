/** Traffic profiles: the schema, exact decimals, relative paths, and errors that name file:line:column and field. */
import { describe, expect, it } from 'vitest';
import { frac } from '../../../src/core/economics/fraction.ts';
import { parseProfile, resolveProfile } from '../../../src/core/economics/profile.ts';
import type { CostlabError } from '../../../src/core/errors.ts';
import { catchError } from '../../helpers/catch-error.ts';

const ISSUE_EXAMPLE = `name: launch
days_per_month: 30
routes:
  - name: support
    requests_per_day: 15000
    model: openai:gpt-4o-mini        # or a router: {weak, strong, strong_share}
    input_tokens: 2000                # or {from_set: prompts/support.yaml} / {p50, p90}
    output_tokens: 800
    semantic_cache_hit_rate: 0.3      # optional
    cached_prefix_tokens: 1500        # optional: provider prompt caching
    batch_share: 0.0                  # optional: share sent through a Batch API
    compression_rate: 1.0             # optional: input multiplier from compression
growth_per_month: 0.1                 # optional
`;

function fails(text: string, file = 'p/launch.yaml'): CostlabError {
  return catchError(() => parseProfile(text, file)) as CostlabError;
}

describe('parseProfile', () => {
  it("reads the issue's example exactly: shares as fractions of their decimal form", () => {
    const profile = parseProfile(ISSUE_EXAMPLE, 'p/launch.yaml');
    expect(profile.name).toBe('launch');
    expect(profile.daysPerMonth).toEqual(frac(30n));
    expect(profile.growthPerMonth).toEqual(frac(1n, 10n));
    const route = profile.routes[0]!;
    expect(route).toMatchObject({
      name: 'support', requestsPerDay: frac(15_000n), model: { kind: 'single', model: 'openai:gpt-4o-mini' },
      input: { kind: 'fixed', tokens: 2000 }, output: { kind: 'fixed', tokens: 800 }, semanticCacheHitRate: frac(3n, 10n),
      cachedPrefixTokens: 1500, promptCacheTtlMinutes: 5, batchShare: frac(0n), compressionRate: frac(1n),
    });
    expect(route.where.model).toEqual({ file: 'p/launch.yaml', field: 'routes[0].model', line: 6, column: 12 });
  });

  it('reads routers, every token form, and resolves paths against the profile folder', () => {
    const profile = parseProfile(`name: x
routes:
  - name: a
    requests_per_day: 10
    model: {weak: anthropic:claude-haiku-4-5, strong: anthropic:claude-sonnet-4-5, strong_share: 0.2}
    input_tokens: {from_set: ../support-bot.yaml, variant: terse}
    output_tokens: {p50: 200, p90: 900}
    prompt_cache_ttl: 1h
  - name: b
    requests_per_day: 2.5
    model: openai:gpt-4o
    input_tokens: {p10: 100, p50: 200, p90: 400}
    output_tokens: {from_run: 20261122-x, store: runs/.costlab, model: ollama:llama3.1:8b}
`, 'prompts/profiles/x.yaml');
    const [a, b] = profile.routes;
    expect(profile.daysPerMonth).toEqual(frac(30n));
    expect(a!.model).toEqual({ kind: 'router', weak: 'anthropic:claude-haiku-4-5', strong: 'anthropic:claude-sonnet-4-5', strongShare: frac(1n, 5n) });
    expect(a!.input).toEqual({ kind: 'from_set', path: 'prompts/support-bot.yaml', variant: 'terse' });
    expect(a!.output).toEqual({ kind: 'lognormal', p50: 200, p90: 900 });
    expect(a!.promptCacheTtlMinutes).toBe(60);
    expect(b!.requestsPerDay).toEqual(frac(5n, 2n));
    expect(b!.input).toEqual({ kind: 'percentiles', p10: 100, p50: 200, p90: 400 });
    expect(b!.output).toEqual({ kind: 'from_run', run: '20261122-x', store: 'prompts/profiles/runs/.costlab', model: 'ollama:llama3.1:8b' });
  });

  it('an unknown key: file:line:column, the field, and "did you mean"', () => {
    const error = fails(ISSUE_EXAMPLE.replace('semantic_cache_hit_rate:', 'semantic_cache_hit_rat:'));
    expect(error.code).toBe('bad-profile');
    expect(error.describe()).toBe(
      "p/launch.yaml:9:5: field routes[0].semantic_cache_hit_rat: unknown field 'semantic_cache_hit_rat' — did you mean 'semantic_cache_hit_rate'? " +
        'allowed fields here: name, requests_per_day, model, input_tokens, output_tokens, semantic_cache_hit_rate, cached_prefix_tokens, prompt_cache_ttl, batch_share, compression_rate',
    );
  });

  it('a typo inside a token size or a router points at that key', () => {
    const tokens = fails(ISSUE_EXAMPLE.replace('input_tokens: 2000 ', 'input_tokens: {p50: 2000, p9O: 4000}'));
    expect(tokens.location).toMatchObject({ line: 7, field: 'routes[0].input_tokens.p9O' });
    expect(tokens.hint).toContain("did you mean 'p90'?");
    const router = fails(ISSUE_EXAMPLE.replace('model: openai:gpt-4o-mini', 'model: {weak: openai:gpt-4o-mini, strong: openai:gpt-4o, strong_shar: 0.2}'));
    expect(router.location).toMatchObject({ line: 6, field: 'routes[0].model.strong_shar' });
    expect(router.hint).toContain("did you mean 'strong_share'?");
  });

  it.each([
    ['a share above 1', ISSUE_EXAMPLE.replace('semantic_cache_hit_rate: 0.3', 'semantic_cache_hit_rate: 1.3'), 9, 'routes[0].semantic_cache_hit_rate', 'at most 1'],
    ['a fractional token count', ISSUE_EXAMPLE.replace('output_tokens: 800', 'output_tokens: 800.5'), 8, 'routes[0].output_tokens', 'tokens per request'],
    ['a negative request rate', ISSUE_EXAMPLE.replace('15000', '-1'), 5, 'routes[0].requests_per_day', 'cannot be negative'],
    ['a missing model', ISSUE_EXAMPLE.replace(/ {4}model: .*\n/, ''), 4, 'routes[0].model', "missing required field 'model'"],
    ['a prefix longer than the input', ISSUE_EXAMPLE.replace('cached_prefix_tokens: 1500', 'cached_prefix_tokens: 2500'), 10, 'routes[0].cached_prefix_tokens', 'longer than the input'],
    ['a compression above 1', ISSUE_EXAMPLE.replace('compression_rate: 1.0', 'compression_rate: 1.5'), 12, 'routes[0].compression_rate', 'at most 1'],
    ['outputs from a prompt set', ISSUE_EXAMPLE.replace('output_tokens: 800', 'output_tokens: {from_set: x.yaml}'), 8, 'routes[0].output_tokens.from_set', 'no outputs'],
    ['a bad cache lifetime', ISSUE_EXAMPLE.replace('batch_share: 0.0', 'prompt_cache_ttl: 10m'), 11, 'routes[0].prompt_cache_ttl', '5m or 1h'],
  ])('rejects %s at its line and field', (_what, text, line, field, message) => {
    const error = fails(text);
    expect(error.location).toMatchObject({ file: 'p/launch.yaml', line, field });
    expect(error.message).toContain(message);
  });

  it('rejects duplicate route names, no routes, and YAML that is not a map', () => {
    const twice = fails(`name: x\nroutes:\n  - {name: a, requests_per_day: 1, model: m, input_tokens: 1, output_tokens: 1}\n  - {name: a, requests_per_day: 1, model: m, input_tokens: 1, output_tokens: 1}\n`);
    expect(twice.message).toContain("duplicate route name 'a'");
    expect(twice.location).toMatchObject({ line: 4, field: 'routes[1].name' });
    expect(fails('name: x\nroutes: []\n').message).toContain('at least one route');
    expect(fails('- 1\n').message).toBe('a traffic profile is a map of fields');
    expect(fails('name: [\n').code).toBe('bad-yaml');
  });
});

describe('resolveProfile', () => {
  it('gives measured sizes to the measurer and checks written ones at their field', async () => {
    const profile = parseProfile(`name: x
routes:
  - name: a
    requests_per_day: 1
    model: openai:gpt-4o
    input_tokens: {from_set: s.yaml}
    output_tokens: {p50: 900, p90: 200}
`, 'dir/x.yaml');
    const seen: string[] = [];
    const error = (await resolveProfile(profile, async (spec, context) => {
      seen.push(`${spec.kind} ${context.field} ${context.where.field}`);
      return { p10: 1, p50: 2, p90: 3, mean: 2, source: 'test' };
    }).then(() => null, (e: unknown) => e as CostlabError))!;
    expect(seen).toEqual(['from_set input routes[0].input_tokens.from_set']);
    expect(error.message).toContain('0 < p50 ≤ p90');
    expect(error.location).toMatchObject({ line: 7, field: 'routes[0].output_tokens' });
  });
});
