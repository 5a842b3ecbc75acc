import { describe, expect, it } from 'vitest';
import { scoreCandidates } from '../../../src/core/score/candidate-scores.ts';
import { seededRandom } from '../../../src/core/score/seeded-random.ts';

const usage = { input: 1, output: 1, reasoning: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0 };
const ok = (costUsd: string | null, latencyMs: number) => ({ status: 'succeeded' as const, costUsd, usage, latencyMs });

describe('scoreCandidates', () => {
  it('a worked example: mean quality, exact cost per 1,000 with failures billed, latency over successes', () => {
    const card = scoreCandidates(
      [{ id: 'a', model: 'openai:gpt-4o-mini', variant: 'base' }, { id: 'b', model: 'x:y', variant: 'base' }],
      [
        { candidateId: 'a', result: ok('0.0001', 300), quality: 1 },
        { candidateId: 'a', result: ok('0.0002', 500), quality: 0.5 },
        { candidateId: 'a', result: { status: 'failed', costUsd: '0.00003', usage, latencyMs: 9000 }, quality: 0 },
        { candidateId: 'a', result: undefined, quality: null },
        { candidateId: 'b', result: ok(null, 100), quality: 1 },
      ],
      seededRandom(7),
    );
    const [a, b] = card;
    // a: 3 results cost 0.0001 + 0.0002 + 0.00003 = $0.00033; mean $0.00011 → $0.11 per 1,000 = 110,000,000,000 pico.
    expect(a).toMatchObject({ trials: 4, done: 3, failed: 1, scored: 3, costPer1kPico: 110_000_000_000n, unpriced: 0, latencyMeanMs: 400, latencyMedianMs: 400 });
    expect(a?.quality?.mean).toBeCloseTo(0.5, 12);
    // b: billed usage with no price → cost unknown, never $0.
    expect(b).toMatchObject({ costPer1kPico: null, unpriced: 1 });
  });

  it('is reproducible for a seed', () => {
    const trials = Array.from({ length: 50 }, (_, i) => ({ candidateId: 'a', result: ok('0.001', 10), quality: (i * 7) % 11 / 10 }));
    const one = scoreCandidates([{ id: 'a', model: 'm', variant: 'v' }], trials, seededRandom(3));
    const two = scoreCandidates([{ id: 'a', model: 'm', variant: 'v' }], trials, seededRandom(3));
    expect(one).toEqual(two);
    expect(one[0]!.quality!.low).toBeLessThan(one[0]!.quality!.mean);
  });
});
