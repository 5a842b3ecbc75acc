/**
 * The Self-host screen: rented GPUs against paying per token (core/economics breakeven.ts). A form — GPU $/hour,
 * GPUs per deployment, throughput, utilization at peak, peak ÷ average, ops $/month, the API model (m), the input
 * share of tokens and your monthly volume — and the chart of monthly cost against volume: the API's straight
 * line against the GPUs' step line (one step per deployment), with the break-even volume marked, plus the
 * cheapest hybrid split at your volume. ↑/↓ pick a field, ←/→ (or -/+) change it. The GPU figures are your
 * inputs (rent quotes vary); the API price is the catalog's, with its date.
 */
import { Box, Text, useInput } from 'ink';
import { useMemo, useRef } from 'react';
import {
  apiBlendedPrice, breakEven, formatScaled, frac, fractionToNumber, fromDecimal, hybridSplit, modelKey, perMTokUsd, selfHostCost,
} from '../../core/index.ts';
import type { BreakEven, Catalog, HybridSplit, ModelEntry, SelfHostCost } from '../../core/index.ts';
import { LineChart } from '../components/LineChart.tsx';
import type { LineSeries } from '../components/LineChart.tsx';
import { axisFor, formatUsdShort, formatUsdTick, niceTicks } from '../components/plot-grid.ts';
import { useRemembered } from '../hooks/use-remembered.ts';
import type { ScreenDef, ScreenProps } from '../screen.ts';
import { fit, padTo } from '../text.ts';

/** API models offered by `m`, in order (those the catalog prices). */
export const SELF_HOST_API_MODELS = ['openai:gpt-4.1', 'openai:gpt-4o', 'anthropic:claude-sonnet-4-5', 'anthropic:claude-haiku-4-5', 'openai:gpt-4o-mini'];

export interface SelfHostForm {
  gpuHourly: number;
  gpus: number;
  throughput: number;
  utilization: number;
  peak: number;
  ops: number;
  model: number;
  inputShare: number;
  volumeM: number;
}

export const DEFAULT_SELF_HOST: SelfHostForm = {
  gpuHourly: 2, gpus: 1, throughput: 2000, utilization: 0.6, peak: 2, ops: 0, model: 0, inputShare: 0.75, volumeM: 500,
};

const FIELDS = ['gpuHourly', 'gpus', 'throughput', 'utilization', 'peak', 'ops', 'model', 'inputShare', 'volumeM'] as const;
type Field = (typeof FIELDS)[number];

const LABELS: Record<Field, string> = {
  gpuHourly: 'GPU $/hour',
  gpus: 'GPUs per deployment',
  throughput: 'throughput, tokens/s',
  utilization: 'utilization at peak',
  peak: 'peak ÷ average',
  ops: 'ops $/month',
  model: 'API model (m)',
  inputShare: 'input share of tokens',
  volumeM: 'your volume, M tokens/mo',
};

const round2 = (x: number) => Math.round(x * 100) / 100;

/** The form with one field stepped up (+1) or down (−1). */
export function stepSelfHost(form: SelfHostForm, field: Field, direction: 1 | -1, models: number): SelfHostForm {
  const f = direction > 0 ? 1.25 : 0.8;
  switch (field) {
    case 'gpuHourly':
      return { ...form, gpuHourly: Math.max(0, round2(form.gpuHourly + 0.25 * direction)) };
    case 'gpus':
      return { ...form, gpus: Math.max(1, form.gpus + direction) };
    case 'throughput':
      return { ...form, throughput: Math.max(1, Math.round(form.throughput * f)) };
    case 'utilization':
      return { ...form, utilization: Math.min(1, Math.max(0.05, round2(form.utilization + 0.05 * direction))) };
    case 'peak':
      return { ...form, peak: Math.max(1, round2(form.peak + 0.25 * direction)) };
    case 'ops':
      return { ...form, ops: Math.max(0, form.ops + 250 * direction) };
    case 'model':
      return { ...form, model: (form.model + direction + models) % Math.max(1, models) };
    case 'inputShare':
      return { ...form, inputShare: Math.min(1, Math.max(0, round2(form.inputShare + 0.05 * direction))) };
    case 'volumeM':
      return { ...form, volumeM: Math.max(1, Math.round(form.volumeM * f)) };
  }
}

export interface SelfHostFigures {
  entry: ModelEntry;
  cost: SelfHostCost;
  be: BreakEven;
  hybrid: HybridSplit | null;
  /** API $ per M tokens (blended), null when unknown. */
  apiPerM: number | null;
  selfPerM: number | null;
}

