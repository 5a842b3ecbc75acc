/** Number options of `costlab breakeven` and `costlab cache-advice`, read exactly (decimals as fractions). */
import type { Fraction } from '../core/index.ts';
import { CostlabError, compareFraction, fromDecimal } from '../core/index.ts';

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The option's value as an exact fraction, or `fallback` when it was not given; a bad value names the option. */
export function decimalOption(value: string | undefined, name: string, fallback: Fraction): Fraction;
export function decimalOption(value: string | undefined, name: string): Fraction | undefined;
export function decimalOption(value: string | undefined, name: string, fallback?: Fraction): Fraction | undefined {
  if (value === undefined) return fallback;
  const text = value.trim();
  if (!NUMBER.test(text)) {
    throw new CostlabError('bad-option', `${name} must be a number, got "${value}"`, { location: { field: name }, hint: `write a plain number, e.g. ${name} 2.5` });
  }
  return fromDecimal(text, name);
}

/** Checks lo ≤ value (≤ hi); `open` makes the low bound strict. */
export function inRange(value: Fraction, name: string, lo: Fraction, hi?: Fraction, open = false): Fraction {
  const low = compareFraction(value, lo);
  const bad = open ? low <= 0 : low < 0;
  if (bad || (hi !== undefined && compareFraction(value, hi) > 0)) {
    const range = hi === undefined ? `${open ? 'above' : 'at least'} ${show(lo)}` : `${open ? 'above' : 'from'} ${show(lo)} ${open ? 'and at most' : 'to'} ${show(hi)}`;
    throw new CostlabError('bad-option', `${name} must be ${range}`, { location: { field: name }, hint: 'fix the value and try again' });
  }
  return value;
}

function show(value: Fraction): string {
  return value.d === 1n ? value.n.toString() : (Number(value.n) / Number(value.d)).toString();
}
