/**
 * A ref that always holds the value of the last render. Key handlers read modes through it: ink re-subscribes
 * a handler only after the commit, so a key typed right after a mode change (or in the same paste) would
 * otherwise meet the previous render's handler and its stale mode.
 */
import { useRef } from 'react';
import type { MutableRefObject } from 'react';

export function useLatest<T>(value: T): MutableRefObject<T> {
  const ref = useRef(value);
  ref.current = value;
  return ref;
}
