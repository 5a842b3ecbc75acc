/**
 * The model catalog: layers applied in order — bundled, then imported (e.g. LiteLLM), then user
 * override files. A later layer adds models, or corrects an existing one it names by provider + id
 * (or one of its aliases):
 * - an imported entry corrects the fields it knows (non-null rates, limits, long-context tiers), and
 *   only when its asOf is the same as or later than the entry it corrects — an older import never
 *   overwrites newer prices, it only adds models; the tokenizer and display name stay;
 * - an override entry corrects exactly the fields it gives (see overrides.ts).
 *
 * `resolve` accepts `provider:model`, `provider/model`, bare ids and aliases, case-insensitively. Ids
 * may contain `/` or `:` themselves (`meta-llama/Llama-3.1-8B-Instruct`, `llama3.1:8b`), so the whole
 * string is tried as an id or alias too. A bare name several providers share resolves to the bundled
 * (first-party) provider's model; failing that it is ambiguous. A run target through a local server
 * (`ollama:llama3.1:8b`, `vllm:meta-llama/Llama-3.1-8B-Instruct@http://…`) that no model is named after
 * resolves to the model it serves, as `costlab run` reads it, so `price` and `count` take the same names.
 */
import { CostlabError } from '../errors.ts';
import { bundledModels } from './bundled-catalog.ts';
import type { ModelEntry, Rates } from './model.ts';
import { modelKey } from './model.ts';
import { applyPatch } from './overrides.ts';
import type { OverrideFile } from './overrides.ts';
import { RATE_FIELDS, cleanAliases, editDistance } from './schema.ts';

/** `route:MODEL[@http(s)://…]` for the local servers costlab run reaches: MODEL is what the catalog knows. */
const SERVED_THROUGH = /^(ollama|vllm|llamacpp|lmstudio|openai-compatible):(.+?)(?:@https?:\/\/.*)?$/;

export interface CatalogLayers {
  /** The bundled layer; defaults to the bundled catalog. Its providers count as first-party. */
  bundled?: readonly ModelEntry[];
  /** Imported layers (e.g. a LiteLLM import), applied in order. */
  imported?: readonly (readonly ModelEntry[])[];
  /** Parsed override files, applied in order (user config dir first, then the project's costlab.yaml). */
  overrides?: readonly OverrideFile[];
}

export class Catalog {
  private readonly models: ModelEntry[] = [];
  /** `provider\u0000name` (lowercase id or alias) → index in `models`. */
  private readonly byProviderName = new Map<string, number>();
  /** lowercase id or alias → indexes of the models known by it. */
  private readonly byName = new Map<string, number[]>();
  private readonly providerSet = new Set<string>();
  private readonly firstParty: ReadonlySet<string>;

  constructor(layers: CatalogLayers = {}) {
    const bundled = layers.bundled ?? bundledModels();
    this.firstParty = new Set(bundled.map((model) => model.provider.toLowerCase()));
    for (const model of bundled) this.put(model);
    for (const layer of layers.imported ?? []) {
      for (const incoming of layer) {
        const at = this.find(incoming.provider, [incoming.id, ...incoming.aliases]);
        if (at === undefined) this.put(incoming);
        else this.replace(at, correctWith(this.at(at), incoming));
      }
    }
    for (const file of layers.overrides ?? []) {
      for (const patch of file.models) {
        const at = this.find(patch.provider, [patch.id]);
        const entry = applyPatch(at === undefined ? undefined : this.at(at), patch, file);
        if (at === undefined) this.put(entry);
        else this.replace(at, entry);
      }
    }
    this.reindex();
  }

  /** The model a reference names; throws CostlabError('unknown-model' | 'ambiguous-model'). */
  resolve(ref: string): ModelEntry {
    const found = this.tryResolve(ref);
    if (found) return found;
    throw this.unknown(ref);
  }

  /**
   * Like resolve, but undefined for an unknown reference (ambiguity still throws). `served: false` leaves out
   * the local-server route (`ollama:…`), for a caller that keeps the route apart from the model.
   */
  tryResolve(ref: string, options: { served?: boolean } = {}): ModelEntry | undefined {
    const query = ref.trim().toLowerCase();
    if (query === '') return undefined;
    for (const separator of [':', '/']) {
      const at = query.indexOf(separator);
      if (at <= 0) continue;
      const provider = query.slice(0, at);
      if (!this.providerSet.has(provider)) continue;
      const hit = this.byProviderName.get(`${provider}\u0000${query.slice(at + 1)}`);
      if (hit !== undefined) return this.at(hit);
    }
    const hits = this.byName.get(query);
    if (hits && hits.length > 0) return this.pick(ref, query, hits);
    const served = options.served === false ? undefined : SERVED_THROUGH.exec(query)?.[2];
    return served === undefined ? undefined : this.tryResolve(served);
  }

  /** Models in catalog order, optionally of one provider. */
  list(filter: { provider?: string } = {}): ModelEntry[] {
    const provider = filter.provider?.toLowerCase();
    return provider === undefined ? [...this.models] : this.models.filter((model) => model.provider === provider);
  }

