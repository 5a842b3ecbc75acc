/**
 * Results: the runs in the store; per candidate a table of its trials (sortable by column, filterable with
 * `/`), with each trial's quality (human rating, judge, recorded label, assertions or reference — whichever
 * is known first) and cost; two candidates' answers to one case side by side; and rating keys (+ / -, or
 * r then 1–5) that append a human rating to the run's annotations log.
 */
import { Box, Text } from 'ink';
import { useKeys } from '../hooks/use-keys.ts';
import { useEffect, useRef, useState } from 'react';
import { formatUsd, parseScaled } from '../../core/index.ts';
import type { RunSummary } from '../../core/index.ts';
import type { RunView, ScoredTrialView, UiRating } from '../app-data.ts';
import { toAppError } from '../errors.ts';
import { useRemembered } from '../hooks/use-remembered.ts';
import { duration, usd } from '../run-session.ts';
import type { ScreenDef, ScreenProps } from '../screen.ts';
import { fit, formatCount, padTo } from '../text.ts';
import { wrapWords } from '../wrap-words.ts';

type View = 'runs' | 'table' | 'compare';
export const SORTS = ['case', 'quality', 'cost', 'latency'] as const;
type Sort = (typeof SORTS)[number];

/** A candidate's trials, filtered by case id or output text, sorted by a column (nulls last). */
export function trialRows(view: RunView, candidateId: string, sort: Sort, descending: boolean, filter: string): ScoredTrialView[] {
  const needle = filter.toLowerCase();
  const rows = view.trials.filter(
    (t) => t.trial.candidateId === candidateId && (needle === '' || t.trial.caseId.toLowerCase().includes(needle) || (t.result?.output ?? '').toLowerCase().includes(needle)),
  );
  const value = (t: ScoredTrialView): number | string | null => {
    switch (sort) {
      case 'case':
        return t.trial.caseId;
      case 'quality':
        return t.quality;
      case 'cost':
        return t.result?.costUsd == null ? null : Number(t.result.costUsd);
      case 'latency':
        return t.result?.latencyMs ?? null;
    }
  };
  return rows
    .map((t, i) => ({ t, i, v: value(t) }))
    .sort((a, b) => {
      if (a.v === null && b.v === null) return a.i - b.i;
      if (a.v === null) return 1;
      if (b.v === null) return -1;
      const c = typeof a.v === 'string' ? a.v.localeCompare(b.v as string, 'en', { numeric: true }) : (a.v as number) - (b.v as number);
      return (descending ? -c : c) || a.i - b.i;
    })
    .map((x) => x.t);
}

/** Mean quality over a candidate's scored trials (null when none) and its total cost. */
export function candidateSummary(view: RunView, candidateId: string): { n: number; scored: number; mean: number | null; spentPico: bigint; unpriced: number } {
  let n = 0;
  let scored = 0;
  let sum = 0;
  let spentPico = 0n;
  let unpriced = 0;
  for (const t of view.trials) {
    if (t.trial.candidateId !== candidateId) continue;
    n++;
    if (t.quality !== null) {
      scored++;
      sum += t.quality;
    }
    if (t.result?.costUsd != null) spentPico += parseScaled(t.result.costUsd, 12);
    else if (t.result?.usage) unpriced++;
  }
  return { n, scored, mean: scored ? sum / scored : null, spentPico, unpriced };
}

const ratingText = (r: UiRating | null) => (r === null ? '' : typeof r === 'number' ? '★'.repeat(r) : r);

/** The candidate shown on the right of a comparison: `other`, or the next one when that is the left one. */
export function otherCandidate(other: number, left: number, count: number): number {
  if (count <= 1) return 0;
  const right = ((other % count) + count) % count;
  return right === left ? (left + 1) % count : right;
}

