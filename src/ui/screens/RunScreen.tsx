/**
 * Run: pick candidates (models × variants of the selected set), see the dry-run bill, start; then progress
 * bars with the ETA, spend so far and projected, and a live table of trials; stop (x) and resume (r).
 * Candidates whose provider has no key say so ("needs OPENAI_API_KEY") and cannot be picked, as cannot models
 * the catalog does not know (the bill would refuse them, as `costlab run` does). Offline, a recorded run in
 * the store can be replayed (its answers, nothing called or paid) and a local GGUF model file can be run
 * in-process (g types its path). A stopped run — a replay too — is listed for resuming with how far it got.
 * Picks the selected set no longer lists are dropped.
 */
import { Box, Text } from 'ink';
import { useKeys } from '../hooks/use-keys.ts';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { DEFAULT_MAX_OUTPUT_TOKENS, buildPlan, dryRunBill, formatUsd, plannedModel } from '../../core/index.ts';
import type { Catalog, DryRunBill, Money, Plan, PromptSet } from '../../core/index.ts';
import type { AppData, ListedRun, RunRequest } from '../app-data.ts';
import { toAppError } from '../errors.ts';
import { useRemembered } from '../hooks/use-remembered.ts';
import { RunSession, duration, usd } from '../run-session.ts';
import type { ScreenDef, ScreenProps } from '../screen.ts';
import { bar, fit, formatCount, padTo } from '../text.ts';
import { variantNamesOf } from '../variants.ts';

type PickRow =
  | { kind: 'candidate'; variant: string; target: string; blocked: string | null }
  | { kind: 'gguf' }
  | { kind: 'replay'; runId: string; label: string }
  | { kind: 'resume'; runId: string; label: string; replay: boolean };

interface Billed {
  set: PromptSet;
  plan: Plan;
  bill: DryRunBill;
}

type Phase = 'pick' | 'bill' | 'session';

const pairKey = (variant: string, target: string) => `${variant}@${target}`;

/**
 * Why the plan would refuse `target` (core's plannedModel finds no catalog entry for it), or null. A
 * `gguf:PATH` file gets its entry when planned.
 */
export function catalogProblem(catalog: Catalog, target: string): string | null {
  if (target.startsWith('gguf:') || plannedModel(catalog, target)) return null;
  const closest = catalog.closest(target, 2);
  return `not in the catalog: add it to costlab.yaml${closest.length > 0 ? ` (closest: ${closest.join(', ')})` : ''}`;
}

/** What to do about a candidate that cannot run (shown with its reason in the status bar). */
function blockedHint(data: AppData, target: string): string {
  if (catalogProblem(data.catalog, target) === null) return 'export the key and restart costlab, or pick a local model (g) or replay a recorded run';
  const colon = target.indexOf(':');
  const [provider, id] = colon > 0 ? [target.slice(0, colon), target.slice(colon + 1)] : ['PROVIDER', target];
  return `add it under models: in costlab.yaml ({ provider: ${provider}, id: ${id}, tokenizer: o200k_base, selfHosted: true, source: …, asOf: … }) and restart costlab`;
}

/** How far a stopped run got: "2,252 of 6,440 answered" (the trial count alone when the results were not counted). */
function progressOf(run: ListedRun): string {
  return run.resultCount === undefined ? `${formatCount(run.trialCount)} trials` : `${formatCount(run.resultCount)} of ${formatCount(run.trialCount)} answered`;
}

export function pickRows(data: AppData, set: PromptSet | undefined, models: readonly string[], local: readonly string[], runs: readonly ListedRun[]): PickRow[] {
  const rows: PickRow[] = [];
  if (set) {
    const targets = [...new Set([...models, ...set.models, ...local])];
    for (const variant of variantNamesOf(set)) {
      for (const target of targets) rows.push({ kind: 'candidate', variant, target, blocked: catalogProblem(data.catalog, target) ?? data.runBlocker(target) });
    }
  }
  rows.push({ kind: 'gguf' });
  for (const run of [...runs].reverse()) {
    const replayOf = typeof run.options['replayOf'] === 'string' ? run.options['replayOf'] : null;
    if (run.status !== 'finished' && replayOf !== null) {
      // A replay that was stopped goes on from the recorded run: it is resumed, not replayed again.
      rows.push({ kind: 'resume', runId: run.id, replay: true, label: `resume ${run.id} (${run.status} replay of ${replayOf}: ${progressOf(run)}; the rest from the recording, nothing is called)` });
    } else if (run.origin === 'recorded') {
      rows.push({ kind: 'replay', runId: run.id, label: `replay ${run.id} (${formatCount(run.trialCount)} recorded answers; nothing is called)` });
    } else if (run.status !== 'finished') {
      rows.push({ kind: 'resume', runId: run.id, replay: false, label: `resume ${run.id} (${run.status}: ${progressOf(run)})` });
    }
  }
  return rows;
}

