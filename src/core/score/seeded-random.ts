/**
 * A seeded generator for figures that must come out the same on every run (bootstrap intervals, random routers):
 * mulberry32 (Tommy Ettinger's public-domain 32-bit generator), floats in [0, 1).
 */
import type { Random } from '../ports.ts';

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
