/** Builds resolved profiles from YAML text for the economics tests (written sizes only: nothing is measured). */
import { Catalog } from '../../../src/core/catalog/catalog.ts';
import { parseProfile, resolveProfile } from '../../../src/core/economics/profile.ts';
import type { ResolvedProfile } from '../../../src/core/economics/profile.ts';
import type { Money } from '../../../src/core/money/money.ts';
import { moneyToUsdString } from '../../../src/core/money/money.ts';

/** The bundled catalog: the worked examples use its dated list prices (source and date on each entry). */
export const catalog = new Catalog();

export async function resolved(yaml: string, file = 'profiles/test.yaml'): Promise<ResolvedProfile> {
  return resolveProfile(parseProfile(yaml, file), async () => {
    throw new Error('these tests write every size: nothing to measure');
  });
}

/** Exact USD string of a known amount; fails the test on an unknown one. */
export function usd(money: Money): string {
  if (!money.known) throw new Error(`unknown amount: ${money.missing.join(', ')}`);
  return moneyToUsdString(money.pico);
}

/** A one-route profile. */
export function oneRoute(fields: string, header = 'days_per_month: 30'): string {
  return `name: t\n${header}\nroutes:\n  - name: r\n${fields.trim().split('\n').map((line) => `    ${line.trim()}`).join('\n')}\n`;
}
