// A worker thread that reads and parses a Hugging Face tokenizer.json (8–10 MB) off the main thread and posts
// back the parts costlab reads, as src/core/tokens/bpe/tokenizer-parts.ts's tokenizerParts() gives them (plain
// JavaScript: a worker runs without the TypeScript loader; test/integration/tokenizer-file-worker.test.ts
// checks the two agree on the bundled files).
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

const file = JSON.parse(readFileSync(workerData.path, 'utf8'));
const tokens = Object.keys(file.model.vocab);
const vocabIds = Int32Array.from(tokens, (t) => file.model.vocab[t]);
parentPort.postMessage(
  {
    vocabTokens: tokens.join('\n'),
    vocabIds,
    merges: (file.model.merges ?? []).map((m) => (typeof m === 'string' ? m : m.join(' '))).join('\n'),
    ignoreMerges: file.model.ignore_merges === true,
    normalizer: file.normalizer?.type ?? null,
    addedTokens: file.added_tokens.map((t) => ({ id: t.id, content: t.content })),
  },
  [vocabIds.buffer],
);
