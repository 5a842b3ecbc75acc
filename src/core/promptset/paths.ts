/**
 * Path arithmetic for set files and their includes, on `/`-separated paths as the caller gave them
 * (core touches no file system; the Fs port resolves them against the working folder).
 */

/** Collapses `.`, `..` and repeated slashes; keeps a leading `/` and leading `..` segments. */
export function normalizePath(path: string): string {
  const absolute = path.startsWith('/');
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (part !== '..' || !absolute) out.push(part);
  }
  const joined = out.join('/');
  return absolute ? `/${joined}` : joined || '.';
}

export function joinPath(...parts: string[]): string {
  return normalizePath(parts.filter((p) => p !== '').join('/'));
}

/** The folder of a path (`.` for a bare file name). */
export function dirName(path: string): string {
  const normal = normalizePath(path);
  const slash = normal.lastIndexOf('/');
  if (slash < 0) return '.';
  return slash === 0 ? '/' : normal.slice(0, slash);
}

export function baseName(path: string): string {
  const normal = normalizePath(path);
  return normal.slice(normal.lastIndexOf('/') + 1);
}

/**
 * Resolves `relative` against `folder`, or returns null when the result leaves the folder's tree
 * (an absolute path, or `..` climbing above it).
 */
export function resolveInside(folder: string, relative: string): string | null {
  if (relative.startsWith('/') || /^[A-Za-z]:[\\/]/.test(relative)) return null;
  const inner = normalizePath(relative.replace(/\\/g, '/'));
  if (inner === '..' || inner.startsWith('../')) return null;
  return joinPath(folder, inner);
}
