/**
 * promptfoo providers, tests and assertions → costlab models, cases and assertions. What has no costlab
 * equivalent (code assertions, provider configs, options, transforms) is listed, never silently lost.
 */
import type { PathSegment } from '../yaml-source.ts';
import { AssertionSchema, isAssertionType } from './assertions.ts';
import type { Assertion } from './assertions.ts';
import type { ImportContext } from './promptfoo-context.ts';
import { isCodeRef, isRecord } from './promptfoo-context.ts';
import type { VarValue } from './types.ts';

/** promptfoo provider prefixes whose model names costlab shares, and the API-kind segment to strip. */
const PROVIDERS: Record<string, { to: string; kinds: string[] }> = {
  openai: { to: 'openai', kinds: ['chat', 'completion', 'responses'] },
  anthropic: { to: 'anthropic', kinds: ['messages', 'completion'] },
  google: { to: 'google', kinds: [] },
  vertex: { to: 'google', kinds: [] },
  ollama: { to: 'ollama', kinds: ['chat', 'completion'] },
  mistral: { to: 'mistral', kinds: ['chat'] },
};

/** `openai:chat:gpt-4o-mini` → `openai:gpt-4o-mini`; an id whose prefix does not map stays as it is. */
export function mapProviderId(id: string): string {
  const [prefix = '', ...rest] = id.split(':');
  const known = PROVIDERS[prefix];
  if (!known || rest.length === 0) return id;
  if (rest.length > 1 && known.kinds.includes(rest[0] ?? '')) rest.shift();
  return `${known.to}:${rest.join(':')}`;
}

function providerId(entry: unknown, path: PathSegment[], ctx: ImportContext): string | undefined {
  let id: unknown = entry;
  if (isRecord(entry)) {
    if (typeof entry['id'] === 'string') {
      id = entry['id'];
      for (const key of Object.keys(entry)) if (key !== 'id') ctx.drop([...path, key], key === 'config' ? `provider config (${Object.keys(isRecord(entry['config']) ? entry['config'] : {}).join(', ') || 'empty'})` : 'provider option');
    } else if (Object.keys(entry).length === 1) {
      const [key, value] = Object.entries(entry)[0] ?? [];
      id = key;
      if (isRecord(value) && Object.keys(value).length > 0) ctx.drop(path, `provider options of ${key} (${Object.keys(value).join(', ')})`);
    }
  }
  if (typeof id !== 'string') {
    ctx.drop(path, 'a provider costlab cannot read');
    return undefined;
  }
  if (isCodeRef(id) || /^(https?|webhook|file):/.test(id)) {
    ctx.drop(path, `custom provider ${id} (costlab calls models, not scripts or endpoints)`);
    return undefined;
  }
  return mapProviderId(id);
}

export function importProviders(value: unknown, ctx: ImportContext): string[] {
  const entries = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const ids = entries.map((entry, i) => providerId(entry, Array.isArray(value) ? ['providers', i] : ['providers'], ctx));
  return [...new Set(ids.filter((id): id is string => id !== undefined))];
}

const ASSERTION_KEYS = new Set(['type', 'value', 'threshold', 'weight', 'metric', 'min', 'max']);

export function importAssertions(value: unknown, path: PathSegment[], ctx: ImportContext): Assertion[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    ctx.drop(path, 'assert is not a list');
    return [];
  }
  const out: Assertion[] = [];
  for (const [i, raw] of value.entries()) {
    const at = [...path, i];
    const type = isRecord(raw) ? raw['type'] : undefined;
    if (!isRecord(raw) || typeof type !== 'string') {
      ctx.drop(at, 'an assertion without a type');
      continue;
    }
    if (!isAssertionType(type)) {
      const code = /^(not-)?(javascript|python|webhook)$/.test(type);
      ctx.drop(at, `${type} assertion${code ? ' (costlab runs no code)' : ' (no costlab equivalent)'}`);
      continue;
    }
    if (typeof raw['value'] === 'string' && raw['value'].startsWith('file://')) {
      ctx.drop(at, `${type} assertion with its value in ${raw['value']}`);
      continue;
    }
    const fields = Object.fromEntries(Object.entries(raw).filter(([key]) => ASSERTION_KEYS.has(key)));
    for (const key of Object.keys(raw)) if (!ASSERTION_KEYS.has(key)) ctx.drop([...at, key], `assertion ${key}`);
    const parsed = AssertionSchema.safeParse(fields);
    if (parsed.success) out.push(parsed.data);
    else ctx.drop(at, `${type} assertion: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  return out;
}

/** promptfoo vars → costlab vars: file:// texts read, objects as JSON text; list values expand into cases. */
export async function importVars(value: unknown, path: PathSegment[], ctx: ImportContext): Promise<Record<string, VarValue | VarValue[]>> {
  const out: Record<string, VarValue | VarValue[]> = {};
  if (value === undefined) return out;
  if (!isRecord(value)) {
    ctx.drop(path, typeof value === 'string' ? `vars from ${value}` : 'vars that are not a map');
    return out;
  }
  for (const [name, v] of Object.entries(value)) {
    const at = [...path, name];
    if (typeof v === 'string' && v.startsWith('file://')) {
      if (isCodeRef(v) || /\.(json|ya?ml|csv|pdf|png|jpe?g)$/i.test(v)) ctx.drop(at, `value loaded from ${v}`);
      else out[name] = await ctx.readRef(v, at);
    } else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[name] = v;
    else if (Array.isArray(v) && v.every((x) => ['string', 'number', 'boolean'].includes(typeof x))) out[name] = v as VarValue[];
    else if (v === null || v === undefined) out[name] = '';
    else {
      out[name] = JSON.stringify(v);
      ctx.drop(at, 'a structured value (written as JSON text)');
    }
  }
  return out;
}

/** promptfoo's expansion of list-valued vars: one case per combination. */
export function expandVars(vars: Record<string, VarValue | VarValue[]>): Record<string, VarValue>[] {
  let rows: Record<string, VarValue>[] = [{}];
  for (const [name, value] of Object.entries(vars)) {
    const values = Array.isArray(value) ? (value.length > 0 ? value : ['']) : [value];
    rows = rows.flatMap((row) => values.map((v) => ({ ...row, [name]: v })));
  }
  return rows;
}
