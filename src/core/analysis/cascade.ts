/**
 * Cascades over N tiers, ordered cheap → expensive: every request goes to tier 1; its answer is checked, and a
 * rejected answer escalates the request to the next tier. The last tier's answer is always accepted. This is the
 * "try the cheap model, escalate when its answer is not good enough" loop of the seeds (../shared/seeds/
 * 002_….txt §2.3 CascadeRouter: accept when a quality score ≥ 0.7, "可集成 LLM-as-Judge"; 003_….txt §3.3
 * CascadeLLM: one confidence threshold per model, e.g. gpt-3.5-turbo 0.8 then gpt-4-turbo 0.9).
 *
 * The model, per item i and tier k (recorded per-item outcomes: quality q in [0,1], cost c, latency l):
 *
 * - Acceptance a(i,k), the probability that tier k's answer is accepted:
 *   - `assertion`: the trial passed, a = 1 when q ≥ passMark, else 0 (the check is the set's own assertions).
 *   - `confidence`: a recorded self-confidence label ≥ the tier's threshold, a = 1, else 0.
 *   - `judge`: true acceptability is q ≥ passMark, observed through a judge with error rate e: it accepts a bad
 *     answer with probability e and rejects a good one with probability e, so a = 1 − e when q ≥ passMark,
 *     else e. Judgements are independent across tiers and items. Every judged answer (all tiers but the last)
 *     costs `judgeCost` and adds `judgeLatencyMs`.
 *   - the last tier: a = 1, and it is not judged.
 * - Reach: r(i,1) = 1, r(i,k+1) = r(i,k) · (1 − a(i,k)). The request ends at tier k with e(i,k) = r(i,k) · a(i,k).
 * - Expected figures, per item, summed in closed form (no sampling; with a ∈ {0, 1} they are the deterministic
 *   cascade's own values):
 *     quality  = Σ_k e(i,k) · q(i,k)
 *     cost     = Σ_k r(i,k) · c(i,k) + Σ_{k<N} r(i,k) · judgeCost   (every call that is made is paid)
 *     wasted   = Σ_{k<N} r(i,k) · (1 − a(i,k)) · c(i,k)             (calls whose answer was rejected)
 *     latency  = Σ_k r(i,k) · (l(i,k) + [k<N] · judgeLatencyMs)      (calls run one after another)
 *   and averaged over items; costs are reported per 1,000 requests.
 * - Compared with sending every request to one tier alone (no acceptance check, no judge).
 *
 * Costs are USD per call as numbers (like routing.ts): expectations weight them by probabilities, so they are not
 * exact picodollars; a null cost (unknown price) makes every figure that needs it null — unknown, never $0. A null
 * latency (recorded datasets do not time calls) makes the latency figures null the same way. A tier that a
 * request never reaches (probability exactly 0) needs neither.
 */
import { CostlabError } from '../errors.ts';

export interface CascadeTierOutcome {
  /** Quality of this tier's answer to the item, in [0, 1]. */
  quality: number;
  /** USD of the call; null when its price is unknown. */
  cost: number | null;
  /** Milliseconds; null when not measured. */
  latencyMs: number | null;
  /** A recorded self-confidence label, for `confidence` acceptance. */
  confidence?: number | null;
}

export interface CascadeItem {
  /** For error messages (a case id). */
  id?: string;
  /** One outcome per tier, in tier order. */
  tiers: readonly CascadeTierOutcome[];
}

export type CascadeAcceptance =
  | { kind: 'assertion'; passMark: number }
  /** One threshold for every tier but the last, or one per tier but the last. */
  | { kind: 'confidence'; thresholds: readonly number[]; passMark?: number }
  | { kind: 'judge'; passMark: number; errorRate: number; judgeCost?: number; judgeLatencyMs?: number };

export interface CascadeFigures {
  /** Mean quality of the answers served. */
  quality: number;
  /** Share of requests served an answer with quality ≥ the pass mark. */
  passRate: number;
  /** 1,000 × mean cost per request (USD); null when a price is unknown. */
  costPer1k: number | null;
  /** Mean latency per request (ms); null when a latency is unknown. */
  latencyMs: number | null;
}

export interface CascadeTierStats {
  name: string;
  /** Share of requests that call this tier. */
  callShare: number;
  /** Share of requests whose answer comes from this tier. */
  endShare: number;
}

