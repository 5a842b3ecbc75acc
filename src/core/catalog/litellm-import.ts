/**
 * Maps LiteLLM's model_prices_and_context_window.json (USD per token) into ModelEntry[] with origin
 * 'litellm'. Text-generation entries only (mode chat, completion, or responses — the Responses-API-only
 * text models such as o3-pro); everything else is listed in `skipped` with the reason.
 *
 * Provider normalisation: `gemini` and `vertex_ai-language-models` → google (when both give the same id
 * the Gemini API entry wins, the Vertex one is skipped as a duplicate); `text-completion-openai` →
 * openai; other `vertex_ai-*` → vertex_ai; everything else keeps LiteLLM's name. The id is the key with
 * a leading `<litellm_provider>/` (or `gemini/`) removed; the full key is kept as an alias.
 *
 * Tokenizer guess (by key and provider): o200k_base for gpt-4o/4.1/4.5/5, o-series, chatgpt and gpt-oss;
 * cl100k_base for gpt-4, gpt-3.5, davinci-002 and babbage-002; p50k_base for text-davinci-002/003 and
 * code-davinci; r50k_base for the original GPT-3 names (davinci, curie, babbage, ada, text-*-001);
 * claude for Anthropic/Claude; gemini for Gemini; gemma for Gemma; llama3 for Llama 3.x; qwen2 for Qwen;
 * mistral for Mistral-family names and for Llama 2. Unknown families get GENERIC_ESTIMATE (an estimate,
 * never labelled exact) and a note saying so.
 */
import { CostlabError } from '../errors.ts';
import { ratePerToken } from '../money/money.ts';
import type { Rate } from '../money/money.ts';
import type { TokenizerId } from '../types.ts';
import type { LongContextTier, ModelEntry, Rates } from './model.ts';

export const LITELLM_SOURCE = 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json';

/** The tokenizer given to models of unknown family: the generic estimate (o200k_base ±30 %, said to be an assumption). */
export const GENERIC_ESTIMATE: TokenizerId = 'generic';

const TEXT_MODES = new Set(['chat', 'completion', 'responses']);

const RATE_KEYS: Readonly<Record<keyof Rates, string>> = {
  input: 'input_cost_per_token',
  output: 'output_cost_per_token',
  reasoningOutput: 'output_cost_per_reasoning_token',
  cacheRead: 'cache_read_input_token_cost',
  cacheWrite5m: 'cache_creation_input_token_cost',
  cacheWrite1h: 'cache_creation_input_token_cost_above_1hr',
  batchInput: 'input_cost_per_token_batches',
  batchOutput: 'output_cost_per_token_batches',
};

const TIER_KEY = /^(input_cost_per_token|output_cost_per_token|cache_read_input_token_cost|cache_creation_input_token_cost|cache_creation_input_token_cost_above_1hr)_above_(\d+)k_tokens$/;
const TIER_FIELD: Readonly<Record<string, keyof Rates>> = {
  input_cost_per_token: 'input',
  output_cost_per_token: 'output',
  cache_read_input_token_cost: 'cacheRead',
  cache_creation_input_token_cost: 'cacheWrite5m',
  cache_creation_input_token_cost_above_1hr: 'cacheWrite1h',
};

const DECIMAL = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}/;

export interface SkippedKey {
  key: string;
  reason: string;
}

export interface LiteLlmImport {
  models: ModelEntry[];
  skipped: SkippedKey[];
  /** The date every imported entry carries: the file's `last_updated`, else the caller's date. */
  asOf: string;
}

/**
 * Imports the LiteLLM price file. `fallbackAsOf` (YYYY-MM-DD) is used when the file has no
 * `last_updated` key. Malformed JSON and malformed prices throw CostlabError with file, line and field.
 */
