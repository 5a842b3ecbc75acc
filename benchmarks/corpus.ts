/**
 * The ≥ 4 MB mixed corpus the counting benchmark runs on: English prose (AlpacaEval model outputs),
 * Chinese (the product's seed documents) and code (TypeScript's own lib .d.ts files and costlab's
 * source), interleaved in 64 KB blocks. Needs ../shared beside the clone for the prose and Chinese.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const shared = join(root, '..', 'shared');

function englishProse(): string {
  const dir = join(shared, 'data/alpaca_eval/ae2_weighted_gpt4turbo');
  if (!existsSync(dir)) return '';
  let text = '';
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.jsonl') && !f.startsWith('_labels'))) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      if (line) text += `${(JSON.parse(line) as { output: string }).output}\n\n`;
    }
  }
  return text;
}

function chinese(): string {
  const dir = join(shared, 'seeds');
  if (!existsSync(dir)) return '';
  return readdirSync(dir)
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n\n');
}

function code(): string {
  const lib = join(root, 'node_modules/typescript/lib');
  return readdirSync(lib)
    .filter((f) => f.startsWith('lib.') && f.endsWith('.d.ts'))
    .map((f) => readFileSync(join(lib, f), 'utf8'))
    .join('\n');
}

export interface Corpus {
  text: string;
  parts: Record<string, number>;
}

/** Builds the corpus: up to 1.6 MB of English, 0.9 MB of Chinese (seeds repeated), 1.6 MB of code. */
export function mixedCorpus(): Corpus {
  const take = (text: string, bytes: number) => {
    if (!text) return '';
    let out = text;
    while (Buffer.byteLength(out) < bytes) out += `\n${text}`;
    return out.slice(0, Math.floor((out.length * bytes) / Buffer.byteLength(out)));
  };
  const sources: Record<string, string> = {
    english: take(englishProse(), 1_600_000),
    chinese: take(chinese(), 900_000),
    code: take(code(), 1_600_000),
  };
  const blocks: string[][] = Object.values(sources).map((s) => {
    const out: string[] = [];
    for (let i = 0; i < s.length; i += 65_536) out.push(s.slice(i, i + 65_536));
    return out;
  });
  let text = '';
  for (let i = 0; blocks.some((b) => i < b.length); i++) for (const b of blocks) text += b[i] ?? '';
  const parts = Object.fromEntries(Object.entries(sources).map(([k, v]) => [k, Buffer.byteLength(v)]));
  return { text, parts };
}
