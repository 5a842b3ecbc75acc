import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStore, buildPlan, dryRunBill, formatUsd, loadPending, makeUsage, runPlan } from '../../src/core/index.ts';
import type { CompletionRequest, CompletionResult, Provider, RunRecord } from '../../src/core/index.ts';
import { nodePorts } from '../../src/platform/node.ts';
import { App } from '../../src/ui/App.tsx';
import type { AppData } from '../../src/ui/app-data.ts';
import { KEY, appData, catalog, lineWith, press, smallSets, until } from './ui-helpers.tsx';

afterEach(() => cleanup());

/** Answers "Hi" with 10 input and 2 output tokens; while `gate` is pending it waits (and an abort ends the wait). */
class GatedProvider implements Provider {
  readonly kind = 'fake';
  gate: Promise<void> = Promise.resolve();
  calls = 0;
  async complete(request: CompletionRequest): Promise<CompletionResult> {
    this.calls++;
    await new Promise<void>((resolve, reject) => {
      request.signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
      void this.gate.then(resolve);
    });
    return { output: 'Hi', usage: makeUsage({ input: 10, output: 2 }), usageSource: 'reported', latencyMs: 5, ttftMs: 1, finishReason: 'stop' };
  }
}

/** startRun over a memory store and the fake provider, as the CLI's is over the file store and real providers. */
function runner(provider: Provider) {
  const store = new MemoryStore();
  const ports = nodePorts();
  let n = 0;
  const startRun: NonNullable<AppData['startRun']> = async (request, onEvent, signal) => {
    let run: RunRecord;
    let trials;
    if (request.kind === 'plan') {
      run = { id: `run-${++n}`, createdAt: new Date().toISOString(), setName: request.set.name, setFile: null, candidates: request.plan.candidates, trials: request.plan.trials, options: {}, status: 'running', origin: 'live' };
      await store.createRun(run);
      trials = request.plan.trials;
    } else {
      ({ run, trials } = await loadPending(store, request.runId));
    }
    await runPlan({ run, trials, providers: () => provider, store, catalog, clock: ports.clock, sleep: ports.sleep, random: ports.random, signal, onEvent });
    return run.id;
  };
  return { store, startRun };
}

const blocker = (target: string) => (target.startsWith('anthropic:') ? 'needs ANTHROPIC_API_KEY' : null);

async function openRun(data: AppData) {
  const r = render(<App data={data} color={false} width={80} height={24} initialScreen="run" />);
  await until(r.lastFrame, (f) => f.includes('base@openai:gpt-4o-mini'), 'the candidates');
  return r;
}

describe('the Run screen', () => {
  it('lists variant × model candidates; one without its key says so and cannot be picked', async () => {
    const r = await openRun(appData(await smallSets(), { runBlocker: blocker }));
    const frame = r.lastFrame()!;
    expect(lineWith(frame, 'base@anthropic:claude-haiku-4-5')).toContain('needs ANTHROPIC_API_KEY');
    expect(lineWith(frame, 'shout@openai:gpt-4o-mini')).toContain('ready');
    expect(frame).toContain('a local GGUF model file');
    await press(r.stdin, KEY.down, ' '); // base@anthropic:claude-haiku-4-5
    await until(r.lastFrame, (f) => f.includes('✗ anthropic:claude-haiku-4-5 cannot run here: needs ANTHROPIC_API_KEY'), 'the reason in the status bar');
    expect(r.lastFrame()).toContain('(0 picked)');
  });

  it('shows the dry-run bill, runs, and shows progress and spend: 2 trials × $0.0000027', async () => {
    const provider = new GatedProvider();
    const { startRun } = runner(provider);
    const sets = await smallSets();
    const r = await openRun(appData(sets, { runBlocker: blocker, startRun }));
    await press(r.stdin, ' ', KEY.enter); // pick base@openai:gpt-4o-mini, price it
    let frame = await until(r.lastFrame, (f) => f.includes('Dry-run bill'), 'the bill');
    const plan = buildPlan({ set: sets[0]!, catalog, models: ['openai:gpt-4o-mini'], variants: ['base'] });
    const bill = await dryRunBill({ candidates: plan.candidates, trials: plan.trials, catalog, references: plan.references });
    expect(frame).toContain('1 candidates × 2 cases = 2 trials');
    expect(lineWith(frame, 'total')).toContain(formatUsd(bill.total.expected, 3));
    expect(lineWith(frame, 'total')).toContain(formatUsd(bill.total.max, 3));
    await press(r.stdin, KEY.enter);
    frame = await until(r.lastFrame, (f) => f.includes('— finished'), 'the run to finish');
    // Each trial: 10 input × $0.15/M + 2 output × $0.60/M = $0.0000015 + $0.0000012 = $0.0000027; two: $0.0000054.
    expect(frame).toContain('spent $0.0000054');
    expect(frame).toContain('2/2');
    expect(frame).toContain('2 ok, 0 failed');
    expect(frame).toMatch(/base@openai:gpt-4o-mini\s+world\s+ok\s+\$0\.0000027/);
  });

  it('stops a run (x), leaving its trials for a resume (r), which finishes them', async () => {
    const provider = new GatedProvider();
    let open!: () => void;
    provider.gate = new Promise<void>((resolve) => (open = resolve));
    const { store, startRun } = runner(provider);
    const r = await openRun(appData(await smallSets(), { runBlocker: blocker, startRun }));
    await press(r.stdin, ' ', KEY.enter);
    await until(r.lastFrame, (f) => f.includes('Dry-run bill'), 'the bill');
    await press(r.stdin, KEY.enter);
    await until(r.lastFrame, (f) => f.includes('— running') && provider.calls === 2, 'both calls in flight');
    await press(r.stdin, 'x');
    let frame = await until(r.lastFrame, (f) => f.includes('— stopped'), 'the stop');
    expect(frame).toContain('stopped: 2 trials left · r resumes');
    expect(await store.results('run-1')).toHaveLength(0);
    open();
    await press(r.stdin, 'r');
    frame = await until(r.lastFrame, (f) => f.includes('— finished'), 'the resumed run');
    expect(frame).toContain('Run run-1');
    expect(await store.results('run-1')).toHaveLength(2);
  });

  it('types a local GGUF path (g): a missing file is named in the status bar', async () => {
    const r = await openRun(appData(await smallSets(), { runBlocker: (t) => (t.startsWith('gguf:') ? 'no file ./nope.gguf' : null) }));
    await press(r.stdin, 'g');
    await until(r.lastFrame, (f) => f.includes('editing: Esc leaves'), 'the path line');
    await press(r.stdin, '.', '/', 'n', 'o', 'p', 'e', '.', 'g', 'g', 'u', 'f', KEY.enter);
    const frame = await until(r.lastFrame, (f) => f.includes('✗ gguf:./nope.gguf: no file ./nope.gguf'), 'the missing file');
    expect(frame).toContain('base@gguf:./nope.gguf');
  });
});
