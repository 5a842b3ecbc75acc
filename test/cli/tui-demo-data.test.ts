import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLED_PROFILES, BUNDLED_PROFILES_DIR, addTuiDemoData, loadTuiDemoData, profilesLoader, routerExporter } from '../../src/cli/tui-demo-data.ts';
import { Catalog, CostlabError, forecastBill, parseRouterConfig, routeWithConfig } from '../../src/core/index.ts';
import { installPlatform } from '../../src/platform/node.ts';
import type { AppData } from '../../src/ui/app-data.ts';
import type { RouterExport } from '../../src/ui/route-model.ts';
import { loadProfile } from '../../src/cli/profile-load.ts';
import { tempDir } from '../helpers/run-cli.ts';

const catalog = new Catalog();

const request: RouterExport = {
  score: 'length',
  threshold: 223,
  weak: 'mistralai/Mixtral-8x7B-Instruct-v0.1',
  strong: 'gpt-4-1106-preview',
  expected: { strongShare: 0.5, quality: 0.779, costPer1k: 2.55, items: 1319 },
  createdFrom: { recorded: 'routellm', file: 'prompts/demo/recorded/routellm-gsm8k.json' },
  length: { unit: 'characters' },
};

describe('loadTuiDemoData', () => {
  it('loads the shipped demo: the AlpacaEval frontier set and the priced RouteLLM demo', async () => {
    const demo = await loadTuiDemoData(catalog);
    expect(demo.errors).toEqual([]);
    expect(demo.frontierSets.map((s) => s.id)).toEqual(['alpaca-eval']);
    expect(demo.routeDemo?.rows).toHaveLength(1319);
  });

  it('reports a broken or missing file and still loads the other', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'alpaca-eval.json'), '{"format": "costlab-demo/alpaca-eval@1",');
    const demo = await loadTuiDemoData(catalog, dir);
    expect(demo.frontierSets).toEqual([]);
    expect(demo.routeDemo).toBeUndefined();
    expect(demo.errors).toHaveLength(2);
    expect(demo.errors[0]?.message).toContain(`${join(dir, 'alpaca-eval.json')}: is not valid JSON`);
    expect(demo.errors[1]?.message).toContain(join(dir, 'routellm-gsm8k.json'));
    expect(demo.errors[1]?.hint).toContain('reinstall costlab');
  });

  it('adds the demo to the app data and its problems to loadErrors', async () => {
    const data = { catalog, loadErrors: [{ message: 'earlier' }] } as unknown as AppData;
    await addTuiDemoData(data, tempDir(), tempDir());
    expect(data.frontierSets).toEqual([]);
    expect(data.loadErrors.map((e) => e.message)[0]).toBe('earlier');
    expect(data.loadErrors).toHaveLength(3);
    expect(typeof data.exportRouter).toBe('function');
  });
});

describe('routerExporter', () => {
  it('writes costlab-router.json in the working folder, in the format costlab route reads', async () => {
    const dir = tempDir();
    const path = await routerExporter(dir)(request);
    expect(path).toBe(join(dir, 'costlab-router.json'));
    const config = parseRouterConfig(readFileSync(path, 'utf8'), path);
    expect(config.score).toBe('length');
    expect(config.threshold).toBe(223);
    expect(config.asOf).toMatch(/^\d{4}-\d\d-\d\d$/);
    // A 230-character prompt is at or over the threshold: strong; a short one: weak.
    expect(routeWithConfig(config, 'x'.repeat(230)).side).toBe('strong');
    expect(routeWithConfig(config, 'short').side).toBe('weak');
  });

  it('exports the heuristic classifier with a heuristic router, and the all-weak router as threshold null', async () => {
    const dir = tempDir();
    const heuristic = { ...request, score: 'heuristic' as const, threshold: 2 / 3 };
    delete heuristic.length;
    const config = parseRouterConfig(readFileSync(await routerExporter(dir)(heuristic), 'utf8'), 'x');
    expect(config.heuristic?.levels).toEqual(['trivial', 'simple', 'moderate', 'complex']);
    const none = parseRouterConfig(readFileSync(await routerExporter(dir)({ ...request, threshold: Number.POSITIVE_INFINITY }), 'utf8'), 'y');
    expect(none.threshold).toBeNull();
  });

  it('says which file it could not write and what to do', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'costlab-router.json'));
    const error = await routerExporter(dir)(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CostlabError);
    expect((error as CostlabError).message).toContain(`cannot write ${join(dir, 'costlab-router.json')}`);
    expect((error as CostlabError).hint).toContain('folder you can write to');
  });
});

