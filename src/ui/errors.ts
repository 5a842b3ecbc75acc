/** Any thrown value as a status-bar error: a CostlabError keeps its hint (what to do). */
import { isCostlabError } from '../core/index.ts';
import type { AppError } from './app-data.ts';

export function toAppError(error: unknown, fallbackHint?: string): AppError {
  if (isCostlabError(error)) return { message: error.message, ...(error.hint ? { hint: error.hint } : fallbackHint ? { hint: fallbackHint } : {}) };
  const message = error instanceof Error ? error.message : String(error);
  return { message, ...(fallbackHint ? { hint: fallbackHint } : {}) };
}
