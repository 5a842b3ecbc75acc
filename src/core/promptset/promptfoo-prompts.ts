/**
 * promptfoo prompts → costlab prompt bodies: raw strings, `file://` paths (text, `---`-separated text,
 * JSON or YAML chat messages), `{ raw | id, label }` objects and the `{ path: label }` map form.
 * Nunjucks beyond `{{var}}` is listed; a filter on a plain variable is dropped (`{{ x | upper }}` → `{{x}}`).
 */
import { parse as parseYaml } from 'yaml';
import { CostlabError } from '../errors.ts';
import type { PathSegment } from '../yaml-source.ts';
import { baseName } from './paths.ts';
import type { ImportContext } from './promptfoo-context.ts';
import { isCodeRef, isRecord } from './promptfoo-context.ts';
import type { MessageRole } from './types.ts';

export interface ImportedPrompt {
  label?: string;
  prompt?: string;
  messages?: { role: MessageRole; content: string }[];
}

const MESSAGE_ROLES = new Set(['system', 'user', 'assistant']);

function asMessages(value: unknown): { role: MessageRole; content: string }[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const ok = value.every((m) => isRecord(m) && typeof m['role'] === 'string' && MESSAGE_ROLES.has(m['role']) && typeof m['content'] === 'string');
  return ok ? value.map((m: { role: MessageRole; content: string }) => ({ role: m.role, content: m.content })) : undefined;
}

function parseJsonMessages(text: string): { role: MessageRole; content: string }[] | undefined {
  if (!text.trim().startsWith('[')) return undefined;
  try {
    return asMessages(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/** Rewrites what costlab's templating cannot do, listing each change or leftover. */
export function cleanTemplate(text: string, path: readonly PathSegment[], ctx: ImportContext): string {
  const out = text.replace(/\{\{\s*([A-Za-z_][\w.-]*)\s*(\|[^}]*)\}\}/g, (whole, name: string) => {
    ctx.drop(path, `nunjucks filter dropped: ${whole} → {{${name}}}`);
    return `{{${name}}}`;
  });
  for (const m of out.matchAll(/\{%.*?%\}|\{#.*?#\}|\{\{(?!\s*[A-Za-z_][\w.-]*\s*\}\}).*?\}\}/gs)) {
    ctx.drop(path, `nunjucks ${m[0].startsWith('{%') ? 'tag' : m[0].startsWith('{#') ? 'comment' : 'expression'} kept as plain text: ${m[0].length > 40 ? `${m[0].slice(0, 37)}…` : m[0]}`);
  }
  return out;
}

function fromText(text: string, label: string | undefined, path: readonly PathSegment[], ctx: ImportContext): ImportedPrompt {
  const messages = parseJsonMessages(text);
  const prompt: ImportedPrompt = messages
    ? { messages: messages.map((m, i) => ({ role: m.role, content: cleanTemplate(m.content, [...path, i], ctx) })) }
    : { prompt: cleanTemplate(text, path, ctx) };
  if (label !== undefined) prompt.label = label;
  return prompt;
}

async function fromFile(ref: string, label: string | undefined, path: readonly PathSegment[], ctx: ImportContext): Promise<ImportedPrompt[]> {
  if (isCodeRef(ref)) {
    ctx.drop(path, `prompt function ${ref} (costlab runs no code)`);
    return [];
  }
  if (/[*?[\]{}]/.test(ref)) {
    ctx.drop(path, `glob ${ref} (list the files one by one)`);
    return [];
  }
  const text = await ctx.readRef(ref, path);
  const name = label ?? baseName(ref.replace(/^file:\/\//, '')).replace(/\.[^.]+$/, '');
  if (/\.ya?ml$/i.test(ref) || /\.jsonl?$/i.test(ref)) {
    const messages = asMessages(/\.ya?ml$/i.test(ref) ? parseYaml(text) : JSON.parse(text));
    if (!messages) {
      throw new CostlabError('bad-promptfoo', `${ref} is not a list of { role, content } chat messages`, {
        hint: 'costlab reads JSON/YAML prompt files as chat messages', location: ctx.source.where(path),
      });
    }
    return [{ label: name, messages: messages.map((m, i) => ({ role: m.role, content: cleanTemplate(m.content, [...path, i], ctx) })) }];
  }
  const parts = text.split(/^---$/m).map((p) => p.trim()).filter((p) => p !== '');
  return parts.map((part, i) => fromText(part, parts.length > 1 ? `${name}-${i + 1}` : name, path, ctx));
}

async function fromEntry(entry: unknown, path: readonly PathSegment[], ctx: ImportContext): Promise<ImportedPrompt[]> {
  if (typeof entry === 'string') return entry.startsWith('file://') ? fromFile(entry, undefined, path, ctx) : [fromText(entry, undefined, path, ctx)];
  if (isRecord(entry)) {
    const label = typeof entry['label'] === 'string' ? entry['label'] : undefined;
    for (const key of Object.keys(entry)) if (!['raw', 'id', 'label'].includes(key)) ctx.drop([...path, key], 'prompt option');
    if (typeof entry['raw'] === 'string') return [fromText(entry['raw'], label ?? (typeof entry['id'] === 'string' ? entry['id'] : undefined), path, ctx)];
    if (typeof entry['id'] === 'string' && entry['id'].startsWith('file://')) return fromFile(entry['id'], label, path, ctx);
  }
  throw new CostlabError('bad-promptfoo', 'expected a prompt: a text, a file:// path, or { raw, label }', { location: ctx.source.where(path), hint: 'fix the entry' });
}

/** Every prompt of the config, in order. */
export async function importPrompts(value: unknown, ctx: ImportContext): Promise<ImportedPrompt[]> {
  const out: ImportedPrompt[] = [];
  if (typeof value === 'string') out.push(...(await fromEntry(value, ['prompts'], ctx)));
  else if (Array.isArray(value)) for (const [i, entry] of value.entries()) out.push(...(await fromEntry(entry, ['prompts', i], ctx)));
  else if (isRecord(value)) {
    for (const [ref, label] of Object.entries(value)) out.push(...(await fromFile(ref, typeof label === 'string' ? label : undefined, ['prompts', ref], ctx)));
  }
  if (out.length === 0) {
    throw new CostlabError('bad-promptfoo', 'no prompt could be imported', {
      location: ctx.source.where(['prompts']), hint: 'give prompts: as texts, text files (file://…) or { raw, label } objects',
    });
  }
  return out;
}
