import { describe, expect, it } from 'vitest';
import { buildRouterConfig, parseRouterConfig, routeWithConfig, serializeRouterConfig } from '../../../src/core/analysis/router-config.ts';
import type { RouterConfigInput } from '../../../src/core/analysis/router-config.ts';
import { HEURISTIC_CLASSIFIER, heuristicScore } from '../../../src/core/analysis/router-scores/heuristic.ts';
import { catchError } from '../../helpers/catch-error.ts';

const base: RouterConfigInput = {
  score: 'heuristic',
  threshold: 2 / 3,
  weak: 'openai:gpt-4o-mini',
  strong: 'openai:gpt-4o',
  expected: { strongShare: 0.5, quality: 1, costPer1k: 5.5, items: 4 },
  createdFrom: { run: 'r1', store: '.costlab' },
  asOf: '2026-11-22',
  heuristic: HEURISTIC_CLASSIFIER,
};

describe('router config export', () => {
  it('round-trips through JSON, and the loaded classifier scores prompts like the built-in one', () => {
    const text = serializeRouterConfig(buildRouterConfig(base));
    const config = parseRouterConfig(text, 'router.json');
    expect(config).toMatchObject({ version: 1, kind: 'threshold', score: 'heuristic', threshold: 2 / 3, rule: expect.stringContaining('score >= threshold') });
    const prompts = ['What is 2 + 2?', 'Compare the designs step by step and explain why.', 'Please debug this', '如果下雨，那么我们做数学推理', 'hello there'];
    for (const prompt of prompts) {
      const decision = routeWithConfig(config, prompt);
      expect(decision.score).toBe(heuristicScore(prompt));
      expect(decision.side).toBe(heuristicScore(prompt) >= 2 / 3 ? 'strong' : 'weak');
    }
    // the serialized patterns are plain strings: another language can compile them
    expect(JSON.parse(text).heuristic.complexSignals[0]).toEqual({ pattern: '(analyze|compare|evaluate|synthesize|design|architect)', flags: 'i', from: expect.any(String) });
  });

  it('keeps only the reproduction details of its own score; +∞ is null and routes nothing to strong', () => {
    const config = buildRouterConfig({ ...base, score: 'length', threshold: Number.POSITIVE_INFINITY, length: { unit: 'characters' } });
    expect(config.threshold).toBeNull();
    expect(config.heuristic).toBeUndefined();
    expect(config.length).toEqual({ unit: 'characters' });
    expect(routeWithConfig(config, 'x'.repeat(10_000))).toEqual({ model: 'openai:gpt-4o-mini', side: 'weak', score: 10_000 });
  });

  it('length in tokens needs a counter; random a generator; file and confidence a given score', () => {
    const tokens = buildRouterConfig({ ...base, score: 'length', threshold: 3, length: { unit: 'tokens', tokenizer: 'o200k_base' } });
    expect(routeWithConfig(tokens, 'a b c', { count: (t) => t.split(' ').length }).side).toBe('strong');
    expect(catchError(() => routeWithConfig(tokens, 'a b c')).message).toContain('pass a count function');
    const random = buildRouterConfig({ ...base, score: 'random', threshold: 0.7, random: { seed: 1 } });
    expect(routeWithConfig(random, 'x', { random: () => 0.75 }).side).toBe('strong');
    const file = buildRouterConfig({ ...base, score: 'file', threshold: 0.2, file: { path: 'scores.jsonl' } });
    expect(routeWithConfig(file, 'x', { score: 0.1 }).side).toBe('weak');
    expect(catchError(() => routeWithConfig(file, 'x')).message).toContain('pass it as score');
  });

  it('refuses the oracle and −∞', () => {
    expect(catchError(() => buildRouterConfig({ ...base, score: 'oracle' })).message).toContain('cannot be exported');
    expect(catchError(() => buildRouterConfig({ ...base, threshold: Number.NEGATIVE_INFINITY })).location.field).toBe('threshold');
  });

  it('a bad file names the file and the field', () => {
    expect(catchError(() => parseRouterConfig('{', 'r.json'))).toMatchObject({ code: 'bad-router-config', location: { file: 'r.json' } });
    const good = JSON.parse(serializeRouterConfig(buildRouterConfig(base))) as Record<string, unknown>;
    expect(catchError(() => parseRouterConfig(JSON.stringify({ ...good, version: 2 }), 'r.json')).location).toEqual({ file: 'r.json', field: 'version' });
    expect(catchError(() => parseRouterConfig(JSON.stringify({ ...good, expected: { ...(good['expected'] as object), strongShare: 2 } }), 'r.json')).location.field).toBe('expected.strongShare');
    const { heuristic: _h, ...noClassifier } = good;
    expect(catchError(() => parseRouterConfig(JSON.stringify(noClassifier), 'r.json')).location.field).toBe('heuristic');
  });
});
