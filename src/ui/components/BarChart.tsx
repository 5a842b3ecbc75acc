/**
 * Horizontal stacked bars with a legend: one bar per row (e.g. a route), one segment per component (input,
 * output, cache, …). In colour every segment is █ in its own colour; under NO_COLOR each component gets its
 * own fill character (█ ▓ ▒ ░ # = +), so the legend still tells them apart. The total is printed after the bar.
 * Pure render from props.
 */
import { Box, Text } from 'ink';
import { styleProps } from './GridRows.tsx';
import { formatUsdShort } from './plot-grid.ts';

export interface BarSegment {
  key: string;
  value: number;
}

export interface BarRow {
  label: string;
  segments: readonly BarSegment[];
  /** Shown after the bar instead of the formatted total (e.g. "unknown"). */
  note?: string;
}

export interface BarChartProps {
  rows: readonly BarRow[];
  /** Segment keys in legend order, with their names. */
  keys: readonly { key: string; label: string }[];
  width: number;
  color: boolean;
  /** Formats a total (default: short USD). */
  format?(value: number): string;
  /** The value the full bar width stands for (default: the largest total). */
  max?: number;
  /** Show the legend line (default true). */
  legend?: boolean;
}

export const FILLS = ['█', '▓', '▒', '░', '#', '=', '+'] as const;

export function fillFor(index: number, color: boolean): string {
  return color ? '█' : (FILLS[index % FILLS.length] as string);
}

/**
 * Cell counts of each segment of a bar `cells` wide: the bar's length is total / max × cells (rounded), split by
 * largest remainders so the segments add up to it exactly. E.g. segmentCells([1, 1, 2], 8, 4) = [1, 1, 2].
 */
export function segmentCells(values: readonly number[], cells: number, max: number): number[] {
  const total = values.reduce((a, b) => a + Math.max(0, b), 0);
  if (!(max > 0) || total <= 0) return values.map(() => 0);
  const length = Math.min(cells, Math.round((total / max) * cells));
  const exact = values.map((v) => (Math.max(0, v) / total) * length);
  const out = exact.map(Math.floor);
  let left = length - out.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    out[i] = (out[i] ?? 0) + 1;
    left -= 1;
  }
  return out;
}

export function BarChart({ rows, keys, width, color, format = formatUsdShort, max, legend = true }: BarChartProps) {
  const labelWidth = Math.min(18, Math.max(4, ...rows.map((r) => r.label.length)));
  const totals = rows.map((r) => r.segments.reduce((a, s) => a + Math.max(0, s.value), 0));
  const texts = rows.map((r, i) => r.note ?? format(totals[i] ?? 0));
  const valueWidth = Math.max(...texts.map((t) => t.length), 1);
  const cells = Math.max(4, width - labelWidth - valueWidth - 3);
  const scale = max ?? Math.max(0, ...totals);
  return (
    <Box flexDirection="column">
      {rows.map((row, r) => {
        const byKey = new Map(row.segments.map((s) => [s.key, s.value]));
        const counts = segmentCells(keys.map((k) => byKey.get(k.key) ?? 0), cells, scale);
        const used = counts.reduce((a, b) => a + b, 0);
        const label = row.label.length > labelWidth ? `${row.label.slice(0, labelWidth - 1)}…` : row.label.padEnd(labelWidth);
        return (
          <Text key={`${row.label}-${r}`} wrap="truncate-end">
            {label}{' '}
            {keys.map((k, i) => (
              <Text key={k.key} {...styleProps(`s${i % 7}`, color)}>
                {fillFor(i, color).repeat(counts[i] ?? 0)}
              </Text>
            ))}
            {' '.repeat(Math.max(0, cells - used))} {texts[r]}
          </Text>
        );
      })}
      {legend ? (
        <Text wrap="truncate-end">
          {keys.map((k, i) => (
            <Text key={k.key}>
              <Text {...styleProps(`s${i % 7}`, color)}>{fillFor(i, color)}</Text> {k.label}{'  '}
            </Text>
          ))}
        </Text>
      ) : null}
    </Box>
  );
}
