import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CostlabError, calibrateForStrongShare, routingCurve, routingMetrics } from '../../src/core/index.ts';
import type { RoutingPoint } from '../../src/core/index.ts';
import type { AppData } from '../../src/ui/app-data.ts';
import { formatUsdShort } from '../../src/ui/components/plot-grid.ts';
import { parseRouteLlmDemo } from '../../src/ui/demo-data-schema.ts';
import { demoRoutingItems, routeDemo } from '../../src/ui/demo-data.ts';
import type { RouteDemo } from '../../src/ui/demo-data.ts';
import type { RouterExport } from '../../src/ui/route-model.ts';
import type { ScreenProps } from '../../src/ui/screen.ts';
import { RouteScreen } from '../../src/ui/screens/RouteScreen.tsx';
import { KEY, bareAppData, catalog, renderScreen, until } from './ui-helpers.tsx';

const FILE = fileURLToPath(new URL('../../prompts/demo/recorded/routellm-gsm8k.json', import.meta.url));
const demo = routeDemo(parseRouteLlmDemo(JSON.parse(readFileSync(FILE, 'utf8')), FILE), catalog);

const appData = (extra: Partial<AppData> = {}) => bareAppData({ routeDemo: demo, ...extra });
const screen = (data: AppData, overrides: Partial<ScreenProps> = {}) => renderScreen(RouteScreen, data, overrides);

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const shown = (p: RoutingPoint) => `strong calls ${pct(p.strongShare)} (${p.strongCalls.toLocaleString('en-US')} of 1,319) · quality ${pct(p.quality)}`;

/** The length router's sweep computed here from the demo rows: score = the prompt's characters. */
const lengthCurve = routingCurve(demoRoutingItems(demo, demo.rows.map((r) => r.promptChars)));
/** The screen opens on the sweep point nearest share 0.5 (ties to the lower share). */
const start = lengthCurve.reduce((best, p, i) => (Math.abs(p.strongShare - 0.5) < Math.abs((lengthCurve[best] as RoutingPoint).strongShare - 0.5) - 1e-12 ? i : best), 0);

afterEach(() => cleanup());

