/**
 * Compress: the selected prompt (as edited on Prompts) through the chosen strategies, with a target share
 * of tokens to keep; a live word diff (deletions struck through in red, or [-marked-] without colour;
 * insertions green or {+marked+}); and per model the tokens and the money saved per call and per 1,000 calls.
 * Compression runs off the keystroke path (debounced), the previous result shown until the next is ready.
 */
import { Box, Text } from 'ink';
import { useKeys } from '../hooks/use-keys.ts';
import { useEffect, useRef } from 'react';
import { STRATEGIES, STRATEGY_NAMES, compress, formatUsd, makeUsage, modelKey, priceUsage, scaleMoney, wordDiff } from '../../core/index.ts';
import type { Money, ModelEntry, TokenCounter } from '../../core/index.ts';
import { diffRows } from '../diff-rows.ts';
import type { Segment } from '../diff-rows.ts';
import { toAppError } from '../errors.ts';
import { useDebouncedTask } from '../hooks/use-debounced-task.ts';
import { useLatest } from '../hooks/use-latest.ts';
import { resolveModels } from '../hooks/use-prompt-editor.ts';
import { useRemembered } from '../hooks/use-remembered.ts';
import type { Memory } from '../hooks/use-remembered.ts';
import { selectedPrompt } from '../prompt-text.ts';
import type { AppData } from '../app-data.ts';
import type { ScreenDef, ScreenProps } from '../screen.ts';
import { fit, formatCount, padTo } from '../text.ts';

interface ModelSaving {
  model: ModelEntry;
  exact: boolean;
  before: number;
  after: number;
}

interface Outcome {
  original: string;
  text: string;
  tokensBefore: number;
  tokensAfter: number;
  met: boolean | undefined;
  target: number | undefined;
  steps: { name: string; saved: number }[];
  savings: ModelSaving[];
  ops: ReturnType<typeof wordDiff>;
}

async function countersFor(data: AppData, models: readonly ModelEntry[], memory: Memory): Promise<Map<string, TokenCounter>> {
  const cache = (memory.get('compress.counters') as Map<string, TokenCounter> | undefined) ?? new Map<string, TokenCounter>();
  memory.set('compress.counters', cache);
  for (const model of models) if (!cache.has(modelKey(model))) cache.set(modelKey(model), await data.counterFor(model));
  return cache;
}

function savedMoney(model: ModelEntry, before: number, after: number): Money {
  const a = priceUsage(model, makeUsage({ input: before })).total;
  const b = priceUsage(model, makeUsage({ input: after })).total;
  if (!a.known) return a;
  if (!b.known) return b;
  return { known: true, pico: a.pico - b.pico };
}

