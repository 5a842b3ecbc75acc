/**
 * Builds the catalog the CLI uses: the bundled models, then imported layers saved by
 * `costlab models import` in the config folder, then overrides from the user's config.yaml and the
 * project's costlab.yaml.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Catalog, documentToEntries, parseCatalogText, parseOverrides } from '../core/index.ts';
import type { ModelEntry, OverrideFile } from '../core/index.ts';
import { configDir, exists, readTextFile } from '../platform/node.ts';

export function importedDir(): string {
  return join(configDir(), 'catalog');
}

async function importedLayers(): Promise<ModelEntry[][]> {
  const dir = importedDir();
  if (!(await exists(dir))) return [];
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json') || f.endsWith('.yaml')).sort();
  const layers: ModelEntry[][] = [];
  for (const file of files) {
    const path = join(dir, file);
    layers.push(documentToEntries(parseCatalogText(await readTextFile(path), path), 'litellm'));
  }
  return layers;
}

async function overrideFiles(cwd: string): Promise<OverrideFile[]> {
  const files: OverrideFile[] = [];
  for (const path of [join(configDir(), 'config.yaml'), join(cwd, 'costlab.yaml')]) {
    if (await exists(path)) files.push(parseOverrides(await readTextFile(path), path));
  }
  return files;
}

export async function loadCatalog(cwd = process.cwd()): Promise<Catalog> {
  return new Catalog({ imported: await importedLayers(), overrides: await overrideFiles(cwd) });
}
