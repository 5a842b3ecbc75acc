/** `costlab bill` output: the JSON contract and the human tables. */
import type { Bill, BillComparison, BillComponents, BillReport, Fraction, Money, ModelBill, ResolvedProfile, TokenDistribution, Waterfall } from '../core/index.ts';
import { BILL_COMPONENTS, F0, TOKEN_PARTS, addFraction, formatUsd, fractionToNumber, moneyToUsdNumber, moneyToUsdString, sumMoney } from '../core/index.ts';
import { renderTable } from './format/table.ts';

const COMPONENT_HEADERS: Record<(typeof BILL_COMPONENTS)[number], string> = {
  input: 'input', output: 'output', cacheWrite: 'cache write', cacheRead: 'cache read', batch: 'batch',
};

export function usd(money: Money): number | null {
  return moneyToUsdNumber(money);
}

function exact(money: Money): string | null {
  return money.known ? moneyToUsdString(money.pico) : null;
}

function componentsJson(components: BillComponents): Record<string, number | null> {
  return Object.fromEntries(BILL_COMPONENTS.map((c) => [c, usd(components[c])]));
}

function num(value: Fraction): number {
  return fractionToNumber(value);
}

function missing(money: Money): readonly string[] {
  return money.known ? [] : money.missing;
}

function modelJson(line: ModelBill): Record<string, unknown> {
  return {
    model: line.model,
    share: num(line.share),
    calls: num(line.calls),
    inputTokensPerCall: num(line.inputTokensPerCall),
    outputTokensPerCall: line.outputTokensPerCall,
    longContextAbove: line.tier,
    cache: line.cache === null ? null : {
      prefixTokens: line.cache.prefixTokens, ttlMinutes: line.cache.ttlMinutes, writeSurcharge: line.cache.writeSurcharge,
      writeCalls: num(line.cache.writeCalls), readCalls: num(line.cache.readCalls),
    },
    monthlyUsd: usd(line.total),
    monthlyUsdExact: exact(line.total),
    components: componentsJson(line.components),
    batchComponents: Object.fromEntries(TOKEN_PARTS.map((p) => [p, usd(line.batch[p].cost)])),
    tokens: {
      standard: Object.fromEntries(TOKEN_PARTS.map((p) => [p, num(line.standard[p].tokens)])),
      batch: Object.fromEntries(TOKEN_PARTS.map((p) => [p, num(line.batch[p].tokens)])),
    },
  };
}

function distributionJson(d: TokenDistribution): Record<string, unknown> {
  return { p10: d.p10, p50: d.p50, p90: d.p90, mean: d.mean, source: d.source, ...(d.samples !== undefined ? { samples: d.samples } : {}) };
}

/** The `--json` object: the contract keys (monthlyUsd, routes[{name, monthlyUsd, components}], projection, range) and more. */
export function billJson(profile: ResolvedProfile, report: BillReport): Record<string, unknown> {
  const { bill } = report;
  const unknowns = [...new Set([...missing(bill.total), ...missing(report.range.p10), ...missing(report.range.p90)])];
  return {
    profile: bill.profile,
    file: profile.file,
    daysPerMonth: num(profile.daysPerMonth),
    growthPerMonth: num(profile.growthPerMonth),
    monthlyUsd: usd(bill.total),
    monthlyUsdExact: exact(bill.total),
    components: componentsJson(bill.components),
    routes: bill.routes.map((route) => {
      const written = profile.routes.find((r) => r.name === route.name);
      return {
        name: route.name,
        monthlyUsd: usd(route.total),
        monthlyUsdExact: exact(route.total),
        components: componentsJson(route.components),
        requestsPerMonth: num(route.requests),
        semanticCacheHits: num(route.semanticHits),
        calls: num(route.calls),
        ...(written ? { tokens: { input: distributionJson(written.input), output: distributionJson(written.output) } } : {}),
        models: route.models.map(modelJson),
      };
    }),
    projection: report.projection.map((p) => ({ month: p.month, monthlyUsd: usd(p.total) })),
    yearUsd: usd(sumMoney(report.projection.map((p) => p.total))),
    range: { p10: usd(report.range.p10), p90: usd(report.range.p90) },
    prices: bill.prices,
    warnings: bill.warnings,
    ...(unknowns.length > 0 ? { unknown: unknowns } : {}),
  };
}

export function comparisonJson(b: ResolvedProfile, bReport: BillReport, comparison: BillComparison, waterfall: Waterfall): Record<string, unknown> {
  return {
    profile: comparison.b.profile,
    file: b.file,
    monthlyUsd: usd(comparison.b.total),
    savingUsd: usd(comparison.saving),
    savingUsdExact: exact(comparison.saving),
    components: componentsJson(comparison.components),
    routes: comparison.routes.map((r) => ({ name: r.name, aUsd: usd(r.a), bUsd: usd(r.b), savingUsd: usd(r.saving), components: componentsJson(r.components) })),
    waterfall: waterfall.steps.map((s) => ({ stage: s.stage, label: s.label, beforeUsd: usd(s.before), afterUsd: usd(s.after), savingUsd: usd(s.saving), savingUsdExact: exact(s.saving) })),
    bill: billJson(b, bReport),
  };
}

export function count(value: Fraction): string {
  return num(value).toLocaleString('en-US', { maximumFractionDigits: 2 });
}

function percent(value: Fraction): string {
  return `${(num(value) * 100).toLocaleString('en-US', { maximumFractionDigits: 2 })}%`;
}

