/** `costlab models [--provider P] [--json]`; a provider the catalog does not know is bad input (exit 2). */
import { CostlabError, closestMatch, formatScaled, rateToUsdPerMTok } from '../../core/index.ts';
import type { ModelEntry, Rate } from '../../core/index.ts';
import { loadCatalog } from '../catalog-loader.ts';
import { formatInteger, plural, renderTable } from '../format/table.ts';

function perMTok(rate: Rate | null | undefined): number | null {
  return rate === null || rate === undefined ? null : rateToUsdPerMTok(rate);
}

export function modelJson(model: ModelEntry) {
  const r = model.rates;
  return {
    id: model.id,
    provider: model.provider,
    displayName: model.displayName,
    aliases: model.aliases,
    contextWindow: model.contextWindow,
    maxOutput: model.maxOutput,
    tokenizer: model.tokenizer,
    selfHosted: model.selfHosted,
    inputPerMTok: perMTok(r?.input),
    outputPerMTok: perMTok(r?.output),
    reasoningOutputPerMTok: perMTok(r?.reasoningOutput),
    cacheReadPerMTok: perMTok(r?.cacheRead),
    cacheWrite5mPerMTok: perMTok(r?.cacheWrite5m),
    cacheWrite1hPerMTok: perMTok(r?.cacheWrite1h),
    batchInputPerMTok: perMTok(r?.batchInput),
    batchOutputPerMTok: perMTok(r?.batchOutput),
    longContext: model.longContext.map((tier) => ({
      aboveInputTokens: tier.aboveInputTokens,
      inputPerMTok: perMTok(tier.rates.input),
      outputPerMTok: perMTok(tier.rates.output),
    })),
    source: model.source,
    asOf: model.asOf,
    origin: model.origin,
  };
}

/** A rate in USD per million tokens, exactly as the catalog has it (at least two decimals). */
function rateCell(rate: Rate | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `$${formatScaled(rate, 6, 2)}`;
}

export async function runModels(options: { provider?: string; json?: boolean }): Promise<void> {
  const catalog = await loadCatalog();
  if (options.provider !== undefined && !catalog.providers().includes(options.provider.trim().toLowerCase())) {
    const known = catalog.providers();
    const near = closestMatch(options.provider.trim(), known);
    throw new CostlabError('unknown-provider', `--provider: no provider '${options.provider}' in the catalog`, {
      hint: `${near ? `did you mean '${near}'? ` : ''}the providers: ${known.join(', ')}`,
    });
  }
  const models = catalog.list(options.provider ? { provider: options.provider.trim() } : {});
  if (options.json) {
    process.stdout.write(`${JSON.stringify(models.map(modelJson), null, 2)}\n`);
    return;
  }
  const rows = models.map((m) => [
    `${m.provider}:${m.id}`,
    m.contextWindow === null ? '?' : formatInteger(m.contextWindow),
    m.selfHosted ? 'self-hosted' : rateCell(m.rates?.input),
    m.selfHosted ? '' : rateCell(m.rates?.output),
    m.selfHosted ? '' : rateCell(m.rates?.cacheRead),
    m.selfHosted ? '' : rateCell(m.rates?.batchInput),
    m.tokenizer,
    m.asOf,
  ]);
  process.stdout.write(
    `${renderTable(
      [
        { header: 'model' },
        { header: 'context', align: 'right' },
        { header: 'in $/M', align: 'right' },
        { header: 'out $/M', align: 'right' },
        { header: 'cache rd', align: 'right' },
        { header: 'batch in', align: 'right' },
        { header: 'tokenizer' },
        { header: 'as of' },
      ],
      rows,
    )}\n${plural(models.length, 'model')}. Prices in USD per million tokens; — = unknown or not offered. Sources: costlab models --json.\n`,
  );
}
