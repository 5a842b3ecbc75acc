import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  PICO_PER_USD,
  SELF_HOSTED_MISSING,
  ZERO,
  addMoney,
  costOf,
  formatUsd,
  known,
  moneyToUsdNumber,
  moneyToUsdString,
  ratePerMTok,
  ratePerToken,
  rateToUsdPerMTok,
  sumMoney,
  unknown,
} from '../../../src/core/money/money.ts';
import type { Money } from '../../../src/core/money/money.ts';

const usd = (decimal: string): Money => known(ratePerMTok(decimal) * 1_000_000n); // exact USD → pico

describe('rates', () => {
  it('reads USD per MTok and USD per token into the same unit', () => {
    expect(ratePerMTok('0.15')).toBe(150_000n);
    expect(ratePerMTok(2.5)).toBe(2_500_000n);
    expect(ratePerToken('2.5e-06')).toBe(2_500_000n); // $2.5e-6 per token = $2.50 / MTok
    expect(ratePerToken(1.4999999999999998e-7)).toBe(ratePerMTok('0.15')); // float artefact → $0.15 / MTok
    expect(ratePerToken(7.5e-8)).toBe(ratePerMTok('0.075'));
    expect(rateToUsdPerMTok(ratePerToken(1.4999999999999998e-7))).toBe(0.15);
    expect(rateToUsdPerMTok(ratePerMTok('22.50'))).toBe(22.5);
  });

  it('tokens × rate is exact picodollars', () => {
    // 1,000 tokens at $0.15 / MTok = $0.00015 = 150,000,000 pico
    expect(costOf(1_000, ratePerMTok('0.15'), 'input')).toEqual(known(150_000_000n));
    expect(moneyToUsdString(150_000_000n)).toBe('0.00015');
    // 1 token at $0.075 / MTok = 75,000 pico = $0.000000075
    expect(moneyToUsdString((costOf(1, ratePerMTok('0.075'), 'x') as { pico: bigint }).pico)).toBe('0.000000075');
  });

  it('costOf: no tokens is exactly 0 even with an unknown rate; tokens with an unknown rate are unknown', () => {
    expect(costOf(0, null, 'cache-write-1h')).toEqual(ZERO);
    expect(costOf(0n, null, 'cache-write-1h')).toEqual(ZERO);
    expect(costOf(5, null, 'cache-write-1h')).toEqual(unknown('cache-write-1h'));
  });
});

describe('addMoney / sumMoney', () => {
  it('unknown is contagious and keeps every reason once', () => {
    const total = sumMoney([known(1n), unknown('a'), known(2n), unknown('b', 'a'), unknown('a')]);
    expect(total).toEqual({ known: false, missing: ['a', 'b'] });
    expect(sumMoney([])).toEqual(ZERO);
    expect(addMoney(known(2n), known(3n))).toEqual(known(5n));
  });

  it('is associative and commutative on known amounts (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }), { maxLength: 50 }), (amounts) => {
        const forward = sumMoney(amounts.map(known));
        const backward = sumMoney([...amounts].reverse().map(known));
        expect(forward).toEqual(backward);
        expect(forward).toEqual(known(amounts.reduce((a, b) => a + b, 0n)));
      }),
    );
  });

  it('10 million calls of $0.1 add up to exactly $1,000,000 (a float sum drifts)', () => {
    const dime = usd('0.1');
    let exact: Money = ZERO;
    let naive = 0;
    for (let i = 0; i < 10_000_000; i++) {
      exact = addMoney(exact, dime);
      naive += 0.1;
    }
    expect(exact).toEqual(known(1_000_000n * PICO_PER_USD));
    expect(formatUsd(exact)).toBe('$1,000,000.00');
    expect(naive).not.toBe(1_000_000); // 999999.9998389754 on IEEE doubles
    expect(Math.abs(naive - 1_000_000)).toBeGreaterThan(1e-4);
  });

  it('10 million gpt-4o-mini calls (1,000 in / 500 out) cost exactly $4,500 (a float sum drifts)', () => {
    // Per call: 1,000 × $0.15/MTok + 500 × $0.60/MTok = $0.00015 + $0.0003 = $0.00045, exactly
    // 450,000,000 pico. 10,000,000 calls × $0.00045 = $4,500.
    const perCall = sumMoney([costOf(1_000, ratePerMTok('0.15'), 'input'), costOf(500, ratePerMTok('0.60'), 'output')]);
    expect(perCall).toEqual(known(450_000_000n));
    function* calls(): Generator<Money> {
      for (let i = 0; i < 10_000_000; i++) yield perCall;
    }
    const exact = sumMoney(calls());
    expect(exact).toEqual(known(4_500n * PICO_PER_USD));
    expect(moneyToUsdNumber(exact)).toBe(4500);
    let naive = 0;
    for (let i = 0; i < 10_000_000; i++) naive += 0.00045;
    expect(naive).not.toBe(4500); // 4499.999999598999 on IEEE doubles
  });
});

describe('moneyToUsdNumber / moneyToUsdString', () => {
  it('gives the nearest double to the exact decimal, or null when unknown', () => {
    expect(moneyToUsdNumber(known(450_000_000n))).toBe(0.00045);
    expect(moneyToUsdNumber(known(100_000_000_000n))).toBe(0.1);
    expect(moneyToUsdNumber(unknown('input'))).toBeNull();
    expect(moneyToUsdString(1n)).toBe('0.000000000001');
    expect(moneyToUsdString(-1_500_000_000_000n)).toBe('-1.5');
  });
});

describe('formatUsd', () => {
  it('names what an unknown amount lacks; a self-hosted model reads as such', () => {
    expect(formatUsd(unknown('openai:x input', 'openai:x output'))).toBe('unknown (no openai:x input, openai:x output rate)');
    expect(formatUsd(unknown(SELF_HOSTED_MISSING))).toBe('unknown (self-hosted: no per-token price; see costlab breakeven)');
  });

  it.each([
    ['0', '$0.00'],
    ['1.23', '$1.23'],
    ['1.234', '$1.234'], // below $100: up to six significant digits, as it is
    ['1.2345678', '$1.23457'], // half away from zero at the sixth digit
    ['0.01', '$0.01'],
    ['0.0099996', '$0.0099996'],
    ['0.005', '$0.005'],
    ['0.00045', '$0.00045'],
    ['0.0001875', '$0.0001875'],
    ['0.000123456789', '$0.000123457'],
    ['0.000000000001', '$0.000000000001'], // one picodollar still shows
    ['99.9999996', '$100.00'],
    ['100.005', '$100.01'], // from $100 up: cents
    ['1234.5', '$1,234.50'],
    ['1000000', '$1,000,000.00'],
    ['-1.5', '-$1.50'],
    ['-1234.567', '-$1,234.57'],
    ['-0.000123', '-$0.000123'],
  ])('formatUsd(%s USD) = %s', (amount, expected) => {
    expect(formatUsd(usdExact(amount))).toBe(expected);
  });

  it('keeps more significant digits on request', () => {
    expect(formatUsd(usdExact('0.000123456'), 5)).toBe('$0.00012346');
  });

  it('says which rates are missing rather than showing $0', () => {
    expect(formatUsd(unknown('cache-write-1h'))).toBe('unknown (no cache-write-1h rate)');
    expect(formatUsd(unknown('batch-input', 'batch-output'))).toBe('unknown (no batch-input, batch-output rate)');
  });
});

/** Exact USD decimal string → Money, via picodollar scale. */
function usdExact(decimal: string): Money {
  return known(ratePerToken(decimal));
}
