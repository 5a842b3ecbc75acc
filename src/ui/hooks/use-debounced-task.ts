/**
 * Runs an async task `delayMs` after its key last changed (keystrokes in between restart the wait), and keeps
 * the last result while the next one is computed: heavy work (compression of a long prompt) stays off the
 * keystroke path. A result for a key that is no longer current is dropped.
 */
import { useEffect, useRef, useState } from 'react';

export interface TaskState<T> {
  value: T | null;
  /** The key the value belongs to. */
  valueKey: string | null;
  pending: boolean;
  error: unknown;
}

export function useDebouncedTask<T>(key: string, task: () => Promise<T>, delayMs = 120): TaskState<T> {
  const [state, setState] = useState<TaskState<T>>({ value: null, valueKey: null, pending: true, error: null });
  const taskRef = useRef(task);
  taskRef.current = task;
  useEffect(() => {
    let cancelled = false;
    setState((s) => (s.pending ? s : { ...s, pending: true }));
    const timer = setTimeout(() => {
      taskRef.current().then(
        (value) => {
          if (!cancelled) setState({ value, valueKey: key, pending: false, error: null });
        },
        (error: unknown) => {
          if (!cancelled) setState((s) => ({ ...s, pending: false, error }));
        },
      );
    }, delayMs);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [key, delayMs]);
  return state;
}
