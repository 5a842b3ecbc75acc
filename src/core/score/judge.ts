/**
 * LLM-as-judge through any Provider, in two modes, each verdict carrying the judge's own usage and exact cost:
 *
 * - Rubric: the judge reads the request, the answer (and the reference answer when the case has one) and a
 *   rubric, and gives an integer grade 1–10; quality = (grade − 1) / 9, so 1 → 0 and 10 → 1.
 * - Pairwise: the judge compares the answer with a baseline answer to the same request and names the better
 *   one, A, B or a tie. Judges favour a position (Zheng et al., "Judging LLM-as-a-Judge with MT-Bench and
 *   Chatbot Arena", arXiv:2306.05685, §3.3), so each pair is judged twice with the answers swapped and the
 *   score is the mean of the two outcomes from the answer's side: win 1, tie 0.5, loss 0 — AlpacaEval's
 *   preference convention, so the mean over a candidate's trials is its win rate against the baseline.
 *
 * The verdict must be JSON (the first {...} object in the reply; a fenced code block is fine), checked with zod.
 * A provider failure or an unreadable verdict is a verdict with `score: null` and the error, never a throw:
 * one bad judge call does not stop the scoring of the rest. Its spend still counts.
 */
import { z } from 'zod';
import type { ModelEntry } from '../catalog/model.ts';
import { addUsage, EMPTY_USAGE, priceUsage } from '../economics/usage.ts';
import type { Usage } from '../economics/usage.ts';
import { moneyToUsdString } from '../money/money.ts';
import type { Provider, ProviderError } from '../providers/provider.ts';
import { ProviderCallError } from '../providers/provider.ts';
import { asProviderError } from '../runner/retry.ts';

export const DEFAULT_RUBRIC =
  'Grade the answer for correctness first, then completeness, then whether it follows every instruction in the request, then concision. ' +
  'A wrong answer scores at most 3 however well written; a correct, complete, instruction-following answer scores at least 8.';

export interface JudgeModel {
  /** The judge's target as the user named it (`openai:gpt-4o`), recorded with each verdict. */
  target: string;
  /** The model name sent to the provider. */
  requestModel: string;
  /** Catalog entry for pricing; undefined leaves the cost unknown (null), never $0. */
  entry: ModelEntry | undefined;
  provider: Provider;
}

export interface JudgeItem {
  /** The request as the candidate saw it (system prompt and messages flattened to text). */
  request: string;
  answer: string;
  reference?: string;
}

export interface JudgeVerdict {
  score: number | null;
  reason: string;
  /** Summed over the judge's calls for this verdict (two for pairwise); null when no call reported usage. */
  usage: Usage | null;
  /** Exact decimal USD; null when the judge's price is unknown. */
  costUsd: string | null;
  error: ProviderError | null;
}

export interface JudgeOptions {
  signal?: AbortSignal;
  /** Wraps each provider call (retries, rate limits); the default calls once. */
  call?: <T>(fn: () => Promise<T>) => Promise<T>;
  maxOutputTokens?: number;
}

const RUBRIC_SYSTEM =
  'You are a strict, impartial evaluator. Grade the answer to the request against the rubric. ' +
  'Reply with JSON only, no other text: {"score": <integer 1-10>, "reason": "<one sentence>"}';

const PAIRWISE_SYSTEM =
  'You are a strict, impartial evaluator. Two answers, A and B, respond to the same request. Decide which is better ' +
  'for the person who asked; ignore length and order. Reply with JSON only, no other text: ' +
  '{"winner": "A" | "B" | "tie", "reason": "<one sentence>"}';

const rubricVerdictSchema = z.object({ score: z.number().int().min(1).max(10), reason: z.string().default('') });
const pairwiseVerdictSchema = z.object({ winner: z.enum(['A', 'B', 'tie']), reason: z.string().default('') });

export function rubricPrompt(item: JudgeItem, rubric: string): string {
  const reference = item.reference === undefined ? '' : `\n\n## Reference answer\n${item.reference}`;
  return `## Rubric\n${rubric}\n\n## Request\n${item.request}${reference}\n\n## Answer to grade\n${item.answer}`;
}

export function pairwisePrompt(request: string, a: string, b: string): string {
  return `## Request\n${request}\n\n## Answer A\n${a}\n\n## Answer B\n${b}`;
}

