/**
 * `costlab bill PROFILE [--compare PROFILE] [--json]`: the monthly bill of a traffic profile by route, model
 * and component, its 12-month projection, its p10–p90 range, and with --compare the difference and the
 * savings waterfall. Writes nothing.
 */
import { billReport, compareBills, savingsWaterfall } from '../../core/index.ts';
import { billJson, billText, comparisonJson, comparisonText } from '../bill-format.ts';
import { loadCatalog } from '../catalog-loader.ts';
import { loadProfile } from '../profile-load.ts';

export interface BillOptions {
  compare?: string;
  json?: boolean;
}

export async function runBill(path: string, options: BillOptions): Promise<void> {
  const catalog = await loadCatalog();
  const profile = await loadProfile(path, catalog);
  const report = billReport(profile, catalog);
  if (options.compare === undefined) {
    process.stdout.write(options.json ? `${JSON.stringify(billJson(profile, report), null, 2)}\n` : billText(profile, report));
    return;
  }
  const other = await loadProfile(options.compare, catalog);
  const otherReport = billReport(other, catalog);
  const comparison = compareBills(report.bill, otherReport.bill);
  const waterfall = savingsWaterfall(profile, other, catalog);
  if (options.json) {
    const json = { ...billJson(profile, report), compare: comparisonJson(other, otherReport, comparison, waterfall) };
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    return;
  }
  process.stdout.write(`${billText(profile, report)}\n${billText(other, otherReport)}\n${comparisonText(comparison, waterfall)}`);
}