export function selfHostFigures(form: SelfHostForm, entry: ModelEntry): SelfHostFigures {
  const cost = selfHostCost({
    gpuHourlyUsd: fromDecimal(form.gpuHourly.toFixed(2)),
    gpus: form.gpus,
    throughputTokensPerSecond: frac(Math.round(form.throughput)),
    utilization: fromDecimal(form.utilization.toFixed(2)),
    peakFactor: fromDecimal(form.peak.toFixed(2)),
    opsMonthlyUsd: frac(Math.round(form.ops)),
    daysPerMonth: frac(30),
  });
  const api = apiBlendedPrice(entry, fromDecimal(form.inputShare.toFixed(2)));
  const be = breakEven(cost, api);
  const hybrid = api.picoPerToken === null || cost.capacityTokensPerMonth === 0n ? null : hybridSplit(cost, api, frac(BigInt(Math.round(form.volumeM)) * 1_000_000n));
  return {
    entry, cost, be, hybrid,
    apiPerM: api.picoPerToken === null ? null : perMTokUsd(api.picoPerToken),
    selfPerM: cost.picoPerToken === null ? null : perMTokUsd(cost.picoPerToken),
  };
}

const usdOf = (pico: bigint) => Number(pico) / 1e12;
const mTokens = (tokens: number) => `${Math.round(tokens / 1e6).toLocaleString('en-US')} M`;

function priceModels(catalog: Catalog): ModelEntry[] {
  return SELF_HOST_API_MODELS.map((ref) => catalog.tryResolve(ref)).filter((m): m is ModelEntry => m?.rates != null);
}

