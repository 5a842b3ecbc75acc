import { describe, expect, it } from 'vitest';
import { buildPlan, candidateId } from '../../../src/core/runner/plan.ts';
import { defaultProviderKey, defaultRequestModel } from '../../../src/core/runner/target.ts';
import { catchError } from '../../helpers/catch-error.ts';
import { testCatalog, testSet } from './helpers.ts';

describe('buildPlan', () => {
  const catalog = testCatalog();

  it('crosses variants × models × params × cases × repeats into trials with stable, readable ids', () => {
    const set = testSet(2, { system: 'Be brief.' });
    set.variants.push({ name: 'terse', prompt: { text: 'case {{n}}: one word' } });
    const spec = {
      set,
      catalog,
      models: ['gpt-4o-mini', 'ollama:llama3.1:8b'],
      params: [{ maxOutputTokens: 1024 }, { maxOutputTokens: 256, temperature: 0 }],
      repeats: 2,
    };
    const plan = buildPlan(spec);
    expect(plan.candidates.map((c) => c.id)).toEqual([
      'base@openai:gpt-4o-mini',
      'base@openai:gpt-4o-mini[max=256,t=0]',
      'base@ollama:llama3.1:8b',
      'base@ollama:llama3.1:8b[max=256,t=0]',
      'terse@openai:gpt-4o-mini',
      'terse@openai:gpt-4o-mini[max=256,t=0]',
      'terse@ollama:llama3.1:8b',
      'terse@ollama:llama3.1:8b[max=256,t=0]',
    ]);
    expect(plan.trials).toHaveLength(8 * 2 * 2);
    // repeat, then case, then candidate
    expect(plan.trials.slice(0, 2).map((t) => t.id)).toEqual(['base@openai:gpt-4o-mini|c1|1', 'base@openai:gpt-4o-mini[max=256,t=0]|c1|1']);
    expect(plan.trials[8]?.id).toBe('base@openai:gpt-4o-mini|c2|1');
    expect(plan.trials[16]?.id).toBe('base@openai:gpt-4o-mini|c1|2');
    expect(new Set(plan.trials.map((t) => t.id)).size).toBe(plan.trials.length);
    // the same spec gives the same plan
    expect(buildPlan(spec)).toEqual(plan);
  });

  it('renders each trial with renderCase: system + messages of its variant and case', () => {
    const set = testSet(1, { system: 'Be brief.' });
    set.variants.push({ name: 'terse', prompt: { text: 'case {{n}}: one word' } });
    const plan = buildPlan({ set, catalog, models: ['gpt-4o-mini'] });
    expect(plan.trials.map((t) => [t.system, t.messages])).toEqual([
      ['Be brief.', [{ role: 'user', content: 'case 1: say something short' }]],
      ['Be brief.', [{ role: 'user', content: 'case 1: one word' }]],
    ]);
  });

  it('resolves models in the catalog: a bare name gets its provider route, a routed one keeps its target', () => {
    const plan = buildPlan({ set: testSet(1), catalog, models: ['gpt-4o-mini', 'ollama:llama3.1:8b', 'vllm:meta-llama/Llama-3.1-8B-Instruct@http://gpu:8000/v1'] });
    expect(plan.candidates.map(({ model, target }) => ({ model, target }))).toEqual([
      { model: 'openai:gpt-4o-mini', target: 'openai:gpt-4o-mini' },
      { model: 'meta:llama-3.1-8b-instruct', target: 'ollama:llama3.1:8b' },
      { model: 'meta:llama-3.1-8b-instruct', target: 'vllm:meta-llama/Llama-3.1-8B-Instruct@http://gpu:8000/v1' },
    ]);
    const [, ollama, vllm] = plan.candidates;
    expect(ollama && [defaultProviderKey(ollama), defaultRequestModel(ollama)]).toEqual(['ollama', 'llama3.1:8b']);
    expect(vllm && [defaultProviderKey(vllm), defaultRequestModel(vllm)]).toEqual(['vllm', 'meta-llama/Llama-3.1-8B-Instruct']);
    expect(defaultProviderKey({ target: 'test:cheap', model: 'test:cheap' })).toBe('test');
  });

  it('names only non-default params in the candidate id', () => {
    expect(candidateId('base', 'openai:gpt-4o-mini', { maxOutputTokens: 1024 })).toBe('base@openai:gpt-4o-mini');
    expect(candidateId('v2', 'anthropic:claude-haiku-4-5', { maxOutputTokens: 64, temperature: 0.7, topP: 0.9, cacheSystemPrefix: true })).toBe(
      'v2@anthropic:claude-haiku-4-5[max=64,t=0.7,top_p=0.9,cache]',
    );
  });

  it('keeps case references for the dry-run bill', () => {
    const plan = buildPlan({ set: testSet(2, { reference: (i) => (i === 0 ? 'hello there' : undefined) }), catalog, models: ['test:cheap'] });
    expect([...plan.references]).toEqual([['c1', 'hello there']]);
  });

  it('refuses a duplicate candidate, an unknown model and bad repeats', () => {
    expect(catchError(() => buildPlan({ set: testSet(1), catalog, models: ['gpt-4o-mini', 'openai:gpt-4o-mini'] })).message).toMatch(/twice/);
    expect(catchError(() => buildPlan({ set: testSet(1), catalog, models: ['gpt-4o-minj'] })).code).toBe('unknown-model');
    expect(catchError(() => buildPlan({ set: testSet(1), catalog, models: ['gpt-4o-mini'], repeats: 0 })).code).toBe('bad-plan');
  });
});
