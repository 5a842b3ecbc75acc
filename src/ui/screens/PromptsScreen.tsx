/**
 * Prompts: the bundled sets and their cases on the left; the selected case's rendered prompt in an editor;
 * below, per model, live token counts (≈ for estimates), the cost of one call and a context-window bar.
 * Counts follow every keystroke (incremental counting), so they keep up with typing in a 100,000-token prompt.
 */
import { Box, Text } from 'ink';
import { useKeys } from '../hooks/use-keys.ts';
import { CountTable } from '../components/CountTable.tsx';
import { ModelPicker } from '../components/ModelPicker.tsx';
import { TextEditor } from '../components/TextEditor.tsx';
import { usePromptEditor } from '../hooks/use-prompt-editor.ts';
import { useLatest } from '../hooks/use-latest.ts';
import { useRemembered } from '../hooks/use-remembered.ts';
import type { ScreenDef, ScreenProps, Selection } from '../screen.ts';
import { fit, formatCount } from '../text.ts';
import { variantNamesOf } from '../variants.ts';

type Mode = 'list' | 'edit' | 'models';

interface ListItem {
  kind: 'set' | 'case';
  setIndex: number;
  caseIndex: number;
  label: string;
}

const OUTPUT_STEPS = [0, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384];

export function listItems(props: Pick<ScreenProps, 'data' | 'selection' | 'filter'>): ListItem[] {
  const { data, selection, filter } = props;
  const needle = filter.toLowerCase();
  const items: ListItem[] = [];
  data.sets.forEach((set, setIndex) => {
    const setMatches = needle === '' || set.name.toLowerCase().includes(needle);
    const cases = set.cases
      .map((item, caseIndex) => ({ item, caseIndex }))
      .filter(({ item }) => needle === '' || setMatches || item.id.toLowerCase().includes(needle));
    if (!setMatches && cases.length === 0) return;
    // A set's row shows its first listed case.
    items.push({ kind: 'set', setIndex, caseIndex: cases[0]?.caseIndex ?? 0, label: `${set.name} (${set.cases.length})` });
    if (setIndex === selection.setIndex || needle !== '') {
      for (const { item, caseIndex } of cases) items.push({ kind: 'case', setIndex, caseIndex, label: item.id });
    }
  });
  return items;
}

/** Where the cursor is: the row of the selected case, or its set's row (which shows the set's first listed case). -1: not listed. */
export function cursorIndex(items: readonly ListItem[], selection: Pick<Selection, 'setIndex' | 'caseIndex'>, onSet: boolean): number {
  return items.findIndex(
    (item) => item.setIndex === selection.setIndex && item.caseIndex === selection.caseIndex && item.kind === (onSet ? 'set' : 'case'),
  );
}

/** Where the selection would be in `items` (the first item after it), for a selection the filter hides. */
function insertionIndex(items: readonly ListItem[], selection: Pick<Selection, 'setIndex' | 'caseIndex'>, onSet: boolean): number {
  const rank = (setIndex: number, caseIndex: number, isSet: boolean) => [setIndex, isSet ? -1 : caseIndex] as const;
  const [s, c] = rank(selection.setIndex, selection.caseIndex, onSet);
  const index = items.findIndex((item) => {
    const [is, ic] = rank(item.setIndex, item.caseIndex, item.kind === 'set');
    return is > s || (is === s && ic > c);
  });
  return index < 0 ? items.length : index;
}

