import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatScaled, parseScaled, roundScaled } from '../../../src/core/money/decimal.ts';
import { isCostlabError } from '../../../src/core/errors.ts';

/** An exact decimal string with at most `maxFrac` fraction digits, possibly negative. */
const decimalString = (maxFrac: number) =>
  fc
    .tuple(
      fc.boolean(),
      fc.bigInt({ min: 0n, max: 10n ** 15n }),
      fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: maxFrac }),
    )
    .map(([negative, whole, frac]) => `${negative ? '-' : ''}${whole.toString()}${frac ? `.${frac}` : ''}`);

/** The canonical form formatScaled prints: trailing fraction zeros trimmed, no `-0`. */
function canonical(decimal: string): string {
  const negative = decimal.startsWith('-');
  const [whole = '0', frac = ''] = (negative ? decimal.slice(1) : decimal).split('.');
  const trimmed = frac.replace(/0+$/, '');
  const body = `${BigInt(whole).toString()}${trimmed ? `.${trimmed}` : ''}`;
  return negative && body !== '0' ? `-${body}` : body;
}

describe('parseScaled / formatScaled round trips', () => {
  it('formatScaled then parseScaled gives back any scaled integer', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.integer({ min: 0, max: 18 }), (value, scale) => {
        expect(parseScaled(formatScaled(value, scale), scale)).toBe(value);
      }),
    );
  });

  it('parseScaled then formatScaled gives back any decimal that fits the scale (canonical form)', () => {
    fc.assert(
      fc.property(decimalString(12), (text) => {
        expect(formatScaled(parseScaled(text, 12), 12)).toBe(canonical(text));
      }),
    );
  });

  it('exponent forms equal their expanded value: m e k × 10^scale', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        fc.integer({ min: -12, max: 12 }),
        (mantissa, exponent) => {
          const scale = 12;
          const expected = mantissa * 10n ** BigInt(exponent + scale);
          expect(parseScaled(`${mantissa.toString()}e${exponent}`, scale)).toBe(expected);
          expect(parseScaled(`${mantissa.toString()}E${exponent >= 0 ? '+' : ''}${exponent}`, scale)).toBe(expected);
        },
      ),
    );
  });

  it('a USD-per-MTok price stored as a float per token (LiteLLM) comes back exactly', () => {
    // LiteLLM stores input_cost_per_token = (USD per MTok) / 1e6 as a double. For any price with at most
    // 6 decimals (micro-USD per MTok, the Rate unit) up to $10,000/MTok, reading the double back at
    // picodollar scale recovers the exact Rate: the float error is far below half a picodollar.
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (microPerMTok) => {
        const perToken = microPerMTok / 1e6 / 1e6;
        expect(parseScaled(perToken, 12)).toBe(BigInt(microPerMTok));
      }),
    );
  });
});

describe('parseScaled', () => {
  it.each([
    // [input, scale, expected]
    ['2.5e-06', 12, 2_500_000n], // $2.5e-6 per token = 2,500,000 pico per token = $2.50 / MTok
    ['2.5E-6', 12, 2_500_000n],
    [2.5e-6, 12, 2_500_000n],
    ['1.4999999999999998e-07', 12, 150_000n], // float artefact of $0.15 / MTok → exactly $0.15 / MTok
    [1.4999999999999998e-7, 12, 150_000n],
    [3.0000000000000004e-7, 12, 300_000n], // 0.1 + 0.2 style artefact of $0.30 / MTok
    [0.1 + 0.2, 1, 3n],
    ['0.15', 6, 150_000n],
    ['.5', 0, 1n], // half rounds away from zero
    ['-.5', 0, -1n],
    ['0.49999', 0, 0n],
    ['5.', 0, 5n],
    ['+7', 2, 700n],
    ['  1.25  ', 2, 125n],
    ['000012.5000', 1, 125n],
    ['1e-13', 12, 0n], // below a picodollar: 0
    ['5e-13', 12, 1n], // half a picodollar rounds up
    ['-5e-13', 12, -1n],
    ['1e-999999999', 12, 0n], // absurd negative exponent: 0, without building a huge string
    [1e21, 0, 10n ** 21n], // String(1e21) is "1e+21"
    [-0, 6, 0n],
  ] as const)('parseScaled(%j, %i) = %s', (input, scale, expected) => {
    expect(parseScaled(input, scale)).toBe(expected);
  });

  it.each(['', ' ', '.', '-', 'e5', '1e', '1.2.3', '0x10', '1_000', 'NaN', 'Infinity', '$1', '1,5'])(
    'rejects %j with a CostlabError',
    (input) => {
      expect(() => parseScaled(input, 6, 'price')).toThrowError(/price is not a decimal number/);
    },
  );

  it('rejects non-finite numbers', () => {
    expect(() => parseScaled(Number.NaN, 6)).toThrowError(/finite/);
    expect(() => parseScaled(Number.POSITIVE_INFINITY, 6)).toThrowError(/finite/);
  });

  it('rejects an absurd positive exponent instead of allocating its zeros', () => {
    let caught: unknown;
    try {
      parseScaled('1e999999999', 12, 'rate');
    } catch (error) {
      caught = error;
    }
    expect(isCostlabError(caught)).toBe(true);
    expect((caught as Error).message).toMatch(/rate is out of range/);
  });
});

describe('formatScaled', () => {
  it.each([
    [0n, 12, 0, '0'],
    [1n, 12, 0, '0.000000000001'],
    [-1n, 12, 0, '-0.000000000001'],
    [150_000n, 6, 0, '0.15'],
    [150_000n, 6, 2, '0.15'],
    [1_000_000n, 6, 2, '1.00'],
    [123_456_789n, 3, 0, '123456.789'],
    [5n, 0, 0, '5'],
  ] as const)('formatScaled(%s, %i, %i) = %s', (value, scale, minDecimals, expected) => {
    expect(formatScaled(value, scale, minDecimals)).toBe(expected);
  });
});

describe('roundScaled', () => {
  it.each([
    [1_234_567n, 6, 2, 1_230_000n],
    [1_235_000n, 6, 2, 1_240_000n], // half away from zero
    [-1_235_000n, 6, 2, -1_240_000n],
    [1_234_999n, 6, 2, 1_230_000n],
    [42n, 6, 6, 42n],
    [42n, 6, 9, 42n],
  ] as const)('roundScaled(%s, %i, %i) = %s', (value, scale, decimals, expected) => {
    expect(roundScaled(value, scale, decimals)).toBe(expected);
  });

  it('is within half a step and idempotent', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 0, max: 12 }), (value, decimals) => {
        const rounded = roundScaled(value, 12, decimals);
        const step = 10n ** BigInt(12 - decimals);
        const diff = rounded > value ? rounded - value : value - rounded;
        expect(diff * 2n <= step).toBe(true);
        expect(rounded % step).toBe(0n);
        expect(roundScaled(rounded, 12, decimals)).toBe(rounded);
      }),
    );
  });
});
