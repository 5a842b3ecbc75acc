/**
 * The raw template texts of a set — system, prompt and messages, per variant — for tools that rewrite
 * templates (the compressor keeps every `{{var}}` intact), and the set-wide check `costlab validate` runs.
 */
import { templateVariables } from './template.ts';
import { renderCase, variantNames } from './render.ts';
import { BASE_VARIANT } from './types.ts';
import type { PromptBody, PromptSet, MessageRole } from './types.ts';

export interface PromptTemplate {
  /** `base` or a variant's name. */
  variant: string;
  /** `system`, `prompt` or `messages[i]`. */
  part: string;
  /** The role the text is sent as. */
  role: MessageRole;
  text: string;
  /** The variables the text uses. */
  variables: string[];
  /** The included file the text came from, when it was `{ file: … }`; else it is written in the set file. */
  file?: string;
}

function templatesOf(variant: string, body: PromptBody): PromptTemplate[] {
  const out: PromptTemplate[] = [];
  const add = (part: string, role: MessageRole, text: string, file: string | undefined) =>
    out.push({ variant, part, role, text, variables: templateVariables(text), ...(file !== undefined ? { file } : {}) });
  if (body.system) add('system', 'system', body.system.text, body.system.file);
  if (body.prompt) add('prompt', 'user', body.prompt.text, body.prompt.file);
  for (const [i, m] of (body.messages ?? []).entries()) add(`messages[${i}]`, m.role, m.content.text, m.content.file);
  return out;
}

/** The texts each variant gives itself (a variant's inherited parts are listed under `base`). */
export function promptTemplates(set: PromptSet): PromptTemplate[] {
  return [templatesOf(BASE_VARIANT, set.base), ...set.variants.map((v) => templatesOf(v.name, v))].flat();
}

export interface PromptSetSummary {
  file: string;
  name: string;
  cases: number;
  /** Named variants, not counting the base prompt. */
  variants: number;
  models: string[];
}

/** Renders every case for every variant (throwing the first missing variable); returns the set's shape. */
export function checkPromptSet(set: PromptSet): PromptSetSummary {
  for (const variant of variantNames(set)) {
    for (const item of set.cases) renderCase(set, item.id, variant);
  }
  return { file: set.file, name: set.name, cases: set.cases.length, variants: set.variants.length, models: set.models };
}
