import { describe, expect, it } from 'vitest';
import type { ProviderError } from '../../../src/core/providers/provider.ts';
import { loadPending } from '../../../src/core/runner/pending.ts';
import { buildPlan } from '../../../src/core/runner/plan.ts';
import { runPlan } from '../../../src/core/runner/run.ts';
import type { RunPlanOptions } from '../../../src/core/runner/run.ts';
import { MemoryStore } from '../../../src/core/store/memory-store.ts';
import { ScriptedProvider, counterFor, eventLog, failure, ok, requestText, runRecord, seededRandom, testCatalog, testSet, virtualTime } from './helpers.ts';
import type { Script } from './helpers.ts';

function setup(cases: number, models: string[] = ['test:cheap'], script: Script = () => ok({ input: 10, output: 5 })) {
  const catalog = testCatalog();
  const plan = buildPlan({ set: testSet(cases), catalog, models, params: [{ maxOutputTokens: 50 }] });
  const run = runRecord('run-1', plan.candidates, plan.trials);
  const provider = new ScriptedProvider(script);
  const time = virtualTime();
  const store = new MemoryStore();
  const log = eventLog();
  const options: RunPlanOptions = {
    run, trials: plan.trials, providers: () => provider, store, catalog, clock: time.clock, sleep: time.sleep,
    random: seededRandom(1), concurrency: 4, counterFor, onEvent: log.onEvent,
  };
  return { catalog, plan, run, provider, time, store, log, options };
}

const err = (code: ProviderError['code'], status: number | undefined, retryable: boolean, extra: Partial<ProviderError> = {}): ProviderError => ({
  code, message: `${code} ${status ?? ''}`.trim(), retryable, ...(status === undefined ? {} : { status }), ...extra,
});

