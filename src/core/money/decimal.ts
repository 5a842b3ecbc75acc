/**
 * Exact decimal ↔ scaled-integer conversion. Money in costlab is a bigint count of picodollars
 * (1e-12 USD), and a rate is a bigint of micro-dollars per million tokens — which is the same unit
 * per token, so `tokens × rate` is picodollars with no rounding and no floating-point drift.
 */
import { CostlabError } from '../errors.ts';

/** Picodollars per dollar. */
export const PICO_PER_USD = 1_000_000_000_000n;
/** Micro-dollars per dollar: a rate stored in USD per million tokens is scaled by this. */
export const MICRO_PER_USD = 1_000_000n;

/** Largest magnitude (in digits of the scaled integer) parseScaled accepts. */
const MAX_DIGITS = 60;

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Parses a decimal number (a JS number or its string, including exponent forms such as `2.5e-06`) into
 * an integer scaled by 10^scale. Digits beyond the scale are rounded half away from zero, which absorbs
 * binary artefacts such as 1.4999999999999998e-07.
 */
export function parseScaled(value: number | string, scale: number, what = 'number'): bigint {
  const text = typeof value === 'number' ? numberToPlainString(value, what) : value.trim();
  const match = DECIMAL.exec(text);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) {
    throw new CostlabError('bad-decimal', `${what} is not a decimal number: ${JSON.stringify(value)}`, {
      hint: 'write a plain number such as 2.5 or 0.000003',
    });
  }
  const sign = match[1] === '-' ? -1n : 1n;
  const intPart = match[2] ?? '';
  const fracPart = match[3] ?? '';
  const exponent = Number(match[4] ?? '0') + scale;
  const all = (intPart + fracPart).replace(/^0+(?=\d)/, ''); // leading zeros carry no value
  const pointAt = all.length - fracPart.length + exponent; // decimal point within `all` after scaling
  // Guard the exponent before building strings from it: `1e999999999` would otherwise allocate a
  // gigabyte of zeros. Anything past 10^MAX_DIGITS is not a price; anything below half a unit is 0.
  if (pointAt - all.length > MAX_DIGITS) {
    throw new CostlabError('bad-decimal', `${what} is out of range: ${JSON.stringify(value)}`, {
      hint: `use a number below 1e${MAX_DIGITS - scale}`,
    });
  }
  if (pointAt < 0) return 0n; // below 0.1 of a unit: rounds to zero
  let whole: string;
  let rest: string;
  if (pointAt >= all.length) {
    whole = all + '0'.repeat(pointAt - all.length);
    rest = '';
  } else if (pointAt === 0) {
    whole = '0';
    rest = all;
  } else {
    whole = all.slice(0, pointAt);
    rest = all.slice(pointAt);
  }
  let result = BigInt(whole === '' ? '0' : whole);
  if (rest.length > 0 && rest.charCodeAt(0) >= 53 /* '5' */) result += 1n;
  return sign * result;
}

function numberToPlainString(value: number, what: string): string {
  if (!Number.isFinite(value)) {
    throw new CostlabError('bad-decimal', `${what} must be a finite number, got ${String(value)}`);
  }
  return String(value);
}

/** Formats a scaled integer as an exact decimal string with trailing zeros trimmed (`minDecimals` kept). */
export function formatScaled(value: bigint, scale: number, minDecimals = 0): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const base = 10n ** BigInt(scale);
  const whole = abs / base;
  let frac = (abs % base).toString().padStart(scale, '0').replace(/0+$/, '');
  if (frac.length < minDecimals) frac = frac.padEnd(minDecimals, '0');
  return `${negative ? '-' : ''}${whole.toString()}${frac ? `.${frac}` : ''}`;
}

/** Rounds a scaled integer to `decimals` places of its unit, half away from zero. */
export function roundScaled(value: bigint, scale: number, decimals: number): bigint {
  if (decimals >= scale) return value;
  const step = 10n ** BigInt(scale - decimals);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const rounded = ((abs + step / 2n) / step) * step;
  return negative ? -rounded : rounded;
}
