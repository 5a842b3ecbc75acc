/**
 * The text the Prompts editor shows for a case: the rendered system prompt and messages, joined by blank
 * lines (what the model reads, without the chat framing), and the set/case/variant it came from.
 */
import { renderCase } from '../core/index.ts';
import type { PromptCase, PromptSet } from '../core/index.ts';
import type { AppError } from './app-data.ts';
import { toAppError } from './errors.ts';
import type { Selection } from './screen.ts';

export interface SelectedPrompt {
  set: PromptSet | undefined;
  item: PromptCase | undefined;
  variant: string;
  /** The rendered text ('' when it could not be rendered). */
  rendered: string;
  /** The text to show: the user's edit, else the rendered one. */
  text: string;
  /** Why the case could not be rendered. */
  error: AppError | null;
  /** `set/case/variant`: changes when another prompt is chosen. */
  key: string;
}

export function renderedText(set: PromptSet, item: PromptCase, variant: string): string {
  const rendered = renderCase(set, item.id, variant);
  const parts: string[] = [];
  if (rendered.system !== undefined) parts.push(rendered.system);
  for (const message of rendered.messages) parts.push(message.content);
  return parts.join('\n\n');
}

export function selectedPrompt(sets: readonly PromptSet[], selection: Selection): SelectedPrompt {
  const set = sets[selection.setIndex];
  const item = set?.cases[selection.caseIndex];
  const key = `${set?.name ?? ''}/${item?.id ?? ''}/${selection.variant}`;
  if (!set || !item) return { set, item, variant: selection.variant, rendered: '', text: selection.editedText ?? '', error: null, key };
  try {
    const rendered = renderedText(set, item, selection.variant);
    return { set, item, variant: selection.variant, rendered, text: selection.editedText ?? rendered, error: null, key };
  } catch (error) {
    return { set, item, variant: selection.variant, rendered: '', text: selection.editedText ?? '', error: toAppError(error), key };
  }
}
