/**
 * Token counts that follow an editor edit by edit: one IncrementalCounter per base tokenizer (GPT-4o,
 * GPT-4.1, Claude's and Gemini's estimates all share o200k_base), each edit applied to each of them, and
 * every model's count read from its base — exact, or the base count times the model's sourced factor (≈).
 *
 * Counters arrive one by one (tokenizers load lazily, after the first paint): `attach` starts a model's
 * base counter on the current text; until then the model's count is null ("counting…").
 */
import { BpeTokenizer, EstimatingCounter, IncrementalCounter, modelKey } from '../core/index.ts';
import type { EstimateBasis, ModelEntry, TokenCounter } from '../core/index.ts';
import type { Edit } from './text-buffer.ts';

export interface ModelCount {
  model: ModelEntry;
  /** Null while the model's tokenizer is loading (or failed to). */
  tokens: number | null;
  exact: boolean;
  estimate?: EstimateBasis;
  /** Why there is no count. */
  error?: string;
}

interface Slot {
  model: ModelEntry;
  counter: TokenCounter | null;
  base: IncrementalCounter | null;
  error?: string;
}

export class LiveCounts {
  private readonly bases = new Map<string, IncrementalCounter>();
  private readonly slots = new Map<string, Slot>();

  /** `text()` gives the editor's current text (read when a counter is attached). */
  constructor(
    models: readonly ModelEntry[],
    private readonly text: () => string,
  ) {
    for (const model of models) this.slots.set(modelKey(model), { model, counter: null, base: null });
  }

  /** Starts counting a model with its counter (its base tokenizer's incremental counter is shared). */
  attach(model: ModelEntry, counter: TokenCounter): void {
    const slot = this.slots.get(modelKey(model));
    if (!slot) return;
    const base = baseOf(counter);
    slot.counter = counter;
    if (base === null) {
      slot.error = `${counter.id} cannot count incrementally`;
      return;
    }
    let incremental = this.bases.get(base.id);
    if (!incremental) {
      incremental = new IncrementalCounter(base, this.text());
      this.bases.set(base.id, incremental);
    }
    slot.base = incremental;
  }

  /** Whether a model already has its counter. */
  has(model: ModelEntry): boolean {
    return this.slots.get(modelKey(model))?.counter != null;
  }

  /** A model's tokenizer could not be loaded. */
  fail(model: ModelEntry, message: string): void {
    const slot = this.slots.get(modelKey(model));
    if (slot) slot.error = message;
  }

  /** Applies an edit to every base counter. */
  edit(edit: Edit): void {
    for (const counter of this.bases.values()) counter.replace(edit.from, edit.to, edit.insert);
  }

  /** Replaces the whole text (re-counting only what differs). */
  setText(text: string): void {
    for (const counter of this.bases.values()) counter.setText(text);
  }

  counts(): ModelCount[] {
    return [...this.slots.values()].map((slot) => {
      const { model, counter, base } = slot;
      if (!counter || !base) return { model, tokens: null, exact: counter?.exact ?? true, ...(slot.error ? { error: slot.error } : {}) };
      const tokens = counter instanceof EstimatingCounter ? counter.scale(base.tokens) : base.tokens;
      return { model, tokens, exact: counter.exact, ...(counter.estimate && !counter.exact ? { estimate: counter.estimate } : {}) };
    });
  }
}

/** The exact tokenizer a counter counts with (itself, or an estimate's base). */
function baseOf(counter: TokenCounter): BpeTokenizer | null {
  if (counter instanceof BpeTokenizer) return counter;
  if (counter instanceof EstimatingCounter) return counter.base;
  return null;
}
