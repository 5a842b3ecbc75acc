/**
 * `costlab rate RUN_ID TRIAL_ID RATING [--note TEXT]`: a person's rating of one trial's answer — 1 to 5 stars,
 * or `+` / `-` — appended to the run's annotations log (the TUI's rating keys write the same record). The latest
 * rating of a trial is its quality in `score` and `frontier`, ahead of judges and labels.
 */
import { CostlabError, appendAnnotation, ratingFromRaw } from '../../core/index.ts';
import type { HumanRating } from '../../core/index.ts';
import { nodeStoreFiles } from '../../platform/store-files.ts';
import { readRun, resumeCommand, storeDir } from '../run-store.ts';

export function parseRawRating(value: string): HumanRating['raw'] {
  const text = value.trim();
  if (text === '+' || text === '-') return text;
  if (/^[1-5]$/.test(text)) return Number(text);
  throw new CostlabError('bad-rating', `the rating "${value}" is not 1–5, + or -`, {
    location: { field: 'RATING' },
    hint: 'rate an answer 1 (bad) to 5 (excellent), or + / -',
  });
}

export async function runRate(runId: string, trialId: string, value: string, options: { store?: string; note?: string; json?: boolean }): Promise<void> {
  const raw = parseRawRating(value);
  const dir = storeDir(options.store);
  const { run, results } = await readRun(dir, runId);
  if (!run.trials.some((t) => t.id === trialId)) {
    throw new CostlabError('unknown-trial', `run ${runId} has no trial ${trialId}`, { hint: `list its trials with: costlab show ${runId}` });
  }
  if (!results.some((r) => r.trialId === trialId)) {
    throw new CostlabError('unknown-trial', `trial ${trialId} of run ${runId} has no answer yet to rate`, { hint: `finish the run first: ${resumeCommand(runId, options.store)}` });
  }
  const rating: HumanRating = { kind: 'rating', trialId, rating: ratingFromRaw(raw), raw, ratedAt: new Date().toISOString(), ...(options.note ? { note: options.note } : {}) };
  await appendAnnotation(nodeStoreFiles(), dir, runId, rating);
  if (options.json) process.stdout.write(`${JSON.stringify(rating)}\n`);
  else process.stdout.write(`rated ${trialId}: ${raw} (quality ${rating.rating})\n`);
}
