import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { BarChart, FILLS, fillFor, segmentCells } from '../../src/ui/components/BarChart.tsx';
import { LineChart, drawLines } from '../../src/ui/components/LineChart.tsx';
import { ScatterPlot, drawScatter } from '../../src/ui/components/ScatterPlot.tsx';
import type { ScatterPlotProps } from '../../src/ui/components/ScatterPlot.tsx';
import { Slider, sliderTrack } from '../../src/ui/components/Slider.tsx';
import { formatPercent, formatUsdTick } from '../../src/ui/components/plot-grid.ts';

afterEach(() => cleanup());

const scatter: ScatterPlotProps = {
  // A $0.1 … $10 log axis over 30 columns (10 per decade) and a 0 … 1 quality axis over 10 plot rows.
  points: [
    { id: 'a', label: 'cheap', x: 0.1, y: 0.1, low: 0.05, high: 0.15, onFrontier: true },
    { id: 'b', label: 'knee', x: 1, y: 0.7, onFrontier: true, knee: true },
    { id: 'c', label: 'worse', x: 3, y: 0.4, low: 0.3, high: 0.5, onFrontier: false },
    { id: 'd', label: 'best', x: 9.9, y: 0.9, onFrontier: true, selected: true },
  ],
  width: 36, height: 13, xAxis: { min: 0.1, max: 10, log: true }, yAxis: { min: 0, max: 1 },
  xTicks: [0.1, 1, 10], yTicks: [0, 0.5, 1], formatX: formatUsdTick, formatY: (v) => formatPercent(v, 0),
  xLabel: 'cost', yLabel: 'quality', color: false,
};

describe('ScatterPlot', () => {
  it('puts each point in its cell: frontier ●, dominated ○, knee ◆, selected ◉ without colour', () => {
    const { grid } = drawScatter(scatter);
    // Plot area: 36 − gutter 5 ("100%" + 1) − axis 1 = 30 columns, 13 − 3 = 10 rows.
    expect([grid.width, grid.height]).toEqual([30, 10]);
    // cheap: x = 0.1 → column 0; y = 0.1 → cell 1 from the bottom → row 8.
    expect(grid.get(0, 8)).toBe('●');
    // knee: x = 1 → log position 0.5 → column 15; y = 0.7 → cell 7 → row 2.
    expect(grid.get(15, 2)).toBe('◆');
    // worse: x = 3 → (log10 3 + 1) / 2 = 0.739 → column 22; y = 0.4 → row 5; its whisker 0.3 … 0.5 covers rows 4 … 6.
    expect(grid.get(22, 5)).toBe('○');
    expect([grid.get(22, 4), grid.get(22, 6)]).toEqual(['│', '│']);
    // best: x = 9.9 → column 29, y = 0.9 → row 0, selected.
    expect(grid.get(29, 0)).toBe('◉');
  });

  it('joins the frontier points with the Pareto line and labels points where there is room', () => {
    const lines = drawScatter(scatter).grid.lines();
    // Between cheap (0, 8) and knee (15, 2) the line passes column 7 or 8 on rows 5–6.
    expect(lines.slice(4, 7).join('')).toContain('·');
    // The dominated point is not on the line: nothing joins it.
    expect(lines[8]).toContain('cheap');
    expect(lines[2]).toContain('knee');
    expect(lines[0]).toContain('best');
  });

  it('renders axes, tick labels and titles', () => {
    const frame = render(<ScatterPlot {...scatter} />).lastFrame() ?? '';
    const rows = frame.split('\n');
    expect(rows[0]).toMatch(/^↑ quality\s+cost →$/);
    expect(rows).toHaveLength(13);
    expect(frame).toContain('100% ┤');
    expect(frame).toContain('  0% ┤');
    expect(rows[12]).toMatch(/\$0\.1\s+\$1\s+\$10/);
    for (const row of rows) expect(row.length).toBeLessThanOrEqual(36);
  });

  it('marks the selected point with its own shape in colour (inverse, not ◉)', () => {
    expect(drawScatter({ ...scatter, color: true }).grid.get(29, 0)).toBe('●');
  });
});

