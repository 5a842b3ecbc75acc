/**
 * `costlab import promptfoo`: a promptfooconfig.yaml → a costlab prompt set (YAML text), checked like any
 * set, plus the list of what it could not carry over. The first prompt becomes `prompt` (or `messages`),
 * the others variants; providers become `models:`; defaultTest vars become the set's `vars:` (defaults for
 * every case) and its assertions go first in every case.
 */
import { Document, isMap, isSeq } from 'yaml';
import { CostlabError } from '../errors.ts';
import type { Fs } from '../ports.ts';
import { YamlSource } from '../yaml-source.ts';
import type { Assertion } from './assertions.ts';
import { parsePromptSet } from './load.ts';
import { baseName, dirName, joinPath } from './paths.ts';
import { ImportContext, isRecord, slug } from './promptfoo-context.ts';
import { importPrompts } from './promptfoo-prompts.ts';
import type { ImportedPrompt } from './promptfoo-prompts.ts';
import { expandVars, importAssertions, importProviders, importVars } from './promptfoo-tests.ts';
import { templateVariables } from './template.ts';
import { checkPromptSet } from './templates.ts';
import type { PromptSetSummary } from './templates.ts';
import { BASE_VARIANT } from './types.ts';
import type { VarValue } from './types.ts';

export interface PromptfooImport {
  name: string;
  /** The costlab set as YAML text, already validated. */
  text: string;
  summary: PromptSetSummary;
  /** What could not be carried over, one `field: what` line each. */
  notCarried: string[];
}

export interface PromptfooImportOptions {
  /** The set's name (default: from the config's description, else its file or folder name). */
  name?: string;
  /** Where the set will be written (names it in validation errors). */
  outFile?: string;
}

interface CaseDoc {
  description?: string;
  vars?: Record<string, VarValue>;
  assert?: Assertion[];
}

const TOP_LEVEL: Record<string, string> = {
  env: 'environment settings', outputPath: 'output path', evaluateOptions: 'evaluation options', scenarios: 'scenarios',
  nunjucksFilters: 'custom nunjucks filters', extensions: 'extension hooks (code)', derivedMetrics: 'derived metrics',
  redteam: 'red-team settings', sharing: 'sharing settings', transform: 'output transform (code)', metadata: 'metadata',
};
const TEST_KEYS = new Set(['description', 'vars', 'assert']);

function scalarVars(vars: Record<string, VarValue | VarValue[]>, path: string[], ctx: ImportContext): Record<string, VarValue> {
  const out: Record<string, VarValue> = {};
  for (const [name, value] of Object.entries(vars)) {
    if (Array.isArray(value)) ctx.drop([...path, name], 'a list value in defaultTest (kept its first value)');
    out[name] = Array.isArray(value) ? (value[0] ?? '') : value;
  }
  return out;
}

async function importCases(config: Record<string, unknown>, ctx: ImportContext): Promise<{ vars: Record<string, VarValue>; cases: CaseDoc[] }> {
  let vars: Record<string, VarValue> = {};
  let defaults: Assertion[] = [];
  const dt = config['defaultTest'];
  if (typeof dt === 'string') ctx.drop(['defaultTest'], `defaults from ${dt}`);
  else if (isRecord(dt)) {
    vars = scalarVars(await importVars(dt['vars'], ['defaultTest', 'vars'], ctx), ['defaultTest', 'vars'], ctx);
    defaults = importAssertions(dt['assert'], ['defaultTest', 'assert'], ctx);
    for (const key of Object.keys(dt)) if (key !== 'vars' && key !== 'assert') ctx.drop(['defaultTest', key], `test ${key}`);
  }
  const cases: CaseDoc[] = [];
  const tests = config['tests'];
  if (typeof tests === 'string') ctx.drop(['tests'], `cases from ${tests} (add them under cases:)`);
  for (const [i, test] of (Array.isArray(tests) ? tests : []).entries()) {
    if (!isRecord(test)) {
      ctx.drop(['tests', i], typeof test === 'string' ? `cases from ${test} (add them under cases:)` : 'a test that is not a map');
      continue;
    }
    for (const key of Object.keys(test)) if (!TEST_KEYS.has(key)) ctx.drop(['tests', i, key], `test ${key}`);
    const asserts = [...defaults, ...importAssertions(test['assert'], ['tests', i, 'assert'], ctx)];
    for (const row of expandVars(await importVars(test['vars'], ['tests', i, 'vars'], ctx))) {
      const item: CaseDoc = {};
      if (typeof test['description'] === 'string') item.description = test['description'];
      if (Object.keys(row).length > 0) item.vars = row;
      if (asserts.length > 0) item.assert = asserts;
      cases.push(item);
    }
  }
  return { vars, cases };
}

