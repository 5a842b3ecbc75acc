import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { compress, loadModelCounter } from '../../src/core/index.ts';
import { App } from '../../src/ui/App.tsx';
import { KEY, appData, catalog, lineWith, press, set, smallSets, until } from './ui-helpers.tsx';

afterEach(() => cleanup());

const PROMPT = 'Please note that it is important to answer briefly. Answer briefly. Basically, just   say yes.';

async function openOnFiller() {
  const r = render(<App data={appData(await smallSets())} color={false} width={80} height={24} />);
  await until(r.lastFrame, (f) => f.includes('Hello world'), 'the app');
  await press(r.stdin, KEY.down, KEY.down, KEY.down); // the filler set's only case
  await until(r.lastFrame, (f) => f.includes('filler/only'), 'the filler case');
  await press(r.stdin, '2');
  await until(r.lastFrame, (f) => f.includes('[2 Compress]') && f.includes('saved)'), 'the first compression');
  return r;
}

describe('the Compress screen', () => {
  it('compresses the selected prompt with the default strategies: diff, tokens and money saved per model', async () => {
    const r = await openOnFiller();
    const frame = r.lastFrame()!;
    const o200k = await loadModelCounter(catalog.resolve('openai:gpt-4o-mini'));
    const expected = await compress(PROMPT, { strategies: ['whitespace', 'filler', 'dedupe', 'minify'], counter: o200k });
    const before = o200k.count(PROMPT);
    const after = o200k.count(expected.text);
    expect(after).toBeLessThan(before);
    expect(lineWith(frame, 'openai:gpt-4o-mini')).toMatch(new RegExp(`gpt-4o-mini\\s+${before}\\s+${after}\\s`));
    expect(frame).toContain(`${before} → ${after} tokens`);
    expect(frame).toContain('[-'); // removed words marked without colour
    expect(frame).not.toMatch(/\u001b\[/);
  });

  it('toggles strategies: whitespace alone collapses the run of spaces (one token fewer, $0.00000015 a call on gpt-4o-mini)', async () => {
    const r = await openOnFiller();
    await press(r.stdin, KEY.right, ' ', KEY.right, ' ', KEY.right, ' '); // filler, dedupe, minify off
    const frame = await until(r.lastFrame, (f) => f.includes('[ ] minify') && /→ \d+ tokens/.test(f) && !f.includes('updating'), 'whitespace only');
    const o200k = await loadModelCounter(catalog.resolve('openai:gpt-4o-mini'));
    const before = o200k.count(PROMPT);
    // "just   say" → "just say": the three spaces were a token of their own before " say".
    expect(o200k.count(PROMPT.replace('just   say', 'just say'))).toBe(before - 1);
    expect(frame).toContain(`${before} → ${before - 1} tokens`);
    // 1 token × $0.15 per M = $0.00000015 per call, $0.00015 per 1,000 calls.
    expect(lineWith(frame, 'openai:gpt-4o-mini')).toMatch(/\$0\.00000015\s+\$0\.00015$/);
    expect(frame).toContain('ust[-   -]{+ +}say'); // the diff wraps at 80 columns inside "just"
  });

  it('aims the budgeted strategies at the target share: importance at keep 50% halves the tokens', async () => {
    const r = await openOnFiller();
    await press(r.stdin, KEY.right, KEY.right, KEY.right, KEY.right, KEY.right, ' '); // importance on
    await press(r.stdin, '-', '-', '-', '-', '-'); // keep 100 % → 50 %
    const o200k = await loadModelCounter(catalog.resolve('openai:gpt-4o-mini'));
    const before = o200k.count(PROMPT);
    const target = Math.floor(before * 0.5);
    const frame = await until(r.lastFrame, (f) => f.includes('keep 50%') && f.includes(`target ${target}`) && !f.includes('updating'), 'the target');
    const after = Number(/→ (\d+) tokens/.exec(frame)![1]);
    expect(after).toBeLessThanOrEqual(target);
    expect(frame).toContain(`target ${target} met`);
  });
});

describe('the Compress screen with the keys and the selection', () => {
  it('counts every key of a burst: → → → in one write moves the strategy cursor three steps', async () => {
    const r = await openOnFiller();
    r.stdin.write(`${KEY.right}${KEY.right}${KEY.right}`); // whitespace → filler → dedupe → minify
    await new Promise((resolve) => setTimeout(resolve, 50));
    await press(r.stdin, ' ');
    const frame = await until(r.lastFrame, (f) => f.includes('›[ ] minify'), 'minify turned off');
    expect(frame).toContain('[x] filler');
    expect(frame).toContain('[x] dedupe');
  });

  it('scrolls the diff no further than its last page: ↑ after many PgDn moves at once', async () => {
    const lines = Array.from({ length: 60 }, (_, i) => `step ${String(i + 1).padStart(2, '0')} of the procedure`);
    const long = await set(['name: long', 'prompt: |', ...lines.map((l) => `  ${l}`), 'cases:', '  - { id: only }'].join('\n'));
    const r = render(<App data={appData([long])} color={false} width={80} height={24} initialScreen="compress" />);
    await until(r.lastFrame, (f) => f.includes('saved)') && f.includes('step 01'), 'the diff');
    await press(r.stdin, ...Array.from({ length: 10 }, () => KEY.pageDown));
    const last = await until(r.lastFrame, (f) => f.includes('step 60'), 'the last page');
    const firstStep = (frame: string) => Number(/step (\d\d)/.exec(frame)?.[1]);
    const top = firstStep(last);
    await press(r.stdin, KEY.up);
    // One row up from the last page at once (without the clamp, ↑ would first undo ~40 rows scrolled past the end).
    const frame = await until(r.lastFrame, (f) => firstStep(f) === top - 1, 'one row up');
    expect(frame).toContain(`step ${String(top - 1).padStart(2, '0')}`);
  });

  it('follows a prompt reset on Prompts: the edited text is dropped everywhere', async () => {
    const r = render(<App data={appData(await smallSets())} color={false} width={80} height={24} />);
    await until(r.lastFrame, (f) => /gpt-4o-mini\s+2\s/.test(f), 'the counts');
    await press(r.stdin, KEY.enter, 'S', 'a', 'y', ' ', 'h', 'i', KEY.escape); // "Say hiHello world"
    await press(r.stdin, '2');
    await until(r.lastFrame, (f) => f.includes('[2 Compress]') && f.includes('hiHello'), 'the edited prompt compressed');
    await press(r.stdin, '1', 'r', '2');
    // o200k_base: "Hello" + " world" = 2 tokens, as rendered.
    const frame = await until(r.lastFrame, (f) => f.includes('[2 Compress]') && /2 → \d+ tokens/.test(f) && !f.includes('updating'), 'the reset prompt');
    expect(frame).not.toContain('Say');
    expect(frame).toContain('Hello world');
  });
});
