import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/App.tsx';
import { KEY, appData, lineWith, press, set, smallSets, until } from './ui-helpers.tsx';

afterEach(() => cleanup());

const counted = (f: string) => /gpt-4o-mini\s+\d/.test(f) && /claude-haiku-4-5\s+≈\d/.test(f);

describe('the Prompts screen', () => {
  it('lists the sets and cases, and shows per model the tokens, the cost of a call and the context bar', async () => {
    const r = render(<App data={appData(await smallSets())} color={false} width={80} height={24} />);
    const frame = await until(r.lastFrame, counted, 'the counts');
    expect(frame).toContain('greet (2)');
    expect(frame).toContain('world');
    expect(frame).toContain('moon');
    expect(frame).toContain('filler (1)');
    expect(frame).toContain('Hello world');
    // o200k_base: "Hello" + " world" = 2 tokens. gpt-4o-mini $0.15 / $0.60 per M: input 2 × 0.15e-6 = $0.0000003;
    // with 1,024 output tokens 0.0000003 + 1,024 × 0.6e-6 = $0.0006147, shown to 3 digits as $0.000615.
    const mini = lineWith(frame, 'openai:gpt-4o-mini');
    expect(mini).toMatch(/openai:gpt-4o-mini\s+2\s+\$0\.0000003\s+\$0\.000615 /);
    // Claude has no public tokenizer: ceil(2 × 1.15) = ≈3; $1 / $5 per M: ≈$0.000003, and 0.000003 + 0.00512 = ≈$0.00512.
    expect(lineWith(frame, 'claude-haiku-4-5')).toMatch(/claude-haiku-4-5\s+≈3\s+≈\$0\.000003\s+≈\$0\.00512 /);
    expect(mini).toContain('<0.1%'); // 2 of 128,000 tokens
    expect(frame).toContain('≈ no public tokenizer: claude-haiku-4-5 = o200k_base × 1.15 ±15%');
    expect(frame).toMatch(/prices as of \d{4}-\d\d-\d\d from /);
  });

  it('editing the prompt changes the counts in the same frame as the text', async () => {
    const r = render(<App data={appData(await smallSets())} color={false} width={80} height={24} />);
    await until(r.lastFrame, counted, 'the counts');
    await press(r.stdin, KEY.enter, KEY.right, KEY.right, KEY.right, KEY.right, KEY.right, KEY.right, KEY.right, KEY.right, KEY.right, KEY.right, KEY.right);
    await press(r.stdin, '!');
    // "Hello world!" = "Hello" + " world" + "!" = 3 tokens; Claude ceil(3 × 1.15) = ≈4.
    let frame = await until(r.lastFrame, (f) => f.includes('Hello world!'), 'the typed !');
    expect(lineWith(frame, 'openai:gpt-4o-mini')).toMatch(/gpt-4o-mini\s+3\s/);
    expect(lineWith(frame, 'claude-haiku-4-5')).toMatch(/claude-haiku-4-5\s+≈4\s/);
    expect(frame).toContain('edited (r resets)');
    // A new line and a word on it: "Hello world!\nBye" = Hello, " world", "!\n", "Bye" → 4 tokens.
    await press(r.stdin, KEY.enter, 'B', 'y', 'e');
    frame = await until(r.lastFrame, (f) => f.includes('Bye'), 'the second line');
    expect(lineWith(frame, 'openai:gpt-4o-mini')).toMatch(/gpt-4o-mini\s+4\s/);
    await press(r.stdin, KEY.backspace, KEY.backspace, KEY.backspace, KEY.backspace); // back to "Hello world!"
    frame = await until(r.lastFrame, (f) => !f.includes('Bye') && /gpt-4o-mini\s+3\s/.test(f), 'the deletions counted');
    await press(r.stdin, KEY.escape, 'r'); // leave the editor, reset to the case as rendered
    frame = await until(r.lastFrame, (f) => /gpt-4o-mini\s+2\s/.test(f) && !f.includes('edited'), 'the reset');
  });

  it('shows another case and another variant, changes the output tokens, and chooses models', async () => {
    const r = render(<App data={appData(await smallSets())} color={false} width={80} height={24} />);
    await until(r.lastFrame, counted, 'the counts');
    await press(r.stdin, KEY.down);
    await until(r.lastFrame, (f) => f.includes('Hello moon') && f.includes('greet/moon'), 'the moon case');
    await press(r.stdin, 'v');
    await until(r.lastFrame, (f) => f.includes('HELLO moon') && f.includes('shout (v 2/2)'), 'the shout variant');
    await press(r.stdin, '-');
    let frame = await until(r.lastFrame, (f) => f.includes('+512 out'), 'fewer output tokens');
    await press(r.stdin, 'm');
    frame = await until(r.lastFrame, (f) => f.includes('2 chosen of'), 'the model picker');
    expect(frame).toContain('[x] openai:gpt-4o-mini');
    await press(r.stdin, ' '); // the cursor is on the first chosen model: turn it off
    frame = await until(r.lastFrame, (f) => f.includes('1 chosen of'), 'one model left');
    await press(r.stdin, KEY.escape);
    frame = await until(r.lastFrame, (f) => f.includes('HELLO moon') && !f.includes('openai:gpt-4o-mini'), 'the table without gpt-4o-mini');
    expect(frame).toContain('claude-haiku-4-5');
  });

  it('shows colour only when asked: a frame without colour has no escape codes and marks the cursor with ▏', async () => {
    const r = render(<App data={appData(await smallSets())} color={false} width={80} height={24} />);
    await until(r.lastFrame, counted, 'the counts');
    await press(r.stdin, KEY.enter);
    const frame = await until(r.lastFrame, (f) => f.includes('▏Hello world'), 'the cursor marker');
    expect(frame).not.toMatch(/\u001b\[/);
  });
});

/** Four sets (alpha … delta) of six cases each (`alpha-0` … `alpha-5`, …), each prompt naming its case. */
async function manySets() {
  const names = ['alpha', 'beta', 'gamma', 'delta'];
  return Promise.all(
    names.map((name) =>
      set([`name: ${name}`, 'prompt: "Case {{id}} here"', 'cases:', ...[0, 1, 2, 3, 4, 5].map((i) => `  - { id: ${name}-${i}, vars: { id: ${name}-${i} } }`)].join('\n'), `${name}.yaml`),
    ),
  );
}

/** The row under the cursor (›) and the case the editor's title shows: they must name the same case. */
function cursorAndShown(frame: string): { row: string; shown: string } {
  const row = frame.split('\n').find((l) => l.startsWith('›')) ?? '';
  const shown = /\b(alpha|beta|gamma|delta)\/([a-z]+-\d)/.exec(frame)?.[2] ?? '';
  return { row: row.slice(0, 22).trim(), shown };
}

/** A case row (`›   beta-2`) shows that case; a set row (`›beta (6)`) shows the set's first case. */
function inSync(frame: string): boolean {
  const { row, shown } = cursorAndShown(frame);
  const set = /^›([a-z]+) \(\d+\)$/.exec(row);
  return set ? shown === `${set[1]}-0` : row === `›   ${shown}` || row === `› • ${shown}`;
}

describe('the Prompts list cursor', () => {
  it('counts every key of a burst: three Downs in one write move three rows', async () => {
    const r = render(<App data={appData(await manySets())} color={false} width={80} height={24} />);
    await until(r.lastFrame, (f) => f.includes('Case alpha-0 here'), 'the first case');
    r.stdin.write(`${KEY.down}${KEY.down}${KEY.down}`); // alpha-0 → alpha-1 → alpha-2 → alpha-3
    const frame = await until(r.lastFrame, (f) => f.includes('Case alpha-3 here'), 'three rows down');
    expect(cursorAndShown(frame)).toEqual({ row: '› • alpha-3', shown: 'alpha-3' });
  });

  it('keeps the row under the cursor and the shown case the same across sets, pages and bursts', async () => {
    const r = render(<App data={appData(await manySets())} color={false} width={80} height={24} />);
    await until(r.lastFrame, (f) => f.includes('Case alpha-0 here'), 'the first case');
    // Page Down from alpha-0 (row 1 of: alpha, 6 cases, beta, gamma, delta) lands on the delta row, which
    // shows delta-0; the list then opens delta's cases below it, and ↓ goes to delta-0 itself.
    await press(r.stdin, KEY.pageDown);
    let frame = await until(r.lastFrame, (f) => f.includes('Case delta-0 here'), 'delta');
    expect(cursorAndShown(frame).row).toBe('›delta (6)');
    await press(r.stdin, KEY.down);
    frame = await until(r.lastFrame, (f) => f.includes('› • delta-0'), 'delta-0');
    expect(inSync(frame)).toBe(true);
    for (const keys of [[KEY.up, KEY.up], [KEY.pageUp], [KEY.down, KEY.down, KEY.down], [KEY.pageDown, KEY.up], [KEY.up, KEY.up, KEY.up, KEY.up]]) {
      r.stdin.write(keys.join(''));
      await new Promise((resolve) => setTimeout(resolve, 80));
      frame = r.lastFrame()!;
      expect(inSync(frame), frame).toBe(true);
    }
  });

  it('with a filter that hides the shown case, no row has the cursor until a key moves it onto one', async () => {
    const r = render(<App data={appData(await manySets())} color={false} width={80} height={24} />);
    await until(r.lastFrame, (f) => f.includes('Case alpha-0 here'), 'the first case');
    await press(r.stdin, '/', '-', '3', KEY.enter); // cases "-3": alpha, alpha-3, beta, beta-3, …
    let frame = await until(r.lastFrame, (f) => f.includes('beta-3') && !f.includes('alpha-1'), 'the filtered list');
    expect(frame.split('\n').some((l) => l.startsWith('›'))).toBe(false); // alpha-0 is shown but not listed
    await press(r.stdin, KEY.down); // the first listed row after alpha-0: alpha-3
    frame = await until(r.lastFrame, (f) => f.includes('Case alpha-3 here'), 'alpha-3');
    expect(cursorAndShown(frame)).toEqual({ row: '› • alpha-3', shown: 'alpha-3' });
    await press(r.stdin, KEY.down); // the beta row shows its first listed case, beta-3
    frame = await until(r.lastFrame, (f) => f.includes('Case beta-3 here'), 'beta-3');
    expect(cursorAndShown(frame)).toEqual({ row: '›beta (6)', shown: 'beta-3' });
  });

  it('types the keys that come in the same burst as the Enter that opens the editor', async () => {
    const r = render(<App data={appData(await smallSets())} color={false} width={80} height={24} />);
    await until(r.lastFrame, counted, 'the counts');
    r.stdin.write(KEY.enter); // and in the same tick, before any re-render:
    r.stdin.write('O');
    r.stdin.write('h');
    r.stdin.write(' ');
    await until(r.lastFrame, (f) => f.includes('Oh ▏Hello world'), 'the typed text');
  });
});
