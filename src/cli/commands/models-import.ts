/** `costlab models import litellm FILE [--out FILE] [--json]` */
import { join } from 'node:path';
import { CostlabError, entriesToDocument, importLiteLlm } from '../../core/index.ts';
import { readTextFile, today, writeTextAtomic } from '../../platform/node.ts';
import { importedDir } from '../catalog-loader.ts';

const FORMATS = ['litellm'];

export async function runModelsImport(format: string, file: string, options: { out?: string; json?: boolean }): Promise<void> {
  if (!FORMATS.includes(format)) {
    throw new CostlabError('unknown-format', `unknown import format '${format}'`, { hint: `use one of: ${FORMATS.join(', ')}` });
  }
  const imported = importLiteLlm(await readTextFile(file), file, today());
  const target = options.out ?? join(importedDir(), 'litellm.json');
  await writeTextAtomic(target, `${JSON.stringify(entriesToDocument(imported.models), null, 1)}\n`);
  const summary = { format, file, written: target, asOf: imported.asOf, models: imported.models.length, skipped: imported.skipped };
  if (options.json) {
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return;
  }
  const reasons = new Map<string, number>();
  for (const s of imported.skipped) reasons.set(s.reason, (reasons.get(s.reason) ?? 0) + 1);
  process.stdout.write(
    `imported ${imported.models.length} models from ${file} (prices as of ${imported.asOf}) into ${target}\n` +
      `skipped ${imported.skipped.length} keys:\n${[...reasons].map(([r, n]) => `  ${n} × ${r}`).join('\n')}\n` +
      `imported models correct bundled ones only where they are at least as recent; 'costlab models' lists the result.\n`,
  );
}
