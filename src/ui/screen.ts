/**
 * What a screen of the TUI is given, and how it is registered (screens/registry.ts). Screens render props
 * only; the App owns the shared selection (which set, case, variant and prompt text), the filter line, edit
 * mode, the status bar and a memory that keeps each screen's state while another screen is shown.
 */
import type { ComponentType } from 'react';
import type { AppData, AppError } from './app-data.ts';
import type { Memory } from './hooks/use-remembered.ts';

/** The prompt the screens share: chosen on Prompts, compressed on Compress, run on Run. */
export interface Selection {
  /** Index into AppData.sets. */
  setIndex: number;
  /** Index into the set's cases. */
  caseIndex: number;
  /** `base` or a variant name. */
  variant: string;
  /** The prompt text as edited on the Prompts screen; null while it is the rendered case unchanged. */
  editedText: string | null;
  /** Model references (catalog keys) the Prompts and Compress screens show. */
  models: string[];
}

export interface ScreenProps {
  data: AppData;
  /** Columns and rows the screen may use (the whole terminal less the tab line and status bar). */
  width: number;
  height: number;
  /** The `/` filter line's text ('' when none). */
  filter: string;
  /** True while this screen receives keys (no overlay or filter line open). */
  active: boolean;
  /** Whether colour is on (off under NO_COLOR: use text markers instead). */
  color: boolean;
  /** While true, every key goes to the screen (digits and `q` do not switch screens or quit); Esc leaves it. */
  setEditing(editing: boolean): void;
  selection: Selection;
  select(update: Partial<Selection>): void;
  /** Shows a problem in the status bar (null clears it). */
  report(error: AppError | null): void;
  /** Keeps state across screen switches. */
  memory: Memory;
}

export interface ScreenDef {
  id: string;
  title: string;
  /** The number key that shows it: '1' … '9'. */
  key: string;
  /** Keys this screen understands, for the `?` overlay: [keys, what they do]. */
  keys: ReadonlyArray<readonly [string, string]>;
  /** A one-line hint shown in the status bar. */
  hint: string;
  /** false where the screen has no list to narrow: `/` then opens no filter line, and the keys do not offer it. */
  filters?: false;
  Component: ComponentType<ScreenProps>;
}