function CompressScreen({ data, width, height, active, color, selection, memory, report }: ScreenProps) {
  const [chosen, setChosen] = useRemembered<string[]>(memory, 'compress.strategies', ['whitespace', 'filler', 'dedupe', 'minify']);
  const [cursor, setCursor] = useRemembered(memory, 'compress.cursor', 0);
  const [keep, setKeep] = useRemembered(memory, 'compress.keep', 100);
  const [scroll, setScroll] = useRemembered(memory, 'compress.scroll', 0);
  const prompt = selectedPrompt(data.sets, selection);
  const { models } = resolveModels(data, selection.models);
  const names = STRATEGY_NAMES;
  const budgeted = chosen.filter((n) => STRATEGIES[n]?.budgeted);
  const rate = keep < 100 ? keep / 100 : budgeted.length > 0 ? 1 : undefined;
  const key = `${prompt.key}|${prompt.text.length}|${hash(prompt.text)}|${chosen.join(',')}|${rate ?? ''}|${models.map(modelKey).join(',')}`;

  const task = useDebouncedTask<Outcome>(key, async () => {
    const counters = await countersFor(data, models, memory);
    const first = models[0];
    const counter = first ? counters.get(modelKey(first))! : await data.counterFor(data.catalog.resolve('openai:gpt-4o-mini'));
    const ordered = names.filter((n) => chosen.includes(n));
    const result = await compress(prompt.text, { strategies: ordered, counter, ...(rate === undefined ? {} : { rate }) });
    const savings = models.map((model) => {
      const c = counters.get(modelKey(model))!;
      return { model, exact: c.exact, before: c.count(prompt.text), after: c.count(result.text) };
    });
    return {
      original: prompt.text,
      text: result.text,
      tokensBefore: result.originalTokens,
      tokensAfter: result.compressedTokens,
      met: result.met,
      target: result.target,
      steps: result.strategies.map((s) => ({ name: s.name, saved: s.tokensBefore - s.tokensAfter })),
      savings,
      ops: wordDiff(prompt.text, result.text),
    };
  });
  useEffect(() => {
    if (task.error) report(toAppError(task.error, 'change the strategies or the target'));
  }, [task.error, report]);

  // The state as of the last render, updated at once by each key: keys that arrive together (key repeat, a
  // paste) each start where the one before left off (see hooks/use-latest.ts).
  const now = useLatest({ cursor, chosen, keep, scroll });
  const lastTop = useRef(Number.POSITIVE_INFINITY);
  const change = <K extends keyof typeof now.current>(field: K, value: (typeof now.current)[K], set: (v: (typeof now.current)[K]) => void) => {
    now.current[field] = value;
    set(value);
  };
  useKeys(
    (input, key) => {
      const { cursor, chosen, keep, scroll } = now.current;
      if (key.leftArrow) return change('cursor', Math.max(0, cursor - 1), setCursor);
      if (key.rightArrow) return change('cursor', Math.min(names.length - 1, cursor + 1), setCursor);
      if (input === ' ' || key.return) {
        const name = names[cursor]!;
        return change('chosen', chosen.includes(name) ? chosen.filter((n) => n !== name) : [...chosen, name], setChosen);
      }
      if (input === '+' || input === '=') return change('keep', Math.min(100, keep + 10), setKeep);
      if (input === '-' || input === '_') return change('keep', Math.max(10, keep - 10), setKeep);
      // Never past the last page: once the diff's end has been drawn, its top row is as far as scrolling goes.
      const at = Math.min(scroll, lastTop.current);
      const to = (row: number) => change('scroll', Math.max(0, Math.min(lastTop.current, row)), setScroll);
      if (key.upArrow) return to(at - 1);
      if (key.downArrow) return to(at + 1);
      if (key.pageUp) return to(at - 10);
      if (key.pageDown) return to(at + 10);
      if (input === 'g') return change('scroll', 0, setScroll);
    },
    active,
  );

  const outcome = task.value;
  const tableHeight = models.length + 2;
  const diffHeight = Math.max(2, height - 3 - tableHeight);
  const toggles = names.map((name, i) => `${i === cursor ? '›' : ' '}[${chosen.includes(name) ? 'x' : ' '}] ${name}${STRATEGIES[name]?.budgeted ? '*' : ''}`).join(' ');
  const status = outcome
    ? `${formatCount(outcome.tokensBefore)} → ${formatCount(outcome.tokensAfter)} tokens (${pct(outcome.tokensBefore, outcome.tokensAfter)} saved)${outcome.target !== undefined ? ` · target ${formatCount(outcome.target)}${outcome.met === false ? ' not met (protected spans)' : ' met'}` : ''}`
    : 'compressing…';
  const rows = outcome ? diffRows(outcome.ops, width, color, scroll + diffHeight) : [];
  const top = Math.max(0, Math.min(scroll, rows.length - diffHeight));
  // The diff is laid out only as far as the screen shows: when it ended short of that, `top` is its last page.
  lastTop.current = rows.length < scroll + diffHeight ? top : Number.POSITIVE_INFINITY;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate-end">{fit(toggles, width)}</Text>
      <Text wrap="truncate-end">
        {fit(`keep ${keep}% (+/-)${budgeted.length === 0 && keep < 100 ? ' — only * strategies aim at it' : ''} · ${status}${task.pending && outcome ? ' · updating…' : ''}`, width)}
      </Text>
      <Box flexDirection="column" height={diffHeight}>
        {prompt.text === '' ? <Text dimColor>no prompt: choose a case on the Prompts screen (1)</Text> : null}
        {rows.slice(top, top + diffHeight).map((row, i) => (
          <Text key={top + i} wrap="truncate-end">
            {row.length === 0 ? ' ' : row.map((segment, j) => <Seg key={j} segment={segment} color={color} />)}
          </Text>
        ))}
      </Box>
      <Box height={1} />
      <SavingsTable savings={outcome?.savings ?? []} width={width} />
    </Box>
  );
}

function Seg({ segment, color }: { segment: Segment; color: boolean }) {
  if (segment.kind === 'equal' || !color) return <>{segment.text}</>;
  if (segment.kind === 'delete') return <Text color="red" strikethrough>{segment.text}</Text>;
  return <Text color="green">{segment.text}</Text>;
}

function SavingsTable({ savings, width }: { savings: readonly ModelSaving[]; width: number }) {
  const modelW = Math.max(14, width - 9 - 9 - 8 - 12 - 12 - 5);
  const header = `${padTo('model', modelW)} ${padTo('before', 9, 'right')} ${padTo('after', 9, 'right')} ${padTo('saved', 8, 'right')} ${padTo('$/call', 12, 'right')} ${padTo('per 1k calls', 12, 'right')}`;
  return (
    <Box flexDirection="column">
      <Text bold>{fit(header, width)}</Text>
      {savings.map((s) => {
        const money = savedMoney(s.model, s.before, s.after);
        const approx = s.exact ? '' : '≈';
        const perCall = money.known ? `${approx}${formatUsd(money, 3)}` : s.model.selfHosted ? 'self-hosted' : 'unknown';
        const perK = money.known ? `${approx}${formatUsd(scaleMoney(money, 1000), 3)}` : '';
        const line = `${padTo(modelKey(s.model), modelW)} ${padTo(`${approx}${formatCount(s.before)}`, 9, 'right')} ${padTo(`${approx}${formatCount(s.after)}`, 9, 'right')} ${padTo(pct(s.before, s.after), 8, 'right')} ${padTo(perCall, 12, 'right')} ${padTo(perK, 12, 'right')}`;
        return <Text key={modelKey(s.model)}>{fit(line, width)}</Text>;
      })}
    </Box>
  );
}

function pct(before: number, after: number): string {
  return before === 0 ? '0%' : `${(((before - after) / before) * 100).toFixed(1)}%`;
}

/** A fingerprint of a text (so an edit that keeps the length still recomputes). */
function hash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}

export const compressScreen: ScreenDef = {
  id: 'compress',
  title: 'Compress',
  key: '2',
  hint: '←/→ Space strategies · +/- target · ↑/↓ scroll',
  filters: false,
  keys: [
    ['← →', 'choose a strategy'],
    ['Space, Enter', 'turn it on or off (* aims at the target)'],
    ['+ / -', 'keep 10 % more / fewer tokens (the target of * strategies)'],
    ['↑ ↓ PgUp PgDn g', 'scroll the diff (g: top)'],
  ],
  Component: CompressScreen,
};