export function SelfHostScreen({ data, width, height, active, color, memory }: ScreenProps) {
  const models = useMemo(() => priceModels(data.catalog), [data.catalog]);
  const [form, setForm] = useRemembered<SelfHostForm>(memory, 'selfhost.form', DEFAULT_SELF_HOST);
  const [field, setField] = useRemembered(memory, 'selfhost.field', 0);
  // The handler reads these refs (and moves the field one itself), so keys typed faster than the app repaints
  // all count.
  const modelCount = useRef(models.length);
  modelCount.current = models.length;
  const fieldRef = useRef(field);
  fieldRef.current = field;
  const pick = (next: number) => {
    fieldRef.current = next;
    setField(next);
  };

  useInput(
    (input, key) => {
      if (key.upArrow) pick(Math.max(0, fieldRef.current - 1));
      else if (key.downArrow) pick(Math.min(FIELDS.length - 1, fieldRef.current + 1));
      else if (input === 'm') setForm((s) => stepSelfHost(s, 'model', 1, modelCount.current));
      else {
        const direction = key.rightArrow || input === '+' || input === '=' ? 1 : key.leftArrow || input === '-' ? -1 : 0;
        const f = FIELDS[fieldRef.current] as Field;
        if (direction !== 0) setForm((s) => stepSelfHost(s, f, direction, modelCount.current));
      }
    },
    { isActive: active },
  );

  const entry = models[form.model % Math.max(1, models.length)];
  if (!entry) return <Text>No API model with a per-token price in the catalog to compare with — check costlab.yaml overrides.</Text>;
  let figures: SelfHostFigures;
  try {
    figures = selfHostFigures(form, entry);
  } catch (error) {
    return <Text>{error instanceof Error ? error.message : String(error)} — change the field with ←/→.</Text>;
  }
  const { cost, be, hybrid, apiPerM, selfPerM } = figures;
  const capacity = Number(cost.capacityTokensPerMonth);
  const values: Record<Field, string> = {
    gpuHourly: `$${form.gpuHourly.toFixed(2)}`,
    gpus: String(form.gpus),
    throughput: form.throughput.toLocaleString('en-US'),
    utilization: `${Math.round(form.utilization * 100)}%`,
    peak: form.peak.toFixed(2),
    ops: `$${form.ops.toLocaleString('en-US')}`,
    model: entry.id,
    inputShare: `${Math.round(form.inputShare * 100)}%`,
    volumeM: form.volumeM.toLocaleString('en-US'),
  };
  const rates = entry.rates;
  const notes: Partial<Record<Field, string>> = {
    gpuHourly: 'your input (rent quotes vary by GPU and provider); ←/→ ±$0.25',
    gpus: 'GPUs in one deployment; more deployments are added as volume needs them',
    throughput: 'tokens per second one deployment serves, all its GPUs, input + output; ←/→ ×1.25',
    utilization: 'the share of capacity used at the peak hour',
    peak: 'peak traffic ÷ average traffic: capacity is sized for the peak',
    ops: 'fixed operations cost per month (once, whatever the deployments)',
    model: rates ? `${modelKey(entry)} $${formatScaled(rates.input ?? 0n, 6)}/$${formatScaled(rates.output ?? 0n, 6)} per M tokens, catalog ${entry.asOf} (${entry.source}); m or ←/→ for another` : '',
    inputShare: 'the share of tokens that are input (the API blends its input and output prices by it)',
    volumeM: 'your monthly volume: the hybrid split below is for it; ←/→ ×1.25',
  };
  const breakEvenTokens = be.breakEvenTokens ? fractionToNumber(be.breakEvenTokens) : null;
  const xMaxTokens = Math.max(form.volumeM * 1e6 * 1.5, (breakEvenTokens ?? 0) * 3, capacity * 1.5, 1e6);
  const xMax = xMaxTokens / 1e6;
  const gpuMonthly = usdOf(cost.gpuMonthlyPico);
  const ops = usdOf(cost.opsMonthlyPico);
  const gpuPoints: { x: number; y: number }[] = [];
  const capM = capacity / 1e6;
  for (let k = 0; capM > 0 && k * capM < xMax && k < 200; k++) gpuPoints.push({ x: k * capM, y: (k + 1) * gpuMonthly + ops });
  if (gpuPoints.length > 0) gpuPoints.push({ x: xMax, y: (gpuPoints[gpuPoints.length - 1] as { y: number }).y });
  const series: LineSeries[] = [
    { id: 'gpu', label: `GPUs (${form.gpus} per deployment)`, points: gpuPoints, char: '▪', style: 'gpu', step: true },
    ...(apiPerM === null ? [] : [{ id: 'api', label: `API ${entry.id}`, points: [{ x: 0, y: 0 }, { x: xMax, y: xMax * apiPerM }], char: '•', style: 'api' }]),
  ];
  const yValues = series.flatMap((s) => s.points.map((p) => p.y));
  const yAxis = axisFor([0, ...yValues], { pad: 0.02, floor: 0 });
  const current = breakEvenTokens !== null && apiPerM !== null
    ? { x: breakEvenTokens / 1e6, y: (breakEvenTokens / 1e6) * apiPerM, label: 'break-even' }
    : apiPerM !== null ? { x: form.volumeM, y: form.volumeM * apiPerM, label: 'your volume' } : undefined;
  const best = hybrid?.best;
  const allApi = hybrid?.options[0];
  const rowsOfForm = Math.ceil(FIELDS.length / 2);
  const columnWidth = Math.floor((width - 1) / 2);
  const chartHeight = Math.max(6, height - rowsOfForm - 5);
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate-end">
        <Text bold>Self-host</Text> · rented GPUs against {modelKey(entry)} (m) · ↑/↓ field · ←/→ edit
      </Text>
      {Array.from({ length: rowsOfForm }, (_, r) => {
        const cell = (i: number) => {
          const f = FIELDS[i];
          if (f === undefined) return null;
          const selected = i === field;
          return (
            <Text key={f} {...(selected && color ? { inverse: true } : {})}>
              {selected ? '›' : ' '}
              {padTo(LABELS[f], 24)} {padTo(values[f], columnWidth - 27, 'right')}
            </Text>
          );
        };
        return (
          <Text key={r} wrap="truncate-end">
            {cell(r)} {cell(r + rowsOfForm)}
          </Text>
        );
      })}
      <Text dimColor wrap="truncate-end">{fit(`${LABELS[FIELDS[field] as Field]}: ${notes[FIELDS[field] as Field] ?? 'edit with ←/→'}`, width)}</Text>
      <Text wrap="truncate-end">
        {fit(`self-host ${selfPerM === null ? '—' : formatUsdShort(selfPerM)}/M at planned load (${mTokens(capacity)} tok/month for ${formatUsdShort(gpuMonthly + ops)}) · API ${apiPerM === null ? 'unknown' : `${formatUsdShort(apiPerM)}/M`}`, width)}
      </Text>
      <Text bold wrap="truncate-end">
        {fit(
          breakEvenTokens !== null
            ? `break-even ${mTokens(breakEvenTokens)} tok/month (${be.deployments} deployment${be.deployments === 1 ? '' : 's'})${be.cheaperFromTokens ? ` · cheaper at any volume from ${mTokens(fractionToNumber(be.cheaperFromTokens))}` : ''}`
            : `no break-even: ${be.reason ?? 'unknown'}`,
          width,
        )}
      </Text>
      <Text wrap="truncate-end">
        {fit(
          best && allApi && best.total.known && allApi.total.known
            ? `at ${form.volumeM.toLocaleString('en-US')} M/month: all API ${formatUsdShort(usdOf(allApi.total.pico))}; cheapest ${best.deployments === 0 ? 'is all API' : `${best.deployments} deployment${best.deployments === 1 ? '' : 's'} + API ${formatUsdShort(usdOf(best.total.pico))} (${Math.round(fractionToNumber(best.localShare) * 100)}% local)`}`
            : 'no hybrid split: the API price is unknown',
          width,
        )}
      </Text>
      <LineChart
        series={series}
        {...(current ? { current } : {})}
        width={width}
        height={chartHeight}
        xAxis={{ min: 0, max: xMax }}
        yAxis={yAxis}
        xTicks={niceTicks(0, xMax, 4)}
        yTicks={niceTicks(yAxis.min, yAxis.max, Math.max(2, Math.floor(chartHeight / 3)))}
        formatX={(v) => `${Math.round(v).toLocaleString('en-US')}M`}
        formatY={formatUsdTick}
        xLabel="M tokens per month"
        yLabel="$ per month"
        color={color}
      />
    </Box>
  );
}

export const selfHostScreen: ScreenDef = {
  id: 'selfhost',
  title: 'Self-host',
  key: '8',
  keys: [
    ['↑/↓', 'pick a field'],
    ['←/→ or -/+', 'change it'],
    ['m', 'next API model to compare with'],
  ],
  hint: '↑/↓ field · ←/→ edit · m API model',
  filters: false,
  Component: SelfHostScreen,
};
