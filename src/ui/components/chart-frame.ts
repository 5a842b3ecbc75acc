/**
 * The frame around a character chart: a header line (the y axis's name on the left, the x axis's on the right),
 * y tick labels in a left gutter, the axis lines, and x tick labels under the plot. The caller draws into
 * `grid` (the plot area) and `compose()` returns every row as styled runs.
 *
 *   ↑ quality                              cost/1k →
 *    50% ┤        ●
 *        │   ○
 *     0% ┤●
 *        └┬──────┬──────┬
 *         $0.1   $1     $10
 */
import { CharGrid, columnOf, rowOf, tickLabelRow } from './plot-grid.ts';
import type { Axis, Run } from './plot-grid.ts';

export interface ChartFrameOptions {
  width: number;
  height: number;
  xAxis: Axis;
  yAxis: Axis;
  xTicks: readonly number[];
  yTicks: readonly number[];
  formatX(value: number): string;
  formatY(value: number): string;
  xLabel: string;
  yLabel: string;
}

export interface ChartFrame {
  grid: CharGrid;
  plotWidth: number;
  plotHeight: number;
  /** The plot cell of a data point, or null when it falls outside the axes. */
  cellOf(point: { x: number; y: number }): { x: number; y: number } | null;
  compose(): Run[][];
}

/** Rows the frame itself takes: the header, the x axis line and the x tick labels. */
export const FRAME_ROWS = 3;

export function chartFrame(options: ChartFrameOptions): ChartFrame {
  const yLabels = options.yTicks.map((t) => options.formatY(t));
  const gutter = Math.max(1, ...yLabels.map((l) => l.length)) + 1;
  const plotWidth = Math.max(4, options.width - gutter - 1);
  const plotHeight = Math.max(2, options.height - FRAME_ROWS);
  const grid = new CharGrid(plotWidth, plotHeight);
  const yTickRows = new Map<number, string>();
  options.yTicks.forEach((t, i) => {
    const row = rowOf(t, options.yAxis, plotHeight);
    if (row !== null && !yTickRows.has(row)) yTickRows.set(row, yLabels[i] ?? '');
  });
  const xTickCells = options.xTicks
    .map((t) => ({ column: columnOf(t, options.xAxis, plotWidth), label: options.formatX(t) }))
    .filter((t): t is { column: number; label: string } => t.column !== null);

  const compose = (): Run[][] => {
    const rows: Run[][] = [];
    const left = `↑ ${options.yLabel}`;
    const right = `${options.xLabel} →`;
    const total = gutter + 1 + plotWidth;
    const space = total - left.length - right.length;
    rows.push(space >= 1 ? [{ text: left + ' '.repeat(space) + right, style: 'muted' }] : [{ text: `${left} · ${right}`.slice(0, total), style: 'muted' }]);
    for (let y = 0; y < plotHeight; y++) {
      const label = yTickRows.get(y);
      rows.push([
        { text: (label ?? '').padStart(gutter - 1) + ' ' + (label !== undefined ? '┤' : '│'), style: 'axis' },
        ...grid.runs(y),
      ]);
    }
    const axis = Array.from({ length: plotWidth }, () => '─');
    for (const { column } of xTickCells) axis[column] = '┬';
    rows.push([{ text: ' '.repeat(gutter) + '└' + axis.join(''), style: 'axis' }]);
    rows.push([{ text: ' '.repeat(gutter + 1) + tickLabelRow(plotWidth, xTickCells), style: 'axis' }]);
    return rows;
  };
  const cellOf = (point: { x: number; y: number }) => {
    const x = columnOf(point.x, options.xAxis, plotWidth);
    const y = rowOf(point.y, options.yAxis, plotHeight);
    return x === null || y === null ? null : { x, y };
  };
  return { grid, plotWidth, plotHeight, cellOf, compose };
}