function RunScreen({ data, width, height, active, color, selection, memory, report, setEditing, filter }: ScreenProps) {
  const [phase, setPhase] = useRemembered<Phase>(memory, 'run.phase', 'pick');
  const [cursor, setCursor] = useRemembered(memory, 'run.cursor', 0);
  const [chosen, setChosen] = useRemembered<string[]>(memory, 'run.chosen', []);
  const [local, setLocal] = useRemembered<string[]>(memory, 'run.local', []);
  const [billed, setBilled] = useRemembered<Billed | null>(memory, 'run.billed', null);
  const [session, setSession] = useRemembered<RunSession | null>(memory, 'run.session', null);
  const [runs, setRuns] = useState<ListedRun[]>([]);
  const [typing, setTypingState] = useState<string | null>(null);
  const typingNow = useRef<string | null>(null);
  const setTyping = (value: string | null) => {
    typingNow.current = value;
    setTypingState(value);
  };
  const [busy, setBusy] = useState(false);
  const [, setTick] = useState(0);
  const set = data.sets[selection.setIndex];

  useEffect(() => {
    if (!data.store) return;
    data.store.listRuns().then(setRuns, (error: unknown) => report(toAppError(error, 'the store could not be read; runs still work')));
  }, [data.store, session?.ended, report]);
  // A layout effect: subscribed in the commit that shows the session, so no event (nor a stop) goes unseen
  // while React has yet to run passive effects.
  useLayoutEffect(() => session?.subscribe(() => setTick((t) => t + 1)), [session]);

  const allRows = pickRows(data, set, selection.models, local, runs);
  // Only picks the list shows count (and are kept): switching sets drops the others.
  const listed = new Set(allRows.flatMap((r) => (r.kind === 'candidate' ? [pairKey(r.variant, r.target)] : [])));
  const picked = chosen.filter((k) => listed.has(k));
  const dropped = picked.length !== chosen.length;
  useEffect(() => {
    if (dropped) setChosen((previous) => previous.filter((k) => listed.has(k)));
  });
  const needle = filter.toLowerCase();
  const rows = allRows.filter(
    (r) => needle === '' || (r.kind === 'candidate' ? pairKey(r.variant, r.target) : r.kind === 'gguf' ? 'gguf' : r.label).toLowerCase().includes(needle),
  );
  const at = Math.min(cursor, Math.max(0, rows.length - 1));

  const resumeOf = (runId: string, replay: boolean): RunRequest => (replay ? { kind: 'resume', runId, replay: true } : { kind: 'resume', runId });
  const begin = (request: RunRequest) => {
    const next = new RunSession(request);
    setSession(next);
    setPhase('session');
    void next.start(data).then(() => {
      if (next.error) report(next.error);
    });
  };

  const makeBill = async () => {
    if (!set) return report({ message: 'no prompt set selected', hint: 'choose one on the Prompts screen (1)' });
    const pairs = picked.map((k) => {
      const i = k.indexOf('@');
      return { variant: k.slice(0, i), target: k.slice(i + 1) };
    });
    if (pairs.length === 0) return report({ message: 'no candidate picked', hint: 'Space picks a candidate (one whose key is set), or replay a recorded run' });
    setBusy(true);
    try {
      const targets = [...new Set(pairs.map((p) => p.target))];
      const catalog = data.catalogFor ? await data.catalogFor(targets) : data.catalog;
      const full = buildPlan({ set, catalog, models: targets, variants: [...new Set(pairs.map((p) => p.variant))], params: [{ maxOutputTokens: DEFAULT_MAX_OUTPUT_TOKENS }] });
      const wanted = new Set(picked);
      const candidates = full.candidates.filter((c) => wanted.has(pairKey(c.variant, c.target)));
      const ids = new Set(candidates.map((c) => c.id));
      const plan: Plan = { candidates, trials: full.trials.filter((t) => ids.has(t.candidateId)), references: full.references };
      const bill = await dryRunBill({ candidates: plan.candidates, trials: plan.trials, catalog, references: plan.references });
      setBilled({ set, plan, bill });
      setPhase('bill');
    } catch (error) {
      report(toAppError(error));
    } finally {
      setBusy(false);
    }
  };

  useKeys(
    (input, key) => {
      const typing = typingNow.current;
      if (typing !== null) {
        if (key.escape) {
          setTyping(null);
          setEditing(false);
        } else if (key.return) {
          const path = typing.trim();
          setTyping(null);
          setEditing(false);
          if (path) {
            const target = `gguf:${path}`;
            setLocal([...new Set([...local, target])]);
            const blocked = data.runBlocker(target);
            if (blocked) report({ message: `${target}: ${blocked}`, hint: 'type the path of a .gguf file (absolute, or relative to the folder costlab started in)' });
          }
        } else if (key.backspace || key.delete) setTyping(typing.slice(0, -1));
        else if (input && !key.ctrl && !key.meta) setTyping(typing + input);
        return;
      }
      if (phase === 'pick') {
        if (key.upArrow) return setCursor(Math.max(0, at - 1));
        if (key.downArrow) return setCursor(Math.min(rows.length - 1, at + 1));
        if (key.pageUp) return setCursor(Math.max(0, at - 10));
        if (key.pageDown) return setCursor(Math.min(rows.length - 1, at + 10));
        if (input === 'g') {
          setTyping('');
          setEditing(true);
          return;
        }
        const row = rows[at];
        if (input === ' ' && row?.kind === 'candidate') {
          const k = pairKey(row.variant, row.target);
          if (row.blocked && !picked.includes(k)) return report({ message: `${row.target} cannot run here: ${row.blocked}`, hint: blockedHint(data, row.target) });
          return setChosen(picked.includes(k) ? picked.filter((c) => c !== k) : [...picked, k]);
        }
        if (key.return) {
          if (row?.kind === 'gguf') {
            setTyping('');
            setEditing(true);
            return;
          }
          if (row?.kind === 'replay') return begin({ kind: 'replay', runId: row.runId });
          if (row?.kind === 'resume') return begin(resumeOf(row.runId, row.replay));
          if (!busy) void makeBill();
          return;
        }
        if (input === 'r') {
          if (row?.kind === 'resume') return begin(resumeOf(row.runId, row.replay));
          const stopped = rows.filter((r) => r.kind === 'resume').length;
          if (stopped === 0) return report({ message: 'no stopped run to resume here', hint: 'x stops a run; a stopped run is then listed here as ▶ resume' });
          return report({ message: 'r resumes a stopped run: move to its ▶ resume row', hint: `${stopped} stopped run${stopped === 1 ? ' is' : 's are'} listed below the candidates; Enter on the row resumes it too` });
        }
        if (input === 's' && session) return setPhase('session');
        return;
      }
      if (phase === 'bill') {
        if (key.escape) return setPhase('pick');
        if ((key.return || input === 's') && billed) return begin({ kind: 'plan', set: billed.set, plan: billed.plan, bill: billed.bill });
        return;
      }
      if (input === 'x' && session) return session.stop();
      if (input === 'r' && session?.ended && session.runId && session.status !== 'finished') return begin(resumeOf(session.runId, session.replay));
      if (key.escape && session?.ended) return setPhase('pick');
      if (key.escape) return report({ message: 'the run is still going', hint: 'press x to stop it (the trials left stay resumable), or switch screens: it runs on' });
    },
    active,
  );

  if (phase === 'bill' && billed) return <BillView billed={billed} width={width} height={height} />;
  if (phase === 'session' && session) return <SessionView session={session} width={width} height={height} color={color} />;

  const listHeight = Math.max(3, height - 3);
  // The candidate column as wide as the longest name (20 to width − 36); the reason gets the rest.
  const longest = Math.max(0, ...allRows.map((r) => (r.kind === 'candidate' ? pairKey(r.variant, r.target).length : 0)));
  const keyW = Math.max(20, Math.min(longest, width - 36));
  const top = Math.max(0, Math.min(at - Math.floor(listHeight / 2), rows.length - listHeight));
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold>{fit(set ? `Run ${set.name}: ${set.cases.length} cases × the candidates you pick (${picked.length} picked)` : 'Run: no prompt set loaded', width)}</Text>
      {rows.slice(top, top + listHeight).map((row, i) => {
        const index = top + i;
        const mark = index === at ? '›' : ' ';
        let text: string;
        let dim = false;
        if (row.kind === 'candidate') {
          const on = picked.includes(pairKey(row.variant, row.target));
          text = `${mark}[${on ? 'x' : ' '}] ${padTo(pairKey(row.variant, row.target), keyW)} ${row.blocked ?? 'ready'}`;
          dim = row.blocked !== null;
        } else if (row.kind === 'gguf') {
          text = `${mark} +  a local GGUF model file: ${typing !== null ? `${typing}${color ? '█' : '_'}` : 'press g (or Enter) to type its path'}`;
        } else {
          text = `${mark} ▶  ${row.label}`;
        }
        return (
          <Text key={`${row.kind}:${index}`} dimColor={dim}>
            {fit(text, width)}
          </Text>
        );
      })}
      <Box flexGrow={1} />
      <Text dimColor>{fit(busy ? 'pricing the plan…' : `Space picks · Enter: the dry-run bill${session ? ' · s: the current run' : ''} · ▶ rows run at once (r resumes)`, width)}</Text>
    </Box>
  );
}

