/**
 * The Frontier screen: quality against cost per 1,000 requests (log scale) for every candidate of a frontier
 * set — the recorded AlpacaEval demo first, then runs — with each quality's bootstrap interval as a whisker,
 * the Pareto line (core/analysis paretoFrontier), the knee named, and a table below: candidate, cost/1k,
 * quality ± interval, and whether it is on the frontier or which frontier members dominate it. Unpriced
 * candidates are listed as "unpriced" and not plotted (never at $0). ↑/↓ select a candidate (its price source
 * and date are shown), `d` the next set, `l` quality against latency where the set has latency; `/` filters.
 */
import { Box, Text, useInput } from 'ink';
import { useEffect, useMemo, useRef } from 'react';
import { paretoFrontier } from '../../core/index.ts';
import type { FrontierResult } from '../../core/index.ts';
import { styleProps } from '../components/GridRows.tsx';
import { ScatterPlot } from '../components/ScatterPlot.tsx';
import type { ScatterPoint } from '../components/ScatterPlot.tsx';
import { axisFor, formatPercent, formatUsdShort, formatUsdTick, logTicks, niceTicks } from '../components/plot-grid.ts';
import type { FrontierPoint, FrontierSet } from '../demo-data.ts';
import { useRemembered } from '../hooks/use-remembered.ts';
import { runFrontierSet } from '../run-frontier.ts';
import type { RunFrontier } from '../run-frontier.ts';
import type { ScreenDef, ScreenProps } from '../screen.ts';
import { fit, padTo } from '../text.ts';

type Mode = 'cost' | 'latency';

export interface FrontierTableRow {
  point: FrontierPoint;
  /** frontier / knee / dominated / unpriced (or no latency). */
  status: 'frontier' | 'knee' | 'dominated' | 'unplotted';
  dominatedBy: string[];
}

/** The frontier of a set's plottable points on the chosen axis, and one table row per point in cost order. */
export function frontierRows(points: readonly FrontierPoint[], mode: Mode): { rows: FrontierTableRow[]; result: FrontierResult<FrontierPoint> | null } {
  const xOf = (p: FrontierPoint) => (mode === 'cost' ? p.costPer1k : p.latencyMs);
  const plotted = points.filter((p) => xOf(p) !== null);
  const result = plotted.length === 0 ? null : paretoFrontier(plotted, { cost: (p) => xOf(p) as number, quality: (p) => p.quality });
  const byId = new Map(result?.entries.map((e) => [e.id, e]) ?? []);
  const rows = points.map((point): FrontierTableRow => {
    const entry = byId.get(point.id);
    if (!entry) return { point, status: 'unplotted', dominatedBy: [] };
    const status = result?.knee?.entry.id === point.id ? 'knee' : entry.onFrontier ? 'frontier' : 'dominated';
    return { point, status, dominatedBy: entry.dominatedBy };
  });
  rows.sort((a, b) => (xOf(a.point) ?? Number.POSITIVE_INFINITY) - (xOf(b.point) ?? Number.POSITIVE_INFINITY) || a.point.label.localeCompare(b.point.label));
  return { rows, result };
}

const STATUS_MARK = { frontier: '●', knee: '◆', dominated: '○', unplotted: '–' } as const;

function statusText(row: FrontierTableRow, mode: Mode): string {
  if (row.status === 'unplotted') return mode === 'cost' ? 'unpriced' : 'no latency';
  if (row.status === 'knee') return 'knee (on frontier)';
  if (row.status === 'frontier') return 'on frontier';
  return `dominated by ${row.dominatedBy.join(', ')}`;
}

function xText(point: FrontierPoint, mode: Mode): string {
  if (mode === 'latency') return point.latencyMs === null ? '—' : `${Math.round(point.latencyMs)} ms`;
  return point.costPer1k === null ? 'unpriced' : formatUsdShort(point.costPer1k);
}

type Entry = { kind: 'set'; set: FrontierSet } | { kind: 'run'; id: string };
type RunLoad = RunFrontier | { error: string };

/** The store's runs, listed once (kept across screen switches), and each run's set loaded when first shown. */
function useRunSets(props: ScreenProps, selected: Entry | undefined): { runs: string[]; load: RunLoad | undefined } {
  const { data, memory } = props;
  const [runs, setRuns] = useRemembered<string[] | null>(memory, 'frontier.runs', null);
  const [loaded, setLoaded] = useRemembered<Record<string, RunLoad>>(memory, 'frontier.runSets', {});
  useEffect(() => {
    if (!data.store || runs !== null) return;
    let live = true;
    data.store.listRuns().then(
      (list) => live && setRuns(list.filter((r) => r.candidateCount > 0).map((r) => r.id)),
      () => live && setRuns([]),
    );
    return () => {
      live = false;
    };
  }, [data.store, runs]);
  const runId = selected?.kind === 'run' ? selected.id : null;
  useEffect(() => {
    const store = data.store;
    if (!store || runId === null || loaded[runId]) return;
    let live = true;
    store.loadRun(runId).then(
      (view) => {
        if (live) setLoaded((all) => ({ ...all, [runId]: runFrontierSet(view.run, view.trials) }));
      },
      (error: unknown) => live && setLoaded((all) => ({ ...all, [runId]: { error: error instanceof Error ? error.message : String(error) } })),
    );
    return () => {
      live = false;
    };
  }, [data.store, runId]);
  return { runs: runs ?? [], load: runId === null ? undefined : loaded[runId] };
}

