/**
 * State that outlives a screen being hidden: the App keeps one Memory, and a screen's useRemembered(key)
 * reads its last value from it when shown again.
 */
import { useCallback, useState } from 'react';

export type Memory = Map<string, unknown>;

export function useRemembered<T>(memory: Memory, key: string, initial: T | (() => T)): [T, (next: T | ((previous: T) => T)) => void] {
  const [value, setValue] = useState<T>(() => {
    if (memory.has(key)) return memory.get(key) as T;
    const first = typeof initial === 'function' ? (initial as () => T)() : initial;
    memory.set(key, first);
    return first;
  });
  const set = useCallback(
    (next: T | ((previous: T) => T)) => {
      setValue((previous) => {
        const value = typeof next === 'function' ? (next as (p: T) => T)(previous) : next;
        memory.set(key, value);
        return value;
      });
    },
    [memory, key],
  );
  return [value, set];
}
