/**
 * The bottom line: an error with what to do (and how many wait, Esc showing the next), else the active screen's hint
 * and the global keys.
 */
import { Text } from 'ink';
import type { AppError } from '../app-data.ts';
import { fit } from '../text.ts';

export interface StatusBarProps {
  width: number;
  color: boolean;
  error: AppError | null;
  /** Problems queued after the one shown. */
  moreErrors?: number;
  editing: boolean;
  filter: string;
  hint: string;
}

export function StatusBar({ width, color, error, moreErrors = 0, editing, filter, hint }: StatusBarProps) {
  if (error) {
    // "(1/3)" up front, where a long message cannot cut it off: Esc shows the next.
    const count = moreErrors > 0 ? `(1/${moreErrors + 1}) ` : '';
    const text = `✗ ${count}${error.message}${error.hint ? ` — ${error.hint}` : ''} (Esc)`;
    return <Text color={color ? 'red' : undefined} wrap="truncate-end">{fit(text, width)}</Text>;
  }
  const global = editing ? 'editing: Esc leaves' : 'tab/1-9 · / filter · ? help · q quit';
  const shown = filter ? `filter "${filter}" (Esc clears) · ` : '';
  const text = `${shown}${hint ? `${hint} · ` : ''}${global}`;
  return <Text dimColor wrap="truncate-end">{fit(text, width)}</Text>;
}
