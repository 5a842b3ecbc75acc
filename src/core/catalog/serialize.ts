/** Catalog entries back into a catalog document (prices as exact decimal strings of USD per million tokens). */
import { formatScaled } from '../money/decimal.ts';
import type { Rate } from '../money/money.ts';
import type { ModelEntry, Rates } from './model.ts';
import type { CatalogDocument, ModelDocument } from './schema.ts';
import { RATE_FIELDS } from './schema.ts';

function rateText(rate: Rate | null | undefined): string | null {
  return rate === null || rate === undefined ? null : formatScaled(rate, 6);
}

function ratesDocument(rates: Partial<Rates>): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const field of RATE_FIELDS) if (field in rates) out[field] = rateText(rates[field]);
  return out;
}

export function entryToDocument(model: ModelEntry): ModelDocument {
  return {
    id: model.id,
    provider: model.provider,
    displayName: model.displayName,
    aliases: model.aliases,
    contextWindow: model.contextWindow,
    maxOutput: model.maxOutput,
    tokenizer: model.tokenizer,
    rates: model.rates ? (ratesDocument(model.rates) as ModelDocument['rates']) : null,
    longContext: model.longContext.map((tier) => ({
      aboveInputTokens: tier.aboveInputTokens,
      rates: ratesDocument(tier.rates) as NonNullable<ModelDocument['longContext']>[number]['rates'],
    })),
    selfHosted: model.selfHosted,
    source: model.source,
    asOf: model.asOf,
    ...(model.notes ? { notes: model.notes } : {}),
  };
}

export function entriesToDocument(models: readonly ModelEntry[]): CatalogDocument {
  return { models: models.map(entryToDocument) };
}
