/**
 * The runner's overhead (issue 4): what costlab's runner adds to the calls it makes, whether its memory stays
 * flat over a long run, and whether a store append costs the same on the 100,000th result as on the 1,000th.
 *
 * Calls go to a loopback OpenAI Chat Completions server (benchmarks/fixtures/openai-loopback.ts) in a child
 * process of its own, so its CPU time and heap are not this process's. Two loops make the calls, 64 in flight:
 * - costlab: runPlan with the OpenAIProvider (non-streaming; the SDK's retries off, as always), a real file
 *   store (openFileStore + nodeStoreFiles: fsynced appends) in a fresh temporary folder, the response cache
 *   off (`noCache`), no rate limits, no budget; the dry-run bill computed beforehand, as the CLI does. Timed
 *   from opening the store to closing it.
 * - bare SDK loop: the `openai` SDK calling the same server with the same request bodies, 64 workers pulling
 *   from one queue; no store.
 * One untimed warm-up of each (1,000 calls) first.
 *
 * (a) Memory: a run of 10,000 trials of each loop, heapUsed and rss after a full GC at every 1,000 finished
 *     calls. Run before (b), so the heap holds nothing from earlier rounds. Flat means heapUsed after GC at
 *     10,000 trials within 10 % of the figure at 2,000 (the first 1,000 include warm-up). The caller keeps no
 *     results; the heap holds the plan, its bill, the tokenizer and the bare loop's request bodies throughout.
 * (b) Speed: ROUNDS rounds of 10,000 calls alternating bare / costlab; wall time and this process's CPU time
 *     (user + system, all threads; the server's is not in it) of each, best of the rounds. Target: costlab best ÷ bare best (wall) ≤ 1.05×.
 * (c) Store appends: one run of 105,000 trials in a file store; appendResult (durable: written and fsynced
 *     before it resolves) with 64 in flight, as the runner's pool calls it, in blocks of 1,000 — the five
 *     blocks starting at 1,000 … 5,000 results against the five starting at 100,000 … 104,000 (after an
 *     untimed warm-up of 10,000 appends on a store of its own, so the early blocks do not pay for the JIT;
 *     no forced GC between blocks). Target: best block at 100,000 ÷ best block at 1,000 ≤ 1.2 (wall; CPU
 *     time shown beside it).
 *
 * The machine's other work makes single rounds noisy: every figure is a best (or median) of several.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import {
  Catalog, OpenAIProvider, buildPlan, dryRunBill, loadPromptSet, openAIChatMessages, openFileStore, runPlan,
} from '../src/core/index.ts';
import type { Candidate, DryRunBill, ResultStore, RunRecord, StoreFiles, Trial, TrialResult } from '../src/core/index.ts';
import { installPlatform, nodePorts } from '../src/platform/node.ts';
import { nodeStoreFiles } from '../src/platform/store-files.ts';
import type { LoopbackMessage } from './fixtures/openai-loopback.ts';
import { collectGarbage, finish, fmt, fmtMs, fmtRatio, heading, machine, median, printTable, repoRoot, target } from './harness.ts';

const TRIALS = 10_000;
const CONCURRENCY = 64;
const ROUNDS = 5;
const WARMUP = 1_000;
const SAMPLE_EVERY = 1_000;
const RATIO_TARGET = 1.05;
const FLAT_TARGET = 0.1;
const APPEND_BLOCK = 1_000;
const APPEND_TRIALS = 105_000;
const APPEND_EARLY = [1, 2, 3, 4, 5];
const APPEND_LATE = [100, 101, 102, 103, 104];
const APPEND_TARGET = 1.2;
const APPEND_WARMUP = 10_000;
const MODEL = 'openai:gpt-4o-mini';
const API_KEY = 'sk-loopback-benchmark';

installPlatform();
const ports = nodePorts();
const MB = 1024 * 1024;
const fmtMiB = (bytes: number) => `${fmt(bytes / MB, 1)} MiB`;

// ---------------------------------------------------------------------------------------------- server

interface ServerCounts {
  served: number;
  connections: number;
  open: number;
}

interface Loopback {
  url: string;
  counts(): Promise<ServerCounts>;
  stop(): Promise<void>;
}

function startLoopback(): Promise<Loopback> {
  const child: ChildProcess = fork(join(repoRoot, 'benchmarks', 'fixtures', 'openai-loopback.ts'), [], {
    execArgv: ['--import', 'tsx'],
    cwd: repoRoot,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const kill = () => child.kill();
  process.on('exit', kill);
  const waiters: ((counts: ServerCounts) => void)[] = [];
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the loopback server exited early (code ${String(code)})`)));
    child.on('message', (message: LoopbackMessage) => {
      if (message.type === 'count') waiters.shift()?.({ served: message.served ?? -1, connections: message.connections ?? -1, open: message.open ?? -1 });
      if (message.type !== 'ready') return;
      resolve({
        url: `http://127.0.0.1:${String(message.port)}/v1`,
        counts: () =>
          new Promise((done) => {
            waiters.push(done);
            child.send({ type: 'count' } satisfies LoopbackMessage);
          }),
        stop: () =>
          new Promise((done) => {
            process.off('exit', kill);
            child.removeAllListeners('exit');
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.disconnect();
          }),
      });
    });
  });
}

// ------------------------------------------------------------------------------------------- the plan

interface Fixture {
  catalog: Catalog;
  run: Omit<RunRecord, 'id'>;
  trials: Trial[];
  bill: DryRunBill;
  references: ReadonlyMap<string, string>;
  bodies: ChatCompletionCreateParamsNonStreaming[];
  cases: number;
  repeats: number;
}

async function fixture(): Promise<Fixture> {
  const set = await loadPromptSet(join(repoRoot, 'prompts', 'ticket-triage.yaml'), ports.fs);
  const catalog = new Catalog();
  const repeats = Math.ceil(TRIALS / set.cases.length);
  const plan = buildPlan({ set, catalog, models: [MODEL], variants: ['base'], repeats });
  const trials = plan.trials.slice(0, TRIALS);
  const bill = await dryRunBill({ candidates: plan.candidates, trials, catalog, references: plan.references });
  const candidate = plan.candidates[0] as Candidate;
  const bodies = trials.map((trial) => ({
    model: 'gpt-4o-mini',
    messages: openAIChatMessages({ model: 'gpt-4o-mini', messages: trial.messages, maxOutputTokens: candidate.params.maxOutputTokens, ...(trial.system === undefined ? {} : { system: trial.system }) }),
    max_completion_tokens: candidate.params.maxOutputTokens,
    stream: false as const,
  }));
  const run: Omit<RunRecord, 'id'> = {
    createdAt: new Date().toISOString(),
    setName: set.name,
    setFile: set.file,
    candidates: plan.candidates,
    trials,
    options: { models: [MODEL], repeats, concurrency: CONCURRENCY, cache: false, stream: false },
    status: 'running',
    origin: 'live',
  };
  return { catalog, run, trials, bill, references: plan.references, bodies, cases: set.cases.length, repeats };
}

// --------------------------------------------------------------------------------------- the two loops

interface Sample {
  done: number;
  heapUsed: number;
  rss: number;
}

interface Outcome {
  /** Wall time. */
  ms: number;
  /** This process's CPU time (user + system, all its threads: GC helpers, the libuv pool's fsyncs) over the same span. */
  cpuMs: number;
  ok: number;
  samples: Sample[];
}

