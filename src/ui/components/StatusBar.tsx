/**
 * The bottom line: an error with what to do — on two rows when one is too narrow, so the hint is not cut
 * off — with how many wait behind it (Esc shows the next); else the active screen's hint and the global keys.
 */
import { Box, Text } from 'ink';
import type { AppError } from '../app-data.ts';
import { fit } from '../text.ts';
import { wrapWords } from '../wrap-words.ts';

export interface StatusBarProps {
  width: number;
  color: boolean;
  error: AppError | null;
  /** Problems queued after the one shown. */
  moreErrors?: number;
  editing: boolean;
  filter: string;
  hint: string;
  /** Whether `/` filters the active screen (offered in the keys only then). */
  filterable?: boolean;
}

/** At most this many rows for an error. */
const ERROR_ROWS = 2;

function errorRows(error: AppError, moreErrors: number, width: number): string[] {
  // "(1/3)" up front, where a long message cannot cut it off: Esc shows the next.
  const count = moreErrors > 0 ? `(1/${moreErrors + 1}) ` : '';
  const rows = wrapWords(`✗ ${count}${error.message}${error.hint ? ` — ${error.hint}` : ''} (Esc)`, width);
  if (rows.length <= ERROR_ROWS) return rows;
  return [...rows.slice(0, ERROR_ROWS - 1), fit(rows.slice(ERROR_ROWS - 1).join(' '), width)];
}

/** Rows the status bar takes with this error shown (the app gives the screen the rest). */
export function statusBarRows(error: AppError, moreErrors: number, width: number): number {
  return errorRows(error, moreErrors, width).length;
}

export function StatusBar({ width, color, error, moreErrors = 0, editing, filter, hint, filterable = true }: StatusBarProps) {
  if (error) {
    return (
      <Box flexDirection="column">
        {errorRows(error, moreErrors, width).map((row, i) => (
          <Text key={i} color={color ? 'red' : undefined} wrap="truncate-end">
            {row}
          </Text>
        ))}
      </Box>
    );
  }
  const global = editing ? 'editing: Esc leaves' : `tab/1-9${filterable ? ' · / filter' : ''} · ? help · q quit`;
  const shown = filter ? `filter "${filter}" (Esc clears) · ` : '';
  const text = `${shown}${hint ? `${hint} · ` : ''}${global}`;
  return <Text dimColor wrap="truncate-end">{fit(text, width)}</Text>;
}
