/**
 * A scatter plot on a character grid: cost (or latency) across, quality up. Frontier points are ●, dominated
 * ones ○ (dimmed in colour), the knee ◆; each point's interval is a vertical whisker │, and the Pareto line
 * joins the frontier points in cost order with ·. The selected point is shown inverse in colour and as ◉
 * without. Labels go beside the points where there is room. Pure render from props.
 */
import { GridRows } from './GridRows.tsx';
import { chartFrame } from './chart-frame.ts';
import type { ChartFrame, ChartFrameOptions } from './chart-frame.ts';
import { rowOf } from './plot-grid.ts';

export interface ScatterPoint {
  id: string;
  label: string;
  x: number;
  y: number;
  low?: number;
  high?: number;
  onFrontier: boolean;
  knee?: boolean;
  selected?: boolean;
}

export interface ScatterPlotProps extends ChartFrameOptions {
  points: readonly ScatterPoint[];
  color: boolean;
  /** Longest label drawn beside a point (default 14 characters). */
  labelWidth?: number;
}

export const MARKERS = { frontier: '●', dominated: '○', knee: '◆', selected: '◉', whisker: '│', line: '·' } as const;

const PRIORITY = { line: 1, whisker: 2, label: 3, marker: 5, knee: 6, selected: 7 } as const;

/** Draws the points into a frame (exported for tests of the layout). */
export function drawScatter(props: ScatterPlotProps): ChartFrame {
  const frame = chartFrame(props);
  const { grid, plotHeight, cellOf: cell } = frame;
  const frontier = props.points.filter((p) => p.onFrontier).sort((a, b) => a.x - b.x);
  for (let i = 1; i < frontier.length; i++) {
    const a = cell(frontier[i - 1] as ScatterPoint);
    const b = cell(frontier[i] as ScatterPoint);
    if (a && b) grid.line(a.x, a.y, b.x, b.y, MARKERS.line, 'line', PRIORITY.line);
  }
  for (const point of props.points) {
    const at = cell(point);
    if (!at || point.low === undefined || point.high === undefined) continue;
    const top = rowOf(Math.min(point.high, props.yAxis.max), props.yAxis, plotHeight) ?? at.y;
    const bottom = rowOf(Math.max(point.low, props.yAxis.min), props.yAxis, plotHeight) ?? at.y;
    for (let y = top; y <= bottom; y++) grid.put(at.x, y, MARKERS.whisker, 'whisker', PRIORITY.whisker);
  }
  for (const point of props.points) {
    const at = cell(point);
    if (!at) continue;
    if (point.selected) {
      grid.put(at.x, at.y, props.color ? markerOf(point) : MARKERS.selected, 'selected', PRIORITY.selected);
    } else if (point.knee) {
      grid.put(at.x, at.y, MARKERS.knee, 'knee', PRIORITY.knee);
    } else {
      grid.put(at.x, at.y, markerOf(point), point.onFrontier ? 'frontier' : 'dominated', PRIORITY.marker);
    }
  }
  const labelWidth = props.labelWidth ?? 14;
  // Selected first, then frontier points, so the labels that matter most get the room.
  const order = [...props.points].sort((a, b) => Number(b.selected ?? false) - Number(a.selected ?? false) || Number(b.onFrontier) - Number(a.onFrontier));
  for (const point of order) {
    const at = cell(point);
    if (!at) continue;
    const label = point.label.length > labelWidth ? `${point.label.slice(0, labelWidth - 1)}…` : point.label;
    const style = point.selected ? 'selected' : point.onFrontier ? 'label' : 'dominated';
    if (!grid.text(at.x + 2, at.y, label, style, PRIORITY.label, true)) grid.text(at.x - label.length - 1, at.y, label, style, PRIORITY.label, true);
  }
  return frame;
}

function markerOf(point: ScatterPoint): string {
  if (point.knee) return MARKERS.knee;
  return point.onFrontier ? MARKERS.frontier : MARKERS.dominated;
}

export function ScatterPlot(props: ScatterPlotProps) {
  return <GridRows rows={drawScatter(props).compose()} color={props.color} />;
}
