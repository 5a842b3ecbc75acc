/**
 * Compression: what each strategy saves on real prompts, and how fast it is on a long one.
 *
 * (a) Every bundled prompt set (prompts/*.yaml: the base variant's templates — system, prompt and
 *     messages — each compressed on its own) and the prompts of ../shared's awesome_chatgpt_prompts.jsonl:
 *     each strategy alone (the budgeted ones, few-shot and importance, at rate 0.5) and the default
 *     pipeline, in o200k_base tokens — before, after and saved per set — and each one's throughput
 *     (input tokens per second over all those texts, best of 3 rounds).
 * (b) A prompt of at least 100,000 o200k_base tokens (the same texts joined by blank lines, repeated, cut
 *     at the first paragraph break past 100,000 tokens): each strategy alone, the default pipeline, and
 *     wordDiff of the prompt against its compressed versions, each timed as the first call and best of 3.
 * Targets: every strategy and the pipeline < 1 s on the 100,000-token prompt (best of 3).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_STRATEGIES,
  STRATEGIES,
  STRATEGY_NAMES,
  compress,
  loadPromptSets,
  promptTemplates,
  wordDiff,
  type CompressResult,
  type DiffOp,
  type TokenCounter,
} from '../src/core/index.ts';
import { loadTokenCounter } from '../src/core/tokens/registry.ts';
import { nodePorts } from '../src/platform/node.ts';
import { collectGarbage, finish, fmt, fmtMs, fmtRate, heading, machine, printTable, repoRoot, sharedDir, target, time, timeAsync } from './harness.ts';

const RATE = 0.5;
const LONG_TOKENS = 100_000;
const TARGET_MS = 1_000;
const RUNS = 3;
const MIN_SHARED_PROMPTS = 100;
const SHARED_FILE = join(sharedDir, 'data', 'prompts', 'awesome_chatgpt_prompts.jsonl');

interface Spec {
  /** The row label. */
  name: string;
  /** Strategy names; undefined runs the default pipeline. */
  strategies?: readonly string[];
  rate?: number;
}

interface TextSet {
  name: string;
  texts: string[];
}

/** Each strategy alone (the budgeted ones at RATE), then the default pipeline. */
const SPECS: Spec[] = [
  ...STRATEGY_NAMES.map((name) =>
    STRATEGIES[name]?.budgeted ? { name: `${name} (rate ${RATE})`, strategies: [name], rate: RATE } : { name, strategies: [name] },
  ),
  { name: `pipeline (${DEFAULT_STRATEGIES.join(', ')})` },
];

function run(text: string, spec: Spec, counter: TokenCounter): Promise<CompressResult> {
  return compress(text, {
    counter,
    ...(spec.strategies === undefined ? {} : { strategies: spec.strategies }),
    ...(spec.rate === undefined ? {} : { rate: spec.rate }),
  });
}

/** Best (lowest) of `runs` timed calls of an async function; the value must not change between runs. */
async function bestOfAsync<T>(runs: number, fn: () => Promise<T>, same: (a: T, b: T) => boolean): Promise<{ first: number; best: number; value: T }> {
  const times: number[] = [];
  let value: T | undefined;
  for (let r = 0; r < runs; r++) {
    const t = await timeAsync(fn);
    if (value !== undefined && !same(value, t.value)) throw new Error('the result changed between runs');
    value = t.value;
    times.push(t.ms);
  }
  return { first: times[0] as number, best: Math.min(...times), value: value as T };
}

const pct = (before: number, after: number) => (before === 0 ? '—' : `${fmt((100 * (before - after)) / before, 1)} %`);

function sharedPrompts(): string[] | string {
  if (!existsSync(SHARED_FILE)) return `${SHARED_FILE} is absent (../shared is not beside the repository)`;
  const prompts = readFileSync(SHARED_FILE, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { prompt?: unknown }).prompt)
    .filter((p): p is string => typeof p === 'string' && p.trim() !== '');
  return prompts.length >= MIN_SHARED_PROMPTS ? prompts : `${SHARED_FILE} holds only ${prompts.length} prompts (${MIN_SHARED_PROMPTS} needed)`;
}

