import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CharGrid, axisFor, cellOf, columnOf, formatPercent, formatUsdShort, formatUsdTick, lineCells, logTicks, niceTicks, rowOf,
  tickLabelRow, valueAtCell,
} from '../../src/ui/components/plot-grid.ts';

describe('cellOf / rowOf / columnOf', () => {
  it('maps a value to the cell whose interval holds it (worked examples)', () => {
    // [0, 1] over 10 cells: cell = floor(v × 10), 1 itself in the last cell.
    expect(cellOf(0, { min: 0, max: 1 }, 10)).toBe(0);
    expect(cellOf(0.25, { min: 0, max: 1 }, 10)).toBe(2);
    expect(cellOf(0.999, { min: 0, max: 1 }, 10)).toBe(9);
    expect(cellOf(1, { min: 0, max: 1 }, 10)).toBe(9);
    expect(cellOf(1.5, { min: 0, max: 1 }, 10)).toBeNull();
    expect(cellOf(-0.1, { min: 0, max: 1 }, 10)).toBeNull();
    // log10 axis [0.01, 100] over 4 cells: one decade per cell; 0.5 → log10 = −0.301, (−0.301 + 2) / 4 = 0.42 → cell 1.
    expect(cellOf(0.5, { min: 0.01, max: 100, log: true }, 4)).toBe(1);
    expect(cellOf(10, { min: 0.01, max: 100, log: true }, 4)).toBe(3);
    expect(cellOf(0, { min: 0.01, max: 100, log: true }, 4)).toBeNull();
  });

  it('puts high values on the top row', () => {
    // 5 rows: 0.9 is cell 4 from the bottom → row 0; 0.1 is cell 0 → row 4.
    expect(rowOf(0.9, { min: 0, max: 1 }, 5)).toBe(0);
    expect(rowOf(0.1, { min: 0, max: 1 }, 5)).toBe(4);
    expect(columnOf(0.5, { min: 0, max: 1 }, 5)).toBe(2);
  });

  it('keeps the order of values (a larger value never gets a lower cell)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 200 }), (a, b, cells) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const cl = cellOf(lo, { min: 0, max: 1 }, cells) as number;
        const ch = cellOf(hi, { min: 0, max: 1 }, cells) as number;
        return cl <= ch && cl >= 0 && ch < cells;
      }),
    );
  });

  it('valueAtCell lands back in its own cell', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.boolean(), (cells, log) => {
        const axis = log ? { min: 0.01, max: 50, log: true } : { min: -3, max: 7 };
        return Array.from({ length: cells }, (_, c) => cellOf(valueAtCell(c, axis, cells), axis, cells) === c).every(Boolean);
      }),
    );
  });
});

describe('ticks', () => {
  it('niceTicks steps by 1, 2 or 5 × 10^k inside the range', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    // span 0.33, raw step 0.11 → 0.2: ticks 0.6 and 0.8 inside [0.6, 0.93].
    expect(niceTicks(0.6, 0.93, 3)).toEqual([0.6, 0.8]);
    expect(niceTicks(0, 1000, 4)).toEqual([0, 500, 1000]);
  });

  it('logTicks gives the powers of ten in range', () => {
    expect(logTicks(0.03, 20)).toEqual([0.1, 1, 10]);
    expect(logTicks(1, 1000)).toEqual([1, 10, 100, 1000]);
    expect(logTicks(0, 10)).toEqual([]);
  });

  it('a step as wide as the range still gives one tick (fast-check found [] here)', () => {
    expect(niceTicks(-0.010000000021000004, -0.010000000021000004 + 0.010000000001000002, 1)).toHaveLength(1);
  });

  it('every nice tick lies in the range', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 1e-3, max: 1e6, noNaN: true }), fc.integer({ min: 1, max: 10 }), (min, span, count) => {
        const ticks = niceTicks(min, min + span, count);
        return ticks.length >= 1 && ticks.length <= 2 * count + 2 && ticks.every((t) => t >= min - span * 1e-6 && t <= min + span * (1 + 1e-6));
      }),
    );
  });

  it('tickLabelRow centres labels on their columns and drops overlapping ones', () => {
    // "$1" centred on column 4 starts at 4 − 1 = 3; "$10" on column 5 would overlap and is dropped.
    expect(tickLabelRow(10, [{ column: 4, label: '$1' }, { column: 5, label: '$10' }])).toBe('   $1     ');
    expect(tickLabelRow(10, [{ column: 0, label: '0%' }, { column: 9, label: '100%' }])).toBe('0%    100%');
  });
});

