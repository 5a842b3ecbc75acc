/**
 * `costlab validate [PATH...] [--json]`: checks every prompt set (parse, schema, includes, and that each
 * case renders for each variant), one line per set; the first bad file stops it with one line and exit 2.
 */
import { checkPromptSet, loadPromptSets } from '../../core/index.ts';
import type { PromptSetSummary } from '../../core/index.ts';
import { nodePorts } from '../../platform/node.ts';

export const DEFAULT_PROMPTS_DIR = 'prompts/';

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

export function okLine(summary: PromptSetSummary): string {
  return `ok  ${summary.file}  ${summary.name}  ${count(summary.cases, 'case')}, ${count(summary.variants, 'variant')}`;
}

export async function runValidate(paths: string[], options: { json?: boolean }): Promise<void> {
  const summaries: PromptSetSummary[] = [];
  await loadPromptSets(paths.length > 0 ? paths : [DEFAULT_PROMPTS_DIR], nodePorts().fs, (set) => {
    const summary = checkPromptSet(set);
    summaries.push(summary);
    if (!options.json) process.stdout.write(`${okLine(summary)}\n`);
  });
  if (options.json) process.stdout.write(`${JSON.stringify({ sets: summaries }, null, 2)}\n`);
}