/** Samples memory at every SAMPLE_EVERY calls, after a full GC when `gcSamples`. */
function sampler(gcSamples: boolean) {
  const samples: Sample[] = [];
  return {
    samples,
    at(done: number) {
      if (done % SAMPLE_EVERY !== 0) return;
      if (gcSamples) collectGarbage();
      const { heapUsed, rss } = process.memoryUsage();
      samples.push({ done, heapUsed, rss });
    },
  };
}

const cpuMsSince = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

async function bareLoop(url: string, bodies: readonly ChatCompletionCreateParamsNonStreaming[], gcSamples = false): Promise<Outcome> {
  collectGarbage();
  const memory = sampler(gcSamples);
  const cpu = process.cpuUsage();
  const start = performance.now();
  const client = new OpenAI({ apiKey: API_KEY, baseURL: url, maxRetries: 0, logLevel: 'off' });
  let next = 0;
  let ok = 0;
  let done = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++] as ChatCompletionCreateParamsNonStreaming;
      const completion = await client.chat.completions.create(body);
      if (typeof completion.choices[0]?.message.content === 'string') ok++;
      memory.at(++done);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { ms: performance.now() - start, cpuMs: cpuMsSince(cpu), ok, samples: memory.samples };
}

let runCount = 0;

async function costlabRun(url: string, fx: Fixture, trials: readonly Trial[], gcSamples = false): Promise<Outcome & { lines: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'costlab-runner-bench-'));
  const run: RunRecord = { ...fx.run, id: `bench-${++runCount}`, trials: [...trials] };
  const memory = sampler(gcSamples);
  try {
    collectGarbage();
    const cpu = process.cpuUsage();
    const start = performance.now();
    const store: ResultStore = await openFileStore(dir, nodeStoreFiles());
    const provider = new OpenAIProvider({ apiKey: API_KEY, baseURL: url, clock: ports.clock });
    let totals;
    try {
      totals = await runPlan({
        run,
        trials,
        providers: () => provider,
        store,
        catalog: fx.catalog,
        clock: ports.clock,
        sleep: ports.sleep,
        random: ports.random,
        concurrency: CONCURRENCY,
        noCache: true,
        bill: fx.bill,
        references: fx.references,
        onEvent: (event) => {
          if (event.type === 'progress') memory.at(event.done);
        },
      });
    } finally {
      await store.close();
    }
    const ms = performance.now() - start;
    const cpuMs = cpuMsSince(cpu);
    const text = readFileSync(join(dir, 'runs', `${run.id}.results.ndjson`), 'utf8');
    const lines = text.length === 0 ? 0 : text.split('\n').length - 1;
    return { ms, cpuMs, ok: totals.succeeded, samples: memory.samples, lines };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------------------------------------ (a)

async function memory(server: Loopback, fx: Fixture): Promise<void> {
  heading(`(a) Memory during ${fmt(TRIALS)} calls, ${CONCURRENCY} in flight (heapUsed and rss after a full GC at every ${fmt(SAMPLE_EVERY)})`);
  const bareMemory = await bareLoop(server.url, fx.bodies, true);
  const runnerMemory = await costlabRun(server.url, fx, fx.trials, true);
  if (bareMemory.ok !== TRIALS || runnerMemory.ok !== TRIALS || runnerMemory.lines !== TRIALS) throw new Error('the memory rounds did not finish every call');
  collectGarbage();
  const after = process.memoryUsage();
  const rows = runnerMemory.samples.map((s, i) => {
    const b = bareMemory.samples[i];
    return [fmt(s.done), fmtMiB(s.heapUsed), fmtMiB(s.rss), b ? fmtMiB(b.heapUsed) : '—', b ? fmtMiB(b.rss) : '—'];
  });
  printTable(['calls done', 'costlab heapUsed', 'costlab rss', 'bare heapUsed', 'bare rss'], rows);
  const at = (samples: readonly Sample[], done: number) => samples.find((s) => s.done === done);
  const first = at(runnerMemory.samples, 2 * SAMPLE_EVERY);
  const last = at(runnerMemory.samples, TRIALS);
  const bFirst = at(bareMemory.samples, 2 * SAMPLE_EVERY);
  const bLast = at(bareMemory.samples, TRIALS);
  if (!first || !last || !bFirst || !bLast) throw new Error('missing memory samples');
  const span = TRIALS - 2 * SAMPLE_EVERY;
  const growth = (last.heapUsed - first.heapUsed) / first.heapUsed;
  const perTrial = (last.heapUsed - first.heapUsed) / span;
  const bareGrowth = (bLast.heapUsed - bFirst.heapUsed) / bFirst.heapUsed;
  const barePerCall = (bLast.heapUsed - bFirst.heapUsed) / span;
  const pct = (x: number) => `${x >= 0 ? '+' : ''}${fmt(x * 100, 1)} %`;
  console.log(`\ncostlab, 2,000 → 10,000 trials: heapUsed ${fmtMiB(first.heapUsed)} → ${fmtMiB(last.heapUsed)} (${pct(growth)}, ${fmt(perTrial)} bytes per trial), rss ${fmtMiB(first.rss)} → ${fmtMiB(last.rss)}.`);
  console.log(`bare loop, 2,000 → 10,000 calls: heapUsed ${fmtMiB(bFirst.heapUsed)} → ${fmtMiB(bLast.heapUsed)} (${pct(bareGrowth)}, ${fmt(barePerCall)} bytes per call), rss ${fmtMiB(bFirst.rss)} → ${fmtMiB(bLast.rss)}.`);
  console.log(`After both (store closed, full GC): heapUsed ${fmtMiB(after.heapUsed)}, rss ${fmtMiB(after.rss)}.`);
  target(
    `runner memory flat: heapUsed after GC at ${fmt(TRIALS)} trials within ${fmt(FLAT_TARGET * 100)} % of 2,000`,
    Math.abs(growth) <= FLAT_TARGET,
    `${pct(growth)} (${fmtMiB(first.heapUsed)} → ${fmtMiB(last.heapUsed)}, ${fmt(perTrial)} bytes per trial; bare SDK loop ${pct(bareGrowth)}, ${fmt(barePerCall)} bytes per call)`,
  );
}

// ------------------------------------------------------------------------------------------------ (b)

async function speed(server: Loopback, fx: Fixture): Promise<void> {
  heading(`(b) Speed: ${fmt(TRIALS)} calls, ${CONCURRENCY} in flight — costlab's runner vs a bare SDK loop, ${ROUNDS} rounds each, alternating`);
  const bare: Outcome[] = [];
  const costlab: (Outcome & { lines: number })[] = [];
  const before = await server.counts();
  for (let round = 0; round < ROUNDS; round++) {
    bare.push(await bareLoop(server.url, fx.bodies));
    costlab.push(await costlabRun(server.url, fx, fx.trials));
  }
  const after = await server.counts();
  const best = (outcomes: readonly Outcome[], key: 'ms' | 'cpuMs') => Math.min(...outcomes.map((o) => o[key]));
  const bareBest = best(bare, 'ms');
  const bareCpu = best(bare, 'cpuMs');
  const row = (name: string, outcomes: readonly Outcome[]) => [
    name,
    fmtMs(best(outcomes, 'ms')),
    fmtMs(median(outcomes.map((o) => o.ms))),
    fmt((TRIALS / best(outcomes, 'ms')) * 1000),
    outcomes.map((o) => fmt(o.ms)).join(', '),
    fmtMs(best(outcomes, 'cpuMs')),
    `${fmt((best(outcomes, 'cpuMs') / TRIALS) * 1000)} µs`,
    fmtRatio(best(outcomes, 'ms') / bareBest),
    fmtRatio(best(outcomes, 'cpuMs') / bareCpu),
  ];
  printTable(
    [' loop', 'wall best', 'wall median', 'calls/s (best)', ' every round, wall (ms)', 'CPU best', 'CPU per call', 'wall ÷ bare', 'CPU ÷ bare'],
    [row('bare SDK loop (no store)', bare), row('costlab runPlan (file store, no cache)', costlab)],
  );
  const pairs = costlab.map((o, i) => o.ms / (bare[i]?.ms ?? Number.NaN));
  console.log(`\nWall, each costlab round ÷ the bare round just before it: ${pairs.map((r) => fmtRatio(r)).join(', ')} (median ${fmtRatio(median(pairs))}).`);
  console.log(`CPU time of each round, bare: ${bare.map((o) => fmt(o.cpuMs)).join(', ')} ms; costlab: ${costlab.map((o) => fmt(o.cpuMs)).join(', ')} ms.`);
  const allOk = bare.every((o) => o.ok === TRIALS) && costlab.every((o) => o.ok === TRIALS && o.lines === TRIALS);
  console.log(`Checks: every bare call answered; every costlab round succeeded ${fmt(TRIALS)} trials and left ${fmt(TRIALS)} result lines on disk: ${allOk ? 'yes' : 'NO'}. The server answered ${fmt(after.served - before.served)} requests in the ${ROUNDS * 2} rounds, over ${fmt(after.open)} keep-alive connections (${fmt(after.connections - before.connections)} opened during the rounds).`);
  const ratio = best(costlab, 'ms') / bareBest;
  target(
    `runner ${fmt(TRIALS)} trials at concurrency ${CONCURRENCY}, costlab ÷ bare SDK loop ≤ ${RATIO_TARGET}×`,
    allOk && ratio <= RATIO_TARGET,
    `${fmtRatio(ratio)} wall (costlab ${fmtMs(best(costlab, 'ms'))}, bare ${fmtMs(bareBest)}, best of ${ROUNDS}; CPU ${fmtRatio(best(costlab, 'cpuMs') / bareCpu)}; median per-round wall ratio ${fmtRatio(median(pairs))})${allOk ? '' : ' — SOME CALLS FAILED'}`,
  );
}

// ------------------------------------------------------------------------------------------------ (c)

interface Block {
  ms: number;
  cpuMs: number;
  writes: number;
}

const appendCandidate: Candidate = { id: `base@${MODEL}`, variant: 'base', model: MODEL, target: MODEL, params: { maxOutputTokens: 1024 } };
const caseOf = (i: number) => `ticket-${String(i % 38).padStart(2, '0')}`;
const repeatOf = (i: number) => Math.floor(i / 38) + 1;
const appendTrialId = (i: number) => `${appendCandidate.id}|${caseOf(i)}|${repeatOf(i)}`;

function appendTrials(count: number): Trial[] {
  return Array.from({ length: count }, (_, i) => ({
    id: appendTrialId(i),
    candidateId: appendCandidate.id,
    caseId: caseOf(i),
    repeat: repeatOf(i),
    messages: [{ role: 'user', content: 'Subject: where is my order TW-482913?\n\nIt has been two weeks.' }],
  }));
}

/** A result as the runner appends it for a succeeded call. */
function appendResultOf(runId: string, i: number): TrialResult {
  return {
    runId,
    trialId: appendTrialId(i),
    candidateId: appendCandidate.id,
    caseId: caseOf(i),
    repeat: repeatOf(i),
    status: 'succeeded',
    cached: false,
    output: 'Hello from the loopback server.',
    usage: { input: 20, output: 6, reasoning: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0 },
    usageSource: 'reported',
    costUsd: '0.0000066',
    latencyMs: 1.234,
    ttftMs: null,
    attempts: 1,
    error: null,
    finishedAt: new Date(1_795_000_000_000 + i).toISOString(),
  };
}

/**
 * Creates a run of `count` trials in a fresh file store and appends a result for each, 64 in flight, in
 * blocks of APPEND_BLOCK; returns each block's wall time, CPU time and durable writes.
 */
async function appendRun(runId: string, count: number): Promise<{ blocks: Block[]; createMs: number; totalMs: number; lines: number; bytes: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'costlab-append-bench-'));
  try {
    const trials = appendTrials(count);
    // The real file port, counting its durable writes (each is one write + fsync of a group of lines).
    const real = nodeStoreFiles();
    let writes = 0;
    const files: StoreFiles = {
      ...real,
      appendDurable: (path, text) => {
        writes++;
        return real.appendDurable(path, text);
      },
    };
    collectGarbage();
    const store = await openFileStore(dir, files);
    const blocks: Block[] = [];
    let createMs = 0;
    const totalStart = performance.now();
    try {
      await store.createRun({
        id: runId, createdAt: new Date().toISOString(), setName: 'appends', setFile: null, candidates: [appendCandidate], trials, options: {}, status: 'running', origin: 'live',
      });
      createMs = performance.now() - totalStart;
      for (let block = 0; block * APPEND_BLOCK < count; block++) {
        writes = 0;
        const cpu = process.cpuUsage();
        const start = performance.now();
        let next = block * APPEND_BLOCK;
        const end = Math.min(count, next + APPEND_BLOCK);
        const worker = async () => {
          while (next < end) await store.appendResult(appendResultOf(runId, next++));
        };
        await Promise.all(Array.from({ length: CONCURRENCY }, worker));
        blocks.push({ ms: performance.now() - start, cpuMs: cpuMsSince(cpu), writes });
      }
    } finally {
      await store.close();
    }
    const totalMs = performance.now() - totalStart;
    const text = readFileSync(join(dir, 'runs', `${runId}.results.ndjson`), 'utf8');
    return { blocks, createMs, totalMs, lines: text.split('\n').length - 1, bytes: text.length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function storeAppends(): Promise<void> {
  heading(`(c) Store appends: appendResult (durable) in blocks of ${fmt(APPEND_BLOCK)}, ${CONCURRENCY} in flight, one run of ${fmt(APPEND_TRIALS)} trials`);
  // Warm-up (untimed): the same code on a store of its own, so the early blocks do not pay for the JIT.
  const warm = await appendRun('bench-appends-warm-up', APPEND_WARMUP);
  if (warm.lines !== APPEND_WARMUP) throw new Error(`warm-up: ${warm.lines} lines of ${APPEND_WARMUP}`);
  const { blocks, createMs, totalMs, lines, bytes } = await appendRun('bench-appends', APPEND_TRIALS);

  const pick = (indexes: readonly number[]) => indexes.map((b) => blocks[b] as Block);
  const early = pick(APPEND_EARLY);
  const late = pick(APPEND_LATE);
  const minOf = (list: readonly Block[], key: 'ms' | 'cpuMs') => Math.min(...list.map((b) => b[key]));
  const row = (label: string, list: readonly Block[], first: number) => [
    label,
    `${fmt(first * APPEND_BLOCK)}–${fmt((first + list.length) * APPEND_BLOCK)}`,
    fmtMs(minOf(list, 'ms')),
    fmtMs(median(list.map((b) => b.ms))),
    list.map((b) => fmt(b.ms, 1)).join(', '),
    fmtMs(minOf(list, 'cpuMs')),
    fmtMs(median(list.map((b) => b.cpuMs))),
    fmt(median(list.map((b) => b.writes))),
  ];
  printTable(
    [' at', ' results in the log', 'best wall per 1,000', 'median wall', ' each block, wall (ms)', 'best CPU', 'median CPU', 'fsynced writes per 1,000'],
    [row('1,000 results', early, APPEND_EARLY[0] ?? 0), row('100,000 results', late, APPEND_LATE[0] ?? 0)],
  );
  const all = blocks.map((b) => b.ms);
  console.log(`\nWarm-up (untimed): ${fmt(APPEND_WARMUP)} appends on a store of its own. createRun with the ${fmt(APPEND_TRIALS)}-trial plan: ${fmtMs(createMs)}; first block (0–1,000, opens the log): ${fmtMs(blocks[0]?.ms ?? Number.NaN)}; all ${fmt(APPEND_TRIALS)} appends and close: ${fmt(totalMs / 1000, 1)} s; every block: median ${fmtMs(median(all))}, fastest ${fmtMs(Math.min(...all))}, slowest ${fmtMs(Math.max(...all))}.`);
  console.log(`The results log holds ${fmt(lines)} lines (${fmt(bytes / 1_000_000, 1)} MB).`);
  const ratio = minOf(late, 'ms') / minOf(early, 'ms');
  const cpuRatio = minOf(late, 'cpuMs') / minOf(early, 'cpuMs');
  target(
    `runner store appends: per 1,000 at 100,000 results ÷ at 1,000 ≤ ${APPEND_TARGET}`,
    lines === APPEND_TRIALS && ratio <= APPEND_TARGET,
    `${fmtRatio(ratio)} wall (${fmtMs(minOf(late, 'ms'))} vs ${fmtMs(minOf(early, 'ms'))} per 1,000 appends, best of ${APPEND_EARLY.length} blocks each; CPU ${fmtRatio(cpuRatio)}: ${fmtMs(minOf(late, 'cpuMs'))} vs ${fmtMs(minOf(early, 'cpuMs'))})${lines === APPEND_TRIALS ? '' : ` — ONLY ${fmt(lines)} LINES ON DISK`}`,
  );
}

// ----------------------------------------------------------------------------------------------- main

console.log(`runner — ${machine()}`);
const fx = await fixture();
const server = await startLoopback();
try {
  console.log(`plan: ${fx.run.setName} (base variant, ${fx.cases} cases × ${fx.repeats} repeats, first ${fmt(TRIALS)} trials) on ${MODEL}, maxOutputTokens ${fmt(fx.run.candidates[0]?.params.maxOutputTokens ?? 0)}, non-streaming; loopback server in a child process`);
  const warmBare = await bareLoop(server.url, fx.bodies.slice(0, WARMUP));
  const warmRunner = await costlabRun(server.url, fx, fx.trials.slice(0, WARMUP));
  if (warmBare.ok !== WARMUP || warmRunner.ok !== WARMUP) throw new Error(`warm-up failed: bare ${warmBare.ok}, costlab ${warmRunner.ok} of ${WARMUP}`);
  console.log(`warm-up (untimed): ${fmt(WARMUP)} calls of each`);
  await memory(server, fx);
  await speed(server, fx);
} finally {
  await server.stop();
}
await storeAppends();
finish();
