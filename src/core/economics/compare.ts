/**
 * Two scenarios side by side: the difference per route and component, and the savings waterfall.
 *
 * The waterfall walks from profile A to profile B one lever at a time, in the bill's stacking order, each
 * stage keeping the levers already switched: traffic (requests, token sizes, days, routes added or
 * removed) → semantic cache → routing (the route's model or router) → compression → prompt caching (prefix
 * and lifetime) → batch share. Each saving is the bill before the stage minus the bill after it, so the
 * savings add up to bill(A) − bill(B) exactly and no lever is counted twice: a lever's saving is measured
 * on what the earlier levers left (batching saves on the calls the semantic cache did not remove). The
 * order is fixed; another order would split the same total differently.
 */
import { ZERO, known, sumMoney } from '../money/money.ts';
import type { Money } from '../money/money.ts';
import { BILL_COMPONENTS, emptyComponents, forecastBill } from './bill.ts';
import type { Bill, BillComponents, ModelResolver } from './bill.ts';
import type { ResolvedProfile, ResolvedRoute } from './profile.ts';

/** a − b; unknown when either is. */
export function subtractMoney(a: Money, b: Money): Money {
  if (a.known && b.known) return known(a.pico - b.pico);
  return sumMoney([a, b]); // unknown, naming what either side is missing
}

export interface RouteDifference {
  name: string;
  /** ZERO when the route is not in that bill. */
  a: Money;
  b: Money;
  /** a − b per component: positive is what B saves. */
  components: BillComponents;
  saving: Money;
}

export interface BillComparison {
  a: Bill;
  b: Bill;
  routes: RouteDifference[];
  components: BillComponents;
  /** a − b: positive when B is cheaper. */
  saving: Money;
}

/** The difference of two bills per route (matched by name, A's order then B's new routes) and component. */
export function compareBills(a: Bill, b: Bill): BillComparison {
  const names = [...new Set([...a.routes.map((r) => r.name), ...b.routes.map((r) => r.name)])];
  const routes = names.map((name): RouteDifference => {
    const ra = a.routes.find((r) => r.name === name);
    const rb = b.routes.find((r) => r.name === name);
    const ca = ra?.components ?? emptyComponents();
    const cb = rb?.components ?? emptyComponents();
    const components = emptyComponents();
    for (const c of BILL_COMPONENTS) components[c] = subtractMoney(ca[c], cb[c]);
    return { name, a: ra?.total ?? ZERO, b: rb?.total ?? ZERO, components, saving: subtractMoney(ra?.total ?? ZERO, rb?.total ?? ZERO) };
  });
  const components = emptyComponents();
  for (const c of BILL_COMPONENTS) components[c] = subtractMoney(a.components[c], b.components[c]);
  return { a, b, routes, components, saving: subtractMoney(a.total, b.total) };
}

export const WATERFALL_STAGES = ['traffic', 'semantic-cache', 'routing', 'compression', 'prompt-caching', 'batch'] as const;
export type WaterfallStage = (typeof WATERFALL_STAGES)[number];

export const STAGE_LABELS: Record<WaterfallStage, string> = {
  traffic: 'traffic (requests, token sizes, days, routes added or removed)',
  'semantic-cache': 'semantic cache (hits remove calls)',
  routing: 'routing (model or router split)',
  compression: 'compression (input multiplier)',
  'prompt-caching': 'prompt caching (cached prefix)',
  batch: 'batch share (batch rates)',
};

export interface WaterfallStep {
  stage: WaterfallStage;
  label: string;
  /** The bill before this stage and after it. */
  before: Money;
  after: Money;
  /** before − after: what this lever saves, given every earlier one. */
  saving: Money;
}

export interface Waterfall {
  a: Money;
  b: Money;
  steps: WaterfallStep[];
  /** a − b, which the steps' savings add up to. */
  total: Money;
}

/** The profile after switching the first `stages` levers of A to B's (0: A itself; all: B). */
export function stageProfile(a: ResolvedProfile, b: ResolvedProfile, stages: number): ResolvedProfile {
  if (stages <= 0) return a;
  const applied = new Set(WATERFALL_STAGES.slice(0, stages));
  const routes = b.routes.map((rb): ResolvedRoute => {
    const ra = a.routes.find((r) => r.name === rb.name);
    if (!ra) return rb;
    const pick = <K extends keyof ResolvedRoute>(stage: WaterfallStage, ...fields: K[]): Pick<ResolvedRoute, K> => {
      const from = applied.has(stage) ? rb : ra;
      const out = {} as Pick<ResolvedRoute, K>;
      for (const field of fields) out[field] = from[field];
      return out;
    };
    return {
      ...ra,
      name: rb.name,
      where: rb.where,
      requestsPerDay: rb.requestsPerDay,
      input: rb.input,
      output: rb.output,
      ...pick('semantic-cache', 'semanticCacheHitRate'),
      ...pick('routing', 'model'),
      ...pick('compression', 'compressionRate'),
      ...pick('prompt-caching', 'cachedPrefixTokens', 'promptCacheTtlMinutes'),
      ...pick('batch', 'batchShare'),
    };
  });
  const last = stages >= WATERFALL_STAGES.length;
  return { ...a, name: last ? b.name : a.name, file: last ? b.file : a.file, daysPerMonth: b.daysPerMonth, growthPerMonth: b.growthPerMonth, routes };
}

/** The savings waterfall from A to B for the first month at the mean request size (see the module comment). */
export function savingsWaterfall(a: ResolvedProfile, b: ResolvedProfile, catalog: ModelResolver): Waterfall {
  const totals = Array.from({ length: WATERFALL_STAGES.length + 1 }, (_, k) => forecastBill(stageProfile(a, b, k), catalog).total);
  const steps = WATERFALL_STAGES.map((stage, i): WaterfallStep => {
    const before = totals[i] ?? ZERO;
    const after = totals[i + 1] ?? ZERO;
    return { stage, label: STAGE_LABELS[stage], before, after, saving: subtractMoney(before, after) };
  });
  const first = totals[0] ?? ZERO;
  const last = totals[totals.length - 1] ?? ZERO;
  return { a: first, b: last, steps, total: subtractMoney(first, last) };
}

