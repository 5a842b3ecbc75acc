/**
 * The Prompts screen's editor state: the selected case's text in a TextBuffer and live token counts for the
 * chosen models. Both outlive the screen being hidden (kept in the App's memory), so switching screens and
 * back keeps the edit, the cursor and the counters. Tokenizers load after the first paint, one model at a
 * time; each edit is applied to the counters in the keystroke's own update, so the frame that shows the new
 * text shows its new counts.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { modelKey } from '../../core/index.ts';
import type { ModelEntry } from '../../core/index.ts';
import type { AppData, AppError } from '../app-data.ts';
import { toAppError } from '../errors.ts';
import { LiveCounts } from '../live-counts.ts';
import type { ModelCount } from '../live-counts.ts';
import { selectedPrompt } from '../prompt-text.ts';
import type { SelectedPrompt } from '../prompt-text.ts';
import type { Selection } from '../screen.ts';
import { TextBuffer } from '../text-buffer.ts';
import type { Edit } from '../text-buffer.ts';
import type { Memory } from './use-remembered.ts';

/** One frame at the 60 per second ink draws at. */
const FRAME_MS = 17;

interface EditorState {
  buffer: TextBuffer;
  live: LiveCounts;
  promptKey: string;
  modelsKey: string;
}

export interface PromptEditor {
  prompt: SelectedPrompt;
  buffer: TextBuffer;
  models: ModelEntry[];
  counts: ModelCount[];
  version: number;
  /** Whether the text differs from the rendered case. */
  edited: boolean;
  edit(edit: Edit): void;
  /** The cursor moved: re-render. */
  moved(): void;
  /** Back to the rendered case. */
  reset(): void;
}

/** The selection's models that the catalog knows (the others are reported). */
export function resolveModels(data: AppData, refs: readonly string[]): { models: ModelEntry[]; unknown: string[] } {
  const models: ModelEntry[] = [];
  const unknown: string[] = [];
  const seen = new Set<string>();
  for (const ref of refs) {
    const model = data.catalog.tryResolve(ref);
    if (!model) unknown.push(ref);
    else if (!seen.has(modelKey(model))) {
      seen.add(modelKey(model));
      models.push(model);
    }
  }
  return { models, unknown };
}

export function usePromptEditor(data: AppData, selection: Selection, memory: Memory, report: (error: AppError | null) => void): PromptEditor {
  // Rendering a case fills its template (O(length)): once per prompt, not per keystroke.
  const prompt = useMemo(
    () => selectedPrompt(data.sets, selection),
    [data.sets, selection.setIndex, selection.caseIndex, selection.variant, selection.editedText],
  );
  const { models, unknown } = resolveModels(data, selection.models);
  const modelsKey = models.map(modelKey).join(',');
  let state = memory.get('prompts.editor') as EditorState | undefined;
  if (!state) {
    const buffer = new TextBuffer(prompt.text);
    state = { buffer, live: new LiveCounts(models, () => buffer.text), promptKey: prompt.key, modelsKey };
    memory.set('prompts.editor', state);
  } else {
    if (state.promptKey !== prompt.key) {
      state.buffer.setText(prompt.text);
      state.live.setText(prompt.text);
      state.promptKey = prompt.key;
    }
    if (state.modelsKey !== modelsKey) {
      const buffer = state.buffer;
      state.live = new LiveCounts(models, () => buffer.text);
      state.modelsKey = modelsKey;
    }
  }
  const { buffer, live } = state;
  const [version, setVersion] = useState(0);

  useEffect(() => {
    if (prompt.error) report(prompt.error);
    else if (unknown.length > 0) report({ message: `unknown model ${unknown.join(', ')}`, hint: 'press m to choose models from the catalog' });
  }, [prompt.key, modelsKey]); // only when the prompt or the models change

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      for (const model of models) {
        if (cancelled) return;
        if (live.has(model)) continue;
        // Give ink a frame to paint the counts so far: a tokenizer's first load (Llama 3's tokenizer.json) is
        // one piece of work, and the models already counted should show before it starts.
        await new Promise((resolve) => setTimeout(resolve, FRAME_MS));
        if (cancelled) return;
        try {
          const counter = await data.counterFor(model);
          if (cancelled) return;
          live.attach(model, counter);
        } catch (error) {
          live.fail(model, toAppError(error).message);
          report(toAppError(error, 'the other models still count'));
        }
        setVersion((v) => v + 1);
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [live]);

  const edit = useCallback(
    (e: Edit) => {
      live.edit(e);
      setVersion((v) => v + 1);
    },
    [live],
  );
  const moved = useCallback(() => setVersion((v) => v + 1), []);
  const reset = useCallback(() => {
    const edit = buffer.setText(prompt.rendered);
    live.edit(edit);
    setVersion((v) => v + 1);
  }, [buffer, live, prompt.rendered]);

  return { prompt, buffer, models, counts: live.counts(), version, edited: buffer.length !== prompt.rendered.length || buffer.text !== prompt.rendered, edit, moved, reset };
}
