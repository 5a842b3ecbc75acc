/** `costlab price --model M --input N --output N [...] [--batch] [--json]`: one request's usage in money. */
import { USAGE_COMPONENTS, formatScaled, formatUsd, makeUsage, moneyToUsdNumber, priceUsage, rateToUsdPerMTok } from '../../core/index.ts';
import { loadCatalog } from '../catalog-loader.ts';
import { formatInteger, renderTable } from '../format/table.ts';

interface PriceOptions {
  model: string;
  input: number;
  output: number;
  reasoning: number;
  cacheRead: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  batch?: boolean;
  json?: boolean;
}

const LABELS: Record<(typeof USAGE_COMPONENTS)[number], string> = {
  input: 'input',
  output: 'output',
  reasoning: 'reasoning',
  cacheRead: 'cache read',
  cacheWrite5m: 'cache write 5m',
  cacheWrite1h: 'cache write 1h',
};

export async function runPrice(options: PriceOptions): Promise<void> {
  const catalog = await loadCatalog();
  const model = catalog.resolve(options.model);
  const usage = makeUsage({
    input: options.input,
    output: options.output,
    reasoning: options.reasoning,
    cacheRead: options.cacheRead,
    cacheWrite5m: options.cacheWrite5m,
    cacheWrite1h: options.cacheWrite1h,
  });
  const price = priceUsage(model, usage, { batch: Boolean(options.batch) });
  if (options.json) {
    const components = Object.fromEntries(
      USAGE_COMPONENTS.map((name) => {
        const c = price.components[name];
        return [name, { tokens: c.tokens, ratePerMTokUsd: c.rate === null ? null : rateToUsdPerMTok(c.rate), usd: moneyToUsdNumber(c.cost) }];
      }),
    );
    const json = {
      model: price.model,
      mode: price.mode,
      tier: price.tier,
      totalUsd: moneyToUsdNumber(price.total),
      ...(price.total.known ? {} : { unknown: price.total.missing }),
      components,
      asOf: price.asOf,
      source: price.source,
    };
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    return;
  }
  const rows = USAGE_COMPONENTS.filter((name) => price.components[name].tokens > 0).map((name) => {
    const c = price.components[name];
    return [LABELS[name], formatInteger(c.tokens), c.rate === null ? 'unknown' : `$${formatScaled(c.rate, 6, 2)}`, formatUsd(c.cost)];
  });
  const table = renderTable(
    [{ header: 'component' }, { header: 'tokens', align: 'right' }, { header: '$/M tokens', align: 'right' }, { header: 'cost', align: 'right' }],
    rows,
  );
  const tier = price.tier ? ` — long-context rates (input above ${formatInteger(price.tier.aboveInputTokens)} tokens)` : '';
  process.stdout.write(
    `${price.model} (${price.mode}${tier})\n${table}\ntotal: ${formatUsd(price.total)}\nprices as of ${price.asOf} from ${price.source}\n`,
  );
}
