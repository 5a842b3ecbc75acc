/**
 * `?`: the global keys and each screen's keys, the active screen first, in two aligned columns (long
 * descriptions wrap under their own column). Taller than the terminal, it scrolls: ↑ ↓ PgUp PgDn Home End.
 */
import { Box, Text } from 'ink';
import type { ScreenDef } from '../screen.ts';
import { displayWidth, fit } from '../text.ts';
import { wrapWords } from '../wrap-words.ts';

export interface HelpOverlayProps {
  screens: readonly ScreenDef[];
  active: number;
  width: number;
  height: number;
  /** The first line shown (scrolled); clamped to the last page. */
  top?: number;
}

export interface HelpLine {
  text: string;
  bold?: boolean;
}

const GLOBAL_KEYS: ReadonlyArray<readonly [string, string]> = [
  ['tab / shift-tab', 'next / previous screen'],
  ['1-9', 'show that screen'],
  ['/', 'filter the active screen, where it has a list (Enter keeps, Esc clears)'],
  ['?', 'this help (↑ ↓ PgUp PgDn scroll; ? Esc Enter close it)'],
  ['Esc', 'leave an editor · dismiss an error (the next one shows)'],
  ['q, Ctrl-C', 'quit'],
];

/** Every line of the overlay at this width. */
export function helpLines(screens: readonly ScreenDef[], active: number, width: number): HelpLine[] {
  const order = [active, ...screens.map((_, i) => i).filter((i) => i !== active)];
  const sections: Array<{ title: string; keys: ReadonlyArray<readonly [string, string]> }> = [{ title: 'Keys', keys: GLOBAL_KEYS }];
  for (const index of order) {
    const screen = screens[index]!;
    if (screen.keys.length > 0) sections.push({ title: `${screen.key} ${screen.title}`, keys: screen.keys });
  }
  const keyWidth = Math.min(24, Math.max(...sections.flatMap((s) => s.keys.map(([keys]) => displayWidth(keys)))));
  const indent = 2 + keyWidth + 1;
  const lines: HelpLine[] = [];
  for (const section of sections) {
    lines.push({ text: section.title, bold: true });
    for (const [keys, what] of section.keys) {
      const wrapped = wrapWords(what, Math.max(10, width - indent));
      const keyText = displayWidth(keys) > keyWidth ? fit(keys, keyWidth) : keys + ' '.repeat(keyWidth - displayWidth(keys));
      wrapped.forEach((part, i) => lines.push({ text: `${i === 0 ? `  ${keyText} ` : ' '.repeat(indent)}${part}` }));
    }
  }
  return lines;
}

/** The highest first line that still fills the overlay. */
export function helpMaxTop(lineCount: number, height: number): number {
  return Math.max(0, lineCount - height);
}

export function HelpOverlay({ screens, active, width, height, top = 0 }: HelpOverlayProps) {
  const lines = helpLines(screens, active, width);
  const rows = Math.max(1, height);
  const first = Math.min(Math.max(0, top), helpMaxTop(lines.length, rows));
  let shown = lines.slice(first, first + rows);
  if (first + rows < lines.length) shown = [...shown.slice(0, -1), { text: `  ↓ ${lines.length - first - rows + 1} more lines: ↓ PgDn End` }];
  return (
    <Box flexDirection="column">
      {shown.map((line, i) => (
        <Text key={i} bold={line.bold === true} dimColor={line.text.startsWith('  ↓ ') && i === shown.length - 1}>
          {fit(line.text, width)}
        </Text>
      ))}
    </Box>
  );
}
