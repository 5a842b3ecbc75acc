/**
 * Ports: the only way side effects reach core. platform/node.ts implements them for real;
 * tests pass in-memory ones.
 */
export interface Fs {
  readText(path: string): Promise<string>;
  readBytes(path: string): Promise<Uint8Array>;
  exists(path: string): Promise<boolean>;
  /** The names of the entries directly in a folder, sub-folders ending in `/`; null when `path` is not a folder. */
  list(path: string): Promise<string[] | null>;
  /** Writes atomically: a temporary file in the same folder, fsynced, then renamed over the target. */
  writeTextAtomic(path: string, text: string): Promise<void>;
}

export interface Env {
  get(name: string): string | undefined;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** A monotonic high-resolution reading in milliseconds. */
  monotonic(): number;
}

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Returns a float in [0, 1). */
export type Random = () => number;

export interface Logger {
  debug(message: string): void;
  warn(message: string): void;
}

export interface Ports {
  fs: Fs;
  env: Env;
  clock: Clock;
  sleep: Sleep;
  random: Random;
  logger: Logger;
}