describe('axisFor', () => {
  it('pads the span and clamps to floor and ceil', () => {
    // values 0.2…0.6, pad 10 % of 0.4 = 0.04 each side.
    const axis = axisFor([0.2, 0.6, 0.4], { pad: 0.1 });
    expect(axis.min).toBeCloseTo(0.16, 12);
    expect(axis.max).toBeCloseTo(0.64, 12);
    expect(axisFor([0, 1], { pad: 0.1, floor: 0, ceil: 1 })).toEqual({ min: 0, max: 1, log: false });
  });

  it('pads a log axis by a factor and ignores values ≤ 0', () => {
    // 0.1…10 is a factor 100; pad 0.5 → ×/÷ 100^0.5 = 10.
    const axis = axisFor([0.1, 10, 0, -1], { log: true, pad: 0.5 });
    expect(axis.min).toBeCloseTo(0.01, 12);
    expect(axis.max).toBeCloseTo(100, 9);
  });
});

describe('lineCells', () => {
  it('draws Bresenham lines with both ends', () => {
    expect(lineCells(0, 0, 3, 1)).toEqual([[0, 0], [1, 0], [2, 1], [3, 1]]);
    expect(lineCells(2, 2, 2, 0)).toEqual([[2, 2], [2, 1], [2, 0]]);
  });

  it('is 8-connected and runs max(|dx|, |dy|) + 1 cells', () => {
    fc.assert(
      fc.property(fc.integer({ min: -30, max: 30 }), fc.integer({ min: -30, max: 30 }), fc.integer({ min: -30, max: 30 }), fc.integer({ min: -30, max: 30 }), (x0, y0, x1, y1) => {
        const cells = lineCells(x0, y0, x1, y1);
        const steps = cells.slice(1).every(([x, y], i) => Math.abs(x - (cells[i] as number[])[0]!) <= 1 && Math.abs(y - (cells[i] as number[])[1]!) <= 1);
        return steps && cells.length === Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0)) + 1 && cells.at(-1)![0] === x1 && cells.at(-1)![1] === y1;
      }),
    );
  });
});

describe('CharGrid', () => {
  it('keeps the higher-priority character and groups styles into runs', () => {
    const grid = new CharGrid(5, 1);
    grid.line(0, 0, 4, 0, '·', 'line', 1);
    expect(grid.put(2, 0, '●', 'dot', 5)).toBe(true);
    expect(grid.put(2, 0, '·', 'line', 1)).toBe(false);
    expect(grid.lines()).toEqual(['··●··']);
    expect(grid.runs(0)).toEqual([{ text: '··', style: 'line' }, { text: '●', style: 'dot' }, { text: '··', style: 'line' }]);
    expect(grid.put(7, 0, 'x')).toBe(false);
  });

  it('writes a label only where every cell is free when asked', () => {
    const grid = new CharGrid(6, 1);
    grid.put(3, 0, '●', '', 5);
    expect(grid.text(1, 0, 'abc', '', 3, true)).toBe(false);
    expect(grid.text(4, 0, 'ab', '', 3, true)).toBe(true);
    expect(grid.lines()).toEqual(['   ●ab']);
  });
});

describe('formats', () => {
  it('formats dollars and percentages for charts', () => {
    expect(formatUsdShort(0.0271)).toBe('$0.027');
    expect(formatUsdShort(0.67)).toBe('$0.67');
    expect(formatUsdShort(13.344)).toBe('$13.34');
    expect(formatUsdShort(40)).toBe('$40.00');
    expect(formatUsdShort(765.2)).toBe('$765');
    expect(formatUsdShort(12_345.6)).toBe('$12,346');
    expect(formatUsdTick(0.1)).toBe('$0.1');
    expect(formatUsdTick(10)).toBe('$10');
    expect(formatUsdTick(1500)).toBe('$1,500');
    expect(formatPercent(0.7234)).toBe('72.3%');
    expect(formatPercent(0.5, 0)).toBe('50%');
  });
});
