/**
 * `costlab cache-advice --model M --prefix-tokens N --requests-per-hour R [--days D] [--batch-share S
 * [--input-tokens N] [--output-tokens N]] [--json]`: the expected cost of the prefix per request and per
 * month with no caching and with each cache the provider offers, the reuses and the request rate from which
 * each pays off; with --batch-share, what sending that share through the Batch API saves. Formulas:
 * core/economics/cache-advice.ts and batch-advice.ts.
 */
import type { ArrivalPattern, BatchAdvice, CacheAdvice, Money } from '../../core/index.ts';
import { CostlabError, F0, F1, batchAdvice, cacheAdvice, formatUsd, fractionToNumber, frac, moneyToUsdNumber, moneyToUsdString } from '../../core/index.ts';
import { decimalOption, inRange } from '../breakeven-options.ts';
import { loadCatalog } from '../catalog-loader.ts';
import { renderTable } from '../format/table.ts';

export interface CacheAdviceOptions {
  model: string;
  prefixTokens: number;
  requestsPerHour: string;
  days?: string;
  pattern?: string;
  batchShare?: string;
  inputTokens?: number;
  outputTokens?: number;
  json?: boolean;
}

function exact(money: Money): string | null {
  return money.known ? moneyToUsdString(money.pico) : null;
}

/** `--pattern poisson` (default), `regular`, or `bursty:B` (bursts of B requests). */
export function parsePattern(value: string | undefined): ArrivalPattern {
  const text = (value ?? 'poisson').trim();
  if (text === 'poisson' || text === 'regular') return { kind: text };
  const burst = /^bursty:(\d+)$/.exec(text);
  if (burst && Number(burst[1]) >= 1) return { kind: 'bursty', burstSize: Number(burst[1]) };
  throw new CostlabError('bad-option', `--pattern ${text} is not an arrival pattern`, {
    location: { field: '--pattern' },
    hint: 'use poisson (independent arrivals), regular (evenly spaced) or bursty:B (bursts of B requests, e.g. bursty:5)',
  });
}

function patternText(pattern: ArrivalPattern): string {
  if (pattern.kind === 'poisson') return 'Poisson arrivals';
  if (pattern.kind === 'regular') return 'evenly spaced';
  return `in bursts of ${pattern.burstSize}`;
}

export async function runCacheAdvice(options: CacheAdviceOptions): Promise<void> {
  const pattern = parsePattern(options.pattern);
  const catalog = await loadCatalog();
  const model = catalog.resolve(options.model);
  const rate = inRange(decimalOption(options.requestsPerHour, '--requests-per-hour', F0), '--requests-per-hour', F0);
  const days = inRange(decimalOption(options.days, '--days', frac(30n)), '--days', F0, frac(31n), true);
  const advice = cacheAdvice({ model, prefixTokens: options.prefixTokens, requestsPerHour: fractionToNumber(rate), daysPerMonth: days, pattern });
  const share = decimalOption(options.batchShare, '--batch-share');
  const batch = share === undefined ? null : batchAdvice({
    model,
    inputTokens: options.inputTokens ?? options.prefixTokens,
    outputTokens: options.outputTokens ?? 0,
    requestsPerMonth: advice.requestsPerMonth,
    tolerantShare: inRange(share, '--batch-share', F0, F1),
  });
  process.stdout.write(options.json ? `${JSON.stringify(adviceJson(advice, batch), null, 2)}\n` : adviceText(advice, batch, share === undefined ? null : fractionToNumber(share)));
}

