/**
 * The `random` router score: a seeded uniform number in [0, 1) per item (mulberry32, core/score/seeded-random.ts).
 * Thresholding it at t routes a random share of about 1 − t to the strong model: the baseline any router
 * must beat. Its expected APGR is 0.5 (RouteLLM); a given seed's realised curve scatters around that.
 */
import { CostlabError } from '../../errors.ts';
import { seededRandom } from '../../score/seeded-random.ts';

export function randomScores(n: number, seed: number): number[] {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new CostlabError('bad-routing-input', `seed ${seed} must be a whole number, 0 or more`, { location: { field: 'seed' } });
  }
  const next = seededRandom(seed);
  return Array.from({ length: n }, () => next());
}
