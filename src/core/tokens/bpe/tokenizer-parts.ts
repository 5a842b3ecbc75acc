/**
 * The parts of a Hugging Face tokenizer.json that costlab reads, in a form that crosses threads cheaply: the
 * vocabulary's tokens joined by newlines (a byte-level token never holds a raw newline: byte 0x0A is `Ċ`)
 * with their ids in an Int32Array, and the merge list as newline-joined "a b" lines. platform/node.ts has a
 * worker thread read and parse the 8–10 MB file into these (src/platform/tokenizer-file-worker.js, which must
 * give exactly what `tokenizerParts` gives: a test checks both on the bundled files), so the TUI's event loop
 * never waits on the JSON.parse.
 */
export interface TokenizerParts {
  vocabTokens: string;
  vocabIds: Int32Array;
  merges: string;
  ignoreMerges: boolean;
  normalizer: string | null;
  addedTokens: Array<{ id: number; content: string }>;
}

export interface HfTokenizerFile {
  model: { vocab: Record<string, number>; merges?: Array<string | [string, string]>; ignore_merges?: boolean };
  added_tokens: Array<{ id: number; content: string }>;
  normalizer: { type: string } | null;
}

export function tokenizerParts(file: HfTokenizerFile): TokenizerParts {
  const tokens = Object.keys(file.model.vocab);
  return {
    vocabTokens: tokens.join('\n'),
    vocabIds: Int32Array.from(tokens, (t) => file.model.vocab[t] as number),
    merges: (file.model.merges ?? []).map((m) => (typeof m === 'string' ? m : m.join(' '))).join('\n'),
    ignoreMerges: file.model.ignore_merges === true,
    normalizer: file.normalizer?.type ?? null,
    addedTokens: file.added_tokens.map((t) => ({ id: t.id, content: t.content })),
  };
}

/** The vocabulary's tokens, one per id in `vocabIds`. */
export function vocabTokensOf(parts: TokenizerParts): string[] {
  return parts.vocabIds.length === 0 ? [] : parts.vocabTokens.split('\n');
}

/** The merge list as "a b" lines. */
export function mergesOf(parts: TokenizerParts): string[] {
  return parts.merges === '' ? [] : parts.merges.split('\n');
}
