/**
 * The costlab TUI: a tab line of screens, the active screen, and a status bar.
 *
 * Keys: tab / shift-tab and the number keys switch screens, `?` shows every screen's keys, `/` opens a filter
 * line handed to the active screen, `q` (or Ctrl-C) quits. While a screen is in edit mode (a text editor has
 * the focus) every key goes to it — digits and `q` typed in a prompt do not switch or quit — and Esc leaves it.
 * Problems are shown in the status bar with what to do, never as a crash: the newest first, Esc shows the next
 * (every problem found while loading stays listed until seen), and a screen that throws while rendering is
 * replaced by its error.
 */
import { Box, Text, useApp, useInput } from 'ink';
import { Component, useCallback, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { AppData, AppError } from './app-data.ts';
import { HelpOverlay, helpLines, helpMaxTop } from './components/HelpOverlay.tsx';
import { StatusBar, statusBarRows } from './components/StatusBar.tsx';
import { TabLine } from './components/TabLine.tsx';
import { useLatest } from './hooks/use-latest.ts';
import type { Memory } from './hooks/use-remembered.ts';
import { useTerminalSize } from './hooks/use-terminal-size.ts';
import type { ScreenDef, Selection } from './screen.ts';
import { SCREENS, screenForKey } from './screens/registry.ts';

export interface AppProps {
  data: AppData;
  /** Colour on or off (off under NO_COLOR). */
  color?: boolean;
  /** The screens (default: the registry's). */
  screens?: readonly ScreenDef[];
  /** The screen to open on (its id). */
  initialScreen?: string;
  /** Fixed size (tests); default: the terminal's, following resizes. */
  width?: number;
  height?: number;
  /** Called when the user quits (after the app has asked ink to exit). */
  onQuit?: () => void;
}

/** Initial selection: the first set's first case, base variant, the default models. */
export function initialSelection(data: AppData): Selection {
  return { setIndex: 0, caseIndex: 0, variant: 'base', editedText: null, models: [...data.defaultModels] };
}

export function App({ data, color = true, screens = SCREENS, initialScreen, width, height, onQuit }: AppProps) {
  const { exit } = useApp();
  const terminal = useTerminalSize();
  const columns = width ?? terminal.columns;
  const rows = height ?? terminal.rows;
  const [active, setActive] = useState(() => Math.max(0, screens.findIndex((s) => s.id === initialScreen)));
  const [help, setHelp] = useState(false);
  const [helpTop, setHelpTop] = useState(0);
  const [filterOpen, setFilterOpen] = useState(false);
  const [filter, setFilter] = useState('');
  const [editing, setEditing] = useState(false);
  const [errors, setErrors] = useState<readonly AppError[]>(data.loadErrors);
  const error = errors[0] ?? null;
  const report = useCallback((problem: AppError | null) => setErrors((shown) => withReport(shown, problem)), []);
  const [selection, setSelection] = useState<Selection>(() => initialSelection(data));
  const memory = useRef<Memory>(new Map()).current;

  // Modes as of the last render, updated at once by the setters below (see hooks/use-latest.ts).
  const live = useLatest({ active, help, filterOpen, filter, editing, error });
  const setEditingNow = useCallback((value: boolean) => {
    live.current.editing = value;
    setEditing(value);
  }, [live]);
  const select = useCallback((update: Partial<Selection>) => setSelection((s) => ({ ...s, ...update })), []);
  const switchTo = useCallback(
    (index: number) => {
      live.current.active = index;
      live.current.editing = false;
      setActive(index);
      setEditing(false);
      setFilter('');
    },
    [live],
  );

  const errorRows = errors.length > 0 ? statusBarRows(errors[0]!, errors.length - 1, columns) : 1;
  const bodyHeight = Math.max(4, rows - 1 - errorRows - (filterOpen ? 1 : 0));

  /** Text for the open filter line; a carriage return in a burst (`chinese⏎`) is Enter: it keeps the filter. */
  const typeIntoFilter = (text: string) => {
    const enter = text.indexOf('\r');
    const typed = enter < 0 ? text : text.slice(0, enter);
    if (typed) setFilter((f) => f + typed);
    if (enter >= 0) {
      live.current.filterOpen = false;
      setFilterOpen(false);
    }
  };

  useInput((input, key) => {
    const { active, help, filterOpen, filter, editing, error } = live.current;
    if (filterOpen) {
      if (key.return) {
        live.current.filterOpen = false;
        setFilterOpen(false);
      } else if (key.escape) {
        live.current.filterOpen = false;
        setFilter('');
        setFilterOpen(false);
      } else if (key.backspace || key.delete) setFilter((f) => f.slice(0, -1));
      else if (input && !key.ctrl && !key.meta) typeIntoFilter(input);
      return;
    }
    if (help) {
      if (input === '?' || input === 'q' || key.escape || key.return) {
        live.current.help = false;
        setHelp(false);
        return;
      }
      const page = Math.max(1, bodyHeight - 1);
      const step = key.upArrow ? -1 : key.downArrow ? 1 : key.pageUp ? -page : key.pageDown ? page : key.home ? -Infinity : key.end ? Infinity : 0;
      if (step !== 0) {
        const max = helpMaxTop(helpLines(screens, active, columns).length, bodyHeight);
        setHelpTop((top) => Math.max(0, Math.min(max, top + step)));
      }
      return;
    }
    if (editing) return;
    if (key.tab) return switchTo((active + (key.shift ? screens.length - 1 : 1)) % screens.length);
    const target = screenForKey(screens, input);
    if (target >= 0) return switchTo(target);
    if (input === '?') {
      live.current.help = true;
      setHelpTop(0);
      return setHelp(true);
    }
    // Keys typed fast (tmux send-keys, a paste) can arrive as one input: `/chinese` opens the filter with the rest.
    if (input.startsWith('/') && !key.ctrl && !key.meta && screens[active]?.filters !== false) {
      live.current.filterOpen = true;
      setFilterOpen(true);
      typeIntoFilter(input.slice(1));
      return;
    }
    if (key.escape && error) return setErrors((shown) => shown.slice(1));
    if (key.escape && filter) return setFilter('');
    if (input === 'q') {
      onQuit?.();
      exit();
    }
  });

  const screen = screens[active] ?? screens[0]!;
  const Screen = screen.Component;
  const body = useMemo(() => ({ width: columns, height: bodyHeight }), [columns, bodyHeight]);

  return (
    <Box flexDirection="column" width={columns}>
      <TabLine screens={screens} active={active} width={columns} color={color} />
      {/* Clipped vertically only: screens fit their rows to the width themselves, and a horizontal clip makes
          ink re-slice every line of every frame (a few ms a keystroke in the prompt editor). */}
      <Box height={bodyHeight} flexDirection="column" overflowY="hidden">
        {help ? (
          <HelpOverlay screens={screens} active={active} width={columns} height={bodyHeight} top={helpTop} />
        ) : (
          <ScreenBoundary key={screen.id} name={screen.title}>
            <Screen
              data={data}
              width={body.width}
              height={body.height}
              filter={filter}
              active={!help && !filterOpen}
              color={color}
              setEditing={setEditingNow}
              selection={selection}
              select={select}
              report={report}
              memory={memory}
            />
          </ScreenBoundary>
        )}
      </Box>
      {filterOpen ? (
        <Text>
          /{filter}
          <Text inverse={color}>{color ? ' ' : '_'}</Text>
          <Text dimColor>   Enter keeps it · Esc clears</Text>
        </Text>
      ) : null}
      <StatusBar
        width={columns}
        color={color}
        error={error}
        moreErrors={errors.length - 1}
        editing={editing}
        filter={filter}
        hint={screen.hint}
        filterable={screen.filters !== false}
      />
    </Box>
  );
}

/** The newest problem goes first (the same message is not listed twice); null clears them all. */
export function withReport(shown: readonly AppError[], problem: AppError | null): readonly AppError[] {
  if (problem === null) return [];
  return [problem, ...shown.filter((e) => e.message !== problem.message)];
}

interface BoundaryState {
  error: Error | null;
}

/** Shows a screen's rendering error in place of the screen, with what to do. */
class ScreenBoundary extends Component<{ name: string; children: ReactNode }, BoundaryState> {
  override state: BoundaryState = { error: null };

  static getDerivedStateFromError(error: Error): BoundaryState {
    return { error };
  }

  override render() {
    if (this.state.error) {
      return (
        <Box flexDirection="column">
          <Text color="red">✗ The {this.props.name} screen failed: {this.state.error.message}</Text>
          <Text>Switch to another screen with tab or a number key; the rest of costlab still works.</Text>
        </Box>
      );
    }
    return this.props.children;
  }
}
