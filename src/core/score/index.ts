/** core/score public API: assertions, reference similarity, per-trial quality and the bootstrap interval. */
export * from './assertions.ts';
export * from './json-schema.ts';
export * from './reference.ts';
export * from './bootstrap.ts';
export * from './quality.ts';
export * from './judge.ts';
export * from './candidate-scores.ts';
export * from './seeded-random.ts';
