/**
 * The Route screen: two-model routing over the recorded RouteLLM GSM8K demo. A threshold slider (←/→, big
 * steps with shift+←/→ or PgUp/PgDn, Home/End) walks the router's threshold sweep and moves the strong-call
 * share, quality, cost per 1,000 and the monthly bill at a requests/day figure (+/-) live; the curve of quality
 * against strong share is drawn with the current point, the random baseline and the oracle bound; APGR and
 * CPT(50 %) / CPT(80 %) are RouteLLM's metrics (core/analysis routing.ts). `s` cycles the router score, `e`
 * exports the router config through the CLI (costlab-router.json). Both models are priced with catalog rates
 * of the stand-ins the screen names ("priced as …").
 */
import { Box, Text, useInput } from 'ink';
import { useMemo, useRef, useState } from 'react';
import { oracleCurve, randomRouterCurve, routingCurve, routingMetrics } from '../../core/index.ts';
import type { RoutingMetrics, RoutingPoint } from '../../core/index.ts';
import { styleProps } from '../components/GridRows.tsx';
import { LineChart } from '../components/LineChart.tsx';
import type { LineSeries } from '../components/LineChart.tsx';
import { Slider } from '../components/Slider.tsx';
import { axisFor, formatPercent, formatUsdShort, niceTicks } from '../components/plot-grid.ts';
import { demoRouters, demoRoutingItems } from '../demo-data.ts';
import type { RouteDemo, RouterScores } from '../demo-data.ts';
import { useRemembered } from '../hooks/use-remembered.ts';
import {
  DAYS_PER_MONTH, DEFAULT_REQUESTS_STEP, REQUEST_STEPS, bigStep, clampPosition, monthlyUsd, positionNearShare, routerExport,
} from '../route-model.ts';
import type { ScreenDef, ScreenProps } from '../screen.ts';
import { fit, formatCount } from '../text.ts';

interface RouterView {
  router: RouterScores;
  curve: RoutingPoint[];
  metrics: RoutingMetrics | null;
  metricsError: string | null;
  random: RoutingPoint[];
  oracle: RoutingPoint[];
}

function view(demo: RouteDemo, router: RouterScores): RouterView {
  const items = demoRoutingItems(demo, router.scores);
  const curve = routingCurve(items);
  let metrics: RoutingMetrics | null = null;
  let metricsError: string | null = null;
  try {
    metrics = routingMetrics(items, curve);
  } catch (error) {
    metricsError = error instanceof Error ? error.message : String(error);
  }
  return { router, curve, metrics, metricsError, random: randomRouterCurve(items, 1), oracle: oracleCurve(items) };
}

const ROUTER_FILE_NAME = 'costlab-router.json';

type ExportState = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; path: string } | { kind: 'failed'; message: string };

function cpt(share: number | undefined): string {
  return share === undefined ? 'never' : formatPercent(share);
}

export function RouteScreen(props: ScreenProps) {
  const demo = props.data.routeDemo;
  if (!demo) {
    return (
      <Box flexDirection="column">
        <Text>No routing data: the bundled RouteLLM demo (prompts/demo/recorded/routellm-gsm8k.json) did not load.</Text>
        <Text dimColor>The status bar says why; reinstall costlab or rebuild it with node --import tsx scripts/build-demo-data.ts.</Text>
      </Box>
    );
  }
  return <RouteView {...props} demo={demo} />;
}

interface RouteState {
  router: number;
  /** Index into the router's sweep; clamped when read. */
  position: number;
  /** Index into REQUEST_STEPS. */
  perDay: number;
}