function PromptsScreen(props: ScreenProps) {
  const { data, width, height, active, color, selection, select, setEditing, report, memory, filter } = props;
  const [mode, setModeState] = useRemembered<Mode>(memory, 'prompts.mode', 'list');
  // The cursor is the selection itself (so the case under › is always the one shown), on its case's row or
  // on its set's row.
  const [onSet, setOnSet] = useRemembered(memory, 'prompts.onSet', false);
  const [outputTokens, setOutputTokens] = useRemembered(memory, 'prompts.output', 1024);
  const editor = usePromptEditor(data, selection, memory, report);
  const items = listItems(props);
  const at = cursorIndex(items, selection, onSet);

  // The mode, the selection and the cursor as of the last render, updated at once by the key handler: keys
  // that arrive together (key repeat, a paste) each start where the one before left off (see use-latest.ts).
  const now = useLatest({ mode, selection, onSet, active });

  const setMode = (next: Mode) => {
    const was = now.current.mode;
    now.current.mode = next;
    setModeState(next);
    setEditing(next === 'edit');
    if (next !== 'edit' && was === 'edit') changeSelection({ editedText: editor.edited ? editor.buffer.text : null });
  };

  const changeSelection = (update: Partial<Selection>) => {
    now.current.selection = { ...now.current.selection, ...update };
    select(update);
  };

  const choose = (item: ListItem) => {
    const current = now.current.selection;
    now.current.onSet = item.kind === 'set';
    setOnSet(item.kind === 'set');
    if (item.setIndex !== current.setIndex || item.caseIndex !== current.caseIndex) {
      const variants = variantNamesOf(data.sets[item.setIndex]);
      changeSelection({ setIndex: item.setIndex, caseIndex: item.caseIndex, editedText: null, variant: variants.includes(current.variant) ? current.variant : 'base' });
    }
  };

  /** Moves the cursor `delta` rows in the list as it is now (a hidden selection: from where it would be). */
  const move = (delta: number) => {
    const { selection: current, onSet: onSetNow } = now.current;
    const list = listItems({ data, selection: current, filter });
    if (list.length === 0) return;
    const from = cursorIndex(list, current, onSetNow);
    const target = from >= 0 ? from + delta : insertionIndex(list, current, onSetNow) + (delta > 0 ? delta - 1 : delta);
    choose(list[Math.max(0, Math.min(list.length - 1, target))]!);
  };

  useKeys(
    (input, key) => {
      if (now.current.mode !== 'list') return;
      if (key.upArrow) return move(-1);
      if (key.downArrow) return move(1);
      if (key.pageUp) return move(-10);
      if (key.pageDown) return move(10);
      if (key.return || key.rightArrow || input === 'e') {
        if (data.sets.length === 0) return report({ message: 'no prompt sets to edit', hint: 'add *.yaml sets to prompts/ (see prompts/README.md)' });
        return setMode('edit');
      }
      if (input === 'v') {
        const current = now.current.selection;
        const names = variantNamesOf(data.sets[current.setIndex]);
        const next = names[(names.indexOf(current.variant) + 1) % names.length] ?? 'base';
        return changeSelection({ variant: next, editedText: null });
      }
      if (input === 'm') return setMode('models');
      if (input === 'r') {
        // Back to the case as rendered, here and on every screen that reads the selection (Compress, Run).
        editor.reset();
        return changeSelection({ editedText: null });
      }
      if (input === '+' || input === '-') {
        return setOutputTokens((previous) => {
          const i = OUTPUT_STEPS.indexOf(previous);
          return OUTPUT_STEPS[Math.max(0, Math.min(OUTPUT_STEPS.length - 1, (i < 0 ? 5 : i) + (input === '+' ? 1 : -1)))]!;
        });
      }
    },
    active,
  );

  const set = editor.prompt.set;
  const footer = 1 + (editor.counts.some((c) => c.estimate) ? 1 : 0);
  const tableHeight = 1 + editor.counts.length + footer;
  const topHeight = Math.max(3, height - tableHeight - 1);
  const listWidth = width >= 120 ? 30 : width >= 90 ? 26 : 22;
  const rightWidth = width - listWidth - 1;
  const centre = at >= 0 ? at : insertionIndex(items, selection, onSet);
  const listTop = Math.max(0, Math.min(centre - Math.floor(topHeight / 2), items.length - topHeight));
  const shown = items.slice(listTop, listTop + topHeight);
  const variants = variantNamesOf(set);
  const title = set
    ? `${editor.edited ? 'edited (r resets) · ' : ''}${set.name}/${editor.prompt.item?.id ?? '—'} · ${editor.prompt.variant}${variants.length > 1 ? ` (v ${variants.indexOf(editor.prompt.variant) + 1}/${variants.length})` : ''} · ${formatCount(editor.buffer.length)} chars`
    : 'no prompt sets loaded';

  return (
    <Box flexDirection="column" width={width} height={height}>
      <Box height={topHeight}>
        <Box flexDirection="column" width={listWidth}>
          {shown.length === 0 ? <Text dimColor>{filter ? 'nothing matches the filter' : 'no prompt sets'}</Text> : null}
          {shown.map((item, i) => {
            const index = listTop + i;
            const selected = item.setIndex === selection.setIndex && (item.kind === 'set' || item.caseIndex === selection.caseIndex);
            const mark = index === at && mode === 'list' ? '›' : ' ';
            const text = item.kind === 'set' ? `${mark}${item.label}` : `${mark} ${selected ? '•' : ' '} ${item.label}`;
            return (
              <Text key={`${item.kind}:${item.setIndex}:${item.caseIndex}`} bold={item.kind === 'set'} color={color && selected && item.kind === 'case' ? 'cyan' : undefined}>
                {fit(text, listWidth)}
              </Text>
            );
          })}
        </Box>
        <Box width={1} />
        <Box flexDirection="column" width={rightWidth}>
          <Text bold={mode === 'edit'} color={color && mode === 'edit' ? 'cyan' : undefined}>
            {fit(`${mode === 'edit' ? '✎ ' : ''}${title}`, rightWidth)}
          </Text>
          {mode === 'models' ? (
            <ModelPicker
              catalog={data.catalog}
              chosen={selection.models}
              filter={filter}
              width={rightWidth}
              height={topHeight - 1}
              focused={active}
              color={color}
              memory={memory}
              onChange={(models) => select({ models })}
              onExit={() => setMode('list')}
            />
          ) : (
            <TextEditor
              buffer={editor.buffer}
              version={editor.version}
              width={rightWidth}
              height={topHeight - 1}
              focused={active && mode === 'edit'}
              hasFocus={() => now.current.active && now.current.mode === 'edit'}
              color={color}
              onEdit={editor.edit}
              onMove={editor.moved}
              onExit={() => setMode('list')}
            />
          )}
        </Box>
      </Box>
      <Box height={1} />
      <CountTable counts={editor.counts} outputTokens={outputTokens} width={width} color={color} />
    </Box>
  );
}

export const promptsScreen: ScreenDef = {
  id: 'prompts',
  title: 'Prompts',
  key: '1',
  hint: 'Enter edit · v variant · m models · +/- output',
  keys: [
    ['↑ ↓ PgUp PgDn', 'choose a case (shown at once; a set\'s row shows its first case)'],
    ['Enter, e, →', 'edit the prompt (Esc leaves the editor)'],
    ['in the editor', 'type; arrows (↑ ↓ by wrapped row), Home/End, PgUp/PgDn; Ctrl-D deletes forward'],
    ['v', 'next variant of the set'],
    ['m', 'choose models (Space toggles, Esc closes)'],
    ['r', 'reset the edited prompt to the case as rendered'],
    ['+ / -', 'more / fewer output tokens in the cost of a call'],
  ],
  Component: PromptsScreen,
};
