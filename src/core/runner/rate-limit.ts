/**
 * Per-provider limits: at most `concurrency` calls in flight, `rpm` requests and `tpm` tokens per minute.
 *
 * RPM and TPM are token buckets (capacity = the per-minute figure, refilled continuously at figure / 60,000
 * per ms) read from the injected Clock's monotonic time and waited on with the injected Sleep. A request
 * takes its input + maxOutputTokens from the TPM bucket before it is sent (the way OpenAI counts a request
 * against TPM) and gets back what it did not use once the usage is known; a request larger than the bucket
 * takes the whole bucket, so it waits for a full minute of tokens instead of forever.
 *
 * Waiters are served first come, first served. Time advances by at least the time slept: after sleeping
 * `ms`, the bucket counts `ms` as elapsed even when the clock has not moved, so a test's instant sleep and
 * frozen clock still make progress (in virtual time) and nothing spins.
 */
import type { Clock, Sleep } from '../ports.ts';

export interface RateLimits {
  concurrency?: number;
  rpm?: number;
  tpm?: number;
}

const MINUTE_MS = 60_000;

export class TokenBucket {
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly perMinute: number,
    private readonly clock: Clock,
    private readonly sleep: Sleep,
  ) {
    if (!(perMinute > 0)) throw new Error(`a rate limit must be positive, got ${perMinute}`);
    this.tokens = perMinute;
    this.last = clock.monotonic();
  }

  /** Tokens available now. */
  available(): number {
    this.refill(this.clock.monotonic());
    return this.tokens;
  }

  /** Waits until `amount` tokens (at most the capacity) are available, then takes them. */
  take(amount: number, signal?: AbortSignal): Promise<void> {
    const want = Math.min(Math.max(0, amount), this.perMinute);
    const turn = this.queue.then(() => this.takeNow(want, signal));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** Gives back tokens a request reserved and did not use. */
  refund(amount: number): void {
    this.refill(this.clock.monotonic());
    this.tokens = Math.min(this.perMinute, this.tokens + Math.max(0, amount));
  }

  private async takeNow(want: number, signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw signal.reason ?? new Error('aborted');
      this.refill(this.clock.monotonic());
      if (this.tokens >= want) {
        this.tokens -= want;
        return;
      }
      const waitMs = Math.max(1, Math.ceil(((want - this.tokens) * MINUTE_MS) / this.perMinute));
      await this.sleep(waitMs, signal);
      // Credit at least the time slept, whatever the clock says (see the file header).
      this.refill(Math.max(this.clock.monotonic(), this.last + waitMs));
    }
  }

  private refill(now: number): void {
    if (now <= this.last) return;
    this.tokens = Math.min(this.perMinute, this.tokens + ((now - this.last) * this.perMinute) / MINUTE_MS);
    this.last = now;
  }
}

/** The limits of one provider. `tryEnter`/`leave` are synchronous so the pool can pick a trial it can start. */
export class ProviderLimiter {
  private inFlight = 0;
  private readonly rpm: TokenBucket | null;
  private readonly tpm: TokenBucket | null;

  constructor(
    readonly limits: RateLimits,
    clock: Clock,
    sleep: Sleep,
  ) {
    this.rpm = limits.rpm === undefined ? null : new TokenBucket(limits.rpm, clock, sleep);
    this.tpm = limits.tpm === undefined ? null : new TokenBucket(limits.tpm, clock, sleep);
  }

  get active(): number {
    return this.inFlight;
  }

  /** Takes a concurrency slot if one is free. */
  tryEnter(): boolean {
    if (this.limits.concurrency !== undefined && this.inFlight >= this.limits.concurrency) return false;
    this.inFlight++;
    return true;
  }

  leave(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
  }

  /** Waits for one request and `tokens` tokens of the per-minute budgets. */
  async throttle(tokens: number, signal?: AbortSignal): Promise<void> {
    if (this.rpm) await this.rpm.take(1, signal);
    if (this.tpm) await this.tpm.take(tokens, signal);
  }

  /** Returns reserved TPM tokens a request did not use. */
  refund(tokens: number): void {
    this.tpm?.refund(tokens);
  }
}

/** Limiters by provider key; a provider without limits of its own gets `defaults` (none unless given). */
export class RateLimiter {
  private readonly limiters = new Map<string, ProviderLimiter>();

  constructor(
    private readonly perProvider: Readonly<Record<string, RateLimits>>,
    private readonly clock: Clock,
    private readonly sleep: Sleep,
    private readonly defaults: RateLimits = {},
  ) {}

  for(provider: string): ProviderLimiter {
    let limiter = this.limiters.get(provider);
    if (!limiter) {
      const own = Object.prototype.hasOwnProperty.call(this.perProvider, provider) ? this.perProvider[provider] : undefined;
      limiter = new ProviderLimiter(own ?? this.defaults, this.clock, this.sleep);
      this.limiters.set(provider, limiter);
    }
    return limiter;
  }
}
