import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryStore, buildPlan, dryRunBill, formatUsd, loadPending, makeUsage, runPlan } from '../../src/core/index.ts';
import type { BillJson, Candidate, CompletionRequest, CompletionResult, Provider, RunEvent, RunRecord, TrialResult } from '../../src/core/index.ts';
import { nodePorts } from '../../src/platform/node.ts';
import { App } from '../../src/ui/App.tsx';
import type { AppData, ListedRun, RunRequest } from '../../src/ui/app-data.ts';
import { pickRows, runScreen } from '../../src/ui/screens/RunScreen.tsx';
import { KEY, appData, catalog, lineWith, press, renderScreen, selection, set, smallSets, until } from './ui-helpers.tsx';

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

/** A recorded run as the store lists it: 8 models × 805 AlpacaEval instructions. */
const recordedRun = (over: Partial<ListedRun> = {}): ListedRun => ({
  id: 'alpaca-eval-1', createdAt: '2026-11-22T10:00:00Z', setName: 'alpaca-eval', setFile: null, options: {}, status: 'finished', origin: 'recorded',
  trialCount: 6440, candidateCount: 8, ...over,
});

const storeOf = (runs: ListedRun[]): AppData['store'] => ({ dir: '.costlab', listRuns: async () => runs, loadRun: async () => { throw new Error('not here'); } });

const zeroBill = (candidates: Candidate[], each: number): BillJson => ({
  candidates: candidates.map((c) => ({ candidateId: c.id, model: c.model, trials: each, inputTokens: 0, exact: true, missing: [], minUsd: '0', expectedUsd: '0', maxUsd: '0' })),
  total: { minUsd: '0', expectedUsd: '0', maxUsd: '0' },
  known: { minUsd: '0', expectedUsd: '0', maxUsd: '0' },
  unknownCandidates: [],
});

/**
 * A replay as the CLI streams it: 8 candidates × 805 trials; 1,100 answers (137 or 138 per candidate), $1.44 of
 * recorded cost and an ETA of 14 s; then it waits until stopped.
 */
function scriptedReplay(requests: RunRequest[]): NonNullable<AppData['startRun']> {
  return async (request, onEvent, signal) => {
    requests.push(request);
    const runId = 'replay-alpaca-eval-1';
    const candidates: Candidate[] = Array.from({ length: 8 }, (_, i) => ({ id: `base@recorded:model-${i}`, variant: 'base', model: `recorded:model-${i}`, target: `recorded:model-${i}`, params: { maxOutputTokens: 1024 } }));
    onEvent({ type: 'run-started', runId, trials: 6440, candidates, bill: zeroBill(candidates, 805), budgetUsd: null });
    for (let i = 0; i < 1100; i++) {
      const candidateId = candidates[i % 8]!.id;
      const result: TrialResult = {
        runId, trialId: `${candidateId}|c${i}|1`, candidateId, caseId: `c${i}`, repeat: 1, status: 'succeeded', cached: false, output: 'ok',
        usage: null, usageSource: null, costUsd: null, latencyMs: 0, ttftMs: null, attempts: 1, error: null, finishedAt: '2026-11-22T10:00:00Z',
      };
      onEvent({ type: 'trial-finished', runId, result });
    }
    onEvent({ type: 'progress', runId, done: 1100, total: 6440, spentUsd: '1.44', projectedUsd: '8.43', etaMs: 14_000, unpriced: 0 } satisfies RunEvent);
    await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
    onEvent({ type: 'run-finished', runId, trials: 6440, succeeded: 1100, failed: 0, cached: 0, notRun: 5340, spentUsd: '1.44', unpriced: 0, status: 'stopped' });
    return runId;
  };
}

