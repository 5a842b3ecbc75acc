/**
 * useInput for a screen or a component that may lose the keys (an overlay, the filter line, another mode):
 * subscribed while mounted, and `active` read through a ref, so a key that arrives between a mode change and
 * ink's re-subscription goes where the screen now shows it goes (see use-latest.ts).
 */
import { useInput } from 'ink';
import type { Key } from 'ink';
import { useLatest } from './use-latest.ts';

export function useKeys(handler: (input: string, key: Key) => void, active: boolean): void {
  const isActive = useLatest(active);
  const latest = useLatest(handler);
  useInput((input, key) => {
    if (isActive.current) latest.current(input, key);
  });
}