export function importLiteLlm(text: string, filePath: string, fallbackAsOf: string): LiteLlmImport {
  const root = parseJson(text, filePath);
  if (root === null || typeof root !== 'object' || Array.isArray(root)) {
    throw new CostlabError('bad-litellm', 'the LiteLLM price file must be a JSON object of model entries', {
      hint: 'point costlab at model_prices_and_context_window.json from the LiteLLM repository',
      location: { file: filePath, line: 1, column: 1 },
    });
  }
  const doc = root as Record<string, unknown>;
  const lastUpdated = doc['last_updated'];
  const asOf = typeof lastUpdated === 'string' && ISO_DATE.test(lastUpdated) ? lastUpdated.slice(0, 10) : fallbackAsOf;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) {
    throw new CostlabError('bad-date', `asOf must be an ISO date (YYYY-MM-DD), got ${JSON.stringify(asOf)}`);
  }

  const skipped: SkippedKey[] = [];
  const candidates: { entry: ModelEntry; key: string; priority: number }[] = [];
  for (const [key, value] of Object.entries(doc)) {
    if (key === 'sample_spec') { skipped.push({ key, reason: 'documentation of the file format, not a model' }); continue; }
    if (key === 'last_updated') { skipped.push({ key, reason: 'file metadata (read as asOf)' }); continue; }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      skipped.push({ key, reason: 'not a model entry (expected an object)' });
      continue;
    }
    const spec = value as Record<string, unknown>;
    const mode = spec['mode'];
    if (typeof mode !== 'string') { skipped.push({ key, reason: 'no mode given' }); continue; }
    if (!TEXT_MODES.has(mode)) { skipped.push({ key, reason: `mode '${mode}' is not text generation` }); continue; }
    const litellmProvider = spec['litellm_provider'];
    if (typeof litellmProvider !== 'string' || litellmProvider === '') {
      skipped.push({ key, reason: 'no litellm_provider given' });
      continue;
    }
    const where = new FieldLocator(text, filePath, key);
    const entry = toEntry(key, spec, litellmProvider, mode, asOf, where);
    if (entry === undefined) { skipped.push({ key, reason: 'no per-token input or output price' }); continue; }
    candidates.push({ entry, key, priority: litellmProvider === 'gemini' ? 0 : 1 });
  }

  const models: ModelEntry[] = [];
  const firstKey = new Map<string, string>();
  const ordered = candidates.map((c, index) => ({ ...c, index })).sort((a, b) => a.priority - b.priority || a.index - b.index);
  const kept = new Set<number>();
  for (const candidate of ordered) {
    const modelKey = `${candidate.entry.provider}:${candidate.entry.id.toLowerCase()}`;
    const first = firstKey.get(modelKey);
    if (first !== undefined) {
      skipped.push({ key: candidate.key, reason: `duplicate of '${first}' (both are ${modelKey})` });
      continue;
    }
    firstKey.set(modelKey, candidate.key);
    kept.add(candidate.index);
  }
  candidates.forEach((candidate, index) => { if (kept.has(index)) models.push(candidate.entry); });
  return { models, skipped, asOf };
}

function toEntry(
  key: string, spec: Record<string, unknown>, litellmProvider: string, mode: string, asOf: string, where: FieldLocator,
): ModelEntry | undefined {
  const provider = normaliseProvider(litellmProvider);
  const id = stripPrefix(key, litellmProvider);
  const selfHosted = litellmProvider === 'ollama';
  const rates = {} as Rates;
  for (const field of Object.keys(RATE_KEYS) as (keyof Rates)[]) {
    rates[field] = price(spec, RATE_KEYS[field], where);
  }
  if (rates.input === null && rates.output === null) return undefined;

  const tiers = new Map<number, Partial<Rates>>();
  for (const [name, value] of Object.entries(spec)) {
    const match = TIER_KEY.exec(name);
    if (!match || value === null || value === undefined) continue;
    const above = Number(match[2]) * 1000;
    const field = TIER_FIELD[match[1] ?? ''];
    if (field === undefined) continue;
    const tier = tiers.get(above) ?? {};
    tier[field] = price(spec, name, where);
    tiers.set(above, tier);
  }
  const longContext: LongContextTier[] = [...tiers.entries()]
    .sort(([a], [b]) => a - b)
    .map(([aboveInputTokens, tierRates]) => ({ aboveInputTokens, rates: tierRates }));

  const guess = guessTokenizer(key, litellmProvider);
  const notes = [`Imported from LiteLLM key '${key}' (litellm_provider ${litellmProvider}, mode ${mode}).`];
  if (guess.generic) notes.push(`Tokenizer family unknown: counted with the '${GENERIC_ESTIMATE}' estimate.`);
  if (selfHosted) notes.push('Local Ollama model: treated as self-hosted, LiteLLM\'s $0 price is not used.');
  return {
    id,
    provider,
    displayName: key,
    aliases: key === id ? [] : [key],
    contextWindow: tokenCount(spec['max_input_tokens']),
    maxOutput: tokenCount(spec['max_output_tokens']),
    tokenizer: guess.tokenizer,
    rates: selfHosted ? null : rates,
    longContext: selfHosted ? [] : longContext,
    selfHosted,
    source: LITELLM_SOURCE,
    asOf,
    origin: 'litellm',
    notes: notes.join(' '),
  };
}

export function normaliseProvider(litellmProvider: string): string {
  if (litellmProvider === 'gemini' || litellmProvider === 'vertex_ai-language-models') return 'google';
  if (litellmProvider === 'text-completion-openai') return 'openai';
  if (litellmProvider.startsWith('vertex_ai-')) return 'vertex_ai';
  return litellmProvider.toLowerCase();
}

function stripPrefix(key: string, litellmProvider: string): string {
  for (const prefix of [`${litellmProvider}/`, 'gemini/']) {
    if (key.startsWith(prefix) && key.length > prefix.length) return key.slice(prefix.length);
  }
  return key;
}

