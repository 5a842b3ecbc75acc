/**
 * Rendering one case of a set for one variant: the variant's system / prompt / messages over the base
 * prompt, the case's vars over the set's vars. The prompt becomes one user message.
 */
import { CostlabError } from '../errors.ts';
import { closestMatch } from '../yaml-source.ts';
import { fillTemplate } from './template.ts';
import { BASE_VARIANT } from './types.ts';
import type { RenderedMessage, PromptBody, PromptCase, PromptSet, RenderedPrompt, TemplateText, VarValue } from './types.ts';

/** The variant names of a set, the base prompt first. */
export function variantNames(set: PromptSet): string[] {
  return [BASE_VARIANT, ...set.variants.map((v) => v.name)];
}

/** The prompt of a variant (`base` or undefined: the set's own), with the base filling what it leaves out. */
export function resolveVariant(set: PromptSet, variant?: string): PromptBody {
  if (variant === undefined || variant === BASE_VARIANT) return set.base;
  const found = set.variants.find((v) => v.name === variant);
  if (!found) {
    const names = variantNames(set);
    const closest = closestMatch(variant, names);
    throw new CostlabError('unknown-variant', `the set '${set.name}' has no variant '${variant}'`, {
      hint: `${closest ? `did you mean '${closest}'? ` : ''}variants: ${names.join(', ')}`, location: { file: set.file },
    });
  }
  const body: PromptBody = {};
  const system = found.system ?? set.base.system;
  if (system) body.system = system;
  if (found.prompt) body.prompt = found.prompt;
  else if (found.messages) body.messages = found.messages;
  else if (set.base.prompt) body.prompt = set.base.prompt;
  else if (set.base.messages) body.messages = set.base.messages;
  return body;
}

export function findCase(set: PromptSet, id: string): PromptCase {
  const found = set.cases.find((c) => c.id === id);
  if (found) return found;
  const ids = set.cases.map((c) => c.id);
  const closest = closestMatch(id, ids);
  throw new CostlabError('unknown-case', `the set '${set.name}' has no case '${id}'`, {
    hint: `${closest ? `did you mean '${closest}'? ` : ''}cases: ${ids.slice(0, 10).join(', ')}${ids.length > 10 ? ', …' : ''}`,
    location: { file: set.file },
  });
}

/** The vars a case renders with: the case's own over the set's defaults. */
export function caseVars(set: PromptSet, item: PromptCase): Record<string, VarValue> {
  return { ...set.vars, ...item.vars };
}

/** Renders a case (by id) for a variant (default: the base prompt). */
export function renderCase(set: PromptSet, caseId: string, variant?: string): RenderedPrompt {
  const item = findCase(set, caseId);
  const body = resolveVariant(set, variant);
  const vars = caseVars(set, item);
  const where = variant === undefined || variant === BASE_VARIANT ? '' : ` of variant '${variant}'`;
  const fill = (part: TemplateText, what: string): string =>
    fillTemplate(part.text, vars, (name) => {
      throw new CostlabError('missing-variable', `case '${item.id}' has no value for {{${name}}}, used in the ${what}${where}${part.file ? ` (${part.file})` : ''}`, {
        hint: `add ${name}: … to the case's vars, or to vars: at the top of the set`,
        location: { ...item.location, field: `${item.location.field ?? 'case'}.vars.${name}` },
      });
    });
  const rendered: RenderedPrompt = { messages: [] };
  if (body.system) rendered.system = fill(body.system, 'system prompt');
  if (body.prompt) rendered.messages.push({ role: 'user', content: fill(body.prompt, 'prompt') });
  for (const [i, m] of (body.messages ?? []).entries()) {
    rendered.messages.push({ role: m.role, content: fill(m.content, `messages[${i}]`) } satisfies RenderedMessage);
  }
  return rendered;
}
