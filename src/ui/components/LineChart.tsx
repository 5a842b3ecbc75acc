/**
 * Curves on a character grid, e.g. quality against strong-call share: each series is drawn with its own
 * character (so they stay apart under NO_COLOR) and, in colour, its own colour; series listed first are drawn
 * on top. An optional current point is marked ◆ with a faint crosshair, and a legend line names the series.
 * Pure render from props.
 */
import { Box, Text } from 'ink';
import { GridRows, styleProps } from './GridRows.tsx';
import { chartFrame } from './chart-frame.ts';
import type { ChartFrame, ChartFrameOptions } from './chart-frame.ts';

export interface LineSeries {
  id: string;
  label: string;
  points: readonly { x: number; y: number }[];
  /** The character the curve is drawn with. */
  char: string;
  /** A style name of GridRows' CHART_STYLES. */
  style: string;
  /** Draw a step line (horizontal, then vertical) instead of straight segments. */
  step?: boolean;
}

export interface LineChartProps extends ChartFrameOptions {
  series: readonly LineSeries[];
  current?: { x: number; y: number; label?: string };
  /** Rows including the frame and the legend line. */
  height: number;
  color: boolean;
  /** Show the legend line under the chart (default true). */
  legend?: boolean;
}

export const CURRENT_MARKER = '◆';

/** Draws the curves into a frame (exported for tests of the layout). */
export function drawLines(props: LineChartProps): ChartFrame {
  const legend = props.legend ?? true;
  const frame = chartFrame({ ...props, height: props.height - (legend ? 1 : 0) });
  const { grid, plotHeight, cellOf: cell } = frame;
  const count = props.series.length;
  props.series.forEach((series, index) => {
    const priority = 2 + (count - index); // the first series on top
    let previous: { x: number; y: number } | null = null;
    for (const point of series.points) {
      const at = cell(point);
      if (at && previous) {
        if (series.step) {
          grid.line(previous.x, previous.y, at.x, previous.y, series.char, series.style, priority);
          grid.line(at.x, previous.y, at.x, at.y, series.char, series.style, priority);
        } else {
          grid.line(previous.x, previous.y, at.x, at.y, series.char, series.style, priority);
        }
      } else if (at) {
        grid.put(at.x, at.y, series.char, series.style, priority);
      }
      previous = at ?? previous;
    }
  });
  if (props.current) {
    const at = cell(props.current);
    if (at) {
      for (let y = 0; y < plotHeight; y++) grid.put(at.x, y, '┊', 'muted', 1);
      grid.put(at.x, at.y, CURRENT_MARKER, 'current', 100);
    }
  }
  return frame;
}

export function LineChart(props: LineChartProps) {
  const rows = drawLines(props).compose();
  return (
    <Box flexDirection="column">
      <GridRows rows={rows} color={props.color} />
      {props.legend ?? true ? (
        <Text wrap="truncate-end">
          {props.series.map((s) => (
            <Text key={s.id}>
              <Text {...styleProps(s.style, props.color)}>{s.char.repeat(2)}</Text> {s.label}{'   '}
            </Text>
          ))}
          {props.current ? (
            <Text>
              <Text {...styleProps('current', props.color)}>{CURRENT_MARKER}</Text> {props.current.label ?? 'current'}
            </Text>
          ) : null}
        </Text>
      ) : null}
    </Box>
  );
}
