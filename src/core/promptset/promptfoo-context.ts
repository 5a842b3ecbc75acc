/** What the promptfoo importer carries through its steps: the config's source, files, and the not-carried list. */
import { CostlabError } from '../errors.ts';
import type { Fs } from '../ports.ts';
import type { PathSegment, YamlSource } from '../yaml-source.ts';
import { formatPath } from '../yaml-source.ts';
import { dirName, joinPath } from './paths.ts';

export class ImportContext {
  readonly notCarried: string[] = [];
  readonly folder: string;

  constructor(readonly source: YamlSource, readonly fs: Fs) {
    this.folder = dirName(source.file);
  }

  /** Records something the costlab set does not carry over, with the field it was in. */
  drop(path: readonly PathSegment[], what: string): void {
    this.notCarried.push(`${formatPath(path) || '(top level)'}: ${what}`);
  }

  /** Reads a `file://` reference relative to the config's folder. */
  async readRef(ref: string, path: readonly PathSegment[]): Promise<string> {
    const relative = ref.replace(/^file:\/\//, '');
    const file = relative.startsWith('/') ? relative : joinPath(this.folder, relative);
    if (!(await this.fs.exists(file))) {
      throw new CostlabError('missing-file', `${ref}: ${file} does not exist`, {
        hint: 'file:// paths are relative to the folder of the promptfoo config', location: this.source.where(path),
      });
    }
    return this.fs.readText(file);
  }
}

/** `support-bot` from "Support bot: refunds & returns" (at most ~40 characters, cut at a hyphen). */
export function slug(text: string, max = 40): string {
  let out = text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (out.length > max) out = out.slice(0, max).replace(/-[^-]*$/, '') || out.slice(0, max);
  return out;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `file://x.py`, `python:…`, `file://x.js:fn` — references to code, which costlab does not run. */
export function isCodeRef(ref: string): boolean {
  return /^(python|javascript|exec):/.test(ref) || /^file:\/\/.*\.(py|js|mjs|cjs|ts|sh)(:[\w.]+)?$/i.test(ref);
}
