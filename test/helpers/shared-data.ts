/** ../shared beside the clone holds real data for tests; tests that need it skip with a reason when absent. */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const sharedRoot = fileURLToPath(new URL('../../../shared/', import.meta.url));

export function sharedPath(relative: string): string {
  return `${sharedRoot}${relative}`;
}

export function hasShared(relative: string): boolean {
  return existsSync(sharedPath(relative));
}

export function readSharedJsonl<T>(relative: string): T[] {
  return readFileSync(sharedPath(relative), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

export const SKIP_NO_SHARED = 'needs ../shared beside the clone (CI has it): skipped';
