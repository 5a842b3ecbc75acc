/**
 * Loading prompt sets: YAML or JSON text → schema → includes read through the Fs port (relative to the
 * set file, never outside its folder tree). Every error names the file, line, column and field.
 */
import { CostlabError } from '../errors.ts';
import type { Fs } from '../ports.ts';
import { YamlSource } from '../yaml-source.ts';
import type { PathSegment } from '../yaml-source.ts';
import { dirName, resolveInside } from './paths.ts';
import { caseId, PromptSetDocSchema } from './schema.ts';
import type { ParsedPromptSetDocument, TextDoc } from './schema.ts';
import { promptSetSchemaError } from './schema-error.ts';
import type { PromptBody, PromptCase, PromptMessage, PromptSet, TemplateText, VarValue } from './types.ts';

type Doc = ParsedPromptSetDocument;
type BodyDoc = { system?: TextDoc | undefined; prompt?: TextDoc | undefined; messages?: { role: PromptMessage['role']; content: TextDoc }[] | undefined };

/** Reads includes once each, refusing any that leave the set's folder. */
class Includes {
  readonly read = new Map<string, string>();
  private readonly folder: string;

  constructor(private readonly source: YamlSource, private readonly fs: Fs) {
    this.folder = dirName(source.file);
  }

  async text(doc: TextDoc, path: PathSegment[]): Promise<TemplateText> {
    if (typeof doc === 'string') return { text: doc };
    const where = this.source.where([...path, 'file']);
    const file = resolveInside(this.folder, doc.file);
    if (file === null) {
      throw new CostlabError('include-outside', `the included file '${doc.file}' is outside the set's folder`, {
        hint: `move it into ${this.folder}/ (or below) and give its path relative to the set file, without '..'`,
        location: where,
      });
    }
    const cached = this.read.get(file);
    if (cached !== undefined) return { text: cached, file };
    if (!(await this.fs.exists(file))) {
      throw new CostlabError('missing-include', `the included file ${file} does not exist`, {
        hint: 'check the path: it is relative to the folder of the set file', location: where,
      });
    }
    let text: string;
    try {
      text = await this.fs.readText(file);
    } catch (error) {
      const why = error instanceof CostlabError ? error.message : String(error);
      throw new CostlabError('unreadable-include', `cannot read the included file ${file}: ${why}`, { hint: 'include a UTF-8 text file', location: where });
    }
    this.read.set(file, text);
    return { text, file };
  }

  async vars(doc: Record<string, VarValue | { file: string }> | undefined, path: PathSegment[]): Promise<Record<string, VarValue>> {
    const out: Record<string, VarValue> = {};
    for (const [name, value] of Object.entries(doc ?? {})) {
      out[name] = typeof value === 'object' ? (await this.text(value, [...path, name])).text : value;
    }
    return out;
  }

  async body(doc: BodyDoc, path: PathSegment[]): Promise<PromptBody> {
    const body: PromptBody = {};
    if (doc.system !== undefined) body.system = await this.text(doc.system, [...path, 'system']);
    if (doc.prompt !== undefined) body.prompt = await this.text(doc.prompt, [...path, 'prompt']);
    if (doc.messages !== undefined) {
      body.messages = [];
      for (const [i, m] of doc.messages.entries()) body.messages.push({ role: m.role, content: await this.text(m.content, [...path, 'messages', i, 'content']) });
    }
    return body;
  }
}

async function buildSet(doc: Doc, source: YamlSource, fs: Fs): Promise<PromptSet> {
  const includes = new Includes(source, fs);
  const base = await includes.body(doc, []);
  const variants = [];
  for (const [name, variant] of Object.entries(doc.variants ?? {})) variants.push({ name, ...(await includes.body(variant, ['variants', name])) });
  const cases: PromptCase[] = [];
  for (const [index, c] of doc.cases.entries()) {
    const path = ['cases', index];
    const item: PromptCase = {
      id: caseId(c.id, index),
      vars: await includes.vars(c.vars, [...path, 'vars']),
      assert: c.assert ?? [],
      location: source.where(path),
    };
    if (c.description !== undefined) item.description = c.description;
    if (c.reference !== undefined) item.reference = (await includes.text(c.reference, [...path, 'reference'])).text;
    cases.push(item);
  }
  const set: PromptSet = {
    file: source.file, name: doc.name, base, vars: await includes.vars(doc.vars, ['vars']), variants,
    models: doc.models ?? [], cases, includes: [...includes.read.keys()],
  };
  if (doc.description !== undefined) set.description = doc.description;
  return set;
}

/** Parses and checks a set's text (`file` names it in errors and anchors its includes). */
export async function parsePromptSet(text: string, file: string, fs: Fs): Promise<PromptSet> {
  const source = YamlSource.parse(text, file);
  const value = source.value() ?? {};
  const result = PromptSetDocSchema.safeParse(value, { reportInput: true });
  if (!result.success) throw promptSetSchemaError(result.error.issues, source, value);
  return buildSet(result.data, source, fs);
}

export async function loadPromptSet(path: string, fs: Fs): Promise<PromptSet> {
  return parsePromptSet(await fs.readText(path), path, fs);
}
