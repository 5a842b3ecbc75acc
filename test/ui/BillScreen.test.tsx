import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Catalog, parseProfile, resolveProfile } from '../../src/core/index.ts';
import type { AppData } from '../../src/ui/app-data.ts';
import type { LoadedProfile, ProfilesLoad } from '../../src/ui/bill-model.ts';
import { fieldValue, scaleDistribution, stepField } from '../../src/ui/bill-model.ts';
import type { ScreenProps } from '../../src/ui/screen.ts';
import { BillScreen } from '../../src/ui/screens/BillScreen.tsx';

const catalog = new Catalog();

async function profile(name: string, extra = '', model = 'openai:gpt-4o-mini'): Promise<LoadedProfile> {
  const text = `name: ${name}\ndays_per_month: 30\nroutes:\n  - name: chat\n    requests_per_day: 1000\n    model: ${model}\n    input_tokens: 1000\n    output_tokens: 500\n${extra}`;
  return { file: `${name}.yaml`, profile: await resolveProfile(parseProfile(text, `${name}.yaml`), async () => { throw new Error('no measuring here'); }) };
}

/**
 * Worked example: 1,000 requests/day × 30 days = 30,000 requests to gpt-4o-mini ($0.15 / $0.60 per M tokens):
 * input 30 M tokens = $4.50, output 15 M tokens = $9.00, total $13.50. Scenario B sends them all through the
 * Batch API ($0.075 / $0.30): $6.75, so B saves $6.75 (50 %).
 */
async function appData(): Promise<AppData> {
  const load: ProfilesLoad = { profiles: [await profile('a'), await profile('b', '    batch_share: 1\n')], errors: [] };
  return {
    catalog, sets: [], defaultModels: [], counterFor: async () => { throw new Error('no counters here'); }, runBlocker: () => null, loadErrors: [],
    loadProfiles: vi.fn(async () => load),
  };
}

function screen(data: AppData, memory = new Map<string, unknown>()) {
  const props: ScreenProps = {
    data, width: 80, height: 22, filter: '', active: true, color: false, setEditing: () => undefined,
    selection: { setIndex: 0, caseIndex: 0, variant: 'base', editedText: null, models: [] }, select: () => undefined,
    report: vi.fn(), memory,
  };
  return { ...render(<BillScreen {...props} />), props };
}

