/**
 * Live editing: a ~100,000-token prompt in an IncrementalCounter (o200k_base), 2,000 one-character
 * edits — 800 times a character inserted at a pseudo-random position (fixed-seed LCG) and deleted
 * again, and 400 characters typed at the end in bursts of 10 — each timed on its own. Compared with a full recount of the same text with a warm
 * piece cache (ours, and gpt-tokenizer as a peer). The edit sequence runs 3 times, each on a fresh
 * counter, and the round with the lowest median is reported (the others are listed).
 * Targets: median per edit ≤ 2 ms; full-recount median ÷ incremental median ≥ 100×.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { countTokens as gptCount } from 'gpt-tokenizer/encoding/o200k_base';
import { mixedCorpus } from './corpus.ts';
import {
  finish,
  fmt,
  fmtMs,
  fmtRatio,
  hasShared,
  heading,
  lcg,
  machine,
  median,
  mismatch,
  printTable,
  quantile,
  repoRoot,
  target,
} from './harness.ts';
import { loadBpeTokenizer } from '../src/core/tokens/bpe/encodings.ts';
import type { BpeTokenizer } from '../src/core/tokens/bpe/bpe-tokenizer.ts';
import { IncrementalCounter } from '../src/core/tokens/incremental-counter.ts';

const TARGET_TOKENS = 100_000;
// 40 groups, each: 20 × (insert a character at a random position, delete it) then a burst of 10 characters
// typed at the end → 40 × (40 + 10) = 2,000 edits.
const GROUPS = 40;
const PAIRS_PER_GROUP = 20;
const TYPED_PER_GROUP = 10;
const ROUNDS = 3;
const RECOUNTS = 20;
const CHECK_EVERY = 250;
const TYPED = 'Please answer in one short paragraph and cite the source of every figure you give. ';
const INSERTABLE = 'abcdefghijklmnopqrstuvwxyz     ,.;:()\n0123456789';

/** Source text: the mixed corpus, or without ../shared the repository's own tokenizer code, repeated. */
function sourceText(): { text: string; from: string } {
  if (hasShared()) return { text: mixedCorpus().text, from: 'the mixed corpus (benchmarks/corpus.ts)' };
  const dirs = [join(repoRoot, 'src/core/tokens'), join(repoRoot, 'src/core/tokens/bpe')];
  const code = dirs
    .flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.ts')).map((f) => readFileSync(join(d, f), 'utf8')))
    .join('\n');
  return { text: code.repeat(Math.ceil(600_000 / code.length)), from: 'src/core/tokens/**/*.ts repeated (../shared is absent)' };
}

/** A prefix of `text`, ended at a line break, of about `tokens` tokens. */
function promptOf(tokenizer: BpeTokenizer, text: string, tokens: number): string {
  let length = Math.min(text.length, tokens * 4);
  for (let i = 0; i < 4; i++) {
    const n = tokenizer.count(text.slice(0, length));
    length = Math.min(text.length, Math.round((length * tokens) / n));
  }
  const lineEnd = text.indexOf('\n', length);
  return text.slice(0, lineEnd < 0 ? length : lineEnd + 1);
}

type Kind = 'insert (random position)' | 'delete (same position)' | 'type at the end';

interface Round {
  times: Record<Kind, number[]>;
  all: number[];
  finalTokens: number;
  checks: number;
}

function runRound(tokenizer: BpeTokenizer, prompt: string): Round {
  const counter = new IncrementalCounter(tokenizer, prompt);
  const next = lcg(20261122);
  const times: Record<Kind, number[]> = { 'insert (random position)': [], 'delete (same position)': [], 'type at the end': [] };
  const all: number[] = [];
  let checks = 0;
  let typed = 0;
  const edit = (kind: Kind, from: number, to: number, insert: string) => {
    const start = performance.now();
    counter.replace(from, to, insert);
    const ms = performance.now() - start;
    times[kind].push(ms);
    all.push(ms);
    if (all.length % CHECK_EVERY === 0) {
      checks++;
      const full = tokenizer.count(counter.value);
      if (full !== counter.tokens) mismatch(`after ${all.length} edits: incremental ${counter.tokens} tokens, full recount ${full}`);
    }
  };
  for (let g = 0; g < GROUPS; g++) {
    for (let k = 0; k < PAIRS_PER_GROUP; k++) {
      const text = counter.value;
      let at = Math.floor(next() * (text.length + 1));
      const code = text.charCodeAt(at);
      if (code >= 0xdc00 && code <= 0xdfff) at--; // never split a surrogate pair
      const ch = INSERTABLE[Math.floor(next() * INSERTABLE.length)]!;
      edit('insert (random position)', at, at, ch);
      edit('delete (same position)', at, at + 1, '');
    }
    for (let k = 0; k < TYPED_PER_GROUP; k++) {
      const end = counter.value.length;
      edit('type at the end', end, end, TYPED[typed++ % TYPED.length]!);
    }
  }
  const expected = prompt + TYPED.repeat(Math.ceil(typed / TYPED.length)).slice(0, typed);
  if (counter.value !== expected) mismatch('the counter text is not the prompt plus the typed characters');
  return { times, all, finalTokens: counter.tokens, checks };
}