/** The first balanced {...} object in a reply, or null. */
export function extractJsonObject(text: string): unknown {
  for (let start = text.indexOf('{'); start !== -1; start = text.indexOf('{', start + 1)) {
    let depth = 0;
    let inString = false;
    for (let i = start; i < text.length; i++) {
      const ch = text[i];
      if (inString) {
        if (ch === '\\') i += 1;
        else if (ch === '"') inString = false;
      } else if (ch === '"') inString = true;
      else if (ch === '{') depth += 1;
      else if (ch === '}' && --depth === 0) {
        try {
          return JSON.parse(text.slice(start, i + 1)) as unknown;
        } catch {
          break;
        }
      }
    }
  }
  return null;
}

interface CallOutcome {
  output: string | null;
  usage: Usage | null;
  error: ProviderError | null;
}

async function ask(judge: JudgeModel, system: string, prompt: string, options: JudgeOptions): Promise<CallOutcome> {
  const call = options.call ?? (<T>(fn: () => Promise<T>) => fn());
  try {
    const result = await call(() =>
      judge.provider.complete({
        model: judge.requestModel,
        system,
        messages: [{ role: 'user', content: prompt }],
        maxOutputTokens: options.maxOutputTokens ?? 200,
        temperature: 0,
        ...(options.signal ? { signal: options.signal } : {}),
      }),
    );
    return { output: result.output, usage: result.usage, error: null };
  } catch (thrown) {
    const billed = thrown instanceof ProviderCallError ? (thrown.billedUsage ?? null) : null;
    return { output: null, usage: billed, error: asProviderError(thrown) };
  }
}

function spend(judge: JudgeModel, outcomes: readonly CallOutcome[]): Pick<JudgeVerdict, 'usage' | 'costUsd'> {
  const used = outcomes.map((o) => o.usage).filter((u): u is Usage => u !== null);
  if (used.length === 0) return { usage: null, costUsd: judge.entry ? '0' : null };
  const usage = used.reduce((sum, u) => addUsage(sum, u), EMPTY_USAGE);
  const total = judge.entry ? priceUsage(judge.entry, usage).total : null;
  return { usage, costUsd: total?.known ? moneyToUsdString(total.pico) : null };
}

function unreadable(output: string, expected: string): ProviderError {
  const shown = output.length > 120 ? `${output.slice(0, 117)}...` : output;
  return { code: 'malformed-response', message: `the judge's reply is not ${expected}: ${JSON.stringify(shown)}`, retryable: false };
}

/** Grades one answer against a rubric (see the module comment). */
export async function judgeRubric(judge: JudgeModel, item: JudgeItem, rubric: string = DEFAULT_RUBRIC, options: JudgeOptions = {}): Promise<JudgeVerdict> {
  const outcome = await ask(judge, RUBRIC_SYSTEM, rubricPrompt(item, rubric), options);
  const cost = spend(judge, [outcome]);
  if (outcome.output === null) return { score: null, reason: '', ...cost, error: outcome.error };
  const parsed = rubricVerdictSchema.safeParse(extractJsonObject(outcome.output));
  if (!parsed.success) return { score: null, reason: '', ...cost, error: unreadable(outcome.output, '{"score": 1-10, "reason": …}') };
  return { score: (parsed.data.score - 1) / 9, reason: parsed.data.reason, ...cost, error: null };
}

/**
 * Compares an answer with a baseline answer, twice with the positions swapped; score = the mean outcome from the
 * answer's side (win 1, tie 0.5, loss 0). When one of the two calls fails, the verdict is that of the other.
 */
export async function judgePairwise(judge: JudgeModel, request: string, answer: string, baseline: string, options: JudgeOptions = {}): Promise<JudgeVerdict> {
  const first = await ask(judge, PAIRWISE_SYSTEM, pairwisePrompt(request, answer, baseline), options);
  const second = await ask(judge, PAIRWISE_SYSTEM, pairwisePrompt(request, baseline, answer), options);
  const cost = spend(judge, [first, second]);
  const outcomes: number[] = [];
  const reasons: string[] = [];
  let error: ProviderError | null = null;
  for (const [outcome, answerIs] of [[first, 'A'], [second, 'B']] as const) {
    if (outcome.output === null) {
      error = outcome.error;
      continue;
    }
    const parsed = pairwiseVerdictSchema.safeParse(extractJsonObject(outcome.output));
    if (!parsed.success) {
      error = unreadable(outcome.output, '{"winner": "A" | "B" | "tie", …}');
      continue;
    }
    const { winner, reason } = parsed.data;
    outcomes.push(winner === 'tie' ? 0.5 : winner === answerIs ? 1 : 0);
    if (reason) reasons.push(reason);
  }
  if (outcomes.length === 0) return { score: null, reason: '', ...cost, error };
  const score = outcomes.reduce((a, b) => a + b, 0) / outcomes.length;
  return { score, reason: reasons.join(' / '), ...cost, error: outcomes.length === 2 ? null : error };
}
