/**
 * A chosen two-model router as a JSON file application code can load (`costlab route --export PATH`):
 *
 *   {"version": 1, "kind": "threshold", "score": "heuristic", "threshold": 0.6667,
 *    "rule": "route to strong when score >= threshold; threshold null routes nothing to strong",
 *    "weak": "openai:gpt-4o-mini", "strong": "openai:gpt-4o",
 *    "expected": {"strongShare": 0.31, "quality": 0.84, "costPer1k": 1.93, "items": 1319},
 *    "createdFrom": {"run": "…", "store": ".costlab"} | {"recorded": "routellm", "file": "gsm8k.jsonl"},
 *    "asOf": "2026-11-22", "heuristic": {…the classifier's patterns, weights and cut-offs…}}
 *
 * - `threshold` null means +∞ (the all-weak router); any other value is finite.
 * - `expected` is what the router did on the data it was chosen on (quality as a fraction; costPer1k in US
 *   dollars per 1,000 requests, null when a price was unknown) — a forecast, not a promise.
 * - What reproduces the score: `heuristic` carries the whole classifier (HEURISTIC_CLASSIFIER: signal patterns as
 *   RegExp sources and flags, question-mark and code weights, context/turn cut-offs, word ladder, level scores);
 *   `length` the unit and tokenizer; `random` the seed (a fresh application draws its own uniform number); `knn`
 *   k, the embedder and the labelled examples (each prompt with strongWin 1 when the strong model did better) —
 *   the application embeds them once and scores a new prompt by its k nearest; `file` and `confidence` say where
 *   the application's own score must come from; `oracle` cannot be exported (it reads the answers' correctness).
 *
 * `parseRouterConfig` checks such a file (zod), and `routeWithConfig` applies it to one prompt.
 */
import { z } from 'zod';
import { CostlabError } from '../errors.ts';
import { classifyComplexity } from './router-scores/heuristic.ts';
import type { HeuristicClassifier, HeuristicOptions } from './router-scores/heuristic.ts';

export const ROUTER_SCORES = ['heuristic', 'length', 'confidence', 'knn', 'file', 'random', 'oracle'] as const;
export type RouterScoreKind = (typeof ROUTER_SCORES)[number];

export const ROUTER_RULE = 'route to strong when score >= threshold; threshold null routes nothing to strong';

const signal = z.object({ pattern: z.string(), flags: z.string().regex(/^[imsu]*$/), from: z.string() });

const heuristicSchema = z.object({
  source: z.string(),
  levels: z.tuple([z.literal('trivial'), z.literal('simple'), z.literal('moderate'), z.literal('complex')]),
  scores: z.array(z.number()).length(4),
  complexSignals: z.array(signal),
  trivialSignals: z.array(signal),
  questionMarks: z.object({ marks: z.array(z.string()), above: z.number(), add: z.number(), trivialAt: z.number() }),
  code: z.object({ markers: z.array(z.string()), add: z.number() }),
  context: z.object({ complexAbove: z.number(), moderateAbove: z.number() }),
  turns: z.object({ moderateAbove: z.number() }),
  ladder: z.object({ complexScore: z.number(), moderateWords: z.number(), trivialWords: z.number(), simpleWords: z.number() }),
  cjkWord: z.string(),
});

const configSchema = z.object({
  version: z.literal(1),
  kind: z.literal('threshold'),
  score: z.enum(ROUTER_SCORES),
  threshold: z.number().nullable(),
  rule: z.string(),
  weak: z.string().min(1),
  strong: z.string().min(1),
  expected: z.object({
    strongShare: z.number().min(0).max(1),
    quality: z.number(),
    costPer1k: z.number().nullable(),
    items: z.number().int().positive(),
  }),
  createdFrom: z.union([
    z.object({ run: z.string(), store: z.string() }),
    z.object({ recorded: z.enum(['routellm', 'alpaca-eval']), file: z.string() }),
  ]),
  asOf: z.string().regex(/^\d{4}-\d\d-\d\d$/),
  heuristic: heuristicSchema.optional(),
  length: z.object({ unit: z.enum(['tokens', 'characters']), tokenizer: z.string().optional() }).optional(),
  random: z.object({ seed: z.number().int().min(0) }).optional(),
  file: z.object({ path: z.string() }).optional(),
  confidence: z.object({ labels: z.array(z.string()) }).optional(),
  knn: z.object({
    k: z.number().int().positive(),
    embedder: z.string(),
    examples: z.array(z.object({ prompt: z.string(), strongWin: z.union([z.literal(0), z.literal(1)]) })),
  }).optional(),
});

export type RouterConfig = z.infer<typeof configSchema>;