/** The shortest prefix of `text`, cut after a blank line, with at least `tokens` tokens. */
function prefixOf(text: string, tokens: number, counter: TokenCounter): string {
  const cuts: number[] = [];
  for (let at = text.indexOf('\n\n'); at >= 0; at = text.indexOf('\n\n', at + 2)) cuts.push(at);
  cuts.push(text.length);
  let low = 0;
  let high = cuts.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (counter.count(text.slice(0, cuts[mid])) >= tokens) high = mid;
    else low = mid + 1;
  }
  return text.slice(0, cuts[low]);
}

console.log(`compress — ${machine()}`);
const counter = await loadTokenCounter('o200k_base');
const sets: TextSet[] = (await loadPromptSets([join(repoRoot, 'prompts')], nodePorts().fs)).map((set) => ({
  name: set.name,
  texts: promptTemplates(set)
    .filter((t) => t.variant === 'base')
    .map((t) => t.text),
}));
const shared = sharedPrompts();
if (typeof shared === 'string') console.log(`SKIP compress awesome_chatgpt_prompts: ${shared}`);
else sets.push({ name: `awesome-chatgpt (${shared.length})`, texts: shared });
const allTexts = sets.flatMap((s) => s.texts);
const inputTokens = sets.map((s) => s.texts.reduce((sum, t) => sum + counter.count(t), 0));
const totalInput = inputTokens.reduce((a, b) => a + b, 0);
console.log(
  `sets: ${sets.map((s, i) => `${s.name} ${s.texts.length} texts / ${fmt(inputTokens[i] as number)} tokens`).join('; ')} — ` +
    `${fmt(allTexts.length)} texts, ${fmt(totalInput)} o200k_base tokens`,
);

// (a) Savings per strategy and set, and throughput over all the texts.
interface SetOutcome {
  before: number;
  after: number;
}
const outcomes = new Map<string, SetOutcome[]>();
const throughput: string[][] = [];
let warnings = 0;
for (const spec of SPECS) {
  const rounds: number[] = [];
  let perSet: SetOutcome[] = [];
  for (let r = 0; r < RUNS; r++) {
    collectGarbage();
    const start = performance.now();
    perSet = [];
    for (const set of sets) {
      const outcome = { before: 0, after: 0 };
      for (const text of set.texts) {
        const result = await run(text, spec, counter);
        outcome.before += result.originalTokens;
        outcome.after += result.compressedTokens;
        if (r === 0) warnings += result.warnings.length;
      }
      perSet.push(outcome);
    }
    rounds.push(performance.now() - start);
  }
  outcomes.set(spec.name, perSet);
  const best = Math.min(...rounds);
  throughput.push([spec.name, fmt(allTexts.length), fmt(totalInput), fmtMs(rounds[0] as number), fmtMs(best), fmtRate(totalInput, best)]);
}

heading(`Tokens saved per strategy and prompt set (o200k_base; budgeted strategies at rate ${RATE}; each text compressed on its own)`);
const all = (list: readonly SetOutcome[]) => list.reduce((a, o) => ({ before: a.before + o.before, after: a.after + o.after }), { before: 0, after: 0 });
const columns = [...sets.map((s) => s.name), 'all'];
const cell = ({ before, after }: SetOutcome) => `${fmt(after)} (${pct(before, after)})`;
const firstOutcomes = outcomes.get(SPECS[0]?.name ?? '') ?? [];
printTable(
  [' strategy', ...columns],
  [
    ['tokens before', ...[...firstOutcomes, all(firstOutcomes)].map((o) => fmt(o.before))],
    ...SPECS.map((spec) => {
      const list = outcomes.get(spec.name) ?? [];
      return [spec.name, ...[...list, all(list)].map(cell)];
    }),
  ],
);
console.log('\nCells: tokens after (saved %). Each text is compressed and counted alone (as the CLI compresses one file at a time); a column sums its set.');
console.log(
  `few-shot drops "Example N:" / Q:–A: style blocks inside one text; the bundled few-shot set (math-cot) carries its examples as chat turns, ` +
    'which pruneFewShotMessages prunes, so few-shot finds nothing to drop here.',
);
console.log(warnings === 0 ? 'No step was discarded for breaking a protected span.' : `!!! ${warnings} steps were discarded for breaking a protected span (see compress warnings) !!!`);

