/**
 * Exact rational numbers (bigint numerator / positive bigint denominator, always reduced) for the bill's
 * shares and request counts. Rates are exact picodollars per token, and a profile's shares are decimals
 * (0.3, 0.25, 1.1), so calls × tokens × rate stays exact until one documented rounding to the picodollar.
 */
import { CostlabError } from '../errors.ts';

export interface Fraction {
  readonly n: bigint;
  /** Always > 0. */
  readonly d: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

export function frac(n: bigint | number, d: bigint | number = 1n): Fraction {
  let num = BigInt(n);
  let den = BigInt(d);
  if (den === 0n) throw new RangeError('fraction with a zero denominator');
  if (den < 0n) [num, den] = [-num, -den];
  const g = gcd(num, den);
  return g > 1n ? { n: num / g, d: den / g } : { n: num, d: den };
}

export const F0 = frac(0n);
export const F1 = frac(1n);

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * The exact value of a decimal written as a JS number or string: `0.3` is 3/10 (the number's shortest
 * decimal form, not its binary approximation), `1e-7` is 1/10^7.
 */
export function fromDecimal(value: number | string, what = 'number'): Fraction {
  const text = typeof value === 'number' ? String(value) : value.trim();
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new CostlabError('bad-decimal', `${what} must be a finite number, got ${text}`);
  }
  const match = DECIMAL.exec(text);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) {
    throw new CostlabError('bad-decimal', `${what} is not a decimal number: ${JSON.stringify(value)}`, {
      hint: 'write a plain number such as 2.5 or 0.3',
    });
  }
  const exponent = Number(match[4] ?? '0');
  if (Math.abs(exponent) > 60) throw new CostlabError('bad-decimal', `${what} is out of range: ${text}`);
  const fracPart = match[3] ?? '';
  const digits = BigInt(`${match[2] ?? ''}${fracPart}` || '0') * (match[1] === '-' ? -1n : 1n);
  const scale = exponent - fracPart.length;
  return scale >= 0 ? frac(digits * 10n ** BigInt(scale)) : frac(digits, 10n ** BigInt(-scale));
}

export function add(a: Fraction, b: Fraction): Fraction {
  return frac(a.n * b.d + b.n * a.d, a.d * b.d);
}

export function sub(a: Fraction, b: Fraction): Fraction {
  return frac(a.n * b.d - b.n * a.d, a.d * b.d);
}

export function mul(...items: Fraction[]): Fraction {
  let n = 1n;
  let d = 1n;
  for (const item of items) {
    n *= item.n;
    d *= item.d;
  }
  return frac(n, d);
}

export function div(a: Fraction, b: Fraction): Fraction {
  if (b.n === 0n) throw new RangeError('division by zero');
  return frac(a.n * b.d, a.d * b.n);
}

/** a^k for a whole k ≥ 0. */
export function pow(a: Fraction, k: number): Fraction {
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`pow needs a whole exponent ≥ 0, got ${k}`);
  const e = BigInt(k);
  return frac(a.n ** e, a.d ** e);
}

export function cmp(a: Fraction, b: Fraction): -1 | 0 | 1 {
  const left = a.n * b.d;
  const right = b.n * a.d;
  return left < right ? -1 : left > right ? 1 : 0;
}

export function min(a: Fraction, b: Fraction): Fraction {
  return cmp(a, b) <= 0 ? a : b;
}

export function max(a: Fraction, b: Fraction): Fraction {
  return cmp(a, b) >= 0 ? a : b;
}

export function isZero(a: Fraction): boolean {
  return a.n === 0n;
}

/** The largest whole number ≤ a. */
export function floor(a: Fraction): bigint {
  const q = a.n / a.d;
  return a.n < 0n && q * a.d !== a.n ? q - 1n : q;
}

/** The smallest whole number ≥ a. */
export function ceil(a: Fraction): bigint {
  return -floor(frac(-a.n, a.d));
}

/** Rounds to the nearest whole number, halves away from zero (the one rounding rule the bill uses). */
export function roundHalfUp(a: Fraction): bigint {
  const negative = a.n < 0n;
  const abs = negative ? -a.n : a.n;
  const rounded = (2n * abs + a.d) / (2n * a.d);
  return negative ? -rounded : rounded;
}

/** The nearest JS number (for JSON and display only, never for arithmetic). */
export function toNumber(a: Fraction): number {
  // Scale to 18 significant digits before dividing so large numerators and denominators stay accurate.
  const whole = a.n / a.d;
  const rest = frac(a.n - whole * a.d, a.d);
  return Number(whole) + Number((rest.n * 10n ** 18n) / rest.d) / 1e18;
}

