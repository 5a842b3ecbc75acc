/**
 * Money: an exact amount in picodollars, or `unknown` with the reasons (the missing rates) — never $0
 * standing in for a price nobody knows.
 */
import { MICRO_PER_USD, PICO_PER_USD, formatScaled, parseScaled, roundScaled } from './decimal.ts';

export type Money =
  | { readonly known: true; readonly pico: bigint }
  | { readonly known: false; readonly missing: readonly string[] };

/** A rate in micro-dollars per million tokens (equivalently picodollars per token); null when unknown. */
export type Rate = bigint;

export const ZERO: Money = { known: true, pico: 0n };

export function known(pico: bigint): Money {
  return { known: true, pico };
}

export function unknown(...missing: string[]): Money {
  return { known: false, missing };
}

export function addMoney(a: Money, b: Money): Money {
  if (a.known && b.known) return known(a.pico + b.pico);
  const missing = [...(a.known ? [] : a.missing), ...(b.known ? [] : b.missing)];
  return unknown(...new Set(missing));
}

export function sumMoney(items: Iterable<Money>): Money {
  let total = ZERO;
  for (const item of items) total = addMoney(total, item);
  return total;
}

/** The amount times a whole number (e.g. per call × calls); unknown stays unknown. */
export function scaleMoney(money: Money, times: number | bigint): Money {
  return money.known ? known(money.pico * BigInt(times)) : money;
}

/** tokens × rate; a null rate makes the amount unknown (named by `what`) unless there are no tokens. */
export function costOf(tokens: number | bigint, rate: Rate | null, what: string): Money {
  const count = BigInt(tokens);
  if (count === 0n) return ZERO;
  if (rate === null) return unknown(what);
  return known(count * rate);
}

/** Parses a price in USD per million tokens (number or decimal string) into a Rate. */
export function ratePerMTok(usdPerMTok: number | string, what = 'rate'): Rate {
  return parseScaled(usdPerMTok, 6, what);
}

/** Parses a price in USD per token (LiteLLM's unit) into a Rate. */
export function ratePerToken(usdPerToken: number | string, what = 'rate'): Rate {
  return parseScaled(usdPerToken, 12, what);
}

/** The rate as USD per million tokens, a plain JS number for JSON output. */
export function rateToUsdPerMTok(rate: Rate): number {
  return Number(formatScaled(rate, 6));
}

/** Exact decimal string of USD (up to 12 places, trailing zeros trimmed). */
export function moneyToUsdString(pico: bigint): string {
  return formatScaled(pico, 12);
}

/** The amount as a JS number of USD (the nearest double to the exact decimal), for JSON. */
export function moneyToUsdNumber(money: Money): number | null {
  return money.known ? Number(formatScaled(money.pico, 12)) : null;
}

/**
 * Human display: cents from $100 up (`$1,234.50`); below that up to `significant` significant digits,
 * so per-call figures show as they are (`$0.0001875`, `$0.020688`); `unknown (no … rate)` when unknown.
 */
/** What a self-hosted model's unknown cost misses: it has no per-token price (its cost is its GPUs). */
export const SELF_HOSTED_MISSING = 'per-token price (self-hosted: see costlab breakeven)';

export function formatUsd(money: Money, significant = 6): string {
  if (!money.known && money.missing.every((m) => m === SELF_HOSTED_MISSING)) return 'unknown (self-hosted: no per-token price; see costlab breakeven)';
  if (!money.known) return `unknown (no ${money.missing.join(', ')} rate)`;
  const pico = money.pico;
  const negative = pico < 0n;
  const abs = negative ? -pico : pico;
  const sign = negative ? '-' : '';
  if (abs === 0n) return '$0.00';
  if (abs >= PICO_PER_USD * 100n) return `${sign}$${withThousands(formatScaled(roundScaled(abs, 12, 2), 12, 2))}`;
  const digits = abs.toString().length; // digits of picodollars
  const keep = Math.max(2, 12 - (digits - significant));
  return `${sign}$${withThousands(formatScaled(roundScaled(abs, 12, Math.min(12, keep)), 12, 2))}`;
}

function withThousands(decimal: string): string {
  const [whole = '0', frac] = decimal.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${grouped}${frac !== undefined ? `.${frac}` : ''}`;
}

export { MICRO_PER_USD, PICO_PER_USD };
