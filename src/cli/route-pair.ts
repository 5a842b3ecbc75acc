/**
 * `costlab route`'s two models and its items: which candidates are weak and strong, and the per-item rows the
 * routing core reads.
 *
 * Picking: `--weak` / `--strong` name a candidate as analysis-source.ts's findCandidates reads it: its id, its role
 * (`weak`, `strong`), its recorded name, its model or target, or a model reference the catalog resolves
 * (`gpt-4o-mini`); a name that fits several candidates is an error listing them. With two candidates and no
 * flags: the dataset's roles when it gives them, else the cheaper one (mean known cost) is weak, else the one
 * with the lower mean quality. With more than two, both flags are needed; the error lists the choices.
 *
 * Items: the cases where both models have a known quality (others are left out with a warning). Costs are
 * known only when both models' costs are known on every item: otherwise every cost figure is unknown (null),
 * never 0.
 */
import { CostlabError } from '../core/index.ts';
import type { RoutingItem } from '../core/index.ts';
import { findCandidates } from './analysis-source.ts';
import type { AnalysisSource, SourceCandidate, SourceCell, SourceItem } from './analysis-source.ts';

export interface RoutePair {
  weak: SourceCandidate;
  strong: SourceCandidate;
  /** Rows with both qualities known, in the source's item order; `index` is the item's position in the source. */
  rows: { index: number; item: SourceItem; weak: SourceCell; strong: SourceCell }[];
  /** Routing items with score 0 (the caller fills the scores). Costs are 0 when `costsKnown` is false. */
  items: RoutingItem[];
  costsKnown: boolean;
  weakCostKnown: boolean;
  strongCostKnown: boolean;
  skipped: number;
  /** Cases in the source (scored or not): a score file has one line per case. */
  cases: number;
  warnings: string[];
}

function describe(c: SourceCandidate): string {
  const extra = [c.target.startsWith('recorded:') ? c.name : null, c.role].filter((x) => x !== null);
  return extra.length > 0 ? `${c.id} (${extra.join(', ')})` : c.id;
}

function choices(source: AnalysisSource): string {
  return source.candidates.map(describe).join('; ');
}

export function matchCandidate(source: AnalysisSource, ref: string, flag: string): SourceCandidate {
  const matches = findCandidates(source, ref);
  if (matches.length === 1) return matches[0] as SourceCandidate;
  if (matches.length > 1) {
    throw new CostlabError('bad-option', `${flag} ${ref} fits ${matches.length} candidates: ${matches.map(describe).join('; ')}`, {
      location: { field: flag },
      hint: 'name one by its candidate id',
    });
  }
  throw new CostlabError('bad-option', `${flag} ${ref} is not a candidate of this run`, {
    location: { field: flag },
    hint: `the candidates are: ${choices(source)}`,
  });
}

function meanOf(source: AnalysisSource, index: number, key: 'quality' | 'costUsd'): number | null {
  const values: number[] = [];
  for (const item of source.items) {
    const v = item.cells[index]?.[key];
    if (v === null || v === undefined) {
      if (key === 'costUsd') return null;
      continue;
    }
    values.push(v);
  }
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

function defaultPair(source: AnalysisSource): [SourceCandidate, SourceCandidate] {
  const [a, b] = source.candidates as [SourceCandidate, SourceCandidate];
  if (a.role === 'strong' && b.role === 'weak') return [b, a];
  if (a.role === 'weak' || b.role === 'strong') return [a, b];
  const [ca, cb] = [meanOf(source, 0, 'costUsd'), meanOf(source, 1, 'costUsd')];
  if (ca !== null && cb !== null && ca !== cb) return ca < cb ? [a, b] : [b, a];
  const [qa, qb] = [meanOf(source, 0, 'quality') ?? 0, meanOf(source, 1, 'quality') ?? 0];
  return qa <= qb ? [a, b] : [b, a];
}

export function pickPair(source: AnalysisSource, weakRef?: string, strongRef?: string): RoutePair {
  const n = source.candidates.length;
  if (n < 2) throw new CostlabError('bad-option', `the run has ${n} candidate${n === 1 ? '' : 's'}: routing needs two`, { hint: 'run a prompt set on a cheap and a strong model first' });
  let weak: SourceCandidate;
  let strong: SourceCandidate;
  if (weakRef !== undefined && strongRef !== undefined) {
    weak = matchCandidate(source, weakRef, '--weak');
    strong = matchCandidate(source, strongRef, '--strong');
  } else if (n === 2) {
    if (weakRef !== undefined) {
      weak = matchCandidate(source, weakRef, '--weak');
      strong = source.candidates.find((c) => c !== weak) as SourceCandidate;
    } else if (strongRef !== undefined) {
      strong = matchCandidate(source, strongRef, '--strong');
      weak = source.candidates.find((c) => c !== strong) as SourceCandidate;
    } else {
      [weak, strong] = defaultPair(source);
    }
  } else {
    throw new CostlabError('bad-option', `the run has ${n} candidates: say which two to route between with --weak and --strong`, {
      location: { field: weakRef === undefined ? '--weak' : '--strong' },
      hint: `the candidates are: ${choices(source)}`,
    });
  }
  if (weak.id === strong.id) throw new CostlabError('bad-option', `--weak and --strong are both ${weak.id}`, { hint: `pick two different candidates: ${choices(source)}` });

  const wi = source.candidates.indexOf(weak);
  const si = source.candidates.indexOf(strong);
  const rows: RoutePair['rows'] = [];
  let skipped = 0;
  source.items.forEach((item, index) => {
    const w = item.cells[wi];
    const s = item.cells[si];
    if (w && s && w.quality !== null && s.quality !== null) rows.push({ index, item, weak: w, strong: s });
    else skipped++;
  });
  const warnings: string[] = [];
  if (skipped > 0) warnings.push(`${skipped} of ${source.items.length} cases are left out: the weak or the strong model has no scored result on them`);
  if (rows.length === 0) {
    throw new CostlabError('bad-routing-input', `no case has a known quality for both ${weak.id} and ${strong.id}`, {
      hint: 'score the run first (assertions, references, a judge or ratings), or use a dataset with quality labels',
    });
  }
  const weakCostKnown = rows.every((r) => r.weak.costUsd !== null);
  const strongCostKnown = rows.every((r) => r.strong.costUsd !== null);
  const costsKnown = weakCostKnown && strongCostKnown;
  if (!costsKnown) {
    const which = [weakCostKnown ? null : `${weak.id} (weak)`, strongCostKnown ? null : `${strong.id} (strong)`].filter((x) => x !== null).join(' and ');
    warnings.push(`the price of ${which} is unknown on some cases: every cost figure is unknown (null), never $0 — give the model its rates in costlab.yaml`);
  }
  const items: RoutingItem[] = rows.map((r) => ({
    weakQuality: r.weak.quality as number,
    strongQuality: r.strong.quality as number,
    weakCost: costsKnown ? (r.weak.costUsd as number) : 0,
    strongCost: costsKnown ? (r.strong.costUsd as number) : 0,
    score: 0,
  }));
  return { weak, strong, rows, items, costsKnown, weakCostKnown, strongCostKnown, skipped, cases: source.items.length, warnings };
}

/** Mean cost per 1,000 requests of one side, or null when unknown. */
export function sideCostPer1k(pair: RoutePair, side: 'weak' | 'strong'): number | null {
  if (!(side === 'weak' ? pair.weakCostKnown : pair.strongCostKnown)) return null;
  const sum = pair.rows.reduce((total, r) => total + (r[side].costUsd as number), 0);
  return (1000 * sum) / pair.rows.length;
}
