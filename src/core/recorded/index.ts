/** Recorded results: public datasets (AlpacaEval 2.0, RouteLLM) loaded as runs, summaries, and the replay provider. */
export { ALPACA_EVAL_ANNOTATIONS, ALPACA_EVAL_SOURCE, importAlpacaEval, readAlpacaEvalFolder } from './alpaca-eval.ts';
export type { AlpacaEvalFiles } from './alpaca-eval.ts';
export { ROUTELLM_SOURCE, importRouteLlm, readRouteLlmPath } from './routellm.ts';
export { USAGE_NOTE, buildRecordedRun, defaultRunId, freeRunId, withRunId, writeRecordedRun } from './build.ts';
export type {
  RecordedCandidate, RecordedImport, RecordedImportOptions, RecordedItem, RecordedModelItems, RecordedRunSpec,
} from './build.ts';
export { loadRecordedCounter, resolveRecordedModel } from './models.ts';
export type { RecordedModel } from './models.ts';
export { badRecorded, parseJsonl } from './jsonl.ts';
export type { JsonlRow, RecordedFile } from './jsonl.ts';
export { summarizeRun } from './summary.ts';
export type { CandidateSummary } from './summary.ts';
export { RecordedNotFoundError, ReplayProvider } from './replay-provider.ts';
export type { ReplaySource } from './replay-provider.ts';
