/**
 * Hostile input: text a BPE counter can be quadratic on — one long run of whitespace, one long word
 * with no spaces (a repeated letter, and pseudo-random lowercase letters from a fixed-seed LCG), one
 * CJK character repeated. Each is 1,048,576 characters (1 MiB; the CJK one is 3 MiB of UTF-8),
 * counted with our o200k_base and cl100k_base. Target: < 1 s each (best of 3).
 * For comparison, gpt-tokenizer (quadratic on these) counts a 30,000-character version of each, and
 * so does ours; nothing is extrapolated.
 */
import { countTokens as gptO200k } from 'gpt-tokenizer/encoding/o200k_base';
import { countTokens as gptCl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import {
  bestOf,
  finish,
  fmt,
  fmtMs,
  fmtRatio,
  heading,
  lcg,
  machine,
  mismatch,
  printTable,
  target,
  time,
} from './harness.ts';
import { loadBpeTokenizer } from '../src/core/tokens/bpe/encodings.ts';

const LONG = 1 << 20;
const SHORT = 30_000;
const RUNS = 3;
const LIMIT_MS = 1000;

function randomLowercase(length: number, seed: number): string {
  const next = lcg(seed);
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  let out = '';
  for (let i = 0; i < length; i++) out += letters[Math.floor(next() * 26)];
  return out;
}

const inputs: Array<{ name: string; make: (length: number) => string }> = [
  { name: 'spaces', make: (n) => ' '.repeat(n) },
  { name: "'x' repeated", make: (n) => 'x'.repeat(n) },
  { name: 'random a–z (LCG seed 42)', make: (n) => randomLowercase(n, 42) },
  { name: "'中' repeated", make: (n) => '中'.repeat(n) },
];

console.log(`hostile — ${machine()}`);
const o200k = await loadBpeTokenizer('o200k_base');
const cl100k = await loadBpeTokenizer('cl100k_base');
const ours = { o200k_base: o200k, cl100k_base: cl100k } as const;
const gpt = { o200k_base: gptO200k, cl100k_base: gptCl100k } as const;
const encodings = ['o200k_base', 'cl100k_base'] as const;

heading(`Ours on ${fmt(LONG)} characters of each (first call, and best of ${RUNS}); target < 1 s`);
const longRows: string[][] = [];
const verdicts: Array<{ name: string; ok: boolean; detail: string }> = [];
for (const input of inputs) {
  const text = input.make(LONG);
  const row = [input.name, fmt(text.length), fmt(Buffer.byteLength(text))];
  for (const encoding of encodings) {
    const tokenizer = ours[encoding];
    const first = time(() => tokenizer.count(text));
    const best = bestOf(RUNS, () => tokenizer.count(text));
    if (best.value !== first.value) mismatch(`${encoding} ${input.name}: first count ${first.value}, then ${best.value}`);
    row.push(fmt(first.value), fmtMs(first.ms), fmtMs(best.ms));
    verdicts.push({
      name: `hostile ${encoding} ${input.name} 1 MiB < 1 s`,
      ok: best.ms < LIMIT_MS,
      detail: `${fmtMs(best.ms)} best of ${RUNS} (first ${fmtMs(first.ms)})`,
    });
  }
  longRows.push(row);
}
printTable(
  [' input', 'chars', 'UTF-8 bytes', 'o200k tokens', 'o200k first', 'o200k best', 'cl100k tokens', 'cl100k first', 'cl100k best'],
  longRows,
);

heading(`${fmt(SHORT)} characters of each: gpt-tokenizer (countTokens, one call) vs ours (best of ${RUNS})`);
const shortRows: string[][] = [];
let agree = true;
for (const input of inputs) {
  const text = input.make(SHORT);
  for (const encoding of encodings) {
    const mine = bestOf(RUNS, () => ours[encoding].count(text));
    const theirs = time(() => gpt[encoding](text));
    if (theirs.value !== mine.value) {
      agree = false;
      mismatch(`${encoding} ${input.name} (${fmt(SHORT)} chars): gpt-tokenizer ${fmt(theirs.value)} tokens, ours ${fmt(mine.value)}`);
    }
    shortRows.push([
      input.name,
      encoding,
      fmt(mine.value),
      fmtMs(theirs.ms),
      fmtMs(mine.ms),
      fmtRatio(theirs.ms / mine.ms),
    ]);
  }
}
printTable([' input', ' encoding', 'tokens', 'gpt-tokenizer', 'ours', 'gpt-tokenizer ÷ ours'], shortRows);
console.log(`\nCounts at ${fmt(SHORT)} characters: ${agree ? 'ours and gpt-tokenizer agree on all 8.' : 'MISMATCH (see above).'}\n`);

for (const v of verdicts) target(v.name, v.ok, v.detail);
target(`hostile counts agree with gpt-tokenizer at ${fmt(SHORT)} chars`, agree, agree ? '8 of 8' : 'see MISMATCH above');
finish();