function RouteView({ demo, data, width, height, active, color, memory, report }: ScreenProps & { demo: RouteDemo }) {
  const routers = useMemo(() => demoRouters(demo), [demo]);
  // One view per router, computed the first time it is shown.
  const views = useMemo(() => new Map<number, RouterView>(), [demo]);
  const viewOf = (index: number): RouterView => {
    let hit = views.get(index);
    if (!hit) {
      hit = view(demo, routers[index] as RouterScores);
      views.set(index, hit);
    }
    return hit;
  };
  // Every key updates the state from its previous value: keys typed faster than the app repaints all count.
  const [state, setState] = useRemembered<RouteState>(memory, 'route.state', () => ({
    router: 0,
    position: positionNearShare(viewOf(0).curve, 0.5),
    perDay: DEFAULT_REQUESTS_STEP,
  }));
  const [exported, setExported] = useState<ExportState>({ kind: 'idle' });
  const current = viewOf(state.router % routers.length);
  const positions = current.curve.length;
  const position = clampPosition(state.position, positions);
  const point = current.curve[position] as RoutingPoint;
  const perDay = REQUEST_STEPS[state.perDay] ?? 10_000;
  // What `e` exports: read when the key comes, so it is the frame on screen even before the handler re-binds.
  const shownRef = useRef({ router: current.router, point });
  shownRef.current = { router: current.router, point };

  const move = (delta: (positions: number) => number) =>
    setState((s) => {
      const n = viewOf(s.router).curve.length;
      return { ...s, position: clampPosition(clampPosition(s.position, n) + delta(n), n) };
    });

  const doExport = () => {
    if (!data.exportRouter) {
      setExported({ kind: 'failed', message: 'export is not available here — run costlab in a terminal to write costlab-router.json' });
      return;
    }
    let request;
    try {
      request = routerExport(demo, shownRef.current.router, shownRef.current.point);
    } catch (error) {
      setExported({ kind: 'failed', message: `${error instanceof Error ? error.message : String(error)} — pick another router with s` });
      return;
    }
    setExported({ kind: 'busy' });
    data.exportRouter(request).then(
      (path) => setExported({ kind: 'done', path }),
      (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        const hint = (error as { hint?: string }).hint;
        setExported({ kind: 'failed', message: hint ? `${message} — ${hint}` : message });
        report({ message: `router export failed: ${message}`, ...(hint ? { hint } : {}) });
      },
    );
  };

  useInput(
    (input, key) => {
      if (key.leftArrow) move((n) => (key.shift ? -bigStep(n) : -1));
      else if (key.rightArrow) move((n) => (key.shift ? bigStep(n) : 1));
      else if (key.pageDown) move((n) => -bigStep(n));
      else if (key.pageUp) move((n) => bigStep(n));
      else if (key.home) move((n) => -n);
      else if (key.end) move((n) => n);
      else if (input === '+' || input === '=') setState((s) => ({ ...s, perDay: Math.min(REQUEST_STEPS.length - 1, s.perDay + 1) }));
      else if (input === '-' || input === '_') setState((s) => ({ ...s, perDay: Math.max(0, s.perDay - 1) }));
      else if (input === 's') {
        setState((s) => {
          const before = viewOf(s.router).curve;
          const share = (before[clampPosition(s.position, before.length)] as RoutingPoint).strongShare;
          const next = (s.router + 1) % routers.length;
          return { ...s, router: next, position: positionNearShare(viewOf(next).curve, share) };
        });
        setExported({ kind: 'idle' });
      } else if (input === 'e') doExport();
    },
    { isActive: active },
  );

  const m = current.metrics;
  const pgr = m ? (point.quality - m.weakQuality) / (m.strongQuality - m.weakQuality) : null;
  const fixedRows = 8;
  const chartHeight = Math.max(6, height - fixedRows);
  const quality = [...current.curve, ...current.oracle].map((p) => p.quality);
  const yAxis = axisFor(quality, { pad: 0.05, floor: 0, ceil: 1 });
  const series: LineSeries[] = [
    { id: 'router', label: `${current.router.label} router`, points: current.curve.map((p) => ({ x: p.strongShare, y: p.quality })), char: '•', style: 'router' },
    { id: 'oracle', label: 'oracle', points: current.oracle.map((p) => ({ x: p.strongShare, y: p.quality })), char: '◦', style: 'oracle' },
    { id: 'random', label: 'random', points: current.random.map((p) => ({ x: p.strongShare, y: p.quality })), char: '·', style: 'random' },
  ];
  const threshold = !Number.isFinite(point.threshold) ? 'none (all weak)'
    : point.strongShare >= 1 ? `${current.router.formatThreshold(point.threshold)} (all strong)`
    : current.router.formatThreshold(point.threshold);
  const exportLine =
    exported.kind === 'busy' ? 'writing the router config…'
    : exported.kind === 'done' ? `✓ wrote ${exported.path}`
    : exported.kind === 'failed' ? `✗ ${exported.message}`
    : `e exports this router to ${ROUTER_FILE_NAME} · the bill assumes a ${DAYS_PER_MONTH}-day month`;
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate-end">
        <Text bold>{demo.title}</Text>
      </Text>
      <Text dimColor wrap="truncate-end">{fit(demo.pricingNote, width)}</Text>
      <Text wrap="truncate-end">
        router <Text {...styleProps('router', color)}>{current.router.label}</Text> (s): {current.router.description}
      </Text>
      <Slider position={position} positions={positions} width={width} label="threshold" value={threshold} color={color} />
      <Text wrap="truncate-end">
        strong calls <Text bold>{formatPercent(point.strongShare)}</Text> ({formatCount(point.strongCalls)} of {formatCount(demo.rows.length)}) · quality{' '}
        <Text bold>{formatPercent(point.quality)}</Text>
        {pgr === null ? '' : ` · PGR ${formatPercent(pgr, 0)}`}
      </Text>
      <Text wrap="truncate-end">
        cost <Text bold>{formatUsdShort(point.costPer1k)}</Text>/1k{m ? ` (weak ${formatUsdShort(m.weakCostPer1k)}, strong ${formatUsdShort(m.strongCostPer1k)})` : ''} ·{' '}
        <Text bold>{formatUsdShort(monthlyUsd(point.costPer1k, perDay))}</Text>/month at {formatCount(perDay)} req/day (+/-)
      </Text>
      <Text wrap="truncate-end">
        {m
          ? `APGR ${m.apgr.toFixed(3)} · CPT(50%) ${cpt(m.cpt50)} · CPT(80%) ${cpt(m.cpt80)} · weak ${formatPercent(m.weakQuality)} · strong ${formatPercent(m.strongQuality)}`
          : `metrics unavailable: ${current.metricsError ?? 'unknown'}`}
      </Text>
      <LineChart
        series={series}
        current={{ x: point.strongShare, y: point.quality, label: 'threshold' }}
        width={width}
        height={chartHeight}
        xAxis={{ min: 0, max: 1 }}
        yAxis={yAxis}
        xTicks={[0, 0.25, 0.5, 0.75, 1]}
        yTicks={niceTicks(yAxis.min, yAxis.max, Math.max(2, Math.floor(chartHeight / 3)))}
        formatX={(v) => formatPercent(v, 0)}
        formatY={(v) => formatPercent(v, 0)}
        xLabel="strong-call share"
        yLabel="quality (GSM8K accuracy)"
        color={color}
      />
      <Text wrap="truncate-end" {...(exported.kind === 'failed' ? styleProps('knee', color) : { dimColor: exported.kind === 'idle' })}>
        {fit(exportLine, width)}
      </Text>
    </Box>
  );
}

export const routeScreen: ScreenDef = {
  id: 'route',
  title: 'Route',
  key: '6',
  keys: [
    ['←/→', 'move the threshold one step (the next distinct router score)'],
    ['shift+←/→ PgUp/PgDn', 'big steps (a twentieth of the sweep)'],
    ['Home/End', 'all weak / all strong'],
    ['+/-', 'requests per day for the monthly bill'],
    ['s', 'next router score: length, heuristic, random, oracle'],
    ['e', 'export the router config to costlab-router.json'],
  ],
  hint: '←/→ threshold · s router · +/- volume · e export',
  filters: false,
  Component: RouteScreen,
};
