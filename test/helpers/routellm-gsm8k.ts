/**
 * RouteLLM's released GSM8K answers (Mixtral-8x7B vs GPT-4-1106, ../shared/data/routellm/gsm8k.jsonl; see
 * ../shared/data/SOURCES.md), for the tests that check routing and cascades on them. Absent → the suites skip.
 */
import { SKIP_NO_SHARED, hasShared, readSharedJsonl } from './shared-data.ts';

export const GSM8K_FILE = 'data/routellm/gsm8k.jsonl';
export const gsm8kPresent = hasShared(GSM8K_FILE);
/** For a suite's title: the file, or why the suite is skipped. */
export const GSM8K_LABEL = gsm8kPresent ? GSM8K_FILE : SKIP_NO_SHARED;

export interface Gsm8kRow {
  id: number;
  weak_correct: boolean;
  strong_correct: boolean;
  weak_response: string;
  strong_response: string;
}

/** The file's rows in order; [] when it is absent (the suite is skipped then). */
export function gsm8kRows(): Gsm8kRow[] {
  return gsm8kPresent ? readSharedJsonl<Gsm8kRow>(GSM8K_FILE) : [];
}
