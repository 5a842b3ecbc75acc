/**
 * Small helpers the benchmarks share: timing, a fixed-seed random source, number formatting, a plain
 * text table, and the PASS/FAIL target lines that benchmarks/run.ts collects into its summary.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const sharedDir = join(repoRoot, '..', 'shared');

/** Whether ../shared (the real data the corpus needs) is beside the repository. */
export function hasShared(): boolean {
  return existsSync(join(sharedDir, 'data')) && existsSync(join(sharedDir, 'seeds'));
}

/** Runs a full garbage collection when node was started with --expose-gc (run.ts does that). */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) gc();
}

/** Times one call in milliseconds. */
export function time<T>(fn: () => T): { ms: number; value: T } {
  collectGarbage();
  const start = performance.now();
  const value = fn();
  return { ms: performance.now() - start, value };
}

/** Times an async call in milliseconds. */
export async function timeAsync<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  collectGarbage();
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

/** Best (lowest) time of `runs` calls; every call must return the same value. */
export function bestOf<T>(runs: number, fn: () => T): { ms: number; value: T; all: number[] } {
  const all: number[] = [];
  let value: T | undefined;
  for (let r = 0; r < runs; r++) {
    const t = time(fn);
    if (r > 0 && t.value !== value) throw new Error(`result changed between runs: ${String(value)} then ${String(t.value)}`);
    value = t.value;
    all.push(t.ms);
  }
  return { ms: Math.min(...all), value: value as T, all };
}

/** The q-quantile (0..1) of a list of numbers, nearest-rank. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

export const median = (values: readonly number[]): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** A fixed-seed linear congruential generator (Numerical Recipes constants): same sequence every run. */
export function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 4_294_967_296;
  };
}

/** Formats a number with thousands separators and a fixed number of decimals. */
export function fmt(value: number, decimals = 0): string {
  if (!Number.isFinite(value)) return '—';
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** Milliseconds, with more decimals for short times. */
export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 1) return `${fmt(ms, 3)} ms`;
  if (ms < 100) return `${fmt(ms, 1)} ms`;
  return `${fmt(ms, 0)} ms`;
}

/** A ratio such as "2.41×". */
export function fmtRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return '—';
  return `${fmt(ratio, ratio >= 100 ? 0 : 2)}×`;
}

/** Millions of tokens per second. */
export function fmtRate(tokens: number, ms: number): string {
  return `${fmt(tokens / ms / 1000, 2)} M/s`;
}

/** Bytes as decimal KB / MB (1 MB = 1,000,000 bytes, as in corpus.ts). */
export function fmtBytes(bytes: number): string {
  if (bytes >= 1_000_000) return `${fmt(bytes / 1_000_000, 2)} MB`;
  return `${fmt(bytes / 1000, 0)} KB`;
}

/**
 * Prints a table. Columns whose header starts with a space are left-aligned; the rest (numbers) are
 * right-aligned. Returns the lines too, for tests of the formatting.
 */
export function printTable(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const left = headers.map((h) => h.startsWith(' '));
  const names = headers.map((h) => h.trim());
  const widths = names.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, c) => (left[c] ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join(' | ')} |`;
  const lines = [
    line(names),
    `|${widths.map((w, c) => (left[c] ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
    ...rows.map((r) => line(r)),
  ];
  for (const l of lines) console.log(l);
  return lines;
}

/** Prints a section heading. */
export function heading(text: string): void {
  console.log(`\n## ${text}\n`);
}

let failures = 0;

/** Prints the PASS/FAIL line of one target; run.ts collects lines starting with "PASS " or "FAIL ". */
export function target(name: string, ok: boolean, detail: string): void {
  if (!ok) failures++;
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}: ${detail}`);
}

/** Prints a loud mismatch banner (implementations disagree on a count). */
export function mismatch(detail: string): void {
  console.log(`\n!!!!!!!! MISMATCH: ${detail} !!!!!!!!\n`);
}

/** Sets the exit code from the targets printed so far. */
export function finish(): void {
  process.exitCode = failures > 0 ? 1 : 0;
}

/** Node version and core count, for the header of each benchmark. */
export function machine(): string {
  return `node ${process.version}, ${process.platform}-${process.arch}, ${availableParallelism()} cores`;
}
