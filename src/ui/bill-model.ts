/**
 * The Bill screen's form over a traffic profile (core/economics profile.ts), apart from its rendering: which
 * fields a route has, how ←/→ step each one, and the bill as bars. Every edit returns a new profile; the bill
 * is core's forecastBill of it, so the screen shows exactly what `costlab bill` would.
 *
 * Steps: requests per day and token sizes ×1.25 / ÷1.25 (rounded to whole numbers; a size scales its whole
 * distribution), the semantic-cache hit rate and the strong share ±0.05, the batch share and the compression
 * rate ±0.1, each clamped to what the profile format allows.
 */
import { BILL_COMPONENTS, formatUsd, fromDecimal, fractionToNumber, frac, moneyToUsdNumber } from '../core/index.ts';
import type { AppError } from './app-data.ts';
import type { Bill, BillComponent, Fraction, Money, ResolvedProfile, ResolvedRoute, TokenDistribution } from '../core/index.ts';
import type { BarRow } from './components/BarChart.tsx';

export interface LoadedProfile {
  /** The file it came from, as shown to the user. */
  file: string;
  profile: ResolvedProfile;
}

export interface ProfilesLoad {
  profiles: LoadedProfile[];
  errors: AppError[];
}

export const BILL_FIELDS = ['requests', 'input', 'output', 'cacheHit', 'strongShare', 'batch', 'compression'] as const;
export type BillField = (typeof BILL_FIELDS)[number];

export const FIELD_LABELS: Record<BillField, string> = {
  requests: 'requests per day',
  input: 'input tokens (mean)',
  output: 'output tokens (mean)',
  cacheHit: 'semantic-cache hit rate',
  strongShare: 'strong share (router)',
  batch: 'batch share',
  compression: 'compression (input ×)',
};

export const SIZE_STEP = 1.25;

const num = (f: Fraction) => fractionToNumber(f);
/** A decimal to 2 places as an exact fraction (0.35 → 7/20). */
const hundredths = (x: number) => fromDecimal(x.toFixed(2));
const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, x));

/** The form stops at a billion requests a day (about 11,600 a second), past any one feature's traffic. */
export const MAX_REQUESTS_PER_DAY = 1_000_000_000;

/** Every figure of a distribution × factor, whole tokens (at least 1 where it was above 0). */
export function scaleDistribution(d: TokenDistribution, factor: number): TokenDistribution {
  const scale = (t: number) => (t === 0 ? 0 : Math.max(1, Math.round(t * factor)));
  const edited = d.source.endsWith('(edited)') ? d.source : `${d.source} (edited)`;
  return { ...d, p10: scale(d.p10), p50: scale(d.p50), p90: scale(d.p90), mean: scale(d.mean), source: edited };
}

/** Whether a field applies to a route (the strong share only to a router). */
export function fieldApplies(route: ResolvedRoute, field: BillField): boolean {
  return field !== 'strongShare' || route.model.kind === 'router';
}

/** The route with one field stepped up (+1) or down (−1). */
export function stepField(route: ResolvedRoute, field: BillField, direction: 1 | -1): ResolvedRoute {
  const factor = direction > 0 ? SIZE_STEP : 1 / SIZE_STEP;
  switch (field) {
    case 'requests':
      return { ...route, requestsPerDay: frac(clamp(Math.round(num(route.requestsPerDay) * factor), direction > 0 ? 1 : 0, MAX_REQUESTS_PER_DAY)) };
    case 'input':
      return { ...route, input: scaleDistribution(route.input, factor) };
    case 'output':
      return { ...route, output: scaleDistribution(route.output, factor) };
    case 'cacheHit':
      return { ...route, semanticCacheHitRate: hundredths(clamp(num(route.semanticCacheHitRate) + 0.05 * direction, 0, 0.95)) };
    case 'strongShare':
      if (route.model.kind !== 'router') return route;
      return { ...route, model: { ...route.model, strongShare: hundredths(clamp(num(route.model.strongShare) + 0.05 * direction, 0, 1)) } };
    case 'batch':
      return { ...route, batchShare: hundredths(clamp(num(route.batchShare) + 0.1 * direction, 0, 1)) };
    case 'compression':
      return { ...route, compressionRate: hundredths(clamp(num(route.compressionRate) + 0.1 * direction, 0.1, 1)) };
  }
}

/** The profile with route `index` replaced by `route`. */
export function withRoute(profile: ResolvedProfile, index: number, route: ResolvedRoute): ResolvedProfile {
  return { ...profile, routes: profile.routes.map((r, i) => (i === index ? route : r)) };
}

const percent = (f: Fraction) => `${Math.round(num(f) * 100)}%`;

/** A field's value as the form shows it. */
export function fieldValue(route: ResolvedRoute, field: BillField): string {
  switch (field) {
    case 'requests':
      return Math.round(num(route.requestsPerDay)).toLocaleString('en-US');
    case 'input':
      return route.input.mean.toLocaleString('en-US');
    case 'output':
      return route.output.mean.toLocaleString('en-US');
    case 'cacheHit':
      return percent(route.semanticCacheHitRate);
    case 'strongShare':
      return route.model.kind === 'router' ? percent(route.model.strongShare) : '—';
    case 'batch':
      return percent(route.batchShare);
    case 'compression':
      return `${num(route.compressionRate).toFixed(2)}`;
  }
}

/** What a field's value rests on (where the token sizes come from, which models a router picks). */
export function fieldNote(route: ResolvedRoute, field: BillField): string {
  if (field === 'input') return route.input.source;
  if (field === 'output') return route.output.source;
  if (field === 'strongShare' && route.model.kind !== 'router') return 'one model: no router';
  if (field === 'strongShare' || field === 'requests') {
    return route.model.kind === 'router' ? `${route.model.weak} / ${route.model.strong}` : route.model.model;
  }
  return '';
}

export const COMPONENT_LABELS: Record<BillComponent, string> = {
  input: 'input',
  output: 'output',
  cacheWrite: 'cache write',
  cacheRead: 'cache read',
  batch: 'batch',
};

export const BAR_KEYS = BILL_COMPONENTS.map((key) => ({ key, label: COMPONENT_LABELS[key] }));

/** USD of a known amount; null when unknown. */
export function usd(money: Money): number | null {
  return moneyToUsdNumber(money);
}

function unknownNote(money: Money): string {
  return money.known ? '' : formatUsd(money);
}

/** One bar per route, split by component; a route with an unknown part says so instead of a total. */
export function routeBars(bill: Bill): BarRow[] {
  return bill.routes.map((route) => ({
    label: route.name,
    segments: BILL_COMPONENTS.map((key) => ({ key, value: usd(route.components[key]) ?? 0 })),
    ...(route.total.known ? {} : { note: unknownNote(route.total) }),
  }));
}

/** One bar per scenario (its whole bill), split by component. */
export function scenarioBars(bills: readonly { label: string; bill: Bill }[]): BarRow[] {
  return bills.map(({ label, bill }) => ({
    label,
    segments: BILL_COMPONENTS.map((key) => ({ key, value: usd(bill.components[key]) ?? 0 })),
    ...(bill.total.known ? {} : { note: unknownNote(bill.total) }),
  }));
}
