/**
 * Vocabularies as byte strings (one char per UTF-8 byte) → rank, from the two formats costlab reads:
 * tiktoken's rank files (as js-tiktoken ships them) and Hugging Face tokenizer.json files.
 */
import { NO_MERGE, type PairRank } from './byte-pair-count.ts';

export type Ranks = Map<string, number>;

/**
 * Lets the event loop run between slices of a long load, so a TUI keeps answering keys while a vocabulary of
 * 200,000 tokens is built (the platform gives setImmediate; without one the load runs straight through).
 */
export type Pause = () => Promise<void>;

/** Entries converted between pauses: about 5 ms of work. */
const SLICE = 8_192;

/** Calls `pause` every SLICE calls of the returned tick. */
function slicer(pause: Pause | undefined): () => Promise<void> | undefined {
  let n = 0;
  return () => (pause && ++n % SLICE === 0 ? pause() : undefined);
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const base64Value = new Int16Array(128).fill(-1);
for (let i = 0; i < BASE64.length; i++) base64Value[BASE64.charCodeAt(i)] = i;

function base64ToByteString(text: string): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < text.length; i++) {
    const v = base64Value[text.charCodeAt(i)] ?? -1;
    if (v < 0) continue; // padding
    buffer = (buffer << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((buffer >> bits) & 0xff);
    }
  }
  return out;
}

/**
 * js-tiktoken's compressed rank format: lines of `<first-token> <offset> <base64 token>...`,
 * each line's tokens ranked consecutively from its offset.
 */
export async function ranksFromTiktoken(bpeRanks: string, pause?: Pause): Promise<Ranks> {
  const ranks: Ranks = new Map();
  const tick = slicer(pause);
  for (const line of bpeRanks.split('\n')) {
    if (!line) continue;
    const fields = line.split(' ');
    let rank = Number(fields[1]);
    for (let i = 2; i < fields.length; i++) {
      ranks.set(base64ToByteString(fields[i]!), rank++);
      await tick();
    }
  }
  return ranks;
}

/** GPT-2's byte ↔ printable-unicode table, used by byte-level BPE vocabularies in tokenizer.json. */
function unicodeToByte(): Map<number, number> {
  const printable: number[] = [];
  for (let b = 33; b <= 126; b++) printable.push(b);
  for (let b = 161; b <= 172; b++) printable.push(b);
  for (let b = 174; b <= 255; b++) printable.push(b);
  const map = new Map<number, number>();
  for (const b of printable) map.set(b, b);
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    if (!printable.includes(b)) map.set(256 + extra++, b);
  }
  return map;
}

function byteLevelToByteString(token: string, table: Map<number, number>): string | null {
  let out = '';
  for (const ch of token) {
    const b = table.get(ch.codePointAt(0)!);
    if (b === undefined) return null;
    out += String.fromCharCode(b);
  }
  return out;
}

/** Token → id of a byte-level BPE vocabulary (tokenizer.json `model.vocab`: tokens[i] has ids[i]), as byte strings. */
export async function ranksFromByteLevelVocab(tokens: readonly string[], ids: ArrayLike<number>, pause?: Pause): Promise<Ranks> {
  const table = unicodeToByte();
  const ranks: Ranks = new Map();
  const tick = slicer(pause);
  for (let i = 0; i < tokens.length; i++) {
    const bytes = byteLevelToByteString(tokens[i]!, table);
    if (bytes !== null) ranks.set(bytes, ids[i]!);
    await tick();
  }
  return ranks;
}

/** Merge list (tokenizer.json `model.merges`, "a b" strings or [a, b] pairs) → rank of each pair. */
export async function mergeRanksFromByteLevel(
  merges: ReadonlyArray<string | readonly [string, string]>,
  pause?: Pause,
): Promise<Map<string, number>> {
  const table = unicodeToByte();
  const result = new Map<string, number>();
  const tick = slicer(pause);
  for (let rank = 0; rank < merges.length; rank++) {
    const merge = merges[rank]!;
    const [a, b] = typeof merge === 'string' ? splitMerge(merge) : merge;
    const left = byteLevelToByteString(a, table);
    const right = byteLevelToByteString(b, table);
    if (left !== null && right !== null) result.set(pairKey(left, right), rank);
    await tick();
  }
  return result;
}

function splitMerge(merge: string): [string, string] {
  const space = merge.indexOf(' ', 1);
  return [merge.slice(0, space), merge.slice(space + 1)];
}

function pairKey(left: string, right: string): string {
  return `${left}\u0100${right}`;
}

/** tiktoken's rule: a pair merges when its concatenation is a token, ranked by that token's rank. */
export function concatenationRank(ranks: Ranks): PairRank {
  return (bytes, a, _m, b) => ranks.get(bytes.slice(a, b)) ?? NO_MERGE;
}

/** Hugging Face's rule: a pair merges when the merge list holds it, ranked by its position there. */
export function mergeListRank(mergeRanks: Map<string, number>): PairRank {
  return (bytes, a, m, b) => mergeRanks.get(pairKey(bytes.slice(a, m), bytes.slice(m, b))) ?? NO_MERGE;
}
