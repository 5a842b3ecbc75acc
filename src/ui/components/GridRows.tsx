/**
 * Renders rows of styled runs (from plot-grid's CharGrid or built by hand) as Ink text. A style name maps to
 * colours only when colour is on; under NO_COLOR every run is plain text and the charts tell things apart by
 * their characters alone.
 */
import { Box, Text } from 'ink';
import type { Run } from './plot-grid.ts';

interface StyleProps {
  color?: string;
  dimColor?: boolean;
  bold?: boolean;
  inverse?: boolean;
}

/** Style names the charts use, and what each looks like in colour. */
export const CHART_STYLES: Readonly<Record<string, StyleProps>> = {
  axis: { dimColor: true },
  label: {},
  muted: { dimColor: true },
  frontier: { color: 'cyan', bold: true },
  dominated: { dimColor: true },
  line: { color: 'cyan' },
  whisker: { color: 'gray' },
  knee: { color: 'yellow', bold: true },
  selected: { inverse: true },
  current: { color: 'yellow', bold: true },
  router: { color: 'cyan' },
  random: { color: 'gray' },
  oracle: { color: 'green' },
  api: { color: 'magenta' },
  gpu: { color: 'green' },
  s0: { color: 'cyan' },
  s1: { color: 'magenta' },
  s2: { color: 'yellow' },
  s3: { color: 'green' },
  s4: { color: 'blue' },
  s5: { color: 'red' },
  s6: { color: 'white' },
};

export function styleProps(style: string, color: boolean): StyleProps {
  if (!color) return {};
  return CHART_STYLES[style] ?? {};
}

export function GridRows({ rows, color }: { rows: readonly (readonly Run[])[]; color: boolean }) {
  return (
    <Box flexDirection="column">
      {rows.map((runs, y) => (
        <Text key={y} wrap="truncate-end">
          {runs.map((run, i) => (
            <Text key={i} {...styleProps(run.style, color)}>
              {run.text}
            </Text>
          ))}
        </Text>
      ))}
    </Box>
  );
}
