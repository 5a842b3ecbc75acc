import { describe, expect, it } from 'vitest';
import { pendingTrials } from '../../../src/core/store/index.ts';
import { catchError } from '../../helpers/catch-error.ts';
import { makeResult, makeRun } from './fixtures.ts';

describe('pendingTrials', () => {
  const run = makeRun('r1', 6);
  const [t0, t1, , t3] = run.trials;

  it('is every trial with no result, in plan order', () => {
    expect(pendingTrials(run, [])).toEqual(run.trials);
    const done = [makeResult('r1', t3!), makeResult('r1', t0!)];
    expect(pendingTrials(run, done).map((t) => t.id)).toEqual([1, 2, 4, 5].map((i) => run.trials[i]!.id));
    const all = run.trials.map((t) => makeResult('r1', t));
    expect(pendingTrials(run, all)).toEqual([]);
  });

  it('counts a failed call as done (a failed call is data)', () => {
    expect(pendingTrials(run, [makeResult('r1', t1!, 4)])).not.toContainEqual(t1);
  });

  it('refuses two results for one trial, a result for a trial not in the plan, or of another run', () => {
    expect(catchError(() => pendingTrials(run, [makeResult('r1', t1!), makeResult('r1', t1!)])).message).toContain('more than one result');
    expect(catchError(() => pendingTrials(run, [{ ...makeResult('r1', t1!), trialId: 'x' }])).message).toContain('plan does not have');
    expect(catchError(() => pendingTrials(run, [makeResult('r2', t1!)])).code).toBe('store-inconsistent');
  });
});