describe('runPlan', () => {
  it('retries by error class: 429 after exactly Retry-After, 400 never, 503 with backoff; billed failures are spend', async () => {
    const tries = new Map<string, number>();
    const { options, time, store, log, provider } = setup(4, ['test:cheap'], (request) => {
      const text = requestText(request);
      const n = (tries.get(text) ?? 0) + 1;
      tries.set(text, n);
      if (text.startsWith('case 1:') && n === 1) throw failure(err('rate-limited', 429, true, { retryAfterMs: 1234 }));
      if (text.startsWith('case 2:')) throw failure(err('bad-request', 400, false));
      if (text.startsWith('case 3:') && n <= 2) throw failure(err('server-error', 503, true));
      if (text.startsWith('case 4:') && n === 1) throw failure(err('connection', undefined, true), { input: 10 });
      return ok({ input: 10, output: 5 });
    });
    const summary = await runPlan({ ...options, concurrency: 1, random: () => 0.5 });
    const results = new Map((await store.results('run-1')).map((r) => [r.caseId, r]));
    expect(results.get('c1')).toMatchObject({ status: 'succeeded', attempts: 2, costUsd: '0.00002' });
    expect(results.get('c2')).toMatchObject({ status: 'failed', attempts: 1, costUsd: '0', usage: null, error: { code: 'bad-request', status: 400 } });
    expect(results.get('c3')).toMatchObject({ status: 'succeeded', attempts: 3 });
    // $1/M × 10 input billed by the cut call, then $1/M × 10 + $2/M × 5
    expect(results.get('c4')).toMatchObject({ status: 'succeeded', attempts: 2, costUsd: '0.00003', usage: { input: 20, output: 5 } });
    // 1234 exactly for the 429; full jitter at random 0.5: 500 then 1000 for the 503s; 500 for the reset
    expect(time.slept).toEqual([1234, 500, 1000, 500]);
    expect(log.of('trial-retry').map((e) => [e.trialId.split('|')[1], e.attempt, e.error.code, e.delayMs])).toEqual([
      ['c1', 1, 'rate-limited', 1234], ['c3', 1, 'server-error', 500], ['c3', 2, 'server-error', 1000], ['c4', 1, 'connection', 500],
    ]);
    expect(provider.calls).toHaveLength(2 + 1 + 3 + 2);
    expect(summary).toMatchObject({ trials: 4, succeeded: 3, failed: 1, cached: 0, notRun: 0, spentUsd: '0.00007', status: 'finished' });
  });

  it('answers an identical request from the cache: cached, $0, no call — unless noCache', async () => {
    const first = setup(3);
    await runPlan(first.options);
    const again = { ...first.options, run: { ...first.options.run, id: 'run-2' } };
    const log = eventLog();
    const summary = await runPlan({ ...again, onEvent: log.onEvent });
    const results = await first.store.results('run-2');
    expect(results).toHaveLength(3);
    for (const r of results) expect(r).toMatchObject({ cached: true, costUsd: '0', status: 'succeeded', attempts: 0, output: 'ok' });
    expect(first.provider.calls).toHaveLength(3);
    expect(summary).toMatchObject({ cached: 3, spentUsd: '0' });
    expect(log.of('trial-started')).toHaveLength(0);

    await runPlan({ ...again, run: { ...again.run, id: 'run-3' }, noCache: true });
    expect(first.provider.calls).toHaveLength(6);
    expect((await first.store.results('run-3')).every((r) => !r.cached && r.costUsd === '0.00002')).toBe(true);
  });

  it('stops on abort: no new trials, in-flight ones get no result; resume runs exactly the missing trials', async () => {
    const controller = new AbortController();
    const first = setup(40);
    let finished = 0;
    const summary = await runPlan({
      ...first.options,
      signal: controller.signal,
      onEvent: (event) => {
        first.log.onEvent(event);
        if (event.type === 'trial-finished' && ++finished === 10) controller.abort();
      },
    });
    const afterFirst = await first.store.results('run-1');
    expect(afterFirst.length).toBeGreaterThanOrEqual(10);
    expect(afterFirst.length).toBeLessThan(40);
    expect(summary).toMatchObject({ status: 'stopped', notRun: 40 - afterFirst.length });
    expect((await first.store.getRun('run-1'))?.status).toBe('stopped');
    const startedFirst = new Set(first.log.of('trial-started').map((e) => e.trialId));
    expect(startedFirst.size).toBeGreaterThan(afterFirst.length); // some were in flight and aborted

    const { run, trials } = await loadPending(first.store, 'run-1');
    const missing = new Set(first.plan.trials.map((t) => t.id).filter((id) => !afterFirst.some((r) => r.trialId === id)));
    expect(new Set(trials.map((t) => t.id))).toEqual(missing);
    const log = eventLog();
    const resumed = await runPlan({ ...first.options, run, trials, onEvent: log.onEvent });
    expect(new Set(log.of('trial-started').map((e) => e.trialId))).toEqual(missing);
    expect(resumed).toMatchObject({ status: 'finished', trials: missing.size, notRun: 0 });
    const all = await first.store.results('run-1');
    expect(all).toHaveLength(40);
    expect(new Set(all.map((r) => r.trialId)).size).toBe(40);
    expect((await first.store.getRun('run-1'))?.status).toBe('finished');
  });

  it('1,000 trials with 20 % scripted faults: exactly one result each, retried exactly as the codes say', async () => {
    const faults: [ProviderError, boolean][] = [
      [err('rate-limited', 429, true, { retryAfterMs: 250 }), true], [err('server-error', 500, true), true], [err('server-error', 502, true), true],
      [err('server-error', 503, true), true], [err('server-error', 504, true), true], [err('overloaded', 529, true), true],
      [err('timeout', undefined, true), true], [err('connection', undefined, true), true], [err('bad-request', 400, false), false],
      [err('auth', 401, false), false], [err('forbidden', 403, false), false], [err('not-found', 404, false), false],
    ];
    const random = seededRandom(2026);
    const calls = new Map<string, string[]>();
    const { options, store } = setup(500, ['test:cheap', 'test:dear'], (request) => {
      const key = `${request.model}|${requestText(request)}`;
      const seen = calls.get(key) ?? [];
      calls.set(key, seen);
      if (random() < 0.2) {
        const [error] = faults[Math.floor(random() * faults.length)] ?? [];
        if (!error) throw new Error('no fault');
        seen.push(error.code);
        throw failure(error);
      }
      seen.push('ok');
      return ok({ input: 10, output: 5 });
    });
    const summary = await runPlan({ ...options, concurrency: 16, retry: { maxAttempts: 3 } });
    const results = await store.results('run-1');
    expect(results).toHaveLength(1000);
    expect(new Set(results.map((r) => r.trialId)).size).toBe(1000);
    const transient = new Set<string>(faults.filter(([, t]) => t).map(([e]) => e.code));
    let retried = 0;
    const trials = new Map(options.run.trials.map((t) => [t.id, t]));
    for (const result of results) {
      const trial = trials.get(result.trialId);
      const model = trial?.candidateId.includes('dear') ? 'dear' : 'cheap';
      const seen = calls.get(`${model}|${trial?.messages[0]?.content}`) ?? [];
      expect(result.attempts).toBe(seen.length);
      seen.slice(0, -1).forEach((code) => expect(transient.has(code)).toBe(true));
      const last = seen.at(-1);
      if (last === 'ok') expect(result.status).toBe('succeeded');
      else {
        expect(result.error?.code).toBe(last);
        if (transient.has(last ?? '')) expect(seen).toHaveLength(3);
      }
      if (seen.length > 1) retried++;
    }
    expect(retried).toBeGreaterThan(100);
    expect(summary.succeeded + summary.failed).toBe(1000);
  });

  it('keeps each provider within its concurrency limit', async () => {
    const { options, provider } = setup(30);
    await runPlan({ ...options, concurrency: 8, perProvider: { test: { concurrency: 2 } } });
    expect(provider.maxInFlight).toBe(2);
  });

  it('refuses an unknown-price call under a budget, and runs it without one', async () => {
    const budgeted = setup(2, ['test:local']);
    const summary = await runPlan({ ...budgeted.options, budgetUsd: '1' });
    const results = await budgeted.store.results('run-1');
    expect(budgeted.provider.calls).toHaveLength(0);
    for (const r of results) {
      expect(r).toMatchObject({ status: 'failed', attempts: 0, costUsd: '0', error: { code: 'budget', retryable: false } });
      expect(r.error?.message).toMatch(/price is unknown \(no per-token price \(self-hosted/);
    }
    expect(summary.failed).toBe(2);

    const free = setup(2, ['test:local']);
    const open = await runPlan(free.options);
    expect((await free.store.results('run-1')).map((r) => r.costUsd)).toEqual([null, null]);
    expect(open).toMatchObject({ succeeded: 2, unpriced: 2, spentUsd: '0' });
    // Spent $0 on known prices, but the run's total is unknown: the projection says so, never $0.
    const progress = free.log.events.filter((e) => e.type === 'progress');
    expect(progress.at(-1)).toMatchObject({ done: 2, unpriced: 2, projectedUsd: null });
  });

  it('reports events in order, as NDJSON-ready JSON with exact money', async () => {
    const { options, log } = setup(2);
    await runPlan({ ...options, concurrency: 1, budgetUsd: '0.5' });
    expect(log.events.map((e) => e.type)).toEqual([
      'run-started', 'trial-started', 'trial-finished', 'progress', 'trial-started', 'trial-finished', 'progress', 'run-finished',
    ]);
    const started = log.of('run-started')[0];
    // max per trial: input ("case N: say something short" = 5 words + 5 + 5 framing) 15 × $1/M + 50 × $2/M
    expect(started?.bill.total.maxUsd).toBe('0.00023');
    expect(started?.budgetUsd).toBe('0.5');
    // expected: 15 × $1/M + 25 × $2/M = $0.000065 per trial
    expect(log.of('progress').map((p) => [p.done, p.spentUsd, p.projectedUsd])).toEqual([[1, '0.00002', '0.000085'], [2, '0.00004', '0.00004']]);
    expect(log.of('run-finished')[0]).toMatchObject({ succeeded: 2, spentUsd: '0.00004' });
  });

  it('refuses calls once the budget cannot cover their maximum: a budget result, no call, one budget-exhausted', async () => {
    const { options, log, store, provider } = setup(3);
    // each trial's max is $0.000115 (see the events test) and each call costs $0.00002: after 2 calls $0.00004 is
    // spent, and $0.00004 + $0.000115 = $0.000155 would pass a budget of $0.00015
    const summary = await runPlan({ ...options, concurrency: 1, budgetUsd: '0.00015' });
    const results = await store.results('run-1');
    expect(results.map((r) => r.error?.code ?? 'ok')).toEqual(['ok', 'ok', 'budget']);
    expect(results[2]?.error?.message).toBe('not sent: its maximum cost $0.000115 would pass the budget of $0.00015 ($0.00011 left, $0.00004 spent)');
    expect(provider.calls).toHaveLength(2);
    expect(log.of('trial-started')).toHaveLength(2);
    expect(log.of('budget-exhausted')).toEqual([
      { type: 'budget-exhausted', runId: 'run-1', budgetUsd: '0.00015', spentUsd: '0.00004', trialId: results[2]?.trialId, neededUsd: '0.000115', message: results[2]?.error?.message },
    ]);
    expect(summary).toMatchObject({ succeeded: 2, failed: 1, spentUsd: '0.00004', status: 'finished' });
  });

  it('rejects when the store fails, after stopping the run', async () => {
    const { options, store } = setup(5);
    const broken = Object.assign(Object.create(Object.getPrototypeOf(store) as object) as MemoryStore, store);
    let appended = 0;
    broken.appendResult = async (result) => {
      if (++appended === 2) throw new Error('disk full');
      return store.appendResult(result);
    };
    await expect(runPlan({ ...options, store: broken, concurrency: 1 })).rejects.toThrow('disk full');
    expect((await store.getRun('run-1'))?.status).toBe('stopped');
    expect(await store.results('run-1')).toHaveLength(1);
  });
});
