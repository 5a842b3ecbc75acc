/**
 * How a run stops, shared by runPlan and runBatch: the caller's signal, or the first failure of the store
 * or of an event listener — that stops the run too, and the run then marks itself stopped and rejects
 * with it.
 */
import type { ResultStore } from '../store/result-store.ts';

export class RunControl<E> {
  private readonly controller = new AbortController();
  private first: { error: unknown } | null = null;
  /** Aborts when the caller's signal does, or on the first failure. */
  readonly signal = this.controller.signal;

  constructor(
    private readonly outer: AbortSignal | undefined,
    private readonly onEvent: ((event: E) => void) | undefined,
  ) {
    if (outer?.aborted) this.stop();
    else outer?.addEventListener('abort', this.stop, { once: true });
  }

  readonly stop = (): void => this.controller.abort(this.outer?.reason);

  /** Records the first failure and stops the run. */
  readonly fail = (error: unknown): void => {
    this.first ??= { error };
    this.stop();
  };

  /** Hands an event to the listener; a listener that throws fails the run. */
  readonly emit = (event: E): void => {
    try {
      this.onEvent?.(event);
    } catch (error) {
      this.fail(error);
    }
  };

  get failed(): boolean {
    return this.first !== null;
  }

  /** Stops following the caller's signal (once the run's work is over). */
  detach(): void {
    this.outer?.removeEventListener('abort', this.stop);
  }

  /** After a failure: marks the run stopped and rethrows what failed first. */
  async rethrowFailure(store: ResultStore, runId: string): Promise<void> {
    if (!this.first) return;
    await store.setRunStatus(runId, 'stopped').catch(() => undefined);
    throw this.first.error;
  }
}
