/**
 * Plain-text tables for the terminal: left-aligned text, right-aligned numbers, columns measured in display
 * columns (a Chinese character takes two), so a table with Chinese names stays aligned.
 */
import { displayWidth } from '../../ui/text.ts';

export interface Column {
  header: string;
  align?: 'left' | 'right';
}

export function renderTable(columns: Column[], rows: string[][]): string {
  const widths = columns.map((c, i) => Math.max(displayWidth(c.header), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => {
        const pad = ' '.repeat(Math.max(0, widths[i]! - displayWidth(cell)));
        return columns[i]?.align === 'right' ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n');
}

/** 1234567 → "1,234,567". */
export function formatInteger(value: number): string {
  return value.toLocaleString('en-US');
}

/** A count and its noun: "1 model", "56 models", "1,319 trials". */
export function plural(n: number, noun: string): string {
  return `${formatInteger(n)} ${noun}${n === 1 ? '' : 's'}`;
}
