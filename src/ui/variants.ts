/** The variant names of a set (base first), or just `base` when there is no set. */
import { variantNames } from '../core/index.ts';
import type { PromptSet } from '../core/index.ts';

export function variantNamesOf(set: PromptSet | undefined): string[] {
  return set ? variantNames(set) : ['base'];
}