export function FrontierScreen(props: ScreenProps) {
  const { data, width, height, active, color, memory, filter, report } = props;
  const [setIndex, setSetIndex] = useRemembered(memory, 'frontier.set', 0);
  const [selected, setSelected] = useRemembered(memory, 'frontier.selected', 0);
  const [mode, setMode] = useRemembered<Mode>(memory, 'frontier.mode', 'cost');
  const listedRuns = (memory.get('frontier.runs') as string[] | null | undefined) ?? [];
  const entries: Entry[] = [...(data.frontierSets ?? []).map((set) => ({ kind: 'set' as const, set })), ...listedRuns.map((id) => ({ kind: 'run' as const, id }))];
  const entry = entries[setIndex % Math.max(1, entries.length)];
  const { runs, load } = useRunSets(props, entry);
  const sets = { length: (data.frontierSets?.length ?? 0) + runs.length };
  const set: FrontierSet | undefined = entry?.kind === 'set' ? entry.set : load && 'set' in load ? load.set : undefined;
  const unscored = load && 'set' in load ? load.unscored : 0;
  const points = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    return (set?.points ?? []).filter((p) => needle === '' || p.label.toLowerCase().includes(needle));
  }, [set, filter]);
  const hasLatency = points.some((p) => p.latencyMs !== null);
  const shownMode: Mode = mode === 'latency' && hasLatency ? 'latency' : 'cost';
  const { rows, result } = useMemo(() => frontierRows(points, shownMode), [points, shownMode]);
  const pick = Math.max(0, Math.min(rows.length - 1, selected));

  // Keys update state from its previous value and read the rest from a ref set while rendering, so keys typed
  // faster than the app repaints all count.
  const shown = useRef({ rows: rows.length, hasLatency, title: set?.title ?? 'this set', sets: sets.length });
  shown.current = { rows: rows.length, hasLatency, title: set?.title ?? 'this set', sets: sets.length };
  useInput(
    (input, key) => {
      const last = Math.max(0, shown.current.rows - 1);
      if (key.upArrow) setSelected((s) => Math.max(0, Math.min(last, s) - 1));
      else if (key.downArrow) setSelected((s) => Math.min(last, s + 1));
      else if (input === 'd' && shown.current.sets > 1) {
        const count = shown.current.sets;
        setSetIndex((i) => (i + 1) % count);
        setSelected(0);
      } else if (input === 'l') {
        if (!shown.current.hasLatency) report({ message: `${shown.current.title} has no latency figures`, hint: 'recorded results carry none; runs you make do' });
        else setMode((m) => (m === 'cost' ? 'latency' : 'cost'));
      }
    },
    { isActive: active },
  );

  if (!set && entry?.kind === 'run') {
    return (
      <Box flexDirection="column">
        <Text>
          {load && 'error' in load ? `Run ${entry.id} did not load: ${load.error} — check the store (costlab runs).` : `Loading run ${entry.id} from the store…`}
        </Text>
        <Text dimColor>d: next set ({(setIndex % sets.length) + 1}/{sets.length})</Text>
      </Box>
    );
  }
  if (!set) {
    return (
      <Box flexDirection="column">
        <Text>No frontier data: the bundled AlpacaEval demo (prompts/demo/recorded/alpaca-eval.json) did not load, and there are no runs.</Text>
        <Text dimColor>The status bar says why; run costlab import-recorded or costlab run to add candidates.</Text>
      </Box>
    );
  }
  const selectedRow = rows[pick];
  const plotted = rows.filter((r) => r.status !== 'unplotted');
  const xs = plotted.map((r) => (shownMode === 'cost' ? r.point.costPer1k : r.point.latencyMs) as number);
  const xLog = shownMode === 'cost';
  const xAxis = axisFor(xs, { log: xLog, pad: 0.08 });
  const yAxis = axisFor(plotted.flatMap((r) => [r.point.low, r.point.high]), { pad: 0.08, floor: 0, ceil: 1 });
  const tableRows = Math.min(rows.length, Math.max(3, Math.floor((height - 4) / 2.2)));
  const chartHeight = Math.max(7, height - tableRows - 4);
  const first = Math.max(0, Math.min(pick - Math.floor(tableRows / 2), rows.length - tableRows));
  const scatter: ScatterPoint[] = plotted.map((r) => ({
    id: r.point.id,
    label: plotLabel(r.point.label),
    x: (shownMode === 'cost' ? r.point.costPer1k : r.point.latencyMs) as number,
    y: r.point.quality,
    low: r.point.low,
    high: r.point.high,
    onFrontier: r.status === 'frontier' || r.status === 'knee',
    knee: r.status === 'knee',
    selected: r === selectedRow,
  }));
  const xTicks = xLog ? logTicks(xAxis.min, xAxis.max) : niceTicks(xAxis.min, xAxis.max, 4);
  const nameWidth = Math.max(12, Math.min(30, width - 60));
  const knee = result?.knee?.entry.candidate;
  const unplotted = rows.length - plotted.length;
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate-end">
        <Text bold>{set.title}</Text> · {set.qualityName} · {rows.length} candidate{rows.length === 1 ? '' : 's'}
        {unplotted > 0 ? `, ${unplotted} ${shownMode === 'cost' ? 'unpriced' : 'without latency'}` : ''}
        {unscored > 0 ? `, ${unscored} unscored (costlab score)` : ''}
        {sets.length > 1 ? ` · d: set ${(setIndex % sets.length) + 1}/${sets.length}` : ''}
      </Text>
      {plotted.length > 0 ? (
        <ScatterPlot
          points={scatter}
          width={width}
          height={chartHeight}
          xAxis={xAxis}
          yAxis={yAxis}
          xTicks={xTicks.length >= 2 ? xTicks : niceTicks(xAxis.min, xAxis.max, 4)}
          yTicks={niceTicks(yAxis.min, yAxis.max, Math.max(2, Math.floor(chartHeight / 3)))}
          formatX={shownMode === 'cost' ? formatUsdTick : (v) => `${Math.round(v)}ms`}
          formatY={(v) => formatPercent(v, 0)}
          xLabel={shownMode === 'cost' ? 'cost per 1,000 requests (log)' : 'median latency'}
          yLabel={set.qualityName}
          labelWidth={Math.max(14, Math.min(30, Math.floor(width / 6)))}
          color={color}
        />
      ) : (
        <Text>Nothing to plot: {nothingToPlot(rows.length, unscored, filter, shownMode)}</Text>
      )}
      <Text bold wrap="truncate-end">
        {'  '}
        {padTo('candidate', nameWidth)} {padTo(shownMode === 'cost' ? 'cost/1k' : 'latency', 8, 'right')} {padTo('quality', 7, 'right')} {padTo('95% CI', 11)} status
      </Text>
      {rows.slice(first, first + tableRows).map((row) => {
        const isSelected = row === selectedRow;
        const style = row.status === 'knee' ? 'knee' : row.status === 'frontier' ? 'frontier' : 'dominated';
        const line = `${padTo(row.point.label, nameWidth)} ${padTo(xText(row.point, shownMode), 8, 'right')} ${padTo(formatPercent(row.point.quality), 7, 'right')} ${padTo(`${(row.point.low * 100).toFixed(1)}–${formatPercent(row.point.high)}`, 11)} ${statusText(row, shownMode)}`;
        return (
          <Text key={row.point.id} wrap="truncate-end" {...(isSelected && color ? { inverse: true } : {})}>
            {isSelected ? '›' : ' '}
            <Text {...styleProps(style, color)}>{STATUS_MARK[row.status]}</Text>
            {fit(line, width - 2)}
          </Text>
        );
      })}
      <Text wrap="truncate-end">
        {fit(
          knee
            ? `knee ◆ ${knee.label}: ${xText(knee, shownMode)}, ${formatPercent(knee.quality)} — past it, quality gets dearer`
            : 'no knee: the frontier has fewer than 3 points or no bend',
          width,
        )}
      </Text>
      <Text dimColor wrap="truncate-end">
        {fit(selectedRow ? `› ${selectedRow.point.label}: ${selectedRow.point.pricedAs}${selectedRow.point.priceNote ? ` — ${selectedRow.point.priceNote}` : ''}` : set.attribution, width)}
      </Text>
    </Box>
  );
}

