/**
 * The arithmetic behind the character charts: data values → cells of a width × height grid, axis ticks, and a
 * grid of styled characters that the chart components render row by row.
 *
 * Conventions: column 0 is the left edge, row 0 the TOP row, so a value's row is flipped (the highest value sits
 * on row 0). A value maps to the cell whose interval contains it: cell = floor((v − min) / (max − min) × cells),
 * with max itself in the last cell. A log axis does the same on log10(v) (values ≤ 0 have no cell).
 */

export interface Axis {
  min: number;
  max: number;
  /** log10 scale (min and max must be > 0). */
  log?: boolean;
}

function position(value: number, axis: Axis): number | null {
  if (!Number.isFinite(value)) return null;
  if (axis.log) {
    if (value <= 0 || axis.min <= 0 || axis.max <= 0) return null;
    const lo = Math.log10(axis.min);
    const hi = Math.log10(axis.max);
    return hi === lo ? 0.5 : (Math.log10(value) - lo) / (hi - lo);
  }
  return axis.max === axis.min ? 0.5 : (value - axis.min) / (axis.max - axis.min);
}

/** The cell (0 … cells − 1) holding `value`, or null outside the axis (or ≤ 0 on a log axis). */
export function cellOf(value: number, axis: Axis, cells: number): number | null {
  const p = position(value, axis);
  if (p === null || cells <= 0) return null;
  const eps = 1e-9;
  if (p < -eps || p > 1 + eps) return null;
  return Math.min(cells - 1, Math.max(0, Math.floor(p * cells)));
}

/** The column of `value` on a horizontal axis of `width` cells. */
export function columnOf(value: number, axis: Axis, width: number): number | null {
  return cellOf(value, axis, width);
}

/** The row of `value` on a vertical axis of `height` cells, row 0 at the top. */
export function rowOf(value: number, axis: Axis, height: number): number | null {
  const cell = cellOf(value, axis, height);
  return cell === null ? null : height - 1 - cell;
}

/** The value at the middle of a cell (the inverse of cellOf, for tick labels). */
export function valueAtCell(cell: number, axis: Axis, cells: number): number {
  const p = (cell + 0.5) / cells;
  if (axis.log) return 10 ** (Math.log10(axis.min) + p * (Math.log10(axis.max) - Math.log10(axis.min)));
  return axis.min + p * (axis.max - axis.min);
}

/**
 * "Nice" tick values covering [min, max]: steps of 1, 2 or 5 × 10^k, at most `count` + 1 of them, every tick
 * inside the range, at least one. E.g. niceTicks(0, 1, 5) = [0, 0.2, 0.4, 0.6, 0.8, 1].
 */
export function niceTicks(min: number, max: number, count: number): number[] {
  if (!(max > min) || count < 1) return [min];
  const raw = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw - 1e-12) ?? 10 * magnitude;
  const ticks: number[] = [];
  const first = Math.ceil(min / step - 1e-9) * step;
  for (let v = first; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  // A step as wide as the range can miss it entirely (floating-point edges): the range's start still labels it.
  return ticks.length > 0 ? ticks : [min];
}

/** Powers of ten within [min, max] (min > 0): the ticks of a log axis. E.g. logTicks(0.03, 20) = [0.1, 1, 10]. */
export function logTicks(min: number, max: number): number[] {
  if (!(min > 0) || !(max >= min)) return [];
  const ticks: number[] = [];
  for (let k = Math.ceil(Math.log10(min) - 1e-9); k <= Math.floor(Math.log10(max) + 1e-9); k++) ticks.push(Number((10 ** k).toPrecision(12)));
  return ticks;
}

/**
 * An axis that covers `values` with a margin of `pad` of the span on each side (or, on a log axis, a factor),
 * clamped at `floor` when given (e.g. 0 for quality).
 */
export function axisFor(values: readonly number[], options: { log?: boolean; pad?: number; floor?: number; ceil?: number } = {}): Axis {
  const finite = values.filter((v) => Number.isFinite(v) && (!options.log || v > 0));
  if (finite.length === 0) return { min: options.log ? 1 : 0, max: options.log ? 10 : 1, log: options.log ?? false };
  let min = Math.min(...finite);
  let max = Math.max(...finite);
  const pad = options.pad ?? 0.05;
  if (options.log) {
    const factor = max === min ? 2 : (max / min) ** pad;
    min /= factor;
    max *= factor;
  } else {
    const span = max === min ? Math.abs(max) || 1 : max - min;
    min -= span * pad;
    max += span * pad;
  }
  if (options.floor !== undefined) min = Math.max(options.floor, min);
  if (options.ceil !== undefined) max = Math.min(options.ceil, max);
  return { min, max, log: options.log ?? false };
}

/**
 * The cells of a straight line from (x0, y0) to (x1, y1), both ends included (Bresenham), in order from the
 * first point. E.g. lineCells(0, 0, 3, 1) = [[0,0], [1,0], [2,1], [3,1]].
 */
