/**
 * Saving a variant into a set file: the new text with the variant added under `variants:`, through
 * yaml's Document API so the comments and formatting of the rest survive. JSON files stay JSON.
 */
import { Document, isMap, isScalar, parseDocument } from 'yaml';
import { CostlabError } from '../errors.ts';
import { YamlSource } from '../yaml-source.ts';
import { PromptSetDocSchema, VARIANT_NAME } from './schema.ts';
import type { TextDoc } from './schema.ts';
import { promptSetSchemaError } from './schema-error.ts';
import { BASE_VARIANT } from './types.ts';
import type { MessageRole } from './types.ts';

export interface VariantInput {
  system?: TextDoc;
  prompt?: TextDoc;
  messages?: { role: MessageRole; content: TextDoc }[];
}

/** Where `variants:` goes when the set has none: before the first of these keys, else at the end. */
const BEFORE = ['models', 'cases'];

function variantValue(name: string, input: VariantInput, file: string): Record<string, unknown> {
  if (!VARIANT_NAME.test(name) || name === BASE_VARIANT) {
    throw new CostlabError('bad-variant-name', `cannot name a variant '${name}'`, {
      hint: `use letters, digits, _, . or - (and not '${BASE_VARIANT}', the set's own prompt)`, location: { file },
    });
  }
  const value: Record<string, unknown> = {};
  if (input.system !== undefined) value['system'] = input.system;
  if (input.prompt !== undefined) value['prompt'] = input.prompt;
  if (input.messages !== undefined) value['messages'] = input.messages;
  return value;
}

function exists(name: string, file: string): CostlabError {
  return new CostlabError('variant-exists', `the set already has a variant '${name}'`, {
    hint: 'choose another name, or edit that variant in the file', location: { file, field: `variants.${name}` },
  });
}

/** Checks the new text against the schema, so a bad variant is refused before anything is written. */
function validated(text: string, file: string): string {
  const source = YamlSource.parse(text, file);
  const value = source.value() ?? {};
  const result = PromptSetDocSchema.safeParse(value, { reportInput: true });
  if (!result.success) throw promptSetSchemaError(result.error.issues, source, value);
  return text;
}

function addToJson(text: string, file: string, name: string, value: Record<string, unknown>): string {
  const doc = JSON.parse(text) as Record<string, unknown>;
  const variants = (doc['variants'] ?? {}) as Record<string, unknown>;
  if (Object.hasOwn(variants, name)) throw exists(name, file);
  const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
  const out: Record<string, unknown> = {};
  const keys = Object.keys(doc).filter((k) => k !== 'variants');
  const at = keys.findIndex((k) => BEFORE.includes(k));
  keys.splice(at < 0 ? keys.length : at, 0, 'variants');
  for (const key of keys) out[key] = key === 'variants' ? { ...variants, [name]: value } : doc[key];
  return `${JSON.stringify(out, null, indent)}${text.endsWith('\n') ? '\n' : ''}`;
}

/** YAML text for `value` as block lines, each indented by `indent` spaces. */
function block(value: Record<string, unknown>, indent: number): string {
  const text = new Document(value, { aliasDuplicateObjects: false }).toString({ lineWidth: 0 });
  return text.replace(/^(?=.)/gm, ' '.repeat(indent));
}

/** The offset just past the line that holds `offset`. */
function lineEnd(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline + 1;
}

/** Before `offset`'s line, skipping back over the comments and blank lines that lead into it. */
function leadIn(text: string, offset: number): number {
  let at = text.lastIndexOf('\n', offset - 1) + 1;
  while (at > 0) {
    const previous = text.lastIndexOf('\n', at - 2) + 1;
    if (!/^\s*(#.*)?$/.test(text.slice(previous, at - 1))) break;
    at = previous;
  }
  return at;
}

/**
 * Splices the new text into the original, so every other byte stays as written; the Document API finds
 * where. Returns null for layouts it does not splice into (flow maps, an empty `variants:`).
 */
function splice(text: string, doc: ReturnType<typeof parseDocument>, name: string, value: Record<string, unknown>, file: string): string | null {
  const root = doc.contents;
  if (!isMap(root) || root.flow) return null;
  const variants = doc.get('variants', true);
  if (isMap(variants)) {
    if (variants.items.some((item) => isScalar(item.key) && String(item.key.value) === name)) throw exists(name, file);
    const last = variants.items[variants.items.length - 1];
    const firstKey = variants.items[0]?.key;
    const valueEnd = (last?.value as { range?: number[] } | null)?.range?.[1];
    if (variants.flow || !isScalar(firstKey) || !firstKey.range || valueEnd === undefined) return null;
    const indent = firstKey.range[0] - (text.lastIndexOf('\n', firstKey.range[0] - 1) + 1);
    const at = lineEnd(text, Math.max(valueEnd - 1, 0));
    return `${text.slice(0, at)}${at > 0 && text[at - 1] !== '\n' ? '\n' : ''}${block({ [name]: value }, indent)}${text.slice(at)}`;
  }
  if (variants !== undefined) return null;
  const next = root.items.find((item) => isScalar(item.key) && BEFORE.includes(String(item.key.value)));
  const keyStart = isScalar(next?.key) ? next.key.range?.[0] : undefined;
  const at = keyStart === undefined ? text.length : leadIn(text, keyStart);
  const before = text.slice(0, at);
  return `${before}${before !== '' && !before.endsWith('\n') ? '\n' : ''}${block({ variants: { [name]: value } }, 0)}${text.slice(at)}`;
}

/** The set text with the variant `name` added; refuses a name the set already has. */
export function addVariant(text: string, file: string, name: string, input: VariantInput): string {
  const value = variantValue(name, input, file);
  YamlSource.parse(text, file); // a syntax error names its line before anything else
  if (/\.json$/i.test(file)) return validated(addToJson(text, file, name, value), file);
  const doc = parseDocument(text);
  const spliced = splice(text, doc, name, value, file);
  if (spliced !== null) return validated(spliced, file);
  // Other layouts: through the Document API (comments kept; spacing may be normalised).
  const variants = doc.get('variants', true);
  if (isMap(variants)) variants.add(doc.createPair(name, value));
  else if (variants === undefined || (isScalar(variants) && variants.value === null)) doc.set('variants', doc.createNode({ [name]: value }));
  else throw new CostlabError('bad-prompt-set', 'variants: is not a map', { location: { file, field: 'variants' }, hint: 'write variants as name: { prompt: … }' });
  return validated(doc.toString(), file);
}
