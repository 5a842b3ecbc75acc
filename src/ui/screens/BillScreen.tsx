/**
 * The Bill screen: the bundled traffic profiles (prompts/profiles: launch and launch-optimised) as a form —
 * requests per day, token sizes, semantic-cache hit rate, strong share, batch share, compression, per route —
 * and the monthly bill core's forecastBill gives for them: stacked bars by route and component, the total with
 * its p10/p90 range and month 12 of the profile's growth, and the two scenarios side by side. ↑/↓ pick a field,
 * ←/→ (or -/+) change it, r the next route, p the other scenario, u undoes this scenario's edits. The profiles
 * are measured (their prompt sets counted) the first time the screen is shown, without blocking the app.
 */
import { Box, Text, useInput } from 'ink';
import { useEffect, useMemo, useRef, useState } from 'react';
import { compareBills, forecastBill, formatUsd } from '../../core/index.ts';
import type { Bill, Catalog, Money } from '../../core/index.ts';
import {
  BAR_KEYS, BILL_FIELDS, FIELD_LABELS, fieldApplies, fieldNote, fieldValue, routeBars, scenarioBars, stepField, usd, withRoute,
} from '../bill-model.ts';
import { formatUsdShort } from '../components/plot-grid.ts';
import type { LoadedProfile } from '../bill-model.ts';
import { BarChart } from '../components/BarChart.tsx';
import { useRemembered } from '../hooks/use-remembered.ts';
import type { ScreenDef, ScreenProps } from '../screen.ts';
import { fit, padTo } from '../text.ts';

interface BillState {
  scenario: number;
  route: number;
  field: number;
}

type Load = { kind: 'idle' } | { kind: 'loading' } | { kind: 'failed'; message: string };

/** A month's amount, exact (rounded half up to cents from $100, else 4 significant digits), or what is unknown. */
function monthly(m: Money): string {
  return formatUsd(m, 4);
}

/** As the bars show it: whole dollars from $100. */
function short(m: Money): string {
  const value = usd(m);
  return value === null ? formatUsd(m) : formatUsdShort(value);
}

interface Forecast {
  bill: Bill | null;
  p10: Money | null;
  p90: Money | null;
  month12: Money | null;
  error: string | null;
}

function forecast(profile: LoadedProfile, catalog: Catalog): Forecast {
  try {
    return {
      bill: forecastBill(profile.profile, catalog),
      p10: forecastBill(profile.profile, catalog, { point: 'p10' }).total,
      p90: forecastBill(profile.profile, catalog, { point: 'p90' }).total,
      month12: forecastBill(profile.profile, catalog, { month: 12 }).total,
      error: null,
    };
  } catch (error) {
    return { bill: null, p10: null, p90: null, month12: null, error: error instanceof Error ? error.message : String(error) };
  }
}