function bodyOf(prompt: ImportedPrompt): Record<string, unknown> {
  return prompt.messages ? { messages: prompt.messages } : { prompt: prompt.prompt ?? '' };
}

function variantsOf(prompts: readonly ImportedPrompt[]): Record<string, unknown> {
  const variants: Record<string, unknown> = {};
  prompts.forEach((prompt, i) => {
    if (i === 0) return;
    let name = prompt.label !== undefined ? slug(prompt.label) : '';
    if (name === '' || name === BASE_VARIANT || name in variants) name = `prompt-${i + 1}`;
    variants[name] = bodyOf(prompt);
  });
  return variants;
}

/** Variables a prompt uses that some case leaves without a value: promptfoo renders them empty. */
function emptyDefaults(prompts: readonly ImportedPrompt[], vars: Record<string, VarValue>, cases: readonly CaseDoc[], ctx: ImportContext): void {
  const texts = prompts.flatMap((p) => (p.messages ? p.messages.map((m) => m.content) : [p.prompt ?? '']));
  for (const name of new Set(texts.flatMap(templateVariables))) {
    if (name in vars || (cases.length > 0 && cases.every((c) => c.vars !== undefined && name in c.vars))) continue;
    vars[name] = '';
    ctx.drop(['vars', name], 'some tests give no value (promptfoo renders it empty); set to "" under vars:');
  }
}

function defaultName(file: string, description: unknown): string {
  if (typeof description === 'string' && slug(description) !== '') return slug(description);
  const base = baseName(file).replace(/\.[^.]+$/, '');
  const folder = baseName(dirName(file));
  return slug(/^promptfoo/i.test(base) && folder !== '.' && folder !== '..' ? folder : base) || 'imported';
}

function toYaml(doc: Record<string, unknown>, file: string): string {
  const yaml = new Document(doc, { aliasDuplicateObjects: false });
  yaml.commentBefore = ` Imported from ${baseName(file)} by \`costlab import promptfoo\`.`;
  const models = yaml.get('models', true);
  if (isSeq(models)) models.flow = true;
  const cases = yaml.get('cases', true);
  for (const item of isSeq(cases) ? cases.items : []) {
    const asserts = isMap(item) ? item.get('assert', true) : undefined;
    for (const a of isSeq(asserts) ? asserts.items : []) if (isMap(a)) a.flow = true;
  }
  return yaml.toString({ lineWidth: 0 });
}

/** Imports a promptfoo config (its text, and its path for file:// references and errors). */
export async function importPromptfoo(text: string, file: string, fs: Fs, options: PromptfooImportOptions = {}): Promise<PromptfooImport> {
  const source = YamlSource.parse(text, file);
  const config = source.value();
  if (!isRecord(config) || config['prompts'] === undefined) {
    throw new CostlabError('bad-promptfoo', "not a promptfoo config: no 'prompts' field", { location: { file }, hint: 'pass a promptfooconfig.yaml' });
  }
  const ctx = new ImportContext(source, fs);
  for (const key of Object.keys(config)) {
    if (!['description', 'prompts', 'providers', 'tests', 'defaultTest'].includes(key)) ctx.drop([key], TOP_LEVEL[key] ?? 'no costlab equivalent');
  }
  const prompts = await importPrompts(config['prompts'], ctx);
  const models = importProviders(config['providers'], ctx);
  const { vars, cases } = await importCases(config, ctx);
  emptyDefaults(prompts, vars, cases, ctx);
  if (cases.length === 0) {
    cases.push({});
    ctx.drop(['tests'], 'no test carried over: wrote one empty case — add yours under cases:');
  }
  const name = options.name ?? defaultName(file, config['description']);
  const [first] = prompts as [ImportedPrompt];
  const variants = variantsOf(prompts);
  const doc: Record<string, unknown> = { name };
  if (typeof config['description'] === 'string') doc['description'] = config['description'];
  Object.assign(doc, bodyOf(first));
  if (Object.keys(vars).length > 0) doc['vars'] = vars;
  if (Object.keys(variants).length > 0) doc['variants'] = variants;
  if (models.length > 0) doc['models'] = models;
  doc['cases'] = cases;
  const out = toYaml(doc, file);
  const outFile = options.outFile ?? joinPath(dirName(file), `${name}.yaml`);
  const summary = checkPromptSet(await parsePromptSet(out, outFile, fs));
  return { name, text: out, summary, notCarried: ctx.notCarried };
}