console.log(`incremental — ${machine()}`);
const tokenizer = await loadBpeTokenizer('o200k_base');
const source = sourceText();
const prompt = promptOf(tokenizer, source.text, TARGET_TOKENS);
const promptTokens = tokenizer.count(prompt);
console.log(`prompt: ${fmt(promptTokens)} tokens (o200k_base), ${fmt(prompt.length)} characters, from ${source.from}`);

const rounds: Round[] = [];
for (let r = 0; r < ROUNDS; r++) rounds.push(runRound(tokenizer, prompt));
const best = rounds.reduce((a, b) => (median(b.all) < median(a.all) ? b : a));

// Full recounts of the same text with a warm cache: ours, and gpt-tokenizer as a peer.
tokenizer.count(prompt);
const recount = (fn: () => number) => {
  const ms: number[] = [];
  for (let i = 0; i < RECOUNTS; i++) {
    const start = performance.now();
    const n = fn();
    ms.push(performance.now() - start);
    if (n !== promptTokens) mismatch(`full recount gave ${n} tokens, expected ${promptTokens}`);
  }
  return ms;
};
const oursFull = recount(() => tokenizer.count(prompt));
gptCount(prompt);
const gptFull = recount(() => gptCount(prompt));

// Reference: what any edit that rebuilds the whole string pays — slice + concat, then one read that
// makes V8 flatten the new string.
const rebuild: number[] = [];
{
  const next = lcg(7);
  for (let i = 0; i < 200; i++) {
    const at = Math.floor(next() * prompt.length);
    const start = performance.now();
    const edited = prompt.slice(0, at) + 'x' + prompt.slice(at);
    edited.charCodeAt(edited.length >> 1);
    rebuild.push(performance.now() - start);
  }
}

const incrementalMedian = median(best.all);
const oursFullMedian = median(oursFull);
heading(`${fmt(best.all.length)} one-character edits on the ${fmt(promptTokens)}-token prompt (best of ${ROUNDS} rounds by median)`);
const row = (name: string, ms: number[]) => [
  name,
  fmt(ms.length),
  fmtMs(median(ms)),
  fmtMs(quantile(ms, 0.95)),
  fmtMs(Math.max(...ms)),
  fmtRatio(oursFullMedian / median(ms)),
];
printTable(
  [' operation', 'n', 'median', 'p95', 'max', 'full recount (ours) ÷ this'],
  [
    ...(Object.entries(best.times) as Array<[Kind, number[]]>).map(([kind, ms]) => row(`incremental: ${kind}`, ms)),
    row('incremental: all edits', best.all),
    row('full recount, ours (warm cache)', oursFull),
    row('full recount, gpt-tokenizer (warm)', gptFull),
    row('reference: rebuild + flatten the text', rebuild),
  ],
);
console.log(
  `\nEvery round: ${rounds.map((r) => `median ${fmtMs(median(r.all))}, p95 ${fmtMs(quantile(r.all, 0.95))}`).join('; ')}.` +
    `\nCount checked against a full recount every ${CHECK_EVERY} edits (${best.checks} checks per round, untimed); ` +
    `final count ${fmt(best.finalTokens)} tokens.\n`,
);

const ratio = oursFullMedian / incrementalMedian;
target('incremental median per edit ≤ 2 ms', incrementalMedian <= 2, `${fmtMs(incrementalMedian)} (p95 ${fmtMs(quantile(best.all, 0.95))})`);
target(
  'incremental full-recount median ÷ incremental median ≥ 100×',
  ratio >= 100,
  `${fmtRatio(ratio)} (full recount ${fmtMs(oursFullMedian)}, edit ${fmtMs(incrementalMedian)})`,
);
finish();
