/** Runs fn and returns the CostlabError it throws (fails the test if it throws nothing or something else). */
import { CostlabError } from '../../src/core/errors.ts';

export function catchError(fn: () => unknown): CostlabError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CostlabError) return error;
    throw error;
  }
  throw new Error('expected a CostlabError');
}