describe('profilesLoader', () => {
  it('measures the two bundled profiles once, in order', async () => {
    installPlatform();
    const load = profilesLoader(catalog);
    const first = await load();
    expect(BUNDLED_PROFILES).toEqual(['launch.yaml', 'launch-optimised.yaml']);
    expect(first.errors).toEqual([]);
    expect(first.profiles.map((p) => p.profile.name)).toEqual(['launch', 'launch-optimised']);
    expect(await load()).toBe(first);
    const [a, b] = first.profiles.map((p) => forecastBill(p.profile, catalog).total);
    expect(a?.known && b?.known && a.pico > b.pico).toBe(true);
  });

  it('counts one case per event-loop turn, each shared prompt set once, with the counts `costlab bill` gets', async () => {
    installPlatform();
    // A setImmediate ticker counts event-loop turns; each counted case records the turn it was counted in.
    let turns = 0;
    let running = true;
    const tick = () => {
      turns += 1;
      if (running) setImmediate(tick);
    };
    let firstTurnRan = false;
    setImmediate(() => {
      firstTurnRan = true;
    });
    setImmediate(tick);
    const seen: { set: string; done: number; total: number; turn: number }[] = [];
    const pending = profilesLoader(catalog, BUNDLED_PROFILES_DIR, BUNDLED_PROFILES, { onCase: (p) => seen.push({ ...p, turn: turns }) })();
    const result = await pending;
    running = false;
    expect(firstTurnRan).toBe(true);
    // launch and launch-optimised measure the same three sets for the same models (the router's strong model is
    // Sonnet 4.5, as launch's support route): support-bot 18 + ticket-triage 19 + essay-grading-zh 12 = 49 cases.
    expect(seen.map((s) => `${basename(s.set)} ${s.total}`).filter((v, i, all) => all.indexOf(v) === i)).toEqual([
      'support-bot.yaml 18', 'ticket-triage.yaml 19', 'essay-grading-zh.yaml 12',
    ]);
    expect(seen).toHaveLength(49);
    // Between any two cases the event loop ran at least once (a key typed meanwhile is read).
    for (let i = 1; i < seen.length; i += 1) expect(seen[i]!.turn).toBeGreaterThan(seen[i - 1]!.turn);
    // Same distributions and sources as the CLI's loader (profile-load.ts), profile by profile.
    for (const [i, name] of BUNDLED_PROFILES.entries()) {
      expect(result.profiles[i]?.profile).toEqual(await loadProfile(join(BUNDLED_PROFILES_DIR, name), catalog));
    }
  });

  it('names each profile\'s own file when a prompt set both use is missing', async () => {
    const dir = tempDir();
    const text = (name: string) =>
      `name: ${name}\nroutes:\n  - name: r\n    requests_per_day: 10\n    model: openai:gpt-4o-mini\n    input_tokens: { from_set: gone.yaml }\n    output_tokens: 5\n`;
    writeFileSync(join(dir, 'a.yaml'), text('a'));
    writeFileSync(join(dir, 'b.yaml'), text('b'));
    const result = await profilesLoader(catalog, dir, ['a.yaml', 'b.yaml'])();
    expect(result.profiles).toEqual([]);
    expect(result.errors.map((e) => e.message)).toEqual([
      expect.stringContaining(`${join(dir, 'a.yaml')}`),
      expect.stringContaining(`${join(dir, 'b.yaml')}`),
    ]);
    expect(result.errors[0]?.message).toContain(`the prompt set ${join(dir, 'gone.yaml')} does not exist`);
  });

  it('leaves out a profile that does not load and says why', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'launch.yaml'), 'name: x\nroutes:\n  - name: r\n    requests_per_day: 10\n    model: openai:gpt-4o-mini\n    input_tokens: 10\n    output_tokens: 5\n    bogus: 1\n');
    const result = await profilesLoader(catalog, dir, ['launch.yaml', 'missing.yaml'])();
    expect(result.profiles).toEqual([]);
    expect(result.errors).toHaveLength(2);
    expect(result.errors[0]?.message).toContain("unknown field 'bogus'");
    expect(result.errors[1]?.message).toContain('missing.yaml');
  });
});
