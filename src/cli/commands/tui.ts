/**
 * `costlab tui` (and `costlab` / `npm start` on a terminal): the Ink app. Loads the catalog, the prompt sets
 * and the store (tui-data.ts), paints, then lets the screens load tokenizers. NO_COLOR turns colour off (the
 * app then marks things with text: [-removed-], ›, #). Quitting stops any run in progress cleanly — its
 * trials without a result stay resumable — before the process exits.
 */
import { CostlabError, closestMatch } from '../../core/index.ts';
import { installPlatform } from '../../platform/node.ts';
import { storeDir } from '../run-store.ts';
import type { TuiSetup } from '../tui-data.ts';

export interface TuiOptions {
  store?: string;
  /** Open on this screen: its id (`compress`) or its number key (`2`). */
  screen?: string;
}

/**
 * The screens `--screen` accepts, by id and number key — the same as src/ui/screens/registry.ts's SCREENS
 * (test/cli/tui-options.test.ts keeps the two equal), kept here so a bad --screen fails before ink loads.
 */
export const TUI_SCREENS: readonly { id: string; key: string }[] = [
  { id: 'prompts', key: '1' },
  { id: 'compress', key: '2' },
  { id: 'run', key: '3' },
  { id: 'results', key: '4' },
  { id: 'frontier', key: '5' },
  { id: 'route', key: '6' },
  { id: 'bill', key: '7' },
  { id: 'selfhost', key: '8' },
];

export const NO_TERMINAL = 'costlab tui needs a terminal (stdin and stdout a TTY); for scripts use the commands (costlab --help)';

/** The id of the screen `--screen` names (an id, any case, or a number key); bad input (exit 2) for any other. */
export function screenId(value: string): string {
  const wanted = value.trim().toLowerCase();
  const found = TUI_SCREENS.find((s) => s.id === wanted || s.key === wanted);
  if (found) return found.id;
  const near = closestMatch(wanted, TUI_SCREENS.map((s) => s.id));
  throw new CostlabError('bad-option', `--screen: no screen '${value}'`, {
    hint: `${near ? `did you mean '${near}'? ` : ''}the screens: ${TUI_SCREENS.map((s) => `${s.id} (${s.key})`).join(', ')}`,
  });
}

export function colorWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  return !(env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') && env['TERM'] !== 'dumb';
}

/**
 * Ink holds every frame back until the app exits when it believes it runs in CI (CI or CONTINUOUS_INTEGRATION
 * set and not 0/false), to keep build logs clean. On a terminal a person is watching, so the app drops those
 * variables before ink loads (it reads them once, at import) — otherwise a shell that exports CI=true would see
 * a blank screen until quitting.
 */
export function showLiveFrames(env: NodeJS.ProcessEnv): void {
  delete env['CI'];
  delete env['CONTINUOUS_INTEGRATION'];
}

export async function runTui(options: TuiOptions = {}): Promise<void> {
  const initialScreen = options.screen === undefined ? undefined : screenId(options.screen);
  if (process.stdin.isTTY !== true || process.stdout.isTTY !== true) {
    // ink would crash on raw mode with a React stack: one line and exit 2 instead (the `costlab` demo sends non-TTY runs to the text demo).
    process.stderr.write(`${NO_TERMINAL}\n`);
    process.exitCode = 2;
    return;
  }
  installPlatform();
  const color = colorWanted();
  // ink's chalk does not read NO_COLOR itself: FORCE_COLOR=0 before ink loads turns its styles off.
  if (!color) process.env['FORCE_COLOR'] = '0';
  // React's production build (the development one renders several times slower) unless asked otherwise.
  process.env['NODE_ENV'] ??= 'production';
  if (process.stdout.isTTY === true) showLiveFrames(process.env);
  // First paint before the library loads: ink alone, then the app replaces the splash.
  const [{ createElement }, { render, Text }] = await Promise.all([import('react'), import('ink')]);
  const app = render(createElement(Text, null, 'costlab — loading the catalog and the prompt sets…'), { maxFps: 60, exitOnCtrlC: true, patchConsole: true });
  let runner: TuiSetup['runner'] | undefined;
  try {
    const [{ App }, { loadTuiData }] = await Promise.all([import('../../ui/App.tsx'), import('../tui-data.ts')]);
    const setup = await loadTuiData(process.cwd(), storeDir(options.store));
    runner = setup.runner;
    const { data } = setup;
    await (await import('../tui-demo-data.ts')).addTuiDemoData(data, process.cwd());
    app.rerender(createElement(App, { data, color, ...(initialScreen ? { initialScreen } : {}) }));
    await app.waitUntilExit();
    // ink leaves the cursor at the end of the last frame: the shell's prompt starts on a line of its own.
    if (process.stdout.isTTY === true) process.stdout.write('\n');
  } catch (error) {
    app.unmount();
    throw error;
  } finally {
    await runner?.shutdown();
  }
}
