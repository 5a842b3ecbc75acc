/**
 * The budget guard behind `--budget USD`. Before each call (first attempts and retries alike) the runner
 * reserves that call's maximum cost — the trial's max bill: the top of its input count's band plus
 * maxOutputTokens at the dearest applicable rates (dry-run-bill.ts). When the call's billed usage is known the
 * reservation is settled: the actual cost is spent and the rest released. Therefore
 *
 *     spent + reserved ≤ budget at every moment, and spent ≤ budget at the end,
 *
 * as long as no call is billed more than its maximum (a provider reporting more input than the model's own
 * tokenizer counts; `overruns` counts such calls).
 *
 * When a reservation does not fit:
 * - while other reservations are in flight, the caller waits: settling them may free enough room;
 * - with nothing in flight, it can never fit (spent only grows): the call is refused, and the trial gets a
 *   result with error code `budget`. So no call whose maximum fit in the budget left is ever refused.
 * A call whose maximum cost is unknown (a rate the catalog lacks) cannot be reserved: under a budget it is
 * refused at once with a message naming the missing rate. Without a budget every call is started, and spend
 * in unknown prices is counted in `unpriced`.
 */
import type { Money } from '../money/money.ts';
import { formatUsd, known, moneyToUsdString } from '../money/money.ts';

export interface Reservation {
  readonly pico: bigint;
}

export type ReserveOutcome =
  | { ok: true; reservation: Reservation }
  | { ok: false; reason: 'unknown-price' | 'would-exceed' | 'aborted'; message: string };

export class BudgetGuard {
  private spentPico = 0n;
  private reservedPico = 0n;
  private waiters: (() => void)[] = [];
  /** Calls whose actual cost is unknown (not priced). */
  unpriced = 0;
  /** Calls billed more than their reservation. */
  overruns = 0;

  /** `limitPico` null: no budget — reservations always succeed and reserve nothing. */
  constructor(readonly limitPico: bigint | null) {}

  get spent(): bigint {
    return this.spentPico;
  }

  get reserved(): bigint {
    return this.reservedPico;
  }

  /** What is neither spent nor reserved (null without a budget). */
  get remaining(): bigint | null {
    return this.limitPico === null ? null : this.limitPico - this.spentPico - this.reservedPico;
  }

  /** Reserves `max` now, or says why not: `wait` when in-flight reservations might still free room. */
  tryReserve(max: Money): ReserveOutcome | { ok: false; reason: 'wait' } {
    if (this.limitPico === null) return { ok: true, reservation: { pico: 0n } };
    if (!max.known) {
      return {
        ok: false,
        reason: 'unknown-price',
        message: `not sent: its price is unknown (no ${max.missing.join(', ')} rate), so its maximum cost cannot be reserved under the budget`,
      };
    }
    if (this.spentPico + this.reservedPico + max.pico <= this.limitPico) {
      this.reservedPico += max.pico;
      return { ok: true, reservation: { pico: max.pico } };
    }
    if (this.reservedPico > 0n) return { ok: false, reason: 'wait' };
    const left = this.limitPico - this.spentPico;
    return {
      ok: false,
      reason: 'would-exceed',
      message: `not sent: its maximum cost ${formatUsd(max)} would pass the budget of ${formatUsd(known(this.limitPico))} (${formatUsd(known(left < 0n ? 0n : left))} left, ${formatUsd(known(this.spentPico))} spent)`,
    };
  }

  /** Reserves `max`, waiting while in-flight calls may free room; an abort ends the wait. */
  async reserve(max: Money, signal?: AbortSignal): Promise<ReserveOutcome> {
    for (;;) {
      if (signal?.aborted) return { ok: false, reason: 'aborted', message: 'the run was stopped' };
      const outcome = this.tryReserve(max);
      if (outcome.ok || outcome.reason !== 'wait') return outcome;
      await this.changed(signal);
    }
  }

  /**
   * Settles a reservation with the call's actual cost (ZERO when nothing was billed; unknown when the price
   * is unknown): spends it and releases the reservation. `reservation` null: a charge with nothing reserved.
   */
  settle(reservation: Reservation | null, actual: Money): void {
    if (reservation) this.reservedPico -= reservation.pico;
    if (actual.known) {
      this.spentPico += actual.pico;
      if (reservation && this.limitPico !== null && actual.pico > reservation.pico) this.overruns++;
    } else {
      this.unpriced++;
    }
    this.notify();
  }

  /** Releases a reservation whose call was never sent. */
  release(reservation: Reservation): void {
    this.reservedPico -= reservation.pico;
    this.notify();
  }

  /** Spent, as an exact decimal USD string. */
  spentUsd(): string {
    return moneyToUsdString(this.spentPico);
  }

  private changed(signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        signal?.removeEventListener('abort', done);
        resolve();
      };
      this.waiters.push(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