/** The tokenizer rule documented at the top of this file. */
export function guessTokenizer(key: string, litellmProvider: string): { tokenizer: TokenizerId; generic: boolean } {
  const name = key.toLowerCase();
  const found = (tokenizer: TokenizerId) => ({ tokenizer, generic: false });
  if (litellmProvider === 'anthropic' || name.includes('claude')) return found('claude');
  if (name.includes('gemma')) return found('gemma');
  if (name.includes('gemini')) return found('gemini');
  if (/llama-?3|llama3/.test(name)) return found('llama3');
  if (name.includes('qwen') || name.includes('qwq')) return found('qwen2');
  if (/mistral|mixtral|codestral|ministral|pixtral|magistral|devstral|llama-?2/.test(name)) return found('mistral');
  if (/gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|chatgpt|gpt-oss|(^|[/.:])o[134](-|$)/.test(name)) return found('o200k_base');
  if (/text-davinci-00[23]|code-davinci/.test(name)) return found('p50k_base');
  if (/gpt-4|gpt-3\.5|gpt-35|davinci-002|babbage-002/.test(name)) return found('cl100k_base');
  if (/(^|\/)(davinci|curie|babbage|ada)$|text-(davinci|curie|babbage|ada)-001/.test(name)) return found('r50k_base');
  return { tokenizer: GENERIC_ESTIMATE, generic: true };
}

function tokenCount(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : null;
}

function price(spec: Record<string, unknown>, field: string, where: FieldLocator): Rate | null {
  const value = spec[field];
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return ratePerToken(value, field);
  if (typeof value === 'string' && DECIMAL.test(value.trim())) return ratePerToken(value.trim(), field);
  throw where.error(field, `${where.key}: ${field} is not a price in USD per token: ${JSON.stringify(value)}`);
}

/** Finds the line of a key's field in the JSON text, only when an error needs it. */
class FieldLocator {
  constructor(readonly text: string, readonly file: string, readonly key: string) {}

  error(field: string, message: string): CostlabError {
    const keyAt = this.text.indexOf(`${JSON.stringify(this.key)}:`) >= 0
      ? this.text.indexOf(`${JSON.stringify(this.key)}:`)
      : this.text.indexOf(JSON.stringify(this.key));
    const fieldAt = keyAt >= 0 ? this.text.indexOf(JSON.stringify(field), keyAt) : -1;
    const at = fieldAt >= 0 ? fieldAt : keyAt;
    return new CostlabError('bad-litellm-price', message, {
      hint: 'fix or delete that field (USD per token, e.g. 2.5e-06), or download the file again',
      location: { file: this.file, field: `${this.key}.${field}`, ...(at >= 0 ? lineColumn(this.text, at) : {}) },
    });
  }
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const offset = jsonErrorOffset(text);
    const detail = error instanceof Error ? error.message.split('\n')[0] : 'syntax error';
    throw new CostlabError('bad-json', `not valid JSON: ${detail}`, {
      hint: 'the file is damaged or not a LiteLLM price file; download it again',
      location: { file, ...lineColumn(text, offset < 0 ? text.length : offset) },
      cause: error,
    });
  }
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) { line++; lineStart = i + 1; }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Offset of the first JSON syntax error (Node 20's JSON.parse does not say where), or -1. */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const fail = (): never => { throw new JsonStop(i); };
  const ws = () => { while (i < text.length && ' \t\n\r'.includes(text.charAt(i))) i++; };
  const string = () => {
    i++;
    while (i < text.length) {
      const c = text.charAt(i);
      if (c === '"') { i++; return; }
      if (c === '\\') { i += 2; continue; }
      if (c < ' ') fail();
      i++;
    }
    fail();
  };
  const number = () => {
    const re = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    re.lastIndex = i;
    if (!re.exec(text)) fail();
    i = re.lastIndex;
  };
  const container = (close: string, member: () => void) => {
    i++;
    ws();
    if (text.charAt(i) === close) { i++; return; }
    for (;;) {
      member();
      ws();
      const c = text.charAt(i);
      if (c === ',') { i++; continue; }
      if (c === close) { i++; return; }
      fail();
    }
  };
  const value = (): void => {
    ws();
    const c = text.charAt(i);
    if (c === '{') return container('}', () => { ws(); if (text.charAt(i) !== '"') fail(); string(); ws(); if (text.charAt(i) !== ':') fail(); i++; value(); });
    if (c === '[') return container(']', value);
    if (c === '"') return string();
    if (c === '-' || (c >= '0' && c <= '9')) return number();
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, i)) { i += literal.length; return; }
    }
    fail();
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
    return -1;
  } catch (stop) {
    if (stop instanceof JsonStop) return stop.offset;
    throw stop;
  }
}

class JsonStop {
  constructor(readonly offset: number) {}
}