function adviceJson(advice: CacheAdvice, batch: BatchAdvice | null): Record<string, unknown> {
  return {
    model: advice.model,
    prefixTokens: advice.prefixTokens,
    requestsPerHour: advice.requestsPerHour,
    pattern: advice.pattern.kind === 'bursty' ? `bursty:${advice.pattern.burstSize}` : advice.pattern.kind,
    requestsPerMonth: fractionToNumber(advice.requestsPerMonth),
    cacheable: advice.cacheable,
    reason: advice.reason,
    minTokens: advice.rules?.minTokens ?? null,
    longContextAboveTokens: advice.longContextAbove,
    options: advice.options.map((o) => ({
      kind: o.kind, label: o.label, ttlMinutes: o.ttlMinutes, cachedTokens: o.cachedTokens, hitProbability: o.hitProbability,
      perRequestUsd: moneyToUsdNumber(o.perRequest), monthlyUsd: moneyToUsdNumber(o.perMonth), monthlyUsdExact: exact(o.perMonth),
      savingMonthlyUsd: moneyToUsdNumber(o.savingPerMonth), breakEvenReuses: o.breakEvenReuses, breakEvenRequestsPerHour: o.breakEvenRequestsPerHour,
    })),
    best: advice.best,
    ...(batch ? { batch: { available: batch.available, reason: batch.reason, standardMonthlyUsd: moneyToUsdNumber(batch.standard), withBatchMonthlyUsd: moneyToUsdNumber(batch.withBatch), savingMonthlyUsd: moneyToUsdNumber(batch.saving) } } : {}),
    source: advice.source,
    asOf: advice.asOf,
    rulesSource: advice.rules?.source ?? null,
  };
}

function adviceText(advice: CacheAdvice, batch: BatchAdvice | null, share: number | null): string {
  const perMonth = fractionToNumber(advice.requestsPerMonth).toLocaleString('en-US', { maximumFractionDigits: 2 });
  const lines = [
    `${advice.model}: a ${advice.prefixTokens.toLocaleString('en-US')}-token prefix, ${advice.requestsPerHour.toLocaleString('en-US')} requests/hour (${patternText(advice.pattern)}) = ${perMonth} requests/month`,
  ];
  if (advice.longContextAbove !== null) {
    lines.push(`long-context rates: the prefix is above ${advice.longContextAbove.toLocaleString('en-US')} tokens, so every option is priced at ${advice.model}'s long-context tier`);
  }
  if (!advice.cacheable) lines.push(`not cacheable: ${advice.reason ?? ''}`);
  lines.push('', renderTable(
    [{ header: 'option' }, { header: 'P(hit)', align: 'right' }, { header: 'per request', align: 'right' }, { header: 'per month', align: 'right' }, { header: 'saving/month', align: 'right' }, { header: 'pays off from', align: 'right' }],
    advice.options.map((o) => [
      o.label + (o.cachedTokens > 0 && o.cachedTokens !== advice.prefixTokens ? ` (${o.cachedTokens.toLocaleString('en-US')} tokens cached)` : ''),
      o.kind === 'none' ? '' : `${(o.hitProbability * 100).toFixed(1)}%`,
      formatUsd(o.perRequest),
      formatUsd(o.perMonth),
      o.kind === 'none' ? '' : formatUsd(o.savingPerMonth),
      o.breakEvenReuses === null ? '' : `${o.breakEvenReuses} reuse${o.breakEvenReuses === 1 ? '' : 's'} per write, ${o.breakEvenRequestsPerHour === 0 ? 'any rate' : `${(o.breakEvenRequestsPerHour ?? 0).toFixed(2)} req/h`}`,
    ]),
  ));
  const best = advice.options.find((o) => o.kind === advice.best);
  lines.push('', `cheapest: ${best?.label ?? advice.best}`);
  if (batch && share !== null) {
    lines.push(batch.available && batch.reason === null
      ? `batch: sending ${(share * 100).toFixed(1)}% of the requests through the Batch API (24-hour turnaround) saves ${formatUsd(batch.saving)}/month of ${formatUsd(batch.standard)} (uncached prices)`
      : `batch: ${batch.reason ?? 'no saving'}`);
  }
  lines.push(`prices: ${advice.model} ${advice.source} as of ${advice.asOf}`);
  if (advice.rules) lines.push(`cache rules: ${advice.rules.source}`);
  return `${lines.join('\n')}\n`;
}