export interface CascadeResult extends CascadeFigures {
  items: number;
  passMark: number;
  tiers: CascadeTierStats[];
  /** 1,000 × mean cost of the calls whose answers were rejected; null when a price is unknown. */
  wastedPer1k: number | null;
  /** 1,000 × mean judge cost per request (included in costPer1k). */
  judgePer1k: number;
  /** Expected model calls per request (1 … number of tiers). */
  callsPerRequest: number;
  /** Expected judge calls per request. */
  judgeCallsPerRequest: number;
  /** Share of requests served a below-pass-mark answer that an earlier tier's check accepted. */
  badAccepted: number;
  /** Share of requests where a tier's answer at or above the pass mark was rejected (an escalation paid for nothing). */
  goodRejected: number;
  /** Every request sent to each tier alone, in tier order. */
  singles: (CascadeFigures & { name: string })[];
}

export const DEFAULT_PASS_MARK = 0.5;

function fail(message: string, field?: string, hint?: string): never {
  throw new CostlabError('bad-cascade-input', message, { ...(hint ? { hint } : {}), ...(field ? { location: { field } } : {}) });
}

function inUnit(x: number): boolean {
  return Number.isFinite(x) && x >= 0 && x <= 1;
}

function validate(tiers: readonly string[], items: readonly CascadeItem[], acceptance: CascadeAcceptance): void {
  if (tiers.length < 2) fail(`a cascade needs at least two tiers, got ${tiers.length}`, 'tiers', 'name the tiers cheap → expensive, e.g. --tiers small-model,large-model');
  if (items.length === 0) fail('a cascade needs at least one item with an outcome on every tier', 'items', 'run every tier on the same cases first');
  const passMark = 'passMark' in acceptance ? acceptance.passMark : undefined;
  if (passMark !== undefined && !inUnit(passMark)) fail(`the pass mark must be in [0, 1], got ${passMark}`, 'passMark');
  if (acceptance.kind === 'judge') {
    if (!inUnit(acceptance.errorRate)) fail(`the judge error rate must be in [0, 1], got ${acceptance.errorRate}`, 'errorRate');
    const cost = acceptance.judgeCost ?? 0;
    if (!Number.isFinite(cost) || cost < 0) fail(`the judge cost must be 0 or more, got ${cost}`, 'judgeCost');
    const latency = acceptance.judgeLatencyMs ?? 0;
    if (!Number.isFinite(latency) || latency < 0) fail(`the judge latency must be 0 or more, got ${latency}`, 'judgeLatencyMs');
  }
  if (acceptance.kind === 'confidence') {
    const n = acceptance.thresholds.length;
    if (n !== 1 && n !== tiers.length - 1) {
      fail(`give one confidence threshold, or one per tier but the last (${tiers.length - 1}), got ${n}`, 'thresholds');
    }
    acceptance.thresholds.forEach((t, i) => {
      if (!Number.isFinite(t)) fail(`confidence threshold ${i + 1} is not a number`, `thresholds[${i}]`);
    });
  }
  items.forEach((item, i) => {
    const name = item.id ?? String(i);
    if (item.tiers.length !== tiers.length) fail(`item ${name} has ${item.tiers.length} outcomes for ${tiers.length} tiers`, `items[${i}].tiers`);
    item.tiers.forEach((o, k) => {
      const at = `items[${i}].tiers[${k}]`;
      if (!inUnit(o.quality)) fail(`item ${name} on ${tiers[k]}: quality must be in [0, 1], got ${o.quality}`, `${at}.quality`);
      if (o.cost !== null && !(Number.isFinite(o.cost) && o.cost >= 0)) fail(`item ${name} on ${tiers[k]}: cost must be 0 or more, got ${o.cost}`, `${at}.cost`);
      if (o.latencyMs !== null && !(Number.isFinite(o.latencyMs) && o.latencyMs >= 0)) {
        fail(`item ${name} on ${tiers[k]}: latency must be 0 or more, got ${o.latencyMs}`, `${at}.latencyMs`);
      }
      if (acceptance.kind === 'confidence' && k < tiers.length - 1 && (typeof o.confidence !== 'number' || !Number.isFinite(o.confidence))) {
        fail(`item ${name} on ${tiers[k]} has no confidence label`, `${at}.confidence`, 'record a confidence for every tier but the last, or accept by assertion or judge');
      }
    });
  });
}

