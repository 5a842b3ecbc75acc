/** The one place costlab touches the real file system, environment, clock and randomness. */
import { randomBytes } from 'node:crypto';
import { access, mkdir, open, readFile, readdir, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Ports } from '../core/index.ts';
import { CostlabError, setLoadPause, setPackageDataLoader, setTokenizerPartsLoader } from '../core/index.ts';
import { readPackageJson, readTokenizerPartsInWorker } from './package-data.ts';

/** Reads a file as text, refusing binary files, with errors that name the file and say what to do. */
export async function readTextFile(path: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : code === 'EACCES' ? 'permission denied' : String(code ?? error);
    throw new CostlabError('unreadable-file', `cannot read: ${why}`, { location: { file: path }, hint: 'check the path' });
  }
  if (bytes.includes(0)) {
    throw new CostlabError('binary-file', 'is a binary file, not text', { location: { file: path }, hint: 'pass a UTF-8 text file' });
  }
  return bytes.toString('utf8');
}

/** Writes text atomically: a temporary file beside the target, fsynced, then renamed over it. */
export async function writeTextAtomic(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temporary, 'w');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

export async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** The names of the entries directly in a folder (sub-folders end in `/`), or null when `path` is not a folder. */
export async function listFolder(path: string): Promise<string[] | null> {
  try {
    const entries = await readdir(path, { withFileTypes: true });
    return entries.map((entry) => (entry.isDirectory() ? `${entry.name}/` : entry.name));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR' || code === 'ENOENT') return null;
    throw new CostlabError('unreadable-folder', `cannot list: ${String(code ?? error)}`, { location: { file: path }, hint: 'check the path and its permissions' });
  }
}

/** The user's costlab config folder: $COSTLAB_CONFIG_DIR, else $XDG_CONFIG_HOME/costlab, else ~/.config/costlab. */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  return env['COSTLAB_CONFIG_DIR'] ?? join(env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config'), 'costlab');
}

export function nodePorts(): Ports {
  return {
    fs: { readText: readTextFile, readBytes: (p) => readFile(p), exists, list: listFolder, writeTextAtomic },
    env: { get: (name) => process.env[name] },
    clock: { now: () => Date.now(), monotonic: () => performance.now() },
    sleep: (ms, signal) => delay(ms, undefined, signal ? { signal } : undefined),
    random: Math.random,
    logger: {
      debug: (m) => {
        if (process.env['COSTLAB_DEBUG']) process.stderr.write(`debug: ${m}\n`);
      },
      warn: (m) => process.stderr.write(`warning: ${m}\n`),
    },
  };
}

/**
 * Process-wide set-up: tokenizer files are read directly instead of imported as JSON modules (a tokenizer.json
 * is parsed in a worker thread), and a vocabulary load yields to the event loop between slices, so keys typed
 * in the TUI meanwhile are answered.
 */
export function installPlatform(): void {
  setPackageDataLoader(readPackageJson);
  setTokenizerPartsLoader(readTokenizerPartsInWorker);
  setLoadPause(() => new Promise((resolve) => setImmediate(resolve)));
}

/** Today's date in UTC as YYYY-MM-DD. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}
