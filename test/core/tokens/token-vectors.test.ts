/**
 * Every tokenizer vector in ../shared/data/tokens/token_vectors.jsonl for an encoding costlab counts
 * exactly (OpenAI r50k/p50k/cl100k/o200k, Llama 3, Qwen 2) must give the published count.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBpeTokenizer, setPackageDataLoader } from '../../../src/core/tokens/bpe/encodings.ts';
import type { ExactTokenizerId } from '../../../src/core/types.ts';
import { readPackageJson } from '../../../src/platform/package-data.ts';
import { SKIP_NO_SHARED, hasShared, readSharedJsonl } from '../../helpers/shared-data.ts';

interface Vector {
  source: string;
  encoding: string;
  text: string;
  count: number;
  special: 'none' | 'all' | 'all-parsed' | 'tokenizer-default';
  includes_bos?: boolean;
  bos?: boolean;
  eos?: boolean;
}

const VECTORS = 'data/tokens/token_vectors.jsonl';
const ENCODING_TO_TOKENIZER: Record<string, ExactTokenizerId> = {
  r50k_base: 'r50k_base',
  p50k_base: 'p50k_base',
  p50k_edit: 'p50k_base', // p50k_edit only adds special tokens; plain text counts as p50k_base
  cl100k_base: 'cl100k_base',
  o200k_base: 'o200k_base',
  llama3: 'llama3',
  qwen2: 'qwen2',
};

describe.skipIf(!hasShared(VECTORS))(`token vectors (${SKIP_NO_SHARED})`, () => {
  beforeAll(() => setPackageDataLoader(readPackageJson));
  const vectors = hasShared(VECTORS) ? readSharedJsonl<Vector>(VECTORS) : [];
  const groups = new Map<ExactTokenizerId, Vector[]>();
  for (const vector of vectors) {
    const id = ENCODING_TO_TOKENIZER[vector.encoding];
    if (id) groups.set(id, [...(groups.get(id) ?? []), vector]);
  }

  it('covers every encoding costlab claims to count exactly', () => {
    expect([...groups.keys()].sort()).toEqual(['cl100k_base', 'llama3', 'o200k_base', 'p50k_base', 'qwen2', 'r50k_base']);
  });

  for (const [id, group] of groups) {
    it(`${id}: all ${group.length} vectors`, async () => {
      const tokenizer = await loadBpeTokenizer(id);
      const failures: string[] = [];
      for (const v of group) {
        const got = tokenizer.countWith(v.text, {
          parseSpecials: v.special !== 'none',
          addBos: Boolean(v.includes_bos ?? v.bos),
          addEos: Boolean(v.eos),
        });
        if (got !== v.count) failures.push(`${v.source} ${JSON.stringify(v.text.slice(0, 60))}: got ${got}, want ${v.count}`);
      }
      expect(failures).toEqual([]);
    });
  }
});