/** The probability that tier k's answer is accepted (the last tier: 1). */
export function acceptanceProbability(acceptance: CascadeAcceptance, outcome: CascadeTierOutcome, tier: number, tiers: number): number {
  if (tier === tiers - 1) return 1;
  switch (acceptance.kind) {
    case 'assertion':
      return outcome.quality >= acceptance.passMark ? 1 : 0;
    case 'confidence': {
      const threshold = acceptance.thresholds.length === 1 ? acceptance.thresholds[0] : acceptance.thresholds[tier];
      return (outcome.confidence ?? Number.NEGATIVE_INFINITY) >= (threshold as number) ? 1 : 0;
    }
    case 'judge':
      return outcome.quality >= acceptance.passMark ? 1 - acceptance.errorRate : acceptance.errorRate;
  }
}

function passMarkOf(acceptance: CascadeAcceptance): number {
  return acceptance.kind === 'confidence' ? (acceptance.passMark ?? DEFAULT_PASS_MARK) : acceptance.passMark;
}

function singleTier(items: readonly CascadeItem[], k: number, name: string, passMark: number): CascadeFigures & { name: string } {
  let quality = 0;
  let passed = 0;
  let cost: number | null = 0;
  let latency: number | null = 0;
  for (const item of items) {
    const o = item.tiers[k] as CascadeTierOutcome;
    quality += o.quality;
    if (o.quality >= passMark) passed += 1;
    cost = cost === null || o.cost === null ? null : cost + o.cost;
    latency = latency === null || o.latencyMs === null ? null : latency + o.latencyMs;
  }
  const n = items.length;
  return { name, quality: quality / n, passRate: passed / n, costPer1k: cost === null ? null : (1000 * cost) / n, latencyMs: latency === null ? null : latency / n };
}

/** The expected quality, cost, waste and latency of a cascade over `tiers` (cheap → expensive), and each tier alone. */
export function cascadeAnalysis(tiers: readonly string[], items: readonly CascadeItem[], acceptance: CascadeAcceptance): CascadeResult {
  validate(tiers, items, acceptance);
  const n = items.length;
  const last = tiers.length - 1;
  const passMark = passMarkOf(acceptance);
  const judgeCost = acceptance.kind === 'judge' ? (acceptance.judgeCost ?? 0) : 0;
  const judgeLatency = acceptance.kind === 'judge' ? (acceptance.judgeLatencyMs ?? 0) : 0;
  const judged = acceptance.kind === 'judge';

  const calls = tiers.map(() => 0);
  const ends = tiers.map(() => 0);
  let quality = 0;
  let passed = 0;
  let cost: number | null = 0;
  let wasted: number | null = 0;
  let latency: number | null = 0;
  let judgeSpend = 0;
  let judgeCalls = 0;
  let badAccepted = 0;
  let goodRejected = 0;

  for (const item of items) {
    let reach = 1;
    for (let k = 0; k <= last && reach > 0; k++) {
      const o = item.tiers[k] as CascadeTierOutcome;
      const a = acceptanceProbability(acceptance, o, k, tiers.length);
      const end = reach * a;
      const good = o.quality >= passMark;
      calls[k] = (calls[k] as number) + reach;
      ends[k] = (ends[k] as number) + end;
      quality += end * o.quality;
      if (good) passed += end;
      cost = cost === null || o.cost === null ? null : cost + reach * o.cost;
      wasted = wasted === null || (o.cost === null && a < 1) ? null : wasted + reach * (1 - a) * (o.cost ?? 0);
      const checked = judged && k < last;
      latency = latency === null || o.latencyMs === null ? null : latency + reach * (o.latencyMs + (checked ? judgeLatency : 0));
      if (checked) {
        judgeSpend += reach * judgeCost;
        judgeCalls += reach;
      }
      if (k < last) {
        if (!good) badAccepted += end;
        else goodRejected += reach * (1 - a);
      }
      reach *= 1 - a;
    }
  }

  return {
    items: n,
    passMark,
    quality: quality / n,
    passRate: passed / n,
    costPer1k: cost === null ? null : (1000 * (cost + judgeSpend)) / n,
    latencyMs: latency === null ? null : latency / n,
    tiers: tiers.map((name, k) => ({ name, callShare: (calls[k] as number) / n, endShare: (ends[k] as number) / n })),
    wastedPer1k: wasted === null ? null : (1000 * wasted) / n,
    judgePer1k: (1000 * judgeSpend) / n,
    callsPerRequest: calls.reduce((s, c) => s + c, 0) / n,
    judgeCallsPerRequest: judgeCalls / n,
    badAccepted: badAccepted / n,
    goodRejected: goodRejected / n,
    singles: tiers.map((name, k) => singleTier(items, k, name, passMark)),
  };
}
