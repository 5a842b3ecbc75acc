/**
 * Throughput measured from a local run (Ollama, vLLM or an in-process GGUF model through the runner):
 * Σ tokens ÷ Σ latency over the run's succeeded, uncached trials that report usage and latency, where a
 * trial's tokens are all it processed — prompt (input, cache reads and writes) plus output and reasoning.
 *
 * This is what one stream saw, call after call. A batching server (vLLM, Ollama with parallel slots)
 * serves several streams at once, so the deployment's aggregate throughput is usually higher: the
 * measured figure is a conservative floor. Pass a typed throughput for the aggregate.
 */
import { CostlabError } from '../errors.ts';
import type { TrialResult } from '../runner/trial.ts';
import { div, frac } from './fraction.ts';
import type { Fraction } from './fraction.ts';
import { promptTokens } from './usage.ts';

export interface MeasuredThroughput {
  tokensPerSecond: Fraction;
  trials: number;
  tokens: number;
  /** Σ latency in milliseconds. */
  latencyMs: number;
}

type Timed = Pick<TrialResult, 'status' | 'cached' | 'usage' | 'latencyMs'>;

export function measuredThroughput(results: readonly Timed[], what = 'the run'): MeasuredThroughput {
  let tokens = 0;
  let latencyMs = 0;
  let trials = 0;
  for (const result of results) {
    if (result.status !== 'succeeded' || result.cached || result.usage === null || result.latencyMs === null || result.latencyMs <= 0) continue;
    tokens += promptTokens(result.usage) + result.usage.output + result.usage.reasoning;
    latencyMs += Math.round(result.latencyMs);
    trials++;
  }
  if (trials === 0 || tokens === 0) {
    throw new CostlabError('no-throughput', `${what} has no succeeded, uncached trial with usage and latency to measure throughput from`, {
      hint: 'run a prompt set against the local model first (costlab run SET --models ollama:… --no-cache), or pass --throughput N',
    });
  }
  return { tokensPerSecond: div(frac(BigInt(tokens) * 1000n), frac(BigInt(latencyMs))), trials, tokens, latencyMs };
}
