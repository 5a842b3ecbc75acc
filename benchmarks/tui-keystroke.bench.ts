/**
 * A keystroke in the TUI's prompt editor → the frame that shows the new token counts, on a ~100,000-token
 * prompt. The real <App> renders through ink (maxFps 60, as `costlab` runs it) to an in-memory terminal of
 * 100×30; the Prompts screen counts on its six default models (two tokenizers, o200k_base and Llama 3, kept
 * incrementally). Characters are typed one at a time, 20 ms apart (50 characters a second, faster than people
 * type, and apart enough that ink's frame limit of 60 per second never holds a frame back): 150 at the start
 * of the prompt, then 150 after jumping to its middle (Page Down × 60), and 50 Backspaces. Each keystroke is
 * timed from the write to stdin to the frame whose gpt-4o-mini row shows the count a full recount gives for
 * the new text (computed before the keystroke, outside the timing).
 * Target: median and p95 keystroke → frame ≤ 16 ms (one frame at 60 Hz).
 */
import { EventEmitter } from 'node:events';
import { readFileSync, readdirSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import type { PromptSet } from '../src/core/index.ts';
import type { AppData } from '../src/ui/app-data.ts';
import { TextBuffer } from '../src/ui/text-buffer.ts';
import { WrappedView } from '../src/ui/wrapped-view.ts';
import { mixedCorpus } from './corpus.ts';
import { collectGarbage, finish, fmt, fmtMs, hasShared, heading, machine, median, printTable, quantile, repoRoot, target } from './harness.ts';

const TARGET_TOKENS = 100_000;
const GAP_MS = 20;
const COLUMNS = 100;
const ROWS = 30;

class FakeStdout extends EventEmitter {
  readonly columns = COLUMNS;
  readonly rows = ROWS;
  readonly isTTY = true;
  last = '';
  lastAt = 0;
  writes = 0;
  /** Keeps the last frame (ink also writes bare control sequences around frames: those are skipped). */
  write = (frame: string): boolean => {
    if (!frame.includes('\n')) return true;
    this.last = frame;
    this.lastAt = performance.now();
    this.writes++;
    return true;
  };
}

class FakeStdin extends EventEmitter {
  readonly isTTY = true;
  private data: string | null = null;
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
  read = (): string | null => {
    const data = this.data;
    this.data = null;
    return data;
  };
  press(data: string): void {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  }
}

function sourceText(): { text: string; from: string } {
  if (hasShared()) return { text: mixedCorpus().text, from: 'the mixed corpus (benchmarks/corpus.ts)' };
  const dir = join(repoRoot, 'src/core/tokens');
  const code = readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
  return { text: code.repeat(Math.ceil(600_000 / code.length)), from: 'src/core/tokens/*.ts repeated (../shared is absent)' };
}

// React's production build, as `costlab` runs it (commands/tui.ts sets NODE_ENV before React loads).
process.env['NODE_ENV'] ??= 'production';
const { createElement } = await import('react');
const { render } = await import('ink');
const { Catalog, loadModelCounter } = await import('../src/core/index.ts');
const { installPlatform } = await import('../src/platform/node.ts');
const { App } = await import('../src/ui/App.tsx');
const { TUI_DEFAULT_MODELS } = await import('../src/cli/tui-data.ts');
installPlatform();
console.log(`tui-keystroke — ${machine()}, NODE_ENV=${process.env['NODE_ENV']}`);
const catalog = new Catalog();
const o200k = await loadModelCounter(catalog.resolve('openai:gpt-4o-mini'));
const source = sourceText();
// The editor shows the text as it is; a template's {{…}} would need variables, so braces are spaced apart.
const clean = source.text.replace(/\{\{/g, '{ {').replace(/\}\}/g, '} }');
let length = Math.min(clean.length, TARGET_TOKENS * 4);
for (let i = 0; i < 4; i++) length = Math.min(clean.length, Math.round((length * TARGET_TOKENS) / o200k.count(clean.slice(0, length))));
let text = clean.slice(0, clean.indexOf('\n', length) + 1 || length);
const set: PromptSet = {
  file: 'bench.yaml', name: 'bench', base: { prompt: { text } }, vars: {}, variants: [], models: [], includes: [],
  cases: [{ id: 'long', vars: {}, assert: [], location: { file: 'bench.yaml' } }],
};
const data: AppData = {
  catalog, sets: [set], defaultModels: TUI_DEFAULT_MODELS, counterFor: (m) => loadModelCounter(m), runBlocker: () => null, loadErrors: [],
};

let lastRenderMs = 0;
let renders = 0;
/** ink's own measure of each keystroke's frame: React's render and commit, layout and the output string. */
const renderTimes: number[] = [];
const stdout = new FakeStdout();
const stdin = new FakeStdin();
const started = performance.now();
const app = render(createElement(App, { data, color: false }), {
  stdout: stdout as unknown as NodeJS.WriteStream,
  stdin: stdin as unknown as NodeJS.ReadStream,
  stderr: new FakeStdout() as unknown as NodeJS.WriteStream,
  maxFps: 60,
  patchConsole: false,
  exitOnCtrlC: false,
  onRender: ({ renderTime }) => {
    lastRenderMs = renderTime;
    renders++;
  },
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const miniCount = (frame: string): number | null => {
  const match = /openai:gpt-4o-mini\s+([\d,]+)\s/.exec(frame);
  return match ? Number(match[1]!.replace(/,/g, '')) : null;
};
async function until(check: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}; last frame:\n${stdout.last}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

await until(() => /meta:llama-3\.1-8b-instruct\s+[\d,]+\s/.test(stdout.last) && miniCount(stdout.last) !== null, 'every model counted');
const loadedMs = performance.now() - started;
const promptTokens = miniCount(stdout.last)!;
stdin.press('\r'); // into the editor
await until(() => stdout.last.includes('editing: Esc leaves'), 'the editor');
await sleep(50);

type Kind = 'type at the start' | 'type in the middle' | 'backspace';
const times: Record<Kind, number[]> = { 'type at the start': [], 'type in the middle': [], backspace: [] };
const TYPED = 'Answer in one short paragraph and cite the source of every figure. ';
let cursor = 0;
let misses = 0;
/** CPU time of this process per keystroke (user + system), to tell work from waiting for a busy machine. */
const cpuTimes: number[] = [];

async function keystroke(kind: Kind, key: string): Promise<void> {
  const next = key === '\u007F' ? text.slice(0, cursor - 1) + text.slice(cursor) : text.slice(0, cursor) + key + text.slice(cursor);
  const expected = o200k.count(next); // the full recount this keystroke's frame must show (untimed)
  // As harness.ts times everything: from a collected heap. The collection comes before the gap, not right at the
  // keystroke: V8 sweeps a forced collection's pages concurrently afterwards, and on 2 cores that sweeping of
  // the tokenizers' large heap would otherwise land inside the timed keystroke (a cost no user's keystroke has).
  collectGarbage();
  await sleep(GAP_MS);
  const writesBefore = stdout.writes;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  stdin.press(key);
  await until(() => stdout.writes > writesBefore, 'the frame after a keystroke', 10_000);
  times[kind].push(stdout.lastAt - t0);
  renderTimes.push(lastRenderMs);
  const cpu = process.cpuUsage(cpu0);
  cpuTimes.push((cpu.user + cpu.system) / 1000);
  // The first frame after the keystroke must already show the count of the new text (a full recount, untimed).
  if (miniCount(stdout.last) !== expected) misses++;
  text = next;
  cursor += key === '\u007F' ? -1 : key.length;
}

for (let i = 0; i < 150; i++) await keystroke('type at the start', TYPED[i % TYPED.length]!);
// To the middle: Home, then Page Down 60 times. The editor soft-wraps and pages by wrapped rows, so where the
// cursor lands is first predicted with the editor's own TextBuffer + WrappedView (72 text columns, 16-row pages at
// 100×30), then checked against the screen: the text after the cursor mark ▏ must follow the predicted offset, else
// the occurrence of that text nearest the prediction is taken. On an empty row ↓ moves on until the row has text.
stdin.press('\u001B[H'); // Home
await sleep(30);
for (let i = 0; i < 60; i++) {
  stdin.press('\u001B[6~');
  await sleep(5);
}
await sleep(200);
const simulated = new TextBuffer(text);
simulated.place(text.slice(0, cursor).split('\n').length - 1, 0);
const simulatedView = new WrappedView(simulated, 72, 17);
for (let i = 0; i < 60; i++) {
  simulatedView.scrollRows(16);
  simulatedView.moveRows(16);
}
let visible = '';
for (let down = 0; down < 40; down++) {
  const cursorRow = stdout.last.split('\n').find((l) => l.includes('▏')) ?? '';
  visible = cursorRow.slice(cursorRow.indexOf('▏') + 1).replace(/…$/, '').trimEnd().slice(0, 40);
  if (visible.length >= 12) break;
  stdin.press('\u001B[B'); // ↓ to a row with text
  simulatedView.moveRows(1);
  await sleep(30);
}
if (visible.length < 12) throw new Error('could not find a cursor row with text after Page Down');
const predicted = simulated.cursorOffset;
if (text.startsWith(visible, predicted)) cursor = predicted;
else {
  let best = -1;
  for (let at = text.indexOf(visible); at >= 0; at = text.indexOf(visible, at + 1)) {
    if (best < 0 || Math.abs(at - predicted) < Math.abs(best - predicted)) best = at;
  }
  if (best < 0) throw new Error(`the cursor's row "${visible}" is not in the prompt`);
  cursor = best;
}
for (let i = 0; i < 150; i++) await keystroke('type in the middle', TYPED[(i + 7) % TYPED.length]!);
for (let i = 0; i < 50; i++) await keystroke('backspace', '\u007F');

console.log(`renders during the keystrokes: ${renders}`);
const all = [...times['type at the start'], ...times['type in the middle'], ...times.backspace];
const finalShown = miniCount(stdout.last);
const finalExact = o200k.count(text);
app.unmount();

heading(`${fmt(all.length)} keystrokes in the Prompts editor on a ${fmt(promptTokens)}-token prompt (${source.from}), 6 models, ${COLUMNS}×${ROWS}`);
console.log(`app painted and every model counted ${fmtMs(loadedMs)} after render(); keystrokes ${GAP_MS} ms apart\n`);
printTable(
  [' keystrokes', 'n', 'median', 'p95', 'max'],
  (Object.keys(times) as Kind[]).map((k) => [k, fmt(times[k].length), fmtMs(median(times[k])), fmtMs(quantile(times[k], 0.95)), fmtMs(Math.max(...times[k]))]).concat([
    ['all', fmt(all.length), fmtMs(median(all)), fmtMs(quantile(all, 0.95)), fmtMs(Math.max(...all))],
  ]),
);
console.log(`\nink's render time of those frames (its onRender metric): median ${fmtMs(median(renderTimes))}, p95 ${fmtMs(quantile(renderTimes, 0.95))}`);
console.log(`CPU time of the process per keystroke (until its frame): median ${fmtMs(median(cpuTimes))}, p95 ${fmtMs(quantile(cpuTimes, 0.95))}; load average at the end ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${availableParallelism()} cores`);
console.log(`\nlast frame shows ${fmt(finalShown ?? NaN)} tokens on gpt-4o-mini; a full recount of the edited text gives ${fmt(finalExact)}; frames that did not show the full recount's count: ${misses}`);
target('the counts stay exact (every frame, and at the end)', misses === 0 && finalShown === finalExact, `${misses} misses; end ${fmt(finalShown ?? NaN)} = ${fmt(finalExact)}`);
target('keystroke → frame with the new counts, median ≤ 16 ms', median(all) <= 16, `${fmtMs(median(all))} (p95 ${fmtMs(quantile(all, 0.95))}, max ${fmtMs(Math.max(...all))})`);
target('keystroke → frame, p95 ≤ 16 ms', quantile(all, 0.95) <= 16, fmtMs(quantile(all, 0.95)));
finish();
process.exit();