/** Why the chart is empty, with what to do. */
export function nothingToPlot(candidates: number, unscored: number, filter: string, mode: Mode): string {
  if (candidates === 0 && filter.trim() !== '') return `no candidate matches "${filter.trim()}" (Esc clears the filter).`;
  if (candidates === 0 && unscored > 0) return `no candidate is scored yet — run costlab score RUN_ID, or rate answers on Results (4).`;
  if (candidates === 0) return 'the set has no candidates.';
  return mode === 'cost' ? 'no candidate has a price (add one in costlab.yaml).' : 'no candidate has latency.';
}

/**
 * A point's label on the chart, where room is short: the default variant and the provider prefix dropped
 * (`base@recorded:claude-2.1` → `claude-2.1`, `terse@openai:gpt-4o` → `terse@gpt-4o`); the table keeps the
 * whole name.
 */
export function plotLabel(label: string): string {
  return label.replace(/^base@/, '').replace(/(^|@)[a-z][\w-]*:/i, '$1');
}

export const frontierScreen: ScreenDef = {
  id: 'frontier',
  title: 'Frontier',
  key: '5',
  keys: [
    ['↑/↓', 'select a candidate (its price source and date show below)'],
    ['d', 'next set: the recorded AlpacaEval demo, then runs'],
    ['l', 'quality against latency instead of cost (when the set has latency)'],
    ['/', 'filter candidates by name'],
  ],
  hint: '↑/↓ candidate · d set · l latency',
  Component: FrontierScreen,
};