describe('RouteScreen', () => {
  it('opens on the length router near half the calls strong, with the stand-ins named', async () => {
    const r = screen(appData());
    const frame = await until(r.lastFrame, (t) => t.includes('strong calls'), 'the first frame');
    expect(frame).toContain(shown(lengthCurve[start] as RoutingPoint));
    expect(frame).toContain('priced as GPT-4o mini $0.15/$0.6, GPT-4 Turbo $10/$30 per M tokens');
    expect(frame).toContain('router length (s)');
    const m = routingMetrics(demoRoutingItems(demo, demo.rows.map((r) => r.promptChars)));
    expect(frame).toContain(`APGR ${m.apgr.toFixed(3)} · CPT(50%) ${pct(m.cpt50 as number)} · CPT(80%) ${pct(m.cpt80 as number)}`);
    expect(frame).toContain('weak 63.8% · strong 85.7%');
    for (const line of frame.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('→ and ← move to the next and previous threshold of the sweep, and the numbers follow', async () => {
    const r = screen(appData());
    await until(r.lastFrame, (t) => t.includes(shown(lengthCurve[start] as RoutingPoint)), 'the start');
    r.stdin.write(KEY.right);
    const after = lengthCurve[start + 1] as RoutingPoint;
    expect(after.strongShare).toBeGreaterThan((lengthCurve[start] as RoutingPoint).strongShare);
    const frame = await until(r.lastFrame, (t) => t.includes(shown(after)), 'one step right');
    expect(frame).toContain(`≥ ${after.threshold} chars`);
    // cost per 1,000 × 10,000 requests/day × 30 days / 1,000.
    expect(frame).toContain(`cost ${formatUsdShort(after.costPer1k)}/1k`);
    expect(frame).toContain(`${formatUsdShort((after.costPer1k / 1000) * 10_000 * 30)}/month at 10,000 req/day`);
    r.stdin.write(KEY.left);
    await until(r.lastFrame, (t) => t.includes(shown(lengthCurve[start] as RoutingPoint)), 'back');
    r.stdin.write(KEY.left);
    await until(r.lastFrame, (t) => t.includes(shown(lengthCurve[start - 1] as RoutingPoint)), 'one step left of the start');
  });

  it('big steps move a twentieth of the sweep; Home and End go to all weak and all strong', async () => {
    const r = screen(appData());
    await until(r.lastFrame, (t) => t.includes(shown(lengthCurve[start] as RoutingPoint)), 'the start');
    const big = Math.round(lengthCurve.length / 20);
    r.stdin.write(KEY.shiftRight);
    await until(r.lastFrame, (t) => t.includes(shown(lengthCurve[start + big] as RoutingPoint)), 'a big step');
    r.stdin.write(KEY.pageUp);
    await until(r.lastFrame, (t) => t.includes(shown(lengthCurve[start + 2 * big] as RoutingPoint)), 'PgUp');
    r.stdin.write(KEY.home);
    let frame = await until(r.lastFrame, (t) => t.includes('strong calls 0.0%'), 'Home');
    expect(frame).toContain('quality 63.8%');
    expect(frame).toContain('none (all weak)');
    r.stdin.write(KEY.end);
    frame = await until(r.lastFrame, (t) => t.includes('strong calls 100.0%'), 'End');
    expect(frame).toContain('quality 85.7%');
    expect(frame).toContain('(all strong)');
  });

  it('+ and - change the requests per day, and the monthly bill with them', async () => {
    const r = screen(appData());
    const point = lengthCurve[start] as RoutingPoint;
    await until(r.lastFrame, (t) => t.includes('10,000 req/day'), 'the start');
    r.stdin.write('+');
    await until(r.lastFrame, (t) => t.includes(`${formatUsdShort((point.costPer1k / 1000) * 20_000 * 30)}/month at 20,000 req/day`), 'twice the volume');
    r.stdin.write('-');
    r.stdin.write('-');
    await until(r.lastFrame, (t) => t.includes(`${formatUsdShort((point.costPer1k / 1000) * 5_000 * 30)}/month at 5,000 req/day`), 'half the volume');
  });

  it('s cycles the router score and keeps the share close', async () => {
    const r = screen(appData());
    await until(r.lastFrame, (t) => t.includes('router length'), 'length');
    r.stdin.write('s');
    const frame = await until(r.lastFrame, (t) => t.includes('router heuristic'), 'heuristic');
    expect(frame).toMatch(/threshold \[.*\] ≥ (trivial|simple|moderate|complex)/);
    r.stdin.write('s');
    await until(r.lastFrame, (t) => t.includes('router random'), 'random');
    r.stdin.write('s');
    await until(r.lastFrame, (t) => t.includes('router oracle'), 'oracle');
  });

  it('e hands the router at the current threshold to exportRouter and shows the path written', async () => {
    const exportRouter = vi.fn(async (_request: RouterExport) => '/work/here/costlab-router.json');
    const r = screen(appData({ exportRouter }));
    await until(r.lastFrame, (t) => t.includes('strong calls'), 'the first frame');
    r.stdin.write(KEY.right);
    const point = lengthCurve[start + 1] as RoutingPoint;
    await until(r.lastFrame, (t) => t.includes(shown(point)), 'one step');
    r.stdin.write('e');
    await until(r.lastFrame, (t) => t.includes('✓ wrote /work/here/costlab-router.json'), 'the export');
    const request = exportRouter.mock.calls[0]?.[0] as RouterExport;
    expect(request.score).toBe('length');
    expect(request.threshold).toBe(point.threshold);
    expect(request.expected).toEqual({ strongShare: point.strongShare, quality: point.quality, costPer1k: point.costPer1k, items: 1319 });
    expect(request.length).toEqual({ unit: 'characters' });
    // The same point the core calibration picks for that share budget.
    expect(calibrateForStrongShare(demoRoutingItems(demo, demo.rows.map((x) => x.promptChars)), point.strongShare).threshold).toBe(point.threshold);
  });

  it('shows why an export failed, and refuses to export the oracle', async () => {
    const exportRouter = vi.fn(async () => {
      throw new CostlabError('write-failed', 'cannot write /ro/costlab-router.json: EACCES', { hint: 'start costlab in a folder you can write to' });
    });
    const r = screen(appData({ exportRouter }));
    await until(r.lastFrame, (t) => t.includes('strong calls'), 'the first frame');
    r.stdin.write('e');
    const frame = await until(r.lastFrame, (t) => t.includes('✗ cannot write'), 'the failure');
    expect(frame).toContain('start costlab in a folder');
    expect(r.props.report).toHaveBeenCalled();
    r.stdin.write('s');
    r.stdin.write('s');
    r.stdin.write('s');
    await until(r.lastFrame, (t) => t.includes('router oracle'), 'oracle');
    r.stdin.write('e');
    await until(r.lastFrame, (t) => t.includes('✗ the oracle cannot be exported'), 'the refusal');
    expect(exportRouter).toHaveBeenCalledTimes(1);
  });

  it('ignores keys while another part of the app has them', async () => {
    const r = screen(appData(), { active: false });
    const first = await until(r.lastFrame, (t) => t.includes('strong calls'), 'the first frame');
    r.stdin.write(KEY.right);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(r.lastFrame()).toBe(first);
  });

  it('says what to do when the demo did not load', async () => {
    const data = appData();
    delete (data as { routeDemo?: RouteDemo }).routeDemo;
    const r = screen(data);
    const frame = await until(r.lastFrame, (t) => t.length > 0, 'a frame');
    expect(frame).toContain('No routing data');
    expect(frame).toContain('build-demo-data.ts');
  });

  it('adapts to a larger terminal: a taller chart, lines up to its width', async () => {
    const r = screen(appData(), { width: 120, height: 40 });
    const frame = await until(r.lastFrame, (t) => t.includes('strong calls'), 'the first frame');
    expect(frame.split('\n').length).toBeGreaterThan(35);
    expect(Math.max(...frame.split('\n').map((l) => l.length))).toBeGreaterThan(100);
  });
});
