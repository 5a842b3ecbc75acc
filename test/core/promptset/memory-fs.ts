/** An in-memory Fs for prompt-set tests: paths are keys; folders are the prefixes of the keys. */
import { CostlabError } from '../../../src/core/errors.ts';
import type { Fs } from '../../../src/core/ports.ts';

export function memoryFs(files: Record<string, string>): Fs & { files: Record<string, string> } {
  const isFolder = (path: string) => Object.keys(files).some((f) => f.startsWith(`${path.replace(/\/$/, '')}/`));
  return {
    files,
    async readText(path) {
      const text = files[path];
      if (text === undefined) throw new CostlabError('unreadable-file', 'cannot read: no such file', { location: { file: path } });
      return text;
    },
    async readBytes(path) {
      return new TextEncoder().encode(await this.readText(path));
    },
    async exists(path) {
      return path in files || isFolder(path);
    },
    async list(path) {
      if (!isFolder(path)) return null;
      const prefix = `${path.replace(/\/$/, '')}/`;
      const names = Object.keys(files)
        .filter((f) => f.startsWith(prefix))
        .map((f) => f.slice(prefix.length))
        .map((rest) => (rest.includes('/') ? `${rest.slice(0, rest.indexOf('/'))}/` : rest));
      return [...new Set(names)];
    },
    async writeTextAtomic(path, text) {
      files[path] = text;
    },
  };
}

/** Awaits a promise that must reject with a CostlabError, and returns the error. */
export async function rejection(promise: Promise<unknown>): Promise<CostlabError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CostlabError) return error;
    throw error;
  }
  throw new Error('expected a CostlabError');
}
