import type { Random } from '../../../src/core/ports.ts';

/** A seeded linear congruential generator (Numerical Recipes constants): floats in [0, 1). */
export function lcg(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}