function ResultsScreen({ data, width, height, active, color, memory, report, setEditing, filter }: ScreenProps) {
  const [view, setView] = useRemembered<View>(memory, 'results.view', 'runs');
  const [runCursor, setRunCursor] = useRemembered(memory, 'results.runCursor', 0);
  const [loaded, setLoaded] = useRemembered<RunView | null>(memory, 'results.loaded', null);
  const [candidate, setCandidate] = useRemembered(memory, 'results.candidate', 0);
  const [other, setOther] = useRemembered(memory, 'results.other', 1);
  const [rowCursor, setRowCursor] = useRemembered(memory, 'results.row', 0);
  const [sort, setSort] = useRemembered<Sort>(memory, 'results.sort', 'case');
  const [descending, setDescending] = useRemembered(memory, 'results.desc', false);
  const [runs, setRuns] = useState<RunSummary[] | null>(null);
  const [rating, setRatingState] = useState(false);
  const ratingNow = useRef(false);
  const setRating = (value: boolean) => {
    ratingNow.current = value;
    setRatingState(value);
  };

  useEffect(() => {
    if (!data.store) return setRuns([]);
    data.store.listRuns().then(
      (list) => setRuns([...list].reverse()),
      (error: unknown) => {
        setRuns([]);
        report(toAppError(error, 'check the store folder (.costlab) or start costlab with --store DIR'));
      },
    );
  }, [data.store, report]);

  const open = async (runId: string) => {
    if (!data.store) return;
    try {
      const v = await data.store.loadRun(runId);
      setLoaded(v);
      setCandidate(0);
      setOther(v.run.candidates.length > 1 ? 1 : 0);
      setRowCursor(0);
      setView('table');
      if (v.warnings[0]) report({ message: v.warnings[0] });
    } catch (error) {
      report(toAppError(error));
    }
  };

  const candidates = loaded?.run.candidates ?? [];
  const current = candidates[Math.min(candidate, Math.max(0, candidates.length - 1))];
  const rows = loaded && current ? trialRows(loaded, current.id, sort, descending, filter) : [];
  const at = Math.min(rowCursor, Math.max(0, rows.length - 1));
  const selected = rows[at];

  const rate = async (raw: UiRating) => {
    if (!loaded || !selected) return;
    if (!selected.result) return report({ message: 'this trial has no answer yet to rate', hint: 'resume the run on the Run screen (3)' });
    if (!data.saveRating) return report({ message: 'ratings cannot be saved here', hint: 'start costlab in the folder of the store' });
    try {
      await data.saveRating(loaded.run.id, selected.trial.id, raw);
      const next = await data.store!.loadRun(loaded.run.id);
      setLoaded(next);
      // The rating may move the trial (sorted by quality): the cursor follows it.
      const index = current ? trialRows(next, current.id, sort, descending, filter).findIndex((t) => t.trial.id === selected.trial.id) : -1;
      if (index >= 0) setRowCursor(index);
    } catch (error) {
      report(toAppError(error));
    }
  };

  useKeys(
    (input, key) => {
      if (ratingNow.current) {
        setRating(false);
        // Edit mode ends once every key handler has seen this key: ink calls them all for one key, and the
        // App's (which switches screens on a digit) may come after this one — it must still find edit mode on.
        queueMicrotask(() => setEditing(false));
        if (/^[1-5]$/.test(input)) void rate(Number(input) as UiRating);
        return;
      }
      if (view === 'runs') {
        const list = runs ?? [];
        if (key.upArrow) return setRunCursor(Math.max(0, runCursor - 1));
        if (key.downArrow) return setRunCursor(Math.min(list.length - 1, runCursor + 1));
        if (key.return && list[runCursor]) return void open(list[runCursor].id);
        return;
      }
      // With a filter on, the first Esc clears it (the App does) and stays here.
      if (key.escape && filter !== '' && view === 'table') return;
      if (key.escape) return setView(view === 'compare' ? 'table' : 'runs');
      if (key.leftArrow) return setCandidate((candidate - 1 + candidates.length) % Math.max(1, candidates.length));
      if (key.rightArrow) return setCandidate((candidate + 1) % Math.max(1, candidates.length));
      if (key.upArrow) return setRowCursor(Math.max(0, at - 1));
      if (key.downArrow) return setRowCursor(Math.min(rows.length - 1, at + 1));
      if (key.pageUp) return setRowCursor(Math.max(0, at - 10));
      if (key.pageDown) return setRowCursor(Math.min(rows.length - 1, at + 10));
      if (input === 's') return setSort(SORTS[(SORTS.indexOf(sort) + 1) % SORTS.length]!);
      if (input === 'o') return setDescending(!descending);
      if (input === 'c' || key.return) return setView(view === 'compare' ? 'table' : 'compare');
      if (input === 'b') return setOther(otherCandidate(otherCandidate(other, candidate, candidates.length) + 1, candidate, candidates.length));
      if (input === '+' || input === '-') return void rate(input);
      if (input === 'r') {
        setRating(true);
        setEditing(true);
      }
    },
    active,
  );

  if (!data.store) return <Text>No result store here. Run a set on the Run screen (3), or start costlab with --store DIR.</Text>;
  if (view === 'runs' || !loaded || !current) {
    const list = runs ?? [];
    return (
      <Box flexDirection="column" width={width} height={height}>
        <Text bold>{fit(`Runs in ${data.store.dir} (${list.length}) — Enter opens`, width)}</Text>
        {runs === null ? <Text dimColor>reading the store…</Text> : null}
        {runs !== null && list.length === 0 ? <Text>{fit('No runs yet: run a set on the Run screen (3), or import recorded results (costlab import recorded …).', width)}</Text> : null}
        {list.slice(Math.max(0, runCursor - height + 3), Math.max(0, runCursor - height + 3) + height - 1).map((r) => {
          const i = list.indexOf(r);
          return (
            <Text key={r.id}>
              {fit(`${i === runCursor ? '›' : ' '} ${padTo(r.id, Math.max(24, width - 40))} ${padTo(r.origin, 8)} ${padTo(r.status, 8)} ${formatCount(r.trialCount)} trials`, width)}
            </Text>
          );
        })}
      </Box>
    );
  }

  const summary = candidateSummary(loaded, current.id);
  const head = `${loaded.run.id} · candidate ${candidate + 1}/${candidates.length} ${current.id} · ${summary.n} trials · quality ${summary.mean === null ? '—' : summary.mean.toFixed(2)} (${summary.scored} scored) · ${formatUsd({ known: true, pico: summary.spentPico }, 3)}${summary.unpriced ? ` + ${summary.unpriced} unpriced` : ''}`;
  if (view === 'compare' && selected) {
    return <CompareView view={loaded} caseId={selected.trial.caseId} left={current.id} right={candidates[otherCandidate(other, candidate, candidates.length)]!.id} width={width} height={height} head={head} />;
  }
  const caseW = Math.max(10, Math.min(24, Math.floor(width / 5)));
  const outW = Math.max(10, width - caseW - 8 - 8 - 6 - 11 - 9 - 7);
  const arrow = descending ? '↓' : '↑';
  const col = (name: Sort, label: string) => (sort === name ? `${label}${arrow}` : label);
  const tableHeight = Math.max(1, height - 4);
  const top = Math.max(0, Math.min(at - Math.floor(tableHeight / 2), rows.length - tableHeight));
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold>{fit(head, width)}</Text>
      <Text bold>
        {fit(`  ${padTo(col('case', 'case'), caseW)} ${padTo('status', 8)} ${padTo(col('quality', 'quality'), 8, 'right')} ${padTo('rated', 6)} ${padTo(col('cost', 'cost'), 11, 'right')} ${padTo(col('latency', 'latency'), 9, 'right')} output`, width)}
      </Text>
      {rows.slice(top, top + tableHeight).map((t, i) => {
        const index = top + i;
        const r = t.result;
        const status = !r ? 'pending' : r.status === 'failed' ? (r.error?.code ?? 'failed') : r.cached ? 'cached' : 'ok';
        const output = (r?.output ?? r?.error?.message ?? '').replace(/\s+/g, ' ');
        return (
          <Text key={t.trial.id} bold={index === at} color={color && r?.status === 'failed' ? 'red' : undefined}>
            {fit(`${index === at ? '›' : ' '} ${padTo(t.trial.caseId + (t.trial.repeat > 1 ? `#${t.trial.repeat}` : ''), caseW)} ${padTo(status, 8)} ${padTo(t.quality === null ? '—' : t.quality.toFixed(2), 8, 'right')} ${padTo(ratingText(t.rating), 6)} ${padTo(r ? usd(r.costUsd) : '', 11, 'right')} ${padTo(r?.latencyMs == null ? '—' : duration(r.latencyMs).replace(/^0s$/, `${r.latencyMs} ms`), 9, 'right')} ${fit(output, outW)}`, width)}
          </Text>
        );
      })}
      <Box flexGrow={1} />
      <Text dimColor>{fit(rating ? 'rate 1–5 (any other key cancels)' : '←/→ candidate · s sort · o order · c compare · b other · +/- or r 1–5 rates · Esc runs', width)}</Text>
    </Box>
  );
}

function CompareView({ view, caseId, left, right, width, height, head }: { view: RunView; caseId: string; left: string; right: string; width: number; height: number; head: string }) {
  const colW = Math.floor((width - 3) / 2);
  const pick = (id: string) => view.trials.find((t) => t.trial.candidateId === id && t.trial.caseId === caseId);
  const sides = [pick(left), pick(right)].map((t, i) => {
    const id = i === 0 ? left : right;
    const r = t?.result;
    const title = `${id}`;
    const meta = r ? `quality ${t?.quality == null ? '—' : t.quality.toFixed(2)}${t?.rating != null ? ` (rated ${ratingText(t.rating)})` : ''} · ${usd(r.costUsd)} · ${r.latencyMs == null ? '—' : `${formatCount(Math.round(r.latencyMs))} ms`}` : 'no answer';
    const text = r?.output ?? r?.error?.message ?? '';
    const lines = wrapWords(text, Math.max(1, colW));
    return { title, meta, lines };
  });
  const bodyH = Math.max(1, height - 4);
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold>{fit(`${head.split(' · ')[0]} · case ${caseId} side by side`, width)}</Text>
      <Box>
        {sides.map((s, i) => (
          <Box key={i} flexDirection="column" width={colW} marginRight={i === 0 ? 3 : 0}>
            <Text bold>{fit(s.title, colW)}</Text>
            <Text dimColor>{fit(s.meta, colW)}</Text>
            {s.lines.slice(0, bodyH).map((line, j) => (
              <Text key={j}>{line || ' '}</Text>
            ))}
          </Box>
        ))}
      </Box>
      <Box flexGrow={1} />
      <Text dimColor>{fit('b: another candidate on the right · ↑/↓ another case · Esc: the table', width)}</Text>
    </Box>
  );
}

export const resultsScreen: ScreenDef = {
  id: 'results',
  title: 'Results',
  key: '4',
  hint: 's sort · c compare · +/- rate',
  keys: [
    ['↑ ↓ Enter', 'choose a run and open it'],
    ['← →', 'previous / next candidate'],
    ['s / o', 'sort by case, quality, cost, latency / reverse the order'],
    ['/', 'filter trials by case id or answer text'],
    ['c, Enter', 'two candidates side by side on the selected case (b: the other one)'],
    ['+ / -', 'rate the selected answer good / bad'],
    ['r then 1-5', 'rate it 1 to 5 stars'],
    ['Esc', 'back (compare → table → runs)'],
  ],
  Component: ResultsScreen,
};
