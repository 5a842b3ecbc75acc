import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScaled } from '../../../src/core/money/decimal.ts';
import { known, moneyToUsdString, unknown } from '../../../src/core/money/money.ts';
import { BudgetGuard } from '../../../src/core/runner/budget.ts';
import { dryRunBill } from '../../../src/core/runner/dry-run-bill.ts';
import { buildPlan } from '../../../src/core/runner/plan.ts';
import { countRequestTokens } from '../../../src/core/runner/request-tokens.ts';
import { runPlan } from '../../../src/core/runner/run.ts';
import { MemoryStore } from '../../../src/core/store/memory-store.ts';
import { ScriptedProvider, counterFor, eventLog, failure, ok, runRecord, seededRandom, testCatalog, testSet, virtualTime, wordCounter } from './helpers.ts';

describe('BudgetGuard', () => {
  it('reserves the maximum, settles the actual cost and releases the rest', () => {
    const guard = new BudgetGuard(100n);
    const a = guard.tryReserve(known(60n));
    if (!a.ok) throw new Error('expected a reservation');
    expect([guard.reserved, guard.remaining]).toEqual([60n, 40n]);
    expect(guard.tryReserve(known(50n))).toEqual({ ok: false, reason: 'wait' });
    guard.settle(a.reservation, known(20n));
    expect([guard.spent, guard.reserved, guard.remaining]).toEqual([20n, 0n, 80n]);
    expect(guard.tryReserve(known(50n)).ok).toBe(true);
  });

  it('refuses a call that cannot fit once nothing is in flight, saying why', () => {
    const guard = new BudgetGuard(1_000_000_000_000n); // $1
    guard.settle(null, known(900_000_000_000n));
    const refused = guard.tryReserve(known(200_000_000_000n));
    expect(refused).toMatchObject({ ok: false, reason: 'would-exceed' });
    expect(refused.ok === false && 'message' in refused && refused.message).toBe('not sent: its maximum cost $0.20 would pass the budget of $1.00 ($0.10 left, $0.90 spent)');
    expect(guard.tryReserve(known(100_000_000_000n)).ok).toBe(true);
  });

  it('cannot reserve an unknown price, and names the missing rate', () => {
    const refused = new BudgetGuard(10n).tryReserve(unknown('test:x output'));
    expect(refused).toMatchObject({ ok: false, reason: 'unknown-price' });
    expect(refused.ok === false && 'message' in refused && refused.message).toMatch(/no test:x output rate/);
  });

  it('waits for in-flight calls to settle, and an abort ends the wait', async () => {
    const guard = new BudgetGuard(100n);
    const first = guard.tryReserve(known(80n));
    if (!first.ok) throw new Error('expected a reservation');
    const waiting = guard.reserve(known(50n));
    guard.settle(first.reservation, known(10n));
    expect(await waiting).toMatchObject({ ok: true, reservation: { pico: 50n } });

    const controller = new AbortController();
    const blocked = guard.reserve(known(60n), controller.signal);
    controller.abort();
    expect(await blocked).toMatchObject({ ok: false, reason: 'aborted' });
  });

  it('reserves nothing without a budget and counts unpriced calls', () => {
    const guard = new BudgetGuard(null);
    const r = guard.tryReserve(unknown('x'));
    expect(r).toEqual({ ok: true, reservation: { pico: 0n } });
    if (r.ok) guard.settle(r.reservation, unknown('x'));
    expect([guard.spent, guard.unpriced, guard.remaining]).toEqual([0n, 1, null]);
  });
});

describe('runPlan under a budget (property)', () => {
  it('never spends past the budget, and refuses only calls whose maximum did not fit in what was left', async () => {
    const catalog = testCatalog();
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          cases: fc.integer({ min: 1, max: 10 }),
          maxOuts: fc.uniqueArray(fc.integer({ min: 1, max: 3000 }), { minLength: 1, maxLength: 3 }),
          models: fc.subarray(['test:cheap', 'test:dear'], { minLength: 1 }),
          fraction: fc.double({ min: 0, max: 1.3, noNaN: true }),
          seed: fc.integer(),
          concurrency: fc.integer({ min: 1, max: 6 }),
        }),
        async (p) => {
          const plan = buildPlan({ set: testSet(p.cases), catalog, models: p.models, params: p.maxOuts.map((maxOutputTokens) => ({ maxOutputTokens })) });
          const bill = await dryRunBill({ ...plan, catalog, counterFor });
          const maxOf = new Map(bill.trials.map((t) => [t.trialId, t.max.known ? t.max.pico : -1n]));
          const total = bill.total.max.known ? bill.total.max.pico : 0n;
          const budget = (total * BigInt(Math.round(p.fraction * 1000))) / 1000n;
          const random = seededRandom(p.seed);
          const provider = new ScriptedProvider((request) => {
            const input = countRequestTokens(catalog.resolve(`test:${request.model}`), wordCounter, request).input;
            const output = Math.floor(random() * (request.maxOutputTokens + 1));
            const roll = random();
            if (roll < 0.1) throw failure({ code: 'server-error', message: '503', retryable: true, status: 503 }, { input, output: Math.floor(output / 2) });
            if (roll < 0.2) throw failure({ code: 'rate-limited', message: '429', retryable: true, status: 429, retryAfterMs: 10 });
            return ok({ input, output });
          });
          const time = virtualTime();
          const store = new MemoryStore();
          const log = eventLog();
          const run = runRecord('run-1', plan.candidates, plan.trials);
          const summary = await runPlan({
            run, trials: plan.trials, providers: () => provider, store, catalog, clock: time.clock, sleep: time.sleep, random,
            concurrency: p.concurrency, counterFor, bill, budgetUsd: moneyToUsdString(budget), onEvent: log.onEvent,
          });
          const spent = parseScaled(summary.spentUsd, 12);
          expect(spent).toBeLessThanOrEqual(budget);
          const results = await store.results('run-1');
          expect(results).toHaveLength(plan.trials.length);
          expect(results.reduce((sum, r) => sum + parseScaled(r.costUsd ?? '0', 12), 0n)).toBe(spent);
          const refused = results.filter((r) => r.error?.code === 'budget');
          for (const r of refused) {
            // spent only grows, so if its maximum had fit at any point it would fit now
            expect(spent + (maxOf.get(r.trialId) ?? 0n)).toBeGreaterThan(budget);
          }
          expect(log.of('budget-exhausted')).toHaveLength(refused.length > 0 ? 1 : 0);
        },
      ),
      { numRuns: 150 },
    );
  });
});
