/** A vocabulary load lets other work run between slices of 8,192 tokens, and builds the same tokenizer. */
import { describe, expect, it } from 'vitest';
import { loadBpeTokenizer, setLoadPause } from '../../../src/core/tokens/bpe/encodings.ts';

describe('loading a vocabulary in slices', () => {
  it('pauses once per 8,192 tokens and other work runs meanwhile; the counts are those of the one-piece load', async () => {
    let pauses = 0;
    let ranWhileLoading = 0;
    let loading = true;
    setLoadPause(async () => {
      pauses++;
      await new Promise<void>((resolve) => setImmediate(resolve));
    });
    const tick = () => {
      if (!loading) return;
      ranWhileLoading++;
      setImmediate(tick);
    };
    setImmediate(tick);
    const tokenizer = await loadBpeTokenizer('cl100k_base');
    loading = false;
    setLoadPause(undefined);
    // cl100k_base has 100,256 ordinary tokens: ⌊100,256 / 8,192⌋ = 12 pauses.
    expect(pauses).toBe(12);
    expect(ranWhileLoading).toBeGreaterThanOrEqual(12);
    // tiktoken: "hello world" is 2 tokens, and 'antidisestablishmentarianism' 6 in cl100k_base.
    expect(tokenizer.count('hello world')).toBe(2);
    expect(tokenizer.count('antidisestablishmentarianism')).toBe(6);
  });
});
