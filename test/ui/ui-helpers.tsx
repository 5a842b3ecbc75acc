/**
 * Shared by the TUI screen tests: small prompt sets, AppData over the real catalog and tokenizers, a screen
 * rendered with its props, keys, waiting.
 */
import { render } from 'ink-testing-library';
import type { ComponentType } from 'react';
import { vi } from 'vitest';
import { Catalog, loadModelCounter, parsePromptSet } from '../../src/core/index.ts';
import type { PromptSet } from '../../src/core/index.ts';
import { installPlatform, nodePorts } from '../../src/platform/node.ts';
import type { AppData } from '../../src/ui/app-data.ts';
import type { ScreenProps, Selection } from '../../src/ui/screen.ts';

installPlatform();

export const KEY = {
  up: '\u001B[A',
  down: '\u001B[B',
  right: '\u001B[C',
  left: '\u001B[D',
  enter: '\r',
  escape: '\u001B',
  tab: '\t',
  shiftTab: '\u001B[Z',
  backspace: '\u007F',
  pageUp: '\u001B[5~',
  pageDown: '\u001B[6~',
  home: '\u001B[H',
  end: '\u001B[F',
  shiftRight: '\u001B[1;2C',
};

export const catalog = new Catalog();

export async function set(yaml: string, file = 'mem.yaml'): Promise<PromptSet> {
  return parsePromptSet(yaml, file, nodePorts().fs);
}

/** Two small sets: `greet` (prompt "Hello world", 2 cases, a variant) and `filler` (wordy, for compression). */
export async function smallSets(): Promise<PromptSet[]> {
  return [
    await set(
      [
        'name: greet',
        'prompt: "Hello {{who}}"',
        'variants:',
        '  shout: { prompt: "HELLO {{who}}" }',
        'models: [openai:gpt-4o-mini]',
        'cases:',
        '  - { id: world, vars: { who: world }, reference: Hi }',
        '  - { id: moon, vars: { who: moon } }',
      ].join('\n'),
      'greet.yaml',
    ),
    await set(
      [
        'name: filler',
        'prompt: "Please note that it is important to answer briefly. Answer briefly. Basically, just   say yes."',
        'cases:',
        '  - { id: only }',
      ].join('\n'),
      'filler.yaml',
    ),
  ];
}

export function appData(sets: PromptSet[], overrides: Partial<AppData> = {}): AppData {
  return {
    catalog,
    sets,
    defaultModels: ['openai:gpt-4o-mini', 'anthropic:claude-haiku-4-5'],
    counterFor: (model) => loadModelCounter(model),
    runBlocker: () => null,
    loadErrors: [],
    ...overrides,
  };
}

/** AppData with no prompt sets and no token counters (for screens that count nothing), plus `overrides`. */
export function bareAppData(overrides: Partial<AppData> = {}): AppData {
  return appData([], { defaultModels: [], counterFor: async () => { throw new Error('no counters here'); }, ...overrides });
}

export function selection(data: AppData, update: Partial<Selection> = {}): Selection {
  return { setIndex: 0, caseIndex: 0, variant: 'base', editedText: null, models: [...data.defaultModels], ...update };
}

export function screenProps(data: AppData, overrides: Partial<ScreenProps> = {}): ScreenProps {
  return {
    data, width: 80, height: 22, filter: '', active: true, color: false, setEditing: vi.fn(), selection: selection(data),
    select: vi.fn(), report: vi.fn(), memory: new Map(), ...overrides,
  };
}

/** Renders `Screen` with screenProps(data, overrides); the props come back too, for their vi.fn() spies. */
export function renderScreen(Screen: ComponentType<ScreenProps>, data: AppData, overrides: Partial<ScreenProps> = {}) {
  const props = screenProps(data, overrides);
  return { ...render(<Screen {...props} />), props };
}

/** Polls until the frame passes `check` (8 s at most by default), returning it; the error shows the last frame. */
export async function until(frame: () => string | undefined, check: (text: string) => boolean, what: string, timeoutMs = 8000): Promise<string> {
  const start = Date.now();
  for (;;) {
    const text = frame() ?? '';
    if (check(text)) return text;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}; last frame:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
}

/** Writes keys one at a time, letting ink handle each. */
export async function press(stdin: { write(data: string): void }, ...keys: string[]): Promise<void> {
  for (const key of keys) {
    stdin.write(key);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The line of a frame that contains `text`. */
export function lineWith(frame: string, text: string): string {
  return frame.split('\n').find((line) => line.includes(text)) ?? '';
}