  /** Provider names, sorted. */
  providers(): string[] {
    return [...this.providerSet].sort();
  }

  get size(): number {
    return this.models.length;
  }

  private at(index: number): ModelEntry {
    const model = this.models[index];
    if (!model) throw new Error(`catalog index ${index} out of range`);
    return model;
  }

  private find(provider: string, names: readonly string[]): number | undefined {
    const p = provider.toLowerCase();
    for (const name of names) {
      const hit = this.byProviderName.get(`${p}\u0000${name.toLowerCase()}`);
      if (hit !== undefined) return hit;
    }
    return undefined;
  }

  private put(model: ModelEntry): void {
    this.models.push(model);
    this.index(this.models.length - 1);
  }

  private replace(at: number, model: ModelEntry): void {
    this.models[at] = model;
    this.index(at);
  }

  private index(at: number): void {
    const model = this.at(at);
    const provider = model.provider.toLowerCase();
    this.providerSet.add(provider);
    for (const name of [model.id, ...model.aliases]) {
      const key = `${provider}\u0000${name.toLowerCase()}`;
      if (!this.byProviderName.has(key) || name === model.id) this.byProviderName.set(key, at);
    }
  }

  /** Builds the bare-name index once all layers are in (ids first so they outrank aliases). */
  private reindex(): void {
    this.byName.clear();
    const add = (name: string, at: number) => {
      const list = this.byName.get(name) ?? [];
      if (!list.includes(at)) list.push(at);
      this.byName.set(name, list);
    };
    this.models.forEach((model, at) => add(model.id.toLowerCase(), at));
    this.models.forEach((model, at) => model.aliases.forEach((alias) => add(alias.toLowerCase(), at)));
  }

  private pick(ref: string, query: string, hits: readonly number[]): ModelEntry {
    const models = hits.map((at) => this.at(at));
    const firstParty = models.filter((model) => this.firstParty.has(model.provider));
    const pool = firstParty.length > 0 ? firstParty : models;
    const exact = pool.filter((model) => model.id.toLowerCase() === query);
    const best = exact.length > 0 ? exact : pool;
    const [winner] = best;
    if (winner && (best.length === 1 || firstParty.length > 0)) return winner;
    const keys = best.map(modelKey);
    throw new CostlabError('ambiguous-model', `'${ref}' names ${keys.length} models: ${keys.join(', ')}`, {
      hint: `write it as provider:model, e.g. ${keys[0] ?? 'openai:gpt-4o'}`,
    });
  }

  private unknown(ref: string): CostlabError {
    const closest = this.closest(ref, 3);
    const tail = closest.length > 0 ? `; closest: ${closest.join(', ')}` : '';
    return new CostlabError('unknown-model', `unknown model '${ref}'${tail}`, {
      hint: "run 'costlab models' to list them",
    });
  }

  /** The `count` model keys closest to `ref` by edit distance over keys, ids and aliases. */
  closest(ref: string, count: number): string[] {
    const query = ref.trim().toLowerCase();
    const scored = this.models.map((model, order) => {
      const names = [modelKey(model), model.id, ...model.aliases].map((name) => name.toLowerCase());
      const distance = Math.min(...names.map((name) => editDistance(query, name)));
      return { key: modelKey(model), distance, rank: this.firstParty.has(model.provider) ? 0 : 1, order };
    });
    // Ties go to first-party models, then to catalog order.
    scored.sort((a, b) => a.distance - b.distance || a.rank - b.rank || a.order - b.order);
    return scored.slice(0, count).map((item) => item.key);
  }
}

/** An imported entry correcting an existing one: see the rules at the top of this file. */
function correctWith(existing: ModelEntry, incoming: ModelEntry): ModelEntry {
  if (incoming.asOf < existing.asOf) {
    return { ...existing, aliases: cleanAliases(existing.id, [...existing.aliases, incoming.id, ...incoming.aliases]) };
  }
  let rates: Rates | null = existing.rates;
  if (incoming.rates && !existing.selfHosted) {
    const merged = { ...(existing.rates ?? incoming.rates) };
    for (const field of RATE_FIELDS) {
      const value = incoming.rates[field];
      if (value !== null) merged[field] = value;
    }
    rates = merged;
  }
  const kept = `Fields the import does not give are kept from the ${existing.origin} entry (${existing.source}, as of ${existing.asOf}).`;
  return {
    ...existing,
    aliases: cleanAliases(existing.id, [...existing.aliases, incoming.id, ...incoming.aliases]),
    contextWindow: incoming.contextWindow ?? existing.contextWindow,
    maxOutput: incoming.maxOutput ?? existing.maxOutput,
    rates,
    longContext: incoming.longContext.length > 0 ? incoming.longContext : existing.longContext,
    source: incoming.source,
    asOf: incoming.asOf,
    origin: incoming.origin,
    notes: incoming.notes ? `${incoming.notes} ${kept}` : kept,
  };
}
