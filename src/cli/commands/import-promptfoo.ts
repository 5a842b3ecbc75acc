/**
 * `costlab import promptfoo FILE [--out FILE] [--name NAME] [--force] [--json]`: a promptfooconfig.yaml
 * becomes a costlab prompt set (validated before it is written, atomically), with a list of what could not
 * be carried over. Default output: `<name>.yaml` beside the input; an existing file needs --force.
 */
import { dirname, join, resolve } from 'node:path';
import { CostlabError, importPromptfoo } from '../../core/index.ts';
import { exists, nodePorts, writeTextAtomic } from '../../platform/node.ts';

const FORMATS = ['promptfoo'];

interface ImportOptions {
  out?: string;
  name?: string;
  force?: boolean;
  json?: boolean;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

export async function runImport(format: string, file: string, options: ImportOptions): Promise<void> {
  if (!FORMATS.includes(format)) {
    throw new CostlabError('unknown-format', `unknown import format '${format}'`, {
      hint: `use one of: ${FORMATS.join(', ')}, or recorded results: costlab import recorded alpaca-eval|routellm PATH`,
    });
  }
  const fs = nodePorts().fs;
  const text = await fs.readText(file);
  const result = await importPromptfoo(text, file, fs, { ...(options.name ? { name: options.name } : {}), ...(options.out ? { outFile: options.out } : {}) });
  const target = options.out ?? join(dirname(file), `${result.name}.yaml`);
  if (resolve(target) === resolve(file)) {
    throw new CostlabError('would-overwrite-input', 'the output would overwrite the promptfoo config itself', {
      location: { file: target }, hint: 'pass --out FILE or --name NAME to write the set elsewhere',
    });
  }
  if (!options.force && (await exists(target))) {
    throw new CostlabError('output-exists', 'already exists; nothing was written', {
      location: { file: target }, hint: 'pass --force to overwrite it, or --out FILE to write elsewhere',
    });
  }
  await writeTextAtomic(target, result.text);
  const { summary, notCarried } = result;
  if (options.json) {
    const json = { written: target, name: result.name, cases: summary.cases, variants: summary.variants, models: summary.models, notCarried };
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    return;
  }
  const lines = [
    `wrote ${target}  ${result.name}  ${count(summary.cases, 'case')}, ${count(summary.variants, 'variant')}, ${count(summary.models.length, 'model')}`,
    notCarried.length === 0 ? 'everything was carried over' : `not carried over (${notCarried.length}):`,
    ...notCarried.map((line) => `  - ${line}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
