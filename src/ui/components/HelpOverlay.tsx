/** `?`: the global keys and each screen's keys, the active screen first. */
import { Box, Text } from 'ink';
import type { ScreenDef } from '../screen.ts';
import { fit } from '../text.ts';

export interface HelpOverlayProps {
  screens: readonly ScreenDef[];
  active: number;
  width: number;
  height: number;
}

const GLOBAL_KEYS: ReadonlyArray<readonly [string, string]> = [
  ['tab / shift-tab', 'next / previous screen'],
  ['1-9', 'show that screen'],
  ['/', 'filter the active screen (Enter keeps, Esc clears)'],
  ['?', 'this help (any of ? Esc Enter closes it)'],
  ['Esc', 'leave an editor · dismiss an error'],
  ['q, Ctrl-C', 'quit'],
];

export function HelpOverlay({ screens, active, width, height }: HelpOverlayProps) {
  const order = [active, ...screens.map((_, i) => i).filter((i) => i !== active)];
  const lines: Array<{ text: string; bold?: boolean }> = [{ text: 'Keys', bold: true }];
  for (const [keys, what] of GLOBAL_KEYS) lines.push({ text: `  ${keys.padEnd(16)} ${what}` });
  for (const index of order) {
    const screen = screens[index]!;
    if (screen.keys.length === 0) continue;
    lines.push({ text: `${screen.key} ${screen.title}`, bold: true });
    for (const [keys, what] of screen.keys) lines.push({ text: `  ${keys.padEnd(16)} ${what}` });
  }
  const shown = lines.slice(0, Math.max(1, height));
  return (
    <Box flexDirection="column">
      {shown.map((line, i) => (
        <Text key={i} bold={line.bold === true}>
          {fit(line.text, width)}
        </Text>
      ))}
    </Box>
  );
}