async function until(frame: () => string | undefined, check: (text: string) => boolean, what: string): Promise<string> {
  const start = Date.now();
  for (;;) {
    const text = frame() ?? '';
    if (check(text)) return text;
    if (Date.now() - start > 5000) throw new Error(`timed out waiting for ${what}; last frame:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

afterEach(() => cleanup());

describe('bill-model', () => {
  it('steps each field within what the profile allows', async () => {
    const route = (await profile('a')).profile.routes[0]!;
    expect(fieldValue(stepField(route, 'requests', 1), 'requests')).toBe('1,250');
    expect(fieldValue(stepField(route, 'requests', -1), 'requests')).toBe('800');
    // 1,000 × 1.25^93 ≈ 1.0e12: the form stops at a billion a day however long → is held.
    let held = route;
    for (let i = 0; i < 93; i++) held = stepField(held, 'requests', 1);
    expect(fieldValue(held, 'requests')).toBe('1,000,000,000');
    expect(fieldValue(stepField(route, 'cacheHit', 1), 'cacheHit')).toBe('5%');
    expect(fieldValue(stepField(route, 'cacheHit', -1), 'cacheHit')).toBe('0%');
    expect(fieldValue(stepField(route, 'compression', 1), 'compression')).toBe('1.00');
    expect(fieldValue(stepField(route, 'compression', -1), 'compression')).toBe('0.90');
    expect(fieldValue(stepField(route, 'batch', 1), 'batch')).toBe('10%');
    // A single-model route has no strong share to move.
    expect(stepField(route, 'strongShare', 1)).toBe(route);
    expect(scaleDistribution({ p10: 100, p50: 200, p90: 400, mean: 250, source: 'fixed' }, 1.25)).toEqual({ p10: 125, p50: 250, p90: 500, mean: 313, source: 'fixed (edited)' });
  });
});

describe('BillScreen', () => {
  it('shows the bill by route and component, and the two scenarios side by side (worked example above)', async () => {
    const r = screen(await appData());
    const frame = await until(r.lastFrame, (t) => t.includes('a month'), 'the bill');
    expect(frame).toContain('[A a] B b (p)');
    expect(frame).toContain('a: $13.50 a month (month 1, 30 days)');
    expect(frame).toMatch(/chat\s+█+▓+ \$13\.50/);
    expect(frame).toContain('█ input  ▓ output  ▒ cache write  ░ cache read  # batch');
    expect(frame).toContain('scenarios: B b saves $6.75 (50%) a month');
    expect(frame).toMatch(/B b\s+#+\s+\$6\.75/);
    expect(frame).toContain('prices: openai:gpt-4o-mini');
  });

  it('←/→ edit the selected field and the bill follows; u undoes', async () => {
    const r = screen(await appData());
    await until(r.lastFrame, (t) => t.includes('$13.50 a month'), 'the bill');
    r.stdin.write('\u001b[C');
    // 1,250 requests/day: every figure × 1.25 → $16.875.
    await until(r.lastFrame, (t) => t.includes('a: $16.88 a month') && t.includes('1,250'), 'more requests');
    r.stdin.write('\u001b[B');
    r.stdin.write('\u001b[C');
    // Input 1,250 tokens too: 37,500 requests × 1,250 = 46.875 M × $0.15 = $7.03125; output 18.75 M × $0.60 = $11.25.
    await until(r.lastFrame, (t) => t.includes('a: $18.28 a month'), 'larger inputs');
    r.stdin.write('u');
    await until(r.lastFrame, (t) => t.includes('a: $13.50 a month'), 'undone');
  });

  it('p edits the other scenario; its batch share shows and moves', async () => {
    const r = screen(await appData());
    await until(r.lastFrame, (t) => t.includes('[A a]'), 'scenario A');
    r.stdin.write('p');
    await until(r.lastFrame, (t) => t.includes('[B b]') && t.includes('b: $6.75 a month'), 'scenario B');
    for (let i = 0; i < 5; i++) r.stdin.write('\u001b[B');
    r.stdin.write('\u001b[D');
    // 90 % batch: 0.9 × $6.75 + 0.1 × $13.50 = $7.425.
    const frame = await until(r.lastFrame, (t) => t.includes('b: $7.425 a month'), 'less batch');
    expect(frame).toMatch(/› batch share\s+90%/);
  });

  it('says unknown, never $0, for a model without a per-token price', async () => {
    const load: ProfilesLoad = { profiles: [await profile('local', '', 'meta:llama-3.1-8b-instruct')], errors: [] };
    const data = { ...(await appData()), loadProfiles: async () => load };
    const r = screen(data);
    const frame = await until(r.lastFrame, (t) => t.includes('local:'), 'the bill');
    expect(frame).toContain('local: unknown (self-hosted: no per-token price');
    expect(frame).toMatch(/chat\s+unknown \(self-hosted/);
  });

  it('loads the profiles once and keeps edits across screen switches', async () => {
    const data = await appData();
    const memory = new Map<string, unknown>();
    const first = screen(data, memory);
    await until(first.lastFrame, (t) => t.includes('$13.50 a month'), 'the bill');
    first.stdin.write('\u001b[C');
    await until(first.lastFrame, (t) => t.includes('$16.88 a month'), 'the edit');
    first.unmount();
    const again = screen(data, memory);
    await until(again.lastFrame, (t) => t.includes('a: $16.88 a month'), 'the edit kept');
    expect(data.loadProfiles).toHaveBeenCalledTimes(1);
  });

  it('shows a load failure with what to do', async () => {
    const data = { ...(await appData()), loadProfiles: async () => { throw new Error('launch.yaml:3: unknown field'); } };
    const r = screen(data);
    const frame = await until(r.lastFrame, (t) => t.includes('did not load'), 'the failure');
    expect(frame).toContain('launch.yaml:3: unknown field — fix the file named');
  });
});