function BillView({ billed, width, height }: { billed: Billed; width: number; height: number }) {
  const { bill, plan, set } = billed;
  const idW = Math.max(20, width - 7 - 9 - 12 * 3 - 4);
  const header = `${padTo('candidate', idW)} ${padTo('trials', 6, 'right')} ${padTo('input', 9, 'right')} ${padTo('min', 12, 'right')} ${padTo('expected', 12, 'right')} ${padTo('max', 12, 'right')}`;
  const money = (m: Money, exact: boolean) => (m.known ? `${exact ? '' : '≈'}${formatUsd(m, 3)}` : 'unknown');
  const shown = bill.candidates.slice(0, Math.max(1, height - 6));
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold>{fit(`Dry-run bill: ${set.name}, ${plan.candidates.length} candidates × ${set.cases.length} cases = ${formatCount(plan.trials.length)} trials, ≤ ${formatCount(DEFAULT_MAX_OUTPUT_TOKENS)} output tokens each`, width)}</Text>
      <Text bold>{fit(header, width)}</Text>
      {shown.map((c) => (
        <Text key={c.candidateId}>
          {fit(`${padTo(c.candidateId, idW)} ${padTo(formatCount(c.trials), 6, 'right')} ${padTo(`${c.exact ? '' : '≈'}${formatCount(c.inputTokens)}`, 9, 'right')} ${padTo(money(c.min, c.exact), 12, 'right')} ${padTo(money(c.expected, c.exact), 12, 'right')} ${padTo(money(c.max, c.exact), 12, 'right')}`, width)}
        </Text>
      ))}
      <Text bold>{fit(`${padTo('total', idW)} ${padTo(formatCount(plan.trials.length), 6, 'right')} ${padTo('', 9)} ${padTo(money(bill.total.min, true), 12, 'right')} ${padTo(money(bill.total.expected, true), 12, 'right')} ${padTo(money(bill.total.max, true), 12, 'right')}`, width)}</Text>
      <Text dimColor>{fit('min: input only · expected: + the reference answer (else half the output limit) · max: every output token', width)}</Text>
      <Box flexGrow={1} />
      <Text>{fit('Enter or s starts the run · Esc goes back', width)}</Text>
    </Box>
  );
}

