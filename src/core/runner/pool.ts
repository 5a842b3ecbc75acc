/**
 * A bounded pool over keyed work: at most `concurrency` items run at once, and an item starts only when its
 * key (the provider) grants a slot (`tryEnter`). It starts the earliest waiting item among the keys that have
 * room, so a provider at its limit never holds up another provider's trials, and order is kept within a key.
 * After an abort nothing new starts; the pool resolves when the running items have finished. A worker that
 * throws stops new starts too, and the pool rejects with its error once the rest have finished.
 */
export interface PoolOptions<T> {
  concurrency: number;
  keyOf: (item: T) => string;
  /** Takes a slot of the key, synchronously; false when the key is at its limit. */
  tryEnter: (key: string) => boolean;
  leave: (key: string) => void;
  signal?: AbortSignal;
  worker: (item: T) => Promise<void>;
}

interface Lane<T> {
  items: { item: T; order: number }[];
  head: number;
}

/** Runs the items; resolves with how many were started. */
export function runPool<T>(items: readonly T[], options: PoolOptions<T>): Promise<{ started: number }> {
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  const lanes = new Map<string, Lane<T>>();
  items.forEach((item, order) => {
    const key = options.keyOf(item);
    let lane = lanes.get(key);
    if (!lane) {
      lane = { items: [], head: 0 };
      lanes.set(key, lane);
    }
    lane.items.push({ item, order });
  });

  let running = 0;
  let started = 0;
  let failure: { error: unknown } | null = null;

  return new Promise((resolve, reject) => {
    const finishIfIdle = () => {
      if (running > 0) return;
      if (failure) reject(failure.error);
      else resolve({ started });
    };

    const next = (): { key: string; item: T } | null => {
      const waiting = [...lanes.entries()]
        .filter(([, lane]) => lane.head < lane.items.length)
        .sort(([, a], [, b]) => (a.items[a.head]?.order ?? 0) - (b.items[b.head]?.order ?? 0));
      for (const [key, lane] of waiting) {
        if (!options.tryEnter(key)) continue;
        const entry = lane.items[lane.head];
        lane.head++;
        if (entry) return { key, item: entry.item };
      }
      return null;
    };

    const pump = () => {
      while (running < concurrency && failure === null && !options.signal?.aborted) {
        const chosen = next();
        if (!chosen) break;
        running++;
        started++;
        void Promise.resolve()
          .then(() => options.worker(chosen.item))
          .catch((error: unknown) => {
            failure ??= { error };
          })
          .finally(() => {
            options.leave(chosen.key);
            running--;
            pump();
            finishIfIdle();
          });
      }
    };

    pump();
    finishIfIdle();
  });
}
