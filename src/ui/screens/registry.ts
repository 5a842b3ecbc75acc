/**
 * The TUI's screens, in tab order. Adding a screen is one import and one line in SCREENS: its ScreenDef
 * (id, title, number key, its keys for the help overlay, a status-bar hint, the component).
 */
import type { ScreenDef } from '../screen.ts';
import { billScreen } from './BillScreen.tsx';
import { compressScreen } from './CompressScreen.tsx';
import { frontierScreen } from './FrontierScreen.tsx';
import { promptsScreen } from './PromptsScreen.tsx';
import { resultsScreen } from './ResultsScreen.tsx';
import { routeScreen } from './RouteScreen.tsx';
import { runScreen } from './RunScreen.tsx';
import { selfHostScreen } from './SelfHostScreen.tsx';

export const SCREENS: readonly ScreenDef[] = [
  promptsScreen,
  compressScreen,
  runScreen,
  resultsScreen,
  frontierScreen,
  routeScreen,
  billScreen,
  selfHostScreen,
  // Part 2 adds its screens here (Frontier '5', Route '6', Bill '7', Self-host '8').
];

/** The screen a number key shows, if any. */
export function screenForKey(screens: readonly ScreenDef[], key: string): number {
  return screens.findIndex((s) => s.key === key);
}