export interface RouterConfigInput {
  score: RouterScoreKind;
  /** +∞ for the all-weak router. */
  threshold: number;
  weak: string;
  strong: string;
  expected: { strongShare: number; quality: number; costPer1k: number | null; items: number };
  createdFrom: RouterConfig['createdFrom'];
  asOf: string;
  heuristic?: HeuristicClassifier;
  length?: { unit: 'tokens' | 'characters'; tokenizer?: string };
  random?: { seed: number };
  file?: { path: string };
  confidence?: { labels: string[] };
  knn?: { k: number; embedder: string; examples: { prompt: string; strongWin: number }[] };
}

/** The export object (checked against the schema, so a file costlab writes always loads). */
export function buildRouterConfig(input: RouterConfigInput): RouterConfig {
  if (input.score === 'oracle') {
    throw new CostlabError('bad-routing-input', 'the oracle router cannot be exported: its score is the answers\' correctness, which no application has before the call', {
      hint: 'export a router whose score can be computed from the prompt: --score heuristic, length, file:PATH or random',
    });
  }
  if (Number.isNaN(input.threshold) || input.threshold === Number.NEGATIVE_INFINITY) {
    throw new CostlabError('bad-routing-input', `threshold ${input.threshold} cannot be exported`, { location: { field: 'threshold' } });
  }
  const { heuristic, length, random, file, confidence, knn, threshold, ...rest } = input;
  const config = {
    version: 1 as const,
    kind: 'threshold' as const,
    ...rest,
    threshold: threshold === Number.POSITIVE_INFINITY ? null : threshold,
    rule: ROUTER_RULE,
    ...(input.score === 'heuristic' ? { heuristic } : {}),
    ...(input.score === 'length' ? { length } : {}),
    ...(input.score === 'random' ? { random } : {}),
    ...(input.score === 'file' ? { file } : {}),
    ...(input.score === 'confidence' ? { confidence } : {}),
    ...(input.score === 'knn' ? { knn } : {}),
  };
  return configSchema.parse(config);
}

export function serializeRouterConfig(config: RouterConfig): string {
  return `${JSON.stringify(config, null, 2)}\n`;
}

/** Loads a router file; errors name the file and the field. */
export function parseRouterConfig(text: string, path: string): RouterConfig {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    throw new CostlabError('bad-router-config', `is not valid JSON (${error instanceof Error ? error.message : String(error)})`, { location: { file: path } });
  }
  const parsed = configSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CostlabError('bad-router-config', issue?.message ?? 'is not a router config', {
      location: { file: path, ...(issue && issue.path.length > 0 ? { field: issue.path.join('.') } : {}) },
      hint: 'write it with costlab route --export PATH',
    });
  }
  if (parsed.data.score === 'heuristic' && parsed.data.heuristic === undefined) {
    throw new CostlabError('bad-router-config', 'a heuristic router needs its classifier', { location: { file: path, field: 'heuristic' } });
  }
  return parsed.data;
}

export interface RouteInputs extends HeuristicOptions {
  /** The prompt's score when the application computes it itself (file, confidence, knn, or any kind). */
  score?: number;
  /** Token counter for a `length` router in tokens (the config names the tokenizer). */
  count?: (text: string) => number;
  /** A uniform number in [0, 1) for a `random` router. */
  random?: () => number;
}

export interface RouteDecision {
  model: string;
  side: 'weak' | 'strong';
  score: number;
}

/** Applies a router config to one prompt: strong when score ≥ threshold (never when the threshold is null). */
export function routeWithConfig(config: RouterConfig, prompt: string, inputs: RouteInputs = {}): RouteDecision {
  const score = scoreFor(config, prompt, inputs);
  const strong = config.threshold !== null && score >= config.threshold;
  return { model: strong ? config.strong : config.weak, side: strong ? 'strong' : 'weak', score };
}

function scoreFor(config: RouterConfig, prompt: string, inputs: RouteInputs): number {
  if (inputs.score !== undefined) return inputs.score;
  switch (config.score) {
    case 'heuristic': {
      const { contextTokens, turns } = inputs;
      const options = { ...(contextTokens === undefined ? {} : { contextTokens }), ...(turns === undefined ? {} : { turns }) };
      return classifyComplexity(prompt, options, config.heuristic as HeuristicClassifier).score;
    }
    case 'length':
      if (config.length?.unit === 'tokens') {
        if (!inputs.count) throw new CostlabError('bad-routing-input', `this router counts tokens (${config.length.tokenizer ?? 'tokenizer'}): pass a count function`);
        return inputs.count(prompt);
      }
      return Array.from(prompt).length;
    case 'random':
      if (!inputs.random) throw new CostlabError('bad-routing-input', 'a random router needs a random() in [0, 1)');
      return inputs.random();
    default:
      throw new CostlabError('bad-routing-input', `a ${config.score} router's score comes from the application: pass it as score`);
  }
}
