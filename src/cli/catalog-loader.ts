/**
 * Builds the catalog the CLI uses: the bundled models, then imported layers saved by
 * `costlab models import` in the config folder, then overrides from the user's config.yaml and the
 * project's costlab.yaml.
 */
import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Catalog, documentToEntries, parseCatalogText, parseOverrides } from '../core/index.ts';
import type { ModelEntry, OverrideFile } from '../core/index.ts';
import { configDir, exists, readTextFile, today } from '../platform/node.ts';
import { parseProvidersSection } from '../platform/provider-config.ts';

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

/**
 * The override files, each checked whole wherever the catalog is loaded: a typo at the top, or a key written
 * under `providers:`, stops `price` and `count` as it stops `run` (exit 2, file:line, nothing printed).
 */
async function overrideFiles(cwd: string): Promise<OverrideFile[]> {
  const files: OverrideFile[] = [];
  for (const path of [join(configDir(), 'config.yaml'), join(cwd, 'costlab.yaml')]) {
    if (!(await exists(path))) continue;
    const text = await readTextFile(path);
    files.push(parseOverrides(text, path));
    parseProvidersSection(text, path);
  }
  return files;
}

/**
 * A `gguf:PATH` target the catalog does not know is a local model file: it gets a self-hosted entry
 * (no per-token price; Llama 3's tokenizer for the plan's estimates — the engine reports real usage), so
 * it can be run without writing it into costlab.yaml first.
 */
function localModelEntries(refs: readonly string[], known: Catalog, asOf: string): ModelEntry[] {
  return refs
    .filter((ref) => ref.startsWith('gguf:') && known.tryResolve(ref) === undefined)
    .map((ref) => {
      const path = ref.slice('gguf:'.length);
      return {
        id: path,
        provider: 'gguf',
        displayName: basename(path),
        aliases: [],
        contextWindow: null,
        maxOutput: null,
        tokenizer: 'llama3',
        rates: null,
        longContext: [],
        selfHosted: true,
        source: `local model file ${path}`,
        asOf,
        origin: 'override',
        notes: 'a local GGUF file run in-process; priced as self-hosted',
      } satisfies ModelEntry;
    });
}

/** The catalog; `targets` adds entries for local model files (`gguf:PATH`) it does not know. */
export async function loadCatalog(cwd = process.cwd(), targets: readonly string[] = []): Promise<Catalog> {
  const imported = await importedLayers();
  const overrides = await overrideFiles(cwd);
  const catalog = new Catalog({ imported, overrides });
  const local = localModelEntries(targets, catalog, today());
  return local.length === 0 ? catalog : new Catalog({ imported: [...imported, local], overrides });
}