/** The bill as tables: one line per route and model, the notes per route, range, projection and price sources. */
export function billText(profile: ResolvedProfile, report: BillReport): string {
  const { bill } = report;
  const lines: string[] = [];
  const growth = num(profile.growthPerMonth);
  lines.push(`${bill.profile} — ${profile.file} · ${count(profile.daysPerMonth)} days/month${growth !== 0 ? ` · growth ${percent(profile.growthPerMonth)}/month` : ''}`, '');
  const rows: string[][] = [];
  for (const route of bill.routes) {
    for (const line of route.models) {
      rows.push([route.name, line.model, count(line.calls), ...BILL_COMPONENTS.map((c) => formatUsd(line.components[c])), formatUsd(line.total)]);
    }
  }
  rows.push(['total', '', count(bill.routes.reduce((sum, r) => addFraction(sum, r.calls), F0)), ...BILL_COMPONENTS.map((c) => formatUsd(bill.components[c])), formatUsd(bill.total)]);
  lines.push(renderTable(
    [{ header: 'route' }, { header: 'model' }, { header: 'calls/month', align: 'right' }, ...BILL_COMPONENTS.map((c) => ({ header: COMPONENT_HEADERS[c], align: 'right' as const })), { header: 'per month', align: 'right' }],
    rows,
  ), '');
  for (const route of bill.routes) lines.push(routeNote(profile, bill, route.name));
  lines.push('');
  lines.push(`range (every request at its p10 / p90 size): ${formatUsd(report.range.p10)} – ${formatUsd(report.range.p90)} per month`);
  const year = sumMoney(report.projection.map((p) => p.total));
  const months = report.projection.map((p) => formatUsd(p.total));
  lines.push(`next 12 months${growth !== 0 ? ` (growth ${percent(profile.growthPerMonth)}/month, compounding)` : ''}: ${months.join(', ')} · year ${formatUsd(year)}`);
  for (const warning of bill.warnings) lines.push(`warning: ${warning}`);
  for (const p of bill.prices) lines.push(`prices: ${p.model} ${p.source} as of ${p.asOf}`);
  return `${lines.join('\n')}\n`;
}

function routeNote(profile: ResolvedProfile, bill: Bill, name: string): string {
  const route = bill.routes.find((r) => r.name === name);
  const written = profile.routes.find((r) => r.name === name);
  if (!route || !written) return '';
  const parts = [`${count(route.requests)} requests/month`];
  if (route.semanticHits.n !== 0n) parts.push(`${count(route.semanticHits)} semantic-cache hits (${percent(written.semanticCacheHitRate)}, $0)`);
  if (written.model.kind === 'router') parts.push(`router: ${percent(written.model.strongShare)} to ${written.model.strong}`);
  parts.push(`input ${written.input.mean.toLocaleString("en-US")} tokens (${written.input.source}), output ${written.output.mean.toLocaleString("en-US")}`);
  if (written.compressionRate.n !== written.compressionRate.d) parts.push(`compression × ${count(written.compressionRate)}`);
  for (const line of route.models) {
    if (line.cache) {
      parts.push(`${line.model}: ${line.cache.prefixTokens.toLocaleString('en-US')}-token prefix cached (${line.cache.ttlMinutes}-minute lifetime): ${count(line.cache.writeCalls)} ${line.cache.writeSurcharge ? 'writes' : 'misses'}, ${count(line.cache.readCalls)} reads`);
    }
  }
  if (written.batchShare.n !== 0n) parts.push(`${percent(written.batchShare)} through the Batch API`);
  return `${name}: ${parts.join(' · ')}`;
}

/** A and B side by side, then the waterfall of savings. */
export function comparisonText(comparison: BillComparison, waterfall: Waterfall): string {
  const { a, b } = comparison;
  const lines: string[] = [];
  const share = a.total.known && comparison.saving.known && a.total.pico !== 0n
    ? ` (${((Number(comparison.saving.pico) / Number(a.total.pico)) * 100).toFixed(1)}%)` : '';
  lines.push(`compare: ${a.profile} ${formatUsd(a.total)} → ${b.profile} ${formatUsd(b.total)} per month: saves ${formatUsd(comparison.saving)}${share}`, '');
  lines.push(renderTable(
    [{ header: 'route' }, { header: a.profile, align: 'right' }, { header: b.profile, align: 'right' }, { header: 'saving', align: 'right' }, ...BILL_COMPONENTS.map((c) => ({ header: COMPONENT_HEADERS[c], align: 'right' as const }))],
    [
      ...comparison.routes.map((r) => [r.name, formatUsd(r.a), formatUsd(r.b), formatUsd(r.saving), ...BILL_COMPONENTS.map((c) => formatUsd(r.components[c]))]),
      ['total', formatUsd(a.total), formatUsd(b.total), formatUsd(comparison.saving), ...BILL_COMPONENTS.map((c) => formatUsd(comparison.components[c]))],
    ],
  ), '');
  lines.push('savings waterfall (each lever measured on what the earlier ones left; they add up to the difference):');
  lines.push(renderTable(
    [{ header: 'stage' }, { header: 'before', align: 'right' }, { header: 'after', align: 'right' }, { header: 'saving', align: 'right' }],
    [
      ...waterfall.steps.map((s) => [s.label, formatUsd(s.before), formatUsd(s.after), formatUsd(s.saving)]),
      ['total', formatUsd(waterfall.a), formatUsd(waterfall.b), formatUsd(waterfall.total)],
    ],
  ));
  return `${lines.join('\n')}\n`;
}
