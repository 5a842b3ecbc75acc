/**
 * Choose models from the catalog: ↑/↓ move, Space toggles, `/` filters (the App's filter line), Esc or
 * Enter closes. The chosen ones are listed first.
 */
import { Box, Text } from 'ink';
import { useKeys } from '../hooks/use-keys.ts';
import { modelKey } from '../../core/index.ts';
import type { Catalog } from '../../core/index.ts';
import type { Memory } from '../hooks/use-remembered.ts';
import { useRemembered } from '../hooks/use-remembered.ts';
import { fit } from '../text.ts';

export interface ModelPickerProps {
  catalog: Catalog;
  chosen: readonly string[];
  filter: string;
  width: number;
  height: number;
  focused: boolean;
  color: boolean;
  memory: Memory;
  onChange(models: string[]): void;
  onExit(): void;
}

export function ModelPicker({ catalog, chosen, filter, width, height, focused, color, memory, onChange, onExit }: ModelPickerProps) {
  const [cursor, setCursor] = useRemembered(memory, 'picker.cursor', 0);
  const chosenKeys = new Set(chosen.map((ref) => (catalog.tryResolve(ref) ? modelKey(catalog.resolve(ref)) : ref)));
  const needle = filter.toLowerCase();
  const all = catalog
    .list()
    .filter((m) => needle === '' || modelKey(m).toLowerCase().includes(needle) || m.displayName.toLowerCase().includes(needle))
    .sort((a, b) => Number(chosenKeys.has(modelKey(b))) - Number(chosenKeys.has(modelKey(a))));
  const at = Math.min(cursor, Math.max(0, all.length - 1));

  useKeys(
    (input, key) => {
      if (key.escape || key.return) return onExit();
      if (key.upArrow) return setCursor(Math.max(0, at - 1));
      if (key.downArrow) return setCursor(Math.min(all.length - 1, at + 1));
      if (key.pageUp) return setCursor(Math.max(0, at - height));
      if (key.pageDown) return setCursor(Math.min(all.length - 1, at + height));
      if (input === ' ') {
        const model = all[at];
        if (!model) return;
        const id = modelKey(model);
        const next = chosenKeys.has(id) ? [...chosenKeys].filter((k) => k !== id) : [...chosenKeys, id];
        onChange(next);
      }
    },
    focused,
  );

  const rows = Math.max(1, height - 1);
  const top = Math.max(0, Math.min(at - Math.floor(rows / 2), all.length - rows));
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text dimColor>{fit(`${chosenKeys.size} chosen of ${catalog.size} · Space toggles · / filters · Esc closes`, width)}</Text>
      {all.slice(top, top + rows).map((model, i) => {
        const index = top + i;
        const on = chosenKeys.has(modelKey(model));
        const text = `${index === at ? '›' : ' '}[${on ? 'x' : ' '}] ${modelKey(model)}${model.selfHosted ? ' (self-hosted)' : ''}`;
        return (
          <Text key={modelKey(model)} color={color && on ? 'cyan' : undefined}>
            {fit(text, width)}
          </Text>
        );
      })}
    </Box>
  );
}