export function lineCells(x0: number, y0: number, x1: number, y1: number): [number, number][] {
  const cells: [number, number][] = [];
  const dx = Math.abs(x1 - x0);
  const dy = -Math.abs(y1 - y0);
  const sx = x0 < x1 ? 1 : -1;
  const sy = y0 < y1 ? 1 : -1;
  let err = dx + dy;
  let x = x0;
  let y = y0;
  for (;;) {
    cells.push([x, y]);
    if (x === x1 && y === y1) break;
    const e2 = 2 * err;
    if (e2 >= dy) {
      err += dy;
      x += sx;
    }
    if (e2 <= dx) {
      err += dx;
      y += sy;
    }
  }
  return cells;
}

/** A run of characters with one style, as a row is rendered. */
export interface Run {
  text: string;
  style: string;
}

interface Cell {
  ch: string;
  style: string;
  priority: number;
}

/**
 * A width × height grid of characters, each with a style name and a priority: a write lands only on a cell of
 * equal or lower priority, so markers drawn before lines stay on top of them.
 */
export class CharGrid {
  readonly width: number;
  readonly height: number;
  private readonly cells: Cell[];

  constructor(width: number, height: number) {
    this.width = Math.max(0, Math.floor(width));
    this.height = Math.max(0, Math.floor(height));
    this.cells = Array.from({ length: this.width * this.height }, () => ({ ch: ' ', style: '', priority: 0 }));
  }

  inside(x: number, y: number): boolean {
    return Number.isInteger(x) && Number.isInteger(y) && x >= 0 && y >= 0 && x < this.width && y < this.height;
  }

  /** Writes one character; false when outside or a higher-priority character is there. */
  put(x: number, y: number, ch: string, style = '', priority = 1): boolean {
    if (!this.inside(x, y)) return false;
    const cell = this.cells[y * this.width + x] as Cell;
    if (cell.priority > priority) return false;
    cell.ch = ch;
    cell.style = style;
    cell.priority = priority;
    return true;
  }

  get(x: number, y: number): string {
    return this.inside(x, y) ? (this.cells[y * this.width + x] as Cell).ch : '';
  }

  priorityAt(x: number, y: number): number {
    return this.inside(x, y) ? (this.cells[y * this.width + x] as Cell).priority : Number.POSITIVE_INFINITY;
  }

  /** Writes a string from (x, y) rightwards, only where every cell is free (priority below `priority`). */
  text(x: number, y: number, text: string, style = '', priority = 1, onlyIfFree = false): boolean {
    const chars = [...text];
    if (onlyIfFree && chars.some((_, i) => !this.inside(x + i, y) || this.priorityAt(x + i, y) >= priority)) return false;
    chars.forEach((ch, i) => this.put(x + i, y, ch, style, priority));
    return true;
  }

  line(x0: number, y0: number, x1: number, y1: number, ch: string, style = '', priority = 1): void {
    for (const [x, y] of lineCells(x0, y0, x1, y1)) this.put(x, y, ch, style, priority);
  }

  /** Row y as runs of equal style. */
  runs(y: number): Run[] {
    const out: Run[] = [];
    for (let x = 0; x < this.width; x++) {
      const cell = this.cells[y * this.width + x] as Cell;
      const last = out[out.length - 1];
      if (last && last.style === cell.style) last.text += cell.ch;
      else out.push({ text: cell.ch, style: cell.style });
    }
    return out;
  }

  /** The grid as plain text lines (styles dropped). */
  lines(): string[] {
    return Array.from({ length: this.height }, (_, y) => this.runs(y).map((r) => r.text).join(''));
  }
}

/** Places tick labels along a row of `width` cells at the given columns, skipping any that would overlap. */
export function tickLabelRow(width: number, ticks: readonly { column: number; label: string }[]): string {
  const row = Array.from({ length: width }, () => ' ');
  let free = 0;
  for (const { column, label } of [...ticks].sort((a, b) => a.column - b.column)) {
    const start = Math.max(0, Math.min(width - label.length, column - Math.floor(label.length / 2)));
    if (start < free || start + label.length > width) continue;
    for (let i = 0; i < label.length; i++) row[start + i] = label[i] as string;
    free = start + label.length + 1;
  }
  return row.join('');
}

/** USD for tables and bars, short: $0.035, $1.20, $13.34, $765, $1,234 (whole dollars from $100). */
export function formatUsdShort(usd: number): string {
  if (!Number.isFinite(usd)) return '—';
  const abs = Math.abs(usd);
  const sign = usd < 0 ? '-' : '';
  if (abs >= 1000) return `${sign}$${Math.round(abs).toLocaleString('en-US')}`;
  if (abs >= 100) return `${sign}$${abs.toFixed(0)}`;
  if (abs >= 0.1) return `${sign}$${abs.toFixed(2)}`;
  if (abs === 0) return '$0';
  return `${sign}$${Number(abs.toPrecision(2))}`;
}

/** A fraction as a percentage with `digits` decimals: 0.7234 → "72.3%". */
export function formatPercent(fraction: number, digits = 1): string {
  return Number.isFinite(fraction) ? `${(fraction * 100).toFixed(digits)}%` : '—';
}

/** USD for axis ticks: three significant digits, no trailing zeros: 0.1 → "$0.1", 10 → "$10", 1500 → "$1,500". */
export function formatUsdTick(usd: number): string {
  if (!Number.isFinite(usd)) return '—';
  return `${usd < 0 ? '-' : ''}$${Number(Math.abs(usd).toPrecision(3)).toLocaleString('en-US', { maximumFractionDigits: 12 })}`;
}