export function useProfiles(props: ScreenProps): { profiles: LoadedProfile[] | null; originals: LoadedProfile[] | null; setProfiles(update: (p: LoadedProfile[]) => LoadedProfile[]): void; load: Load } {
  const { data, memory, report } = props;
  const [profiles, setProfiles] = useRemembered<LoadedProfile[] | null>(memory, 'profiles.edited', null);
  const [originals, setOriginals] = useRemembered<LoadedProfile[] | null>(memory, 'profiles.original', null);
  const [load, setLoad] = useState<Load>({ kind: 'idle' });
  useEffect(() => {
    if (profiles !== null || !data.loadProfiles) return;
    let live = true;
    setLoad({ kind: 'loading' });
    data.loadProfiles().then(
      (result) => {
        if (!live) return;
        setOriginals(result.profiles);
        setProfiles(result.profiles);
        setLoad({ kind: 'idle' });
        if (result.errors[0]) report(result.errors[0]);
      },
      (error: unknown) => {
        if (live) setLoad({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      live = false;
    };
  }, [data, profiles]);
  return { profiles, originals, setProfiles: (update) => setProfiles((p) => (p === null ? p : update(p))), load };
}

export function BillScreen(props: ScreenProps) {
  const { data, width, active, color, memory } = props;
  const { profiles, originals, setProfiles, load } = useProfiles(props);
  const [state, setState] = useRemembered<BillState>(memory, 'bill.state', { scenario: 0, route: 0, field: 0 });
  const forecasts = useMemo(() => (profiles ?? []).map((p) => forecast(p, data.catalog)), [profiles, data.catalog]);
  const counts = useRef({ scenarios: 0, routes: [] as number[] });
  counts.current = { scenarios: profiles?.length ?? 0, routes: (profiles ?? []).map((p) => p.profile.routes.length) };
  // The handler reads and writes this ref, so keys typed faster than the app repaints all count.
  const stateRef = useRef(state);
  stateRef.current = state;
  const update = (next: BillState) => {
    stateRef.current = next;
    setState(next);
  };

  useInput(
    (input, key) => {
      const { scenarios, routes } = counts.current;
      if (scenarios === 0) return;
      const s = stateRef.current;
      const step = (direction: 1 | -1) =>
        setProfiles((all) =>
          all.map((p, i) => {
            if (i !== s.scenario) return p;
            const route = p.profile.routes[s.route];
            const field = BILL_FIELDS[s.field];
            if (!route || !field || !fieldApplies(route, field)) return p;
            return { ...p, profile: withRoute(p.profile, s.route, stepField(route, field, direction)) };
          }),
        );
      if (key.upArrow) update({ ...s, field: Math.max(0, s.field - 1) });
      else if (key.downArrow) update({ ...s, field: Math.min(BILL_FIELDS.length - 1, s.field + 1) });
      else if (key.rightArrow || input === '+' || input === '=') step(1);
      else if (key.leftArrow || input === '-') step(-1);
      else if (input === 'r') update({ ...s, route: (s.route + 1) % Math.max(1, routes[s.scenario] ?? 1) });
      else if (input === 'p') update({ ...s, scenario: (s.scenario + 1) % scenarios, route: 0 });
      else if (input === 'u' && originals) setProfiles((all) => all.map((p, i) => (i === s.scenario ? (originals[i] ?? p) : p)));
    },
    { isActive: active },
  );

  if (!data.loadProfiles) return <Text>No traffic profiles here: the Bill screen reads prompts/profiles (run costlab in a terminal).</Text>;
  if (load.kind === 'failed') return <Text>The profiles did not load: {load.message} — fix the file named, then reopen costlab.</Text>;
  if (profiles === null) return <Text>Measuring the bundled traffic profiles (prompts/profiles)… the other screens work meanwhile (tab).</Text>;
  if (profiles.length === 0) return <Text>No traffic profiles loaded: the status bar says why.</Text>;

  const scenario = Math.min(state.scenario, profiles.length - 1);
  const current = profiles[scenario] as LoadedProfile;
  const routeIndex = Math.min(state.route, current.profile.routes.length - 1);
  const route = current.profile.routes[routeIndex];
  const result = forecasts[scenario] as Forecast;
  const names = profiles.map((p, i) => `${String.fromCharCode(65 + i)} ${p.profile.name}`);
  const labelWidth = 24;
  const valueWidth = 12;
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate-end">
        <Text bold>Bill</Text> · {names.map((n, i) => (i === scenario ? `[${n}]` : n)).join(' ')} (p) · route {routeIndex + 1}/{current.profile.routes.length}{' '}
        <Text bold>{route?.name}</Text> (r) · ←/→ edit · u undo
      </Text>
      {route
        ? BILL_FIELDS.map((field, i) => {
            const selected = i === state.field;
            const applies = fieldApplies(route, field);
            const line = `${padTo(FIELD_LABELS[field], labelWidth)} ${padTo(fieldValue(route, field), valueWidth, 'right')}  ${fieldNote(route, field)}`;
            return (
              <Text key={field} wrap="truncate-end" dimColor={!applies} {...(selected && color ? { inverse: true } : {})}>
                {selected ? '› ' : '  '}
                {fit(line, width - 2)}
              </Text>
            );
          })
        : null}
      {result.bill ? (
        <>
          <Text bold wrap="truncate-end">
            {fit(`${current.profile.name}: ${monthly(result.bill.total)} a month (month 1, ${Number(result.bill.daysPerMonth.n) / Number(result.bill.daysPerMonth.d)} days)`, width)}
          </Text>
          <BarChart rows={routeBars(result.bill)} keys={BAR_KEYS} width={width} color={color} />
          <Text wrap="truncate-end">
            {fit(`requests at p10 sizes ${result.p10 ? short(result.p10) : '—'}, at p90 ${result.p90 ? short(result.p90) : '—'} · month 12 of growth ${result.month12 ? short(result.month12) : '—'}`, width)}
          </Text>
        </>
      ) : (
        <Text>The bill cannot be computed: {result.error} — fix the profile or the catalog.</Text>
      )}
      {profiles.length > 1 ? <Comparison profiles={profiles} forecasts={forecasts} width={width} color={color} /> : null}
      {result.bill?.warnings[0] ? <Text dimColor wrap="truncate-end">{fit(`⚠ ${result.bill.warnings[0]}`, width)}</Text> : null}
      {result.bill ? (
        <Text dimColor wrap="truncate-end">
          {fit(`prices: ${result.bill.prices.map((p) => `${p.model} ${p.asOf}`).join(', ')} (${[...new Set(result.bill.prices.map((p) => p.source))].join(', ')})`, width)}
        </Text>
      ) : null}
    </Box>
  );
}

function Comparison({ profiles, forecasts, width, color }: { profiles: LoadedProfile[]; forecasts: Forecast[]; width: number; color: boolean }) {
  const bills = profiles.map((p, i) => ({ label: `${String.fromCharCode(65 + i)} ${p.profile.name}`, bill: forecasts[i]?.bill ?? null }));
  const ready = bills.filter((b): b is { label: string; bill: Bill } => b.bill !== null);
  if (ready.length < 2) return null;
  const [a, b] = ready as [{ label: string; bill: Bill }, { label: string; bill: Bill }];
  const diff = compareBills(a.bill, b.bill);
  const share = diff.saving.known && a.bill.total.known && a.bill.total.pico > 0n ? ` (${((Number(diff.saving.pico) / Number(a.bill.total.pico)) * 100).toFixed(0)}%)` : '';
  const saving = diff.saving.known
    ? diff.saving.pico >= 0n
      ? `${b.label} saves ${monthly(diff.saving)}${share} a month`
      : `${b.label} costs ${monthly({ known: true, pico: -diff.saving.pico })} more a month`
    : 'the saving is unknown (a price is missing)';
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">{fit(`scenarios: ${saving}`, width)}</Text>
      <BarChart rows={scenarioBars(ready)} keys={BAR_KEYS} width={width} color={color} legend={false} />
    </Box>
  );
}

export const billScreen: ScreenDef = {
  id: 'bill',
  title: 'Bill',
  key: '7',
  keys: [
    ['↑/↓', 'pick a field of the route'],
    ['←/→ or -/+', 'change it (sizes ×1.25, shares ±5–10 points)'],
    ['r', 'next route'],
    ['p', 'the other scenario (launch / launch-optimised)'],
    ['u', 'undo this scenario\'s edits'],
  ],
  hint: '↑/↓ field · ←/→ edit · r route · p scenario',
  filters: false,
  Component: BillScreen,
};
