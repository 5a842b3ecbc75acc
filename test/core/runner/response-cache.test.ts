import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../../src/core/runner/plan.ts';
import { requestFingerprint, responseCacheKey } from '../../../src/core/runner/response-cache.ts';
import { sha256Hex } from '../../../src/core/runner/sha256.ts';
import { testCatalog, testSet } from './helpers.ts';

describe('sha256Hex', () => {
  it('matches the FIPS 180-4 examples', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });

  it('agrees with node:crypto on any text, across block boundaries', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
      }),
      { numRuns: 300 },
    );
    for (const n of [55, 56, 63, 64, 65, 119, 120, 1000]) {
      const text = 'x'.repeat(n);
      expect(sha256Hex(text)).toBe(createHash('sha256').update(text).digest('hex'));
    }
  });
});

describe('responseCacheKey', () => {
  const catalog = testCatalog();
  const plan = buildPlan({ set: testSet(2, { system: 'Be brief.' }), catalog, models: ['test:cheap', 'test:dear'], params: [{ maxOutputTokens: 10 }, { maxOutputTokens: 10, temperature: 0 }], repeats: 2 });

  it('differs for every request that differs (target, model, system, messages, params, repeat)', () => {
    const keys = plan.trials.map((trial) => {
      const candidate = plan.candidates.find((c) => c.id === trial.candidateId);
      if (!candidate) throw new Error('no candidate');
      return responseCacheKey(candidate, trial);
    });
    expect(new Set(keys).size).toBe(plan.trials.length);
    expect(keys[0]).toMatch(/^v1:[0-9a-f]{64}$/);
  });

  it('is the same for the same request, whatever the variant or case is called', () => {
    const [candidate] = plan.candidates;
    const [trial] = plan.trials;
    if (!candidate || !trial) throw new Error('empty plan');
    const renamed = { ...trial, id: 'other', caseId: 'other', candidateId: 'other' };
    expect(responseCacheKey({ ...candidate, id: 'x', variant: 'x' }, renamed)).toBe(responseCacheKey(candidate, trial));
    expect(responseCacheKey(candidate, { ...trial, system: 'Be long.' })).not.toBe(responseCacheKey(candidate, trial));
    expect(responseCacheKey(candidate, trial, (text) => `h${text.length}`)).toBe(`v1:h${requestFingerprint(candidate, trial).length}`);
  });
});