heading(`Throughput over all ${fmt(allTexts.length)} texts (first round, and best of ${RUNS})`);
printTable([' strategy', 'texts', 'input tokens', 'first', `best of ${RUNS}`, 'tokens/s'], throughput);

// (b) The long prompt.
const unit = allTexts.join('\n\n');
const unitTokens = counter.count(unit);
const long = prefixOf(`${unit}\n\n`.repeat(Math.ceil(LONG_TOKENS / Math.max(1, unitTokens)) + 1), LONG_TOKENS, counter);
const longTokens = counter.count(long);
heading(`A ${fmt(longTokens)}-token prompt (${fmt(long.length)} characters): the texts above joined by blank lines (${fmt(unitTokens)} tokens), repeated, cut at a blank line`);

const longRows: string[][] = [];
const longResults = new Map<string, CompressResult>();
const lines: [string, boolean, string][] = [];
for (const spec of SPECS) {
  const timed = await bestOfAsync(RUNS, () => run(long, spec, counter), (a, b) => a.text === b.text);
  longResults.set(spec.name, timed.value);
  const { originalTokens, compressedTokens } = timed.value;
  longRows.push([
    spec.name,
    fmt(originalTokens),
    fmt(compressedTokens),
    pct(originalTokens, compressedTokens),
    fmtMs(timed.first),
    fmtMs(timed.best),
    fmtRate(originalTokens, timed.best),
  ]);
  lines.push([`compress ${spec.name} on ${fmt(longTokens)} tokens < 1 s`, timed.best < TARGET_MS, `${fmtMs(timed.best)} best of ${RUNS} (first ${fmtMs(timed.first)})`]);
}
printTable([' strategy', 'tokens before', 'after', 'saved', 'first', `best of ${RUNS}`, 'tokens/s'], longRows);

heading('wordDiff of the long prompt against its compressed versions (first call, and best of 3)');
const diffRows: string[][] = [];
const describeOps = (ops: readonly DiffOp[]) => {
  const changes = ops.filter((op) => op.op !== 'equal').length;
  return { changes, chars: ops.filter((op) => op.op === 'delete').reduce((sum, op) => sum + op.text.length, 0) };
};
let degenerate = false;
for (const spec of SPECS) {
  const result = longResults.get(spec.name);
  if (result === undefined || !['pipeline', 'importance'].some((n) => spec.name.startsWith(n))) continue;
  const timings: number[] = [];
  let ops: DiffOp[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t = time(() => wordDiff(long, result.text));
    timings.push(t.ms);
    ops = t.value;
  }
  const { changes, chars } = describeOps(ops);
  if (ops.length <= 3 && changes > 0) degenerate = true;
  diffRows.push([`prompt → ${spec.name}`, fmt(ops.length), fmt(changes), fmt(chars), fmtMs(timings[0] as number), fmtMs(Math.min(...timings))]);
  // For comparison: one copy of the texts (no repetition), against the same strategy's output.
  const single = await run(unit, spec, counter);
  const once: number[] = [];
  let onceOps: DiffOp[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t = time(() => wordDiff(unit, single.text));
    once.push(t.ms);
    onceOps = t.value;
  }
  const o = describeOps(onceOps);
  diffRows.push([`one copy (${fmt(unitTokens)} tokens) → ${spec.name}`, fmt(onceOps.length), fmt(o.changes), fmt(o.chars), fmtMs(once[0] as number), fmtMs(Math.min(...once))]);
}
printTable([' diff', 'ops', 'changes', 'deleted chars', 'first', `best of ${RUNS}`], diffRows);
if (degenerate) {
  console.log(
    '\nOn the repeated prompt no word occurs once, so wordDiff has no unique anchors: Myers runs on the whole middle, gives up at ' +
      '2,000 edits and reports it as one delete plus one insert (correct, not minimal). The one-copy rows show the diff on text without repetition.',
  );
}

console.log('');
for (const [name, ok, detail] of lines) target(name, ok, detail);
finish();
