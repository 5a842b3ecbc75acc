/**
 * Loading several sets: a folder stands for every *.yaml, *.yml and *.json directly in it (sorted); set
 * names must be unique across everything loaded.
 */
import { CostlabError } from '../errors.ts';
import type { Fs } from '../ports.ts';
import { YamlSource } from '../yaml-source.ts';
import { loadPromptSet } from './load.ts';
import { joinPath } from './paths.ts';
import type { PromptSet } from './types.ts';

const SET_FILE = /\.(ya?ml|json)$/i;

/** The set files the paths name: a file as given, a folder as its set files, in order, each once. */
export async function listPromptSetFiles(paths: readonly string[], fs: Fs): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const entries = await fs.list(path);
    if (entries === null) {
      if (!(await fs.exists(path))) {
        throw new CostlabError('not-found', 'no such file or folder', { location: { file: path }, hint: 'pass a prompt-set file or a folder of them' });
      }
      files.push(path);
      continue;
    }
    const inFolder = entries.filter((name) => !name.endsWith('/') && SET_FILE.test(name)).sort();
    if (inFolder.length === 0) {
      throw new CostlabError('no-prompt-sets', 'no prompt sets (*.yaml, *.yml, *.json) in this folder', {
        location: { file: path }, hint: 'pass a folder that holds prompt-set files, or the files themselves',
      });
    }
    files.push(...inFolder.map((name) => joinPath(path, name)));
  }
  return [...new Set(files)];
}

/** A set whose name another loaded set already has: the error names both files. */
export function duplicateNameError(first: PromptSet, second: PromptSet, secondText?: string): CostlabError {
  const location = secondText === undefined ? { file: second.file, field: 'name' } : YamlSource.parse(secondText, second.file).where(['name']);
  return new CostlabError('duplicate-set-name', `the set name '${second.name}' is already used by ${first.file}`, {
    hint: 'give each prompt set its own name', location,
  });
}

/**
 * Loads every set the paths name, in order; `onSet` sees each one as soon as it loaded (so a caller can
 * report progress and stop at the first bad file). Duplicate names are an error naming both files.
 */
export async function loadPromptSets(paths: readonly string[], fs: Fs, onSet?: (set: PromptSet) => void): Promise<PromptSet[]> {
  const sets: PromptSet[] = [];
  const byName = new Map<string, PromptSet>();
  for (const file of await listPromptSetFiles(paths, fs)) {
    const set = await loadPromptSet(file, fs);
    const first = byName.get(set.name);
    if (first) throw duplicateNameError(first, set, await fs.readText(file));
    byName.set(set.name, set);
    sets.push(set);
    onSet?.(set);
  }
  return sets;
}
