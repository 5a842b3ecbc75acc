/**
 * The `replay` provider: answers from a stored run's results instead of calling a model, so a run can be
 * re-scored (new assertions, a judge, routing thresholds) without paying again.
 *
 * - `answer(candidateId, caseId, repeat = 1)` gives the recorded answer of that trial.
 * - `complete(request)` finds the candidate by `request.model` — its id, its target (`recorded:<name>`), the target
 *   without its prefix (what the runner sends: `<name>`), or its catalog model — and the trial by the request's
 *   system prompt and messages, exactly as recorded (lowest repeat first).
 *
 * The answer carries the usage, usage source, latency and time to first token as recorded (usage zero and
 * `estimated`, latency 0, when the result has none). A recorded failure is thrown again as the same
 * ProviderCallError. Anything the run does not hold throws RecordedNotFoundError: a ProviderCallError with code
 * `not-found` (not retryable), so a runner records it as a failed result like any other.
 */
import { EMPTY_USAGE } from '../economics/usage.ts';
import type { ChatMessage, CompletionRequest, CompletionResult, Provider } from '../providers/provider.ts';
import { ProviderCallError } from '../providers/provider.ts';
import { defaultRequestModel } from '../runner/target.ts';
import type { Trial, TrialResult } from '../runner/trial.ts';
import type { ResultStore, RunRecord } from '../store/result-store.ts';

/** What the run does not hold: which run, candidate and case were asked for. */
export class RecordedNotFoundError extends ProviderCallError {
  override readonly name = 'RecordedNotFoundError';

  constructor(
    readonly runId: string,
    readonly candidateId: string | null,
    readonly caseId: string | null,
    message: string,
  ) {
    super({ code: 'not-found', message: `replay of run ${runId}: ${message}`, retryable: false });
  }
}

export interface ReplaySource {
  run: Pick<RunRecord, 'id' | 'candidates' | 'trials'>;
  results: readonly TrialResult[];
}

export class ReplayProvider implements Provider {
  readonly kind = 'replay';
  private readonly runId: string;
  /** `candidateId|caseId|repeat` → result. */
  private readonly byTrial = new Map<string, TrialResult>();
  /** A name request.model may use → candidate ids, in run order. */
  private readonly byName = new Map<string, string[]>();
  /** `candidateId` + prompt key → trials with that prompt, lowest repeat first. */
  private readonly byPrompt = new Map<string, Trial[]>();

  constructor(source: ReplaySource) {
    this.runId = source.run.id;
    const trials = new Map(source.run.trials.map((trial) => [trial.id, trial]));
    for (const result of source.results) {
      const trial = trials.get(result.trialId);
      if (trial) this.byTrial.set(trialKey(trial.candidateId, trial.caseId, trial.repeat), result);
    }
    for (const candidate of source.run.candidates) {
      for (const name of new Set([candidate.id, candidate.target, defaultRequestModel(candidate), candidate.model])) {
        this.byName.set(name, [...(this.byName.get(name) ?? []), candidate.id]);
      }
    }
    for (const trial of [...source.run.trials].sort((a, b) => a.repeat - b.repeat)) {
      const key = `${trial.candidateId}\u0000${promptKey(trial.system, trial.messages)}`;
      this.byPrompt.set(key, [...(this.byPrompt.get(key) ?? []), trial]);
    }
  }

  /** A provider over a run in a store (its plan and every result). */
  static async fromStore(store: ResultStore, runId: string): Promise<ReplayProvider> {
    const run = await store.getRun(runId);
    if (run === undefined) throw new RecordedNotFoundError(runId, null, null, 'the store has no such run');
    return new ReplayProvider({ run, results: await store.results(runId) });
  }

  /** The recorded answer of one trial; throws RecordedNotFoundError, or the recorded ProviderCallError. */
  answer(candidateId: string, caseId: string, repeat = 1): CompletionResult {
    const result = this.byTrial.get(trialKey(candidateId, caseId, repeat));
    if (result === undefined) {
      throw new RecordedNotFoundError(this.runId, candidateId, caseId, `no recorded result for candidate ${candidateId}, case ${caseId}, repeat ${repeat}`);
    }
    return toCompletion(result);
  }

  async complete(request: CompletionRequest): Promise<CompletionResult> {
    if (request.signal?.aborted) throw new ProviderCallError({ code: 'aborted', message: 'replay: the call was aborted', retryable: false });
    const candidates = this.byName.get(request.model);
    if (candidates === undefined) {
      throw new RecordedNotFoundError(this.runId, null, null, `no candidate is named ${request.model}`);
    }
    const prompt = promptKey(request.system, request.messages);
    for (const candidateId of candidates) {
      const trial = this.byPrompt.get(`${candidateId}\u0000${prompt}`)?.find((t) => this.byTrial.has(trialKey(t.candidateId, t.caseId, t.repeat)));
      if (trial) return this.answer(trial.candidateId, trial.caseId, trial.repeat);
    }
    throw new RecordedNotFoundError(this.runId, candidates[0] ?? null, null, `${request.model} has no recorded answer to this prompt`);
  }
}

function trialKey(candidateId: string, caseId: string, repeat: number): string {
  return `${candidateId}\u0000${caseId}\u0000${repeat}`;
}

function promptKey(system: string | undefined, messages: readonly ChatMessage[]): string {
  return JSON.stringify([system ?? null, messages.map((m) => [m.role, m.content])]);
}

function toCompletion(result: TrialResult): CompletionResult {
  if (result.status === 'failed' || result.output === null) {
    const error = result.error ?? { code: 'unknown' as const, message: 'the recorded call failed', retryable: false };
    throw new ProviderCallError(error, result.usage ?? undefined);
  }
  return {
    output: result.output,
    usage: { ...(result.usage ?? EMPTY_USAGE) },
    usageSource: result.usage === null ? 'estimated' : (result.usageSource ?? 'estimated'),
    latencyMs: result.latencyMs ?? 0,
    ttftMs: result.ttftMs,
    finishReason: null,
  };
}