describe('the Run screen, as the tester found it', () => {
  it('does not mark ready a model the catalog does not know (the bill would refuse it), and says why', async () => {
    const sets = [await set(['name: local', 'prompt: "Hi"', 'models: [ollama:acme-finetune:7b, ollama:qwen2.5:7b]', 'cases:', '  - { id: one }'].join('\n'), 'local.yaml')];
    const data = appData(sets, { defaultModels: [] });
    const r = render(<App data={data} color={false} width={120} height={24} initialScreen="run" />);
    let frame = await until(r.lastFrame, (f) => f.includes('base@ollama:acme-finetune:7b'), 'the candidates');
    expect(lineWith(frame, 'base@ollama:acme-finetune:7b')).toMatch(/not in the catalog/);
    expect(lineWith(frame, 'base@ollama:acme-finetune:7b')).not.toContain('ready');
    expect(lineWith(frame, 'base@ollama:qwen2.5:7b')).toContain('ready'); // the catalog's qwen:qwen2.5-7b-instruct
    await press(r.stdin, ' ');
    frame = await until(r.lastFrame, (f) => f.includes('✗ ollama:acme-finetune:7b cannot run here: not in the catalog'), 'the reason');
    expect(frame).toContain('(0 picked)');
  });

  it('drops picks that the newly selected set does not list', async () => {
    const sets = await smallSets();
    const data = appData(sets, { runBlocker: () => null });
    const Screen = runScreen.Component;
    const { lastFrame, stdin, rerender, props } = renderScreen(Screen, data);
    await until(lastFrame, (f) => f.includes('shout@openai:gpt-4o-mini'), 'the candidates');
    await press(stdin, KEY.down, KEY.down, ' '); // shout@openai:gpt-4o-mini: greet's variant only
    await until(lastFrame, (f) => f.includes('(1 picked)'), 'the pick');
    rerender(<Screen {...props} selection={selection(data, { setIndex: 1 })} />); // filler: no variant `shout`
    const frame = await until(lastFrame, (f) => f.includes('Run filler'), 'the other set');
    expect(frame).toContain('(0 picked)');
    await press(stdin, KEY.home, KEY.up, KEY.up, KEY.enter); // Enter on the first candidate: nothing is picked
    const report = vi.mocked(props.report);
    await until(lastFrame, () => report.mock.calls.length > 0, 'the report');
    expect(report.mock.calls.at(-1)?.[0]).toMatchObject({ message: 'no candidate picked' });
  });

  it('gives the reason column the width there is (140 columns)', async () => {
    const reason = 'no provider to call it (price only): google has no API adapter yet';
    const data = appData(await smallSets(), { runBlocker: (t) => (t.startsWith('anthropic:') ? reason : null) });
    const { lastFrame } = renderScreen(runScreen.Component, data, { width: 140 });
    const frame = await until(lastFrame, (f) => f.includes('base@anthropic:claude-haiku-4-5'), 'the candidates');
    expect(lineWith(frame, 'base@anthropic:claude-haiku-4-5')).toContain(reason);
  });

  it('offers a stopped replay for resuming with its true counts, and r resumes the row under the cursor', async () => {
    const stopped = recordedRun({ id: 'replay-alpaca-eval-2', status: 'stopped', options: { replayOf: 'alpaca-eval-1', from: 'tui' }, resultCount: 2252 });
    const rows = pickRows(appData([]), undefined, [], [], [recordedRun(), stopped]);
    expect(rows.map((r) => (r.kind === 'replay' || r.kind === 'resume' ? `${r.kind} ${r.runId}` : r.kind))).toEqual(['gguf', 'resume replay-alpaca-eval-2', 'replay alpaca-eval-1']);
    const resume = rows[1]!;
    expect(resume.kind === 'resume' && resume.label).toContain('2,252 of 6,440');
    expect(resume.kind === 'resume' && resume.label).toContain('nothing is called');

    const requests: RunRequest[] = [];
    const data = appData(await smallSets(), { store: storeOf([recordedRun(), stopped]), startRun: scriptedReplay(requests) });
    const r = await openRun(data);
    await until(r.lastFrame, (f) => f.includes('resume replay-alpaca-eval-2'), 'the resume row');
    await press(r.stdin, 'r'); // the cursor is on a candidate: r says where to press it
    await until(r.lastFrame, (f) => f.includes('✗ r resumes a stopped run'), 'the hint');
    await press(r.stdin, KEY.pageDown, KEY.up, 'r'); // the last row is the replay; the one above it the stopped replay
    await until(r.lastFrame, (f) => f.includes('Run replay-alpaca-eval-1'), 'the resumed replay');
    expect(requests).toEqual([{ kind: 'resume', runId: 'replay-alpaca-eval-2', replay: true }]);
  });

  it('shows a replay as recorded cost (nothing paid), with separators, every bar, and no ETA once stopped', async () => {
    const requests: RunRequest[] = [];
    const data = appData(await smallSets(), { store: storeOf([recordedRun()]), startRun: scriptedReplay(requests) });
    const r = await openRun(data);
    await until(r.lastFrame, (f) => f.includes('replay alpaca-eval-1 (6,440 recorded answers'), 'the replay row');
    await press(r.stdin, KEY.pageDown, KEY.enter);
    let frame = await until(r.lastFrame, (f) => f.includes('1,100/6,440'), 'the progress');
    expect(requests).toEqual([{ kind: 'replay', runId: 'alpaca-eval-1' }]);
    expect(frame).toContain('recorded cost $1.44 (nothing paid)');
    expect(frame).not.toContain('spent');
    expect(frame).toContain('1,100 ok, 0 failed');
    expect(frame).toContain('ETA 14s');
    // 8 candidates of 805 trials each: 1,100 = 8 × 137 + 4, so the first four have 138 answers.
    const bars = frame.split('\n').filter((line) => /\d+\/805 base@recorded:model-\d/.test(line));
    expect(bars).toHaveLength(8);
    expect(bars[0]).toContain('138/805');
    await press(r.stdin, 'x');
    frame = await until(r.lastFrame, (f) => f.includes('— stopped'), 'the stop');
    expect(frame).not.toContain('ETA');
    expect(frame).toContain('stopped: 5,340 trials left · r resumes');
    await press(r.stdin, 'r');
    await until(r.lastFrame, () => requests.length === 2, 'the resume');
    expect(requests[1]).toEqual({ kind: 'resume', runId: 'replay-alpaca-eval-1', replay: true });
  });
});