describe('LineChart', () => {
  const props = {
    series: [
      { id: 'r', label: 'router', points: [{ x: 0, y: 0 }, { x: 1, y: 1 }], char: '•', style: 'router' },
      { id: 'base', label: 'random', points: [{ x: 0, y: 0 }, { x: 1, y: 0.5 }], char: '·', style: 'random' },
    ],
    current: { x: 0.5, y: 0.5, label: 'threshold' },
    width: 26, height: 14, xAxis: { min: 0, max: 1 }, yAxis: { min: 0, max: 1 }, xTicks: [0, 0.5, 1], yTicks: [0, 1],
    formatX: (v: number) => formatPercent(v, 0), formatY: (v: number) => formatPercent(v, 0), xLabel: 'share', yLabel: 'q', color: false,
  };

  it('draws each series with its character, the first on top, and the current point ◆', () => {
    const { grid } = drawLines(props);
    // 26 − gutter 5 − 1 = 20 columns; 14 − legend 1 − frame 3 = 10 rows.
    expect([grid.width, grid.height]).toEqual([20, 10]);
    // Both curves start at (0, 0) → column 0, row 9: the router (first) wins.
    expect(grid.get(0, 9)).toBe('•');
    // The router ends top right; the random line ends at y = 0.5 → cell 5 → row 4.
    expect(grid.get(19, 0)).toBe('•');
    expect(grid.get(19, 4)).toBe('·');
    // Current (0.5, 0.5) → column 10, row 4.
    expect(grid.get(10, 4)).toBe('◆');
  });

  it('names the series in a legend line', () => {
    const frame = render(<LineChart {...props} />).lastFrame() ?? '';
    expect(frame.split('\n').at(-1)).toBe('•• router   ·· random   ◆ threshold');
  });
});

describe('BarChart', () => {
  it('splits a bar by largest remainders so the segments add up to its length', () => {
    // total 4 of max 8 over 8 cells → length 4; shares 1:1:2 → [1, 1, 2].
    expect(segmentCells([1, 1, 2], 8, 8)).toEqual([1, 1, 2]);
    // total 10 of max 10 over 7 cells: exact 2.1, 2.1, 2.8 → floors 2, 2, 2 and the one left to the largest remainder.
    expect(segmentCells([3, 3, 4], 7, 10)).toEqual([2, 2, 3]);
    expect(segmentCells([0, 0], 10, 5)).toEqual([0, 0]);
  });

  it('uses distinct fill characters without colour, and says the total', () => {
    const frame = render(
      <BarChart
        rows={[
          { label: 'support', segments: [{ key: 'in', value: 30 }, { key: 'out', value: 10 }] },
          { label: 'triage', segments: [{ key: 'in', value: 10 }, { key: 'out', value: 10 }] },
          { label: 'local', segments: [], note: 'unknown (self-hosted)' },
        ]}
        keys={[{ key: 'in', label: 'input' }, { key: 'out', label: 'output' }]}
        width={60}
        color={false}
      />,
    ).lastFrame() ?? '';
    const [support, triage, local, legend] = frame.split('\n');
    // Bar cells: 60 − label 7 − value 21 ("unknown (self-hosted)") − 3 = 29; support fills all 29: 30:10 → 21.75 + 7.25 → 22 + 7.
    expect(support).toBe(`support ${'█'.repeat(22)}${'▓'.repeat(7)} $40.00`);
    // triage: 20 / 40 × 29 = 14.5 → 15 cells, 7.5 + 7.5 → 8 + 7 (ties to the first).
    expect(triage).toBe(`triage  ${'█'.repeat(8)}${'▓'.repeat(7)}${' '.repeat(14)} $20.00`);
    expect(local).toBe(`local   ${' '.repeat(29)} unknown (self-hosted)`);
    expect(legend?.trim()).toBe('█ input  ▓ output');
    expect(fillFor(2, false)).toBe(FILLS[2]);
    expect(fillFor(2, true)).toBe('█');
  });
});

describe('Slider', () => {
  it('places the knob at position / (positions − 1) of the track', () => {
    expect(sliderTrack(0, 11, 11)).toBe('●──────────');
    expect(sliderTrack(5, 11, 11)).toBe('━━━━━●─────');
    expect(sliderTrack(10, 11, 11)).toBe('━━━━━━━━━━●');
    expect(sliderTrack(99, 11, 11)).toBe('━━━━━━━━━━●');
  });

  it('renders the label, the track and the value in its width', () => {
    const frame = render(<Slider position={1} positions={3} width={30} label="t" value="≥ 5" color={false} />).lastFrame() ?? '';
    // Track: 30 − 1 − 3 − 4 = 22 cells; the knob at round(0.5 × 21) = 11 (10.5 rounds up).
    expect(frame).toBe(`t [${'━'.repeat(11)}●${'─'.repeat(10)}] ≥ 5`);
  });
});
