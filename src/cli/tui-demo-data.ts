/**
 * The TUI's recorded demo, read from the files costlab ships (prompts/demo/recorded/, built by
 * scripts/build-demo-data.ts) and turned into the Frontier and Route screens' data, and the router export the
 * Route screen calls. A file that is missing or bad does not stop the app: its screen says so and the problem
 * goes to the status bar with what to do.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CostlabError, HEURISTIC_CLASSIFIER, buildRouterConfig, serializeRouterConfig } from '../core/index.ts';
import type { Catalog } from '../core/index.ts';
import type { AppData } from '../ui/app-data.ts';
import { readTextFile, today, writeTextAtomic } from '../platform/node.ts';
import type { AppError } from '../ui/app-data.ts';
import { parseAlpacaDemo, parseRouteLlmDemo } from '../ui/demo-data-schema.ts';
import { alpacaFrontierSet, routeDemo } from '../ui/demo-data.ts';
import type { FrontierSet, RouteDemo } from '../ui/demo-data.ts';
import type { RouterExport } from '../ui/route-model.ts';
import type { ProfilesLoad } from '../ui/bill-model.ts';
import { loadProfile, profileMeasurer } from './profile-load.ts';
import type { MeasureProgress } from './profile-load.ts';

export const DEMO_RECORDED_DIR = fileURLToPath(new URL('../../prompts/demo/recorded/', import.meta.url));
export const BUNDLED_PROFILES_DIR = fileURLToPath(new URL('../../prompts/profiles/', import.meta.url));
/** The Bill screen's two scenarios, in order. */
export const BUNDLED_PROFILES = ['launch.yaml', 'launch-optimised.yaml'];
export const ROUTER_FILE = 'costlab-router.json';

export interface TuiDemoData {
  frontierSets: FrontierSet[];
  routeDemo?: RouteDemo;
  errors: AppError[];
}

function toAppError(error: unknown, file: string): AppError {
  if (error instanceof CostlabError) return { message: error.describe(), hint: 'the Frontier and Route screens need it; reinstall costlab to restore it' };
  return { message: `${file}: ${error instanceof Error ? error.message : String(error)}`, hint: 'reinstall costlab to restore the demo files' };
}

async function readJson(path: string): Promise<unknown> {
  const text = await readTextFile(path);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CostlabError('bad-demo-data', `is not valid JSON (${error instanceof Error ? error.message : String(error)})`, { location: { file: path } });
  }
}

/** Reads both demo files; what fails is reported in `errors`, the rest still loads. */
export async function loadTuiDemoData(catalog: Catalog, dir = DEMO_RECORDED_DIR): Promise<TuiDemoData> {
  const result: TuiDemoData = { frontierSets: [], errors: [] };
  const alpacaPath = join(dir, 'alpaca-eval.json');
  try {
    result.frontierSets.push(alpacaFrontierSet(parseAlpacaDemo(await readJson(alpacaPath), alpacaPath), catalog));
  } catch (error) {
    result.errors.push(toAppError(error, alpacaPath));
  }
  const routePath = join(dir, 'routellm-gsm8k.json');
  try {
    result.routeDemo = routeDemo(parseRouteLlmDemo(await readJson(routePath), routePath), catalog);
  } catch (error) {
    result.errors.push(toAppError(error, routePath));
  }
  return result;
}

/** The router config as costlab writes it (core's router-config format), stamped with the date it was exported. */
export function routerConfigJson(request: RouterExport, asOf: string): string {
  return serializeRouterConfig(
    buildRouterConfig({ ...request, asOf, ...(request.score === 'heuristic' ? { heuristic: HEURISTIC_CLASSIFIER } : {}) }),
  );
}

/** The Route screen's `exportRouter`: writes costlab-router.json atomically in `cwd` and resolves to its path. */
export function routerExporter(cwd: string): (request: RouterExport) => Promise<string> {
  return async (request) => {
    const path = join(cwd, ROUTER_FILE);
    try {
      await writeTextAtomic(path, routerConfigJson(request, today()));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new CostlabError('write-failed', `cannot write ${path}: ${code ?? (error instanceof Error ? error.message : String(error))}`, {
        location: { file: path },
        hint: 'start costlab in a folder you can write to',
      });
    }
    return path;
  };
}

/**
 * Adds the recorded demo to the app's data (the Frontier and Route screens' fields and the router export),
 * and its load problems to `loadErrors`.
 */
export async function addTuiDemoData(data: AppData, cwd: string, dir = DEMO_RECORDED_DIR): Promise<void> {
  const demo = await loadTuiDemoData(data.catalog, dir);
  data.frontierSets = [...demo.frontierSets, ...(data.frontierSets ?? [])];
  if (demo.routeDemo) data.routeDemo = demo.routeDemo;
  data.exportRouter = routerExporter(cwd);
  data.loadProfiles = profilesLoader(data.catalog);
  data.loadErrors.push(...demo.errors);
}

/** Gives the event loop a turn (keys, timers, repaints) between slices of CPU work. */
export function yieldTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export interface ProfilesLoaderOptions {
  /** Called after each case is counted. */
  onCase?(progress: MeasureProgress): void;
}

/**
 * The Bill screen's `loadProfiles`: reads and measures the bundled profiles once (later calls share the first
 * one's result); a profile that fails is left out and its problem reported. The prompt sets are counted one case
 * at a time with a turn of the event loop between cases, so the app keeps taking keys while it measures (only
 * a tokenizer's first load is one piece); a set the two profiles share is counted once. A profile measured from
 * a run (`from_run`) goes through `costlab bill`'s loader as it is (reading a store is I/O, not counting).
 */
export function profilesLoader(
  catalog: Catalog, dir = BUNDLED_PROFILES_DIR, files = BUNDLED_PROFILES, options: ProfilesLoaderOptions = {},
): () => Promise<ProfilesLoad> {
  let loading: Promise<ProfilesLoad> | undefined;
  return () => {
    loading ??= (async () => {
      const result: ProfilesLoad = { profiles: [], errors: [] };
      const measure = profileMeasurer(catalog, { beforeCase: yieldTurn, ...(options.onCase ? { onCase: options.onCase } : {}) });
      for (const name of files) {
        const path = join(dir, name);
        try {
          result.profiles.push({ file: path, profile: await loadProfile(path, catalog, measure) });
        } catch (error) {
          result.errors.push(
            error instanceof CostlabError
              ? { message: error.describe(), hint: error.hint ?? 'fix the profile' }
              : { message: `${path}: ${error instanceof Error ? error.message : String(error)}`, hint: 'fix the profile' },
          );
        }
        await yieldTurn();
      }
      return result;
    })();
    return loading;
  };
}