function SessionView({ session, width, height, color }: { session: RunSession; width: number; height: number; color: boolean }) {
  const share = session.total === 0 ? 0 : session.done / session.total;
  const barW = Math.max(10, width - 40);
  const status = session.status === 'running' ? 'running' : session.status === 'starting' ? 'starting…' : session.status === 'stopping' ? 'stopping — waiting for the calls in flight' : session.status;
  const candidates = [...session.candidates.values()];
  // Every candidate's bar when they fit beside 3 table rows (and the error line); else as many and "+N more".
  const room = Math.max(1, height - 9);
  const candRows = candidates.length <= room ? candidates.length : room - 1;
  const more = candidates.length - candRows;
  const tableRows = Math.max(1, height - 6 - candRows - (more > 0 ? 1 : 0));
  const money = session.replay
    ? `recorded cost ${usd(session.spentUsd)} (nothing paid)`
    : `spent ${usd(session.spentUsd)} · projected ${usd(session.projectedUsd)}`;
  const idW = Math.max(16, width - 10 - 9 - 11 - 9 - 4);
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold>{fit(`Run ${session.runId ?? '…'} — ${status}`, width)}</Text>
      <Text>{fit(`${bar(share, barW, color)} ${formatCount(session.done)}/${formatCount(session.total)}${session.ended ? '' : ` · ETA ${duration(session.etaMs)}`}`, width)}</Text>
      <Text>
        {fit(`${money}${session.unpriced ? ` · ${formatCount(session.unpriced)} unpriced` : ''} · ${formatCount(session.succeeded)} ok, ${formatCount(session.failed)} failed, ${formatCount(session.cached)} cached`, width)}
      </Text>
      {candidates.slice(0, candRows).map((c) => (
        <Text key={c.candidate.id}>{fit(`${bar(c.total ? c.done / c.total : 0, 12, color)} ${formatCount(c.done)}/${formatCount(c.total)} ${c.candidate.id}${c.failed ? ` (${formatCount(c.failed)} failed)` : ''}`, width)}</Text>
      ))}
      {more > 0 ? <Text dimColor>{fit(`+${formatCount(more)} more candidate${more === 1 ? '' : 's'}`, width)}</Text> : null}
      <Text bold>{fit(`${padTo('candidate', idW)} ${padTo('case', 10)} ${padTo('status', 9)} ${padTo('cost', 11, 'right')} ${padTo('latency', 9, 'right')}`, width)}</Text>
      {session.rows.slice(-tableRows).map((r) => (
        <Text key={r.trialId} color={color && r.status === 'failed' ? 'red' : undefined}>
          {fit(`${padTo(r.candidateId, idW)} ${padTo(r.caseId, 10)} ${padTo(r.status === 'failed' ? (r.error?.code ?? 'failed') : r.cached ? 'cached' : 'ok', 9)} ${padTo(usd(r.costUsd, 3), 11, 'right')} ${padTo(r.latencyMs === null ? '—' : `${formatCount(Math.round(r.latencyMs))} ms`, 9, 'right')}`, width)}
        </Text>
      ))}
      <Box flexGrow={1} />
      {session.error ? <Text color={color ? 'red' : undefined}>{fit(`✗ ${session.error.message}${session.error.hint ? ` — ${session.error.hint}` : ''}`, width)}</Text> : null}
      <Text dimColor>
        {fit(
          session.ended
            ? `${session.status === 'stopped' ? `stopped: ${formatCount(session.notRun)} trials left · r resumes · ` : ''}Esc: back to the picker · 4: Results`
            : 'x stops (the trials left stay resumable) · other screens keep working',
          width,
        )}
      </Text>
    </Box>
  );
}

export const runScreen: ScreenDef = {
  id: 'run',
  title: 'Run',
  key: '3',
  hint: 'Space pick · Enter bill/start · x stop · r resume',
  keys: [
    ['↑ ↓ PgUp PgDn', 'move through the candidates and runs'],
    ['Space', 'pick a candidate (variant@model) whose key is set'],
    ['Enter', 'the dry-run bill; Enter again starts the run'],
    ['g', 'type the path of a local GGUF model to run in-process'],
    ['▶ rows + Enter', 'replay a recorded run, or resume a stopped one'],
    ['x / r', 'stop the run / resume it (r on a ▶ resume row resumes that run)'],
    ['s', 'back to the run in progress'],
  ],
  Component: RunScreen,
};
