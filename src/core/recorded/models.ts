/**
 * A recorded model's name (as a dataset spells it: `gpt-3.5-turbo-1106`, `gpt4_1106_preview`,
 * `mistralai/Mixtral-8x7B-Instruct-v0.1`) → the catalog model it is priced as, and the counter its tokens are
 * counted with.
 *
 * Catalog: a reviewed table of dated snapshots first (each says how close the catalog model is), then the
 * catalog's own ids and aliases as written. Anything else keeps the model `recorded:<name>`: its price is unknown
 * (never $0), and a user can give it one in costlab.yaml.
 *
 * Counter: the catalog model's tokenizer; for a model not in the catalog, its family's counter where costlab has
 * one (Claude, Gemma, Mistral estimates; Llama 3, Qwen 2, OpenAI exact); else o200k_base as a stand-in. Usage is
 * always marked `estimated`: the dataset does not report it, and the chat template's tokens are not counted.
 */
import type { Catalog } from '../catalog/catalog.ts';
import type { ModelEntry } from '../catalog/model.ts';
import { modelKey } from '../catalog/model.ts';
import type { TokenCounter } from '../tokens/counter.ts';
import { claudeEstimateBasis } from '../tokens/estimates.ts';
import { loadModelCounter, loadTokenCounter } from '../tokens/registry.ts';
import { ESTIMATED_TOKENIZERS } from '../types.ts';
import type { TokenizerId } from '../types.ts';

/** Dated snapshots whose catalog model is a close stand-in, with how close. */
const SNAPSHOTS: Readonly<Record<string, { ref: string; note: string }>> = {
  'gpt-3.5-turbo-1106': {
    ref: 'openai:gpt-3.5-turbo',
    note: 'the 1106 snapshot, priced at the catalog gpt-3.5-turbo rates (the 0125 snapshot); OpenAI listed 1106 at $1 / $2 per M tokens, so its real cost was higher',
  },
  gpt4_1106_preview: {
    ref: 'openai:gpt-4-turbo',
    note: 'gpt-4-1106-preview, priced as gpt-4-turbo: the same $10 / $30 per M tokens and the same cl100k_base tokenizer',
  },
  'gpt-4-1106-preview': {
    ref: 'openai:gpt-4-turbo',
    note: 'priced as gpt-4-turbo: the same $10 / $30 per M tokens and the same cl100k_base tokenizer',
  },
};

/** Families by name, for models the catalog does not know: [pattern, tokenizer, exact for that family]. */
const FAMILIES: readonly (readonly [RegExp, TokenizerId, boolean])[] = [
  [/claude/i, 'claude', false],
  [/gemini/i, 'gemini', false],
  [/gemma/i, 'gemma', false],
  [/mistral|mixtral/i, 'mistral', false],
  [/llama-?3/i, 'llama3', true],
  [/qwen-?2/i, 'qwen2', true],
  [/gpt-4o|gpt-4\.1|gpt-5|^o[134](?:-|$)/i, 'o200k_base', true],
  [/gpt-4|gpt-3\.5/i, 'cl100k_base', true],
];

export interface RecordedModel {
  /** The name as the dataset spells it. */
  name: string;
  /** The candidate's `model`: the catalog key, or `recorded:<name>`. */
  model: string;
  /** The candidate's `target`: always `recorded:<name>` (answered by the replay provider). */
  target: string;
  entry: ModelEntry | null;
  /** How the name was mapped, for people. */
  mapping: string;
  tokenizer: TokenizerId;
  /** True when the counter is the model family's own tokenizer (still no chat-template tokens). */
  countExact: boolean;
  /** Why the cost is unknown, or null when the catalog prices it. */
  priceNote: string | null;
}

export function resolveRecordedModel(name: string, catalog: Catalog): RecordedModel {
  const target = `recorded:${name}`;
  const snapshot = SNAPSHOTS[name];
  let entry: ModelEntry | undefined;
  let mapping: string;
  if (snapshot) {
    entry = tryResolve(catalog, snapshot.ref);
    mapping = entry ? `${modelKey(entry)}: ${snapshot.note}` : `${target} (${snapshot.ref} is not in the catalog)`;
  } else {
    entry = tryResolve(catalog, name);
    mapping = entry ? `${modelKey(entry)} (the catalog's id or alias)` : `${target} (not in the catalog)`;
  }
  if (entry) {
    return {
      name, model: modelKey(entry), target, entry, mapping, tokenizer: entry.tokenizer,
      countExact: !(ESTIMATED_TOKENIZERS as readonly string[]).includes(entry.tokenizer),
      priceNote: entry.rates === null ? 'self-hosted in the catalog, so no per-token price: cost unknown (give it rates in costlab.yaml)' : null,
    };
  }
  const family = FAMILIES.find(([pattern]) => pattern.test(name));
  return {
    name, model: target, target, entry: null, mapping,
    tokenizer: family?.[1] ?? 'o200k_base',
    countExact: family?.[2] ?? false,
    priceNote: 'price unknown (add the model with its rates in costlab.yaml)',
  };
}

/** The counter for a recorded model: see the top of this file. */
export function loadRecordedCounter(model: RecordedModel): Promise<TokenCounter> {
  if (model.entry) return loadModelCounter(model.entry);
  return loadTokenCounter(model.tokenizer, model.tokenizer === 'claude' ? claudeEstimateBasis(model.name) : undefined);
}

function tryResolve(catalog: Catalog, ref: string): ModelEntry | undefined {
  try {
    return catalog.tryResolve(ref);
  } catch {
    return undefined; // ambiguous: keep it recorded rather than guess
  }
}
