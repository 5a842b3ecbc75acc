/** The top line: the screens with their number keys, the active one in brackets (and inverse with colour). */
import { Text } from 'ink';
import type { ScreenDef } from '../screen.ts';

export interface TabLineProps {
  screens: readonly ScreenDef[];
  active: number;
  width: number;
  color: boolean;
}

export function TabLine({ screens, active, width, color }: TabLineProps) {
  const labels = screens.map((s) => `${s.key} ${s.title}`);
  // Labels are separated by a space; the active one's brackets take 2 more.
  const needed = labels.reduce((n, l) => n + l.length + 1, 0) + 1;
  const brand = width - needed >= 9 ? 'costlab ' : '';
  return (
    <Text wrap="truncate-end">
      {brand ? <Text bold>{brand}</Text> : null}
      {labels.map((label, i) =>
        i === active ? (
          <Text key={label}>
            {i > 0 ? ' ' : ''}
            <Text bold inverse={color} color={color ? 'cyan' : undefined}>
              [{label}]
            </Text>
          </Text>
        ) : (
          <Text key={label}>{i > 0 ? ` ${label}` : label}</Text>
        ),
      )}
    </Text>
  );
}
