import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App, withReport } from '../../src/ui/App.tsx';
import { KEY, appData, press, smallSets, until } from './ui-helpers.tsx';

afterEach(() => cleanup());

describe('the App shell', () => {
  it('shows the tabs, switches screens by number, tab and shift-tab, and fits 80×24', async () => {
    const data = appData(await smallSets());
    const r = render(<App data={data} color={false} width={80} height={24} />);
    let frame = await until(r.lastFrame, (f) => f.includes('[1 Prompts]'), 'the Prompts tab');
    expect(frame).toContain('2 Compress');
    await press(r.stdin, '3');
    frame = await until(r.lastFrame, (f) => f.includes('[3 Run]'), 'the Run tab');
    await press(r.stdin, KEY.tab);
    frame = await until(r.lastFrame, (f) => f.includes('[4 Results]'), 'tab to Results');
    await press(r.stdin, KEY.shiftTab, KEY.shiftTab);
    frame = await until(r.lastFrame, (f) => f.includes('[2 Compress]'), 'shift-tab back twice');
    const lines = frame.split('\n');
    expect(lines.length).toBeLessThanOrEqual(24);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    expect(frame).not.toMatch(/\u001b\[/); // no colour codes when colour is off
  });

  it('opens the help overlay with every screen\'s keys and closes it with ?', async () => {
    const data = appData(await smallSets());
    const r = render(<App data={data} color={false} width={80} height={40} />);
    await until(r.lastFrame, (f) => f.includes('[1 Prompts]'), 'the app');
    await press(r.stdin, '?');
    const help = await until(r.lastFrame, (f) => f.includes('Keys'), 'the help overlay');
    expect(help).toContain('q, Ctrl-C');
    expect(help).toContain('1 Prompts');
    expect(help).toContain('choose models');
    await press(r.stdin, '?');
    await until(r.lastFrame, (f) => !f.includes('q, Ctrl-C') && f.includes('greet'), 'the overlay closed');
  });

  it('scrolls the help overlay at 80×24: the last screen\'s keys are reached with End, Home goes back', async () => {
    const data = appData(await smallSets());
    const r = render(<App data={data} color={false} width={80} height={24} />);
    await until(r.lastFrame, (f) => f.includes('[1 Prompts]'), 'the app');
    await press(r.stdin, '?');
    let help = await until(r.lastFrame, (f) => f.includes('Keys'), 'the help overlay');
    expect(help).not.toContain('next API model to compare with'); // the Self-host section, last
    expect(help).toMatch(/↓ \d+ more lines: ↓ PgDn End/);
    await press(r.stdin, KEY.end);
    help = await until(r.lastFrame, (f) => f.includes('next API model to compare with'), 'the last section');
    expect(help).not.toContain('more lines');
    expect(help).not.toContain('q, Ctrl-C');
    await press(r.stdin, KEY.home);
    await until(r.lastFrame, (f) => f.includes('q, Ctrl-C'), 'back at the top');
    await press(r.stdin, KEY.escape);
    await until(r.lastFrame, (f) => !f.includes('Keys') && f.includes('greet'), 'the overlay closed');
  });

  it('takes a filter typed as one burst (tmux send-keys, a paste): "/moo⏎" keeps the filter "moo"', async () => {
    const data = appData(await smallSets());
    const r = render(<App data={data} color={false} width={120} height={24} />);
    await until(r.lastFrame, (f) => f.includes('[1 Prompts]'), 'the app');
    r.stdin.write('/moo\r');
    const frame = await until(r.lastFrame, (f) => f.includes('filter "moo"'), 'the kept filter in the status bar');
    expect(frame).toContain('moon');
    expect(frame).not.toContain('filler (1)');
  });

  it('offers / only where the screen has a list: on Route it opens no filter line', async () => {
    const data = appData(await smallSets());
    const r = render(<App data={data} color={false} width={100} height={24} />);
    await until(r.lastFrame, (f) => f.includes('[1 Prompts]') && f.includes('/ filter'), 'the app, / offered');
    await press(r.stdin, '6');
    const route = await until(r.lastFrame, (f) => f.includes('[6 Route]'), 'the Route screen');
    expect(route).not.toContain('/ filter');
    await press(r.stdin, '/', 'x');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(r.lastFrame()).not.toContain('/x');
  });

  it('shows a long problem on two rows so what to do is not cut off', async () => {
    const hint = 'export the key and restart costlab, or pick a local model (g) or replay a recorded run';
    const data = appData(await smallSets(), { loadErrors: [{ message: 'openai:gpt-4.1 cannot run here: needs OPENAI_API_KEY', hint }] });
    const r = render(<App data={data} color={false} width={80} height={24} />);
    const frame = await until(r.lastFrame, (f) => f.includes('✗ openai:gpt-4.1'), 'the error');
    expect(frame.replace(/\s+/g, ' ')).toContain(`— ${hint} (Esc)`);
    expect(frame.split('\n').length).toBeLessThanOrEqual(24);
  });

  it('quits with q, and keys typed in an editor (edit mode) do not switch screens or quit', async () => {
    const data = appData(await smallSets());
    const onQuit = vi.fn();
    const r = render(<App data={data} color={false} width={80} height={24} onQuit={onQuit} />);
    await until(r.lastFrame, (f) => f.includes('Hello world'), 'the prompt');
    await press(r.stdin, KEY.enter); // edit the prompt
    await until(r.lastFrame, (f) => f.includes('editing: Esc leaves'), 'edit mode');
    await press(r.stdin, 'q', '2');
    let frame = await until(r.lastFrame, (f) => f.includes('q2'), 'q and 2 typed into the prompt');
    expect(frame).toContain('[1 Prompts]');
    expect(onQuit).not.toHaveBeenCalled();
    await press(r.stdin, KEY.escape, '2');
    frame = await until(r.lastFrame, (f) => f.includes('[2 Compress]'), 'Esc left the editor, 2 switched');
    await press(r.stdin, 'q');
    expect(onQuit).toHaveBeenCalledTimes(1);
  });

  it('passes the / filter line to the active screen, and Esc clears it', async () => {
    const data = appData(await smallSets());
    const r = render(<App data={data} color={false} width={80} height={24} />);
    await until(r.lastFrame, (f) => f.includes('greet (2)'), 'the sets');
    await press(r.stdin, '/', 'm', 'o', 'o');
    let frame = await until(r.lastFrame, (f) => f.includes('/moo'), 'the filter line');
    await press(r.stdin, KEY.enter);
    frame = await until(r.lastFrame, (f) => f.includes('filter "moo"'), 'the kept filter in the status bar');
    expect(frame).toContain('moon');
    expect(frame).not.toContain('filler (1)'); // the other set does not match
    await press(r.stdin, KEY.escape);
    await until(r.lastFrame, (f) => f.includes('filler (1)') && !f.includes('filter "moo"'), 'the filter cleared');
  });

  it('shows a loading problem in the status bar with what to do, and Esc dismisses it', async () => {
    const data = appData(await smallSets(), { loadErrors: [{ message: 'prompts/bad.yaml:3: cases: expected a list', hint: 'fix it; the other sets are loaded' }] });
    const r = render(<App data={data} color={false} width={120} height={24} />);
    await until(r.lastFrame, (f) => f.includes('✗ prompts/bad.yaml:3: cases: expected a list — fix it; the other sets are loaded'), 'the error');
    await press(r.stdin, KEY.escape);
    await until(r.lastFrame, (f) => !f.includes('✗') && f.includes('? help'), 'the error dismissed');
  });

  it('lists every loading problem: (1/2) first, Esc shows the next, then the keys again', async () => {
    const data = appData(await smallSets(), {
      loadErrors: [
        { message: 'prompts/bad.yaml:3: cases: expected a list', hint: 'fix it; the other sets are loaded' },
        { message: 'costlab.yaml:7: models.x.input: expected a number' },
      ],
    });
    const r = render(<App data={data} color={false} width={120} height={24} />);
    await until(r.lastFrame, (f) => f.includes('✗ (1/2) prompts/bad.yaml:3: cases: expected a list — fix it; the other sets are loaded (Esc)'), 'the first of two');
    await press(r.stdin, KEY.escape);
    await until(r.lastFrame, (f) => f.includes('✗ costlab.yaml:7: models.x.input: expected a number (Esc)') && !f.includes('bad.yaml'), 'the second, alone');
    await press(r.stdin, KEY.escape);
    await until(r.lastFrame, (f) => !f.includes('✗') && f.includes('? help'), 'both dismissed');
  });

  it('replaces a screen that throws with its error and keeps the others working', async () => {
    const data = appData(await smallSets());
    const Broken = () => {
      throw new Error('boom');
    };
    const screens = [
      { id: 'broken', title: 'Broken', key: '1', keys: [], hint: '', Component: Broken },
      { id: 'fine', title: 'Fine', key: '2', keys: [], hint: '', Component: () => <>{'all fine'}</> },
    ];
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const r = render(<App data={data} color={false} width={80} height={24} screens={screens} />);
    await until(r.lastFrame, (f) => f.includes('The Broken screen failed: boom'), 'the error in place of the screen');
    await press(r.stdin, '2');
    await until(r.lastFrame, (f) => f.includes('all fine'), 'the other screen');
    spy.mockRestore();
  });
});

describe('withReport', () => {
  it('puts the newest problem first, lists a message once, and clears on null', () => {
    const a = { message: 'a' };
    const b = { message: 'b', hint: 'do b' };
    expect(withReport([a], b)).toEqual([b, a]);
    expect(withReport([b, a], { message: 'a', hint: 'again' })).toEqual([{ message: 'a', hint: 'again' }, b]);
    expect(withReport([a, b], null)).toEqual([]);
  });
});
