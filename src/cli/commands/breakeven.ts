/**
 * `costlab breakeven --gpu-hourly USD --gpus N --throughput TOK_PER_S [--utilization U] [--peak-factor F]
 * [--ops-monthly USD] [--against MODEL,...] [--input-share S] [--profile FILE | --monthly-mtok N] [--json]`:
 * the self-hosted price per million tokens, the break-even monthly volume against each API model, and at a
 * given volume the monthly cost both ways and the cheapest hybrid split. Formulas: core/economics/breakeven.ts.
 */
import type { Catalog, Fraction, ModelEntry, ResolvedProfile } from '../../core/index.ts';
import {
  CostlabError, F0, F1, TOKEN_PARTS, addFraction, apiBlendedPrice, breakEven, ceilFraction, divFraction, forecastBill, formatUsd, fractionToNumber,
  frac, hybridSplit, known, modelKey, mulFraction, perMTokUsd, roundHalfUp, selfHostCost,
} from '../../core/index.ts';
import { decimalOption, inRange } from '../breakeven-options.ts';
import { throughputFromRun } from '../breakeven-throughput.ts';
import { loadCatalog } from '../catalog-loader.ts';
import { renderTable } from '../format/table.ts';
import { loadProfile } from '../profile-load.ts';

export interface BreakevenOptions {
  gpuHourly: string;
  gpus: number;
  throughput?: string;
  throughputFrom?: string;
  throughputModel?: string;
  store?: string;
  utilization?: string;
  peakFactor?: string;
  opsMonthly?: string;
  days?: string;
  against?: string[];
  inputShare?: string;
  profile?: string;
  monthlyMtok?: string;
  json?: boolean;
}

export const DEFAULT_AGAINST = ['openai:gpt-4o-mini', 'openai:gpt-4.1-mini', 'openai:gpt-4o', 'anthropic:claude-haiku-4-5', 'anthropic:claude-sonnet-4-5'];
const DEFAULT_UTILIZATION = '0.6';
const DEFAULT_INPUT_SHARE = '0.75';
const MILLION = frac(1_000_000n);

interface Volume {
  tokens: Fraction;
  inputShare: Fraction | null;
  source: string;
  models: string[];
  days: Fraction | null;
}

/** A profile's monthly token volume (every token its calls send or receive) and its input share. */
function profileVolume(profile: ResolvedProfile, catalog: Catalog): Volume {
  const bill = forecastBill(profile, catalog);
  let total = F0;
  let input = F0;
  const models: string[] = [];
  for (const route of bill.routes) {
    for (const line of route.models) {
      if (!models.includes(line.model)) models.push(line.model);
      for (const mode of [line.standard, line.batch]) {
        for (const part of TOKEN_PARTS) {
          total = addFraction(total, mode[part].tokens);
          if (part !== 'output') input = addFraction(input, mode[part].tokens);
        }
      }
    }
  }
  return { tokens: total, inputShare: total.n === 0n ? null : divFraction(input, total), source: `profile ${profile.name} (${profile.file})`, models, days: profile.daysPerMonth };
}

function mtok(tokens: Fraction): number {
  return fractionToNumber(divFraction(tokens, MILLION));
}

function usd(pico: bigint): number {
  return Number(pico) / 1e12;
}

export async function runBreakeven(options: BreakevenOptions): Promise<void> {
  const catalog = await loadCatalog();
  if ((options.throughput === undefined) === (options.throughputFrom === undefined)) {
    throw new CostlabError('bad-option', 'give the throughput either as --throughput TOK_PER_S or as --throughput-from RUN_ID (one of them)', {
      location: { field: '--throughput' }, hint: 'e.g. --throughput 2500 (tokens per second, input + output, of the whole deployment)',
    });
  }
  if (options.profile !== undefined && options.monthlyMtok !== undefined) {
    throw new CostlabError('bad-option', 'give the volume either as --profile FILE or as --monthly-mtok N, not both', { location: { field: '--monthly-mtok' } });
  }
  const measured = options.throughputFrom === undefined ? null : await throughputFromRun(options.throughputFrom, { ...(options.store ? { store: options.store } : {}), ...(options.throughputModel ? { model: options.throughputModel } : {}) }, catalog);
  const throughput = measured?.tokensPerSecond ?? inRange(decimalOption(options.throughput, '--throughput', F0), '--throughput', F0, undefined, true);

  let volume: Volume | null = null;
  if (options.profile !== undefined) volume = profileVolume(await loadProfile(options.profile, catalog), catalog);
  const typedVolume = decimalOption(options.monthlyMtok, '--monthly-mtok');
  if (typedVolume !== undefined) volume = { tokens: mulFraction(inRange(typedVolume, '--monthly-mtok', F0), MILLION), inputShare: null, source: '--monthly-mtok', models: [], days: null };

  const days = inRange(decimalOption(options.days, '--days', volume?.days ?? frac(30n)), '--days', F0, frac(31n), true);
  const inputShare = inRange(decimalOption(options.inputShare, '--input-share', volume?.inputShare ?? decimalOption(DEFAULT_INPUT_SHARE, '--input-share', F1)), '--input-share', F0, F1);
  const cost = selfHostCost({
    gpuHourlyUsd: inRange(decimalOption(options.gpuHourly, '--gpu-hourly', F0), '--gpu-hourly', F0),
    gpus: options.gpus,
    throughputTokensPerSecond: throughput,
    utilization: inRange(decimalOption(options.utilization ?? DEFAULT_UTILIZATION, '--utilization', F1), '--utilization', F0, F1, true),
    peakFactor: inRange(decimalOption(options.peakFactor, '--peak-factor', F1), '--peak-factor', F1),
    opsMonthlyUsd: inRange(decimalOption(options.opsMonthly, '--ops-monthly', F0), '--ops-monthly', F0),
    daysPerMonth: days,
  });
  if (cost.capacityTokensPerMonth === 0n) {
    throw new CostlabError('bad-option', 'the deployment serves 0 tokens per month at that throughput', { location: { field: '--throughput' } });
  }
  const refs = options.against ?? (volume && volume.models.length > 0 ? volume.models : DEFAULT_AGAINST);
  const models: ModelEntry[] = refs.map((ref) => {
    try {
      return catalog.resolve(ref);
    } catch (error) {
      if (error instanceof CostlabError) throw new CostlabError(error.code, error.message, { hint: error.hint, location: { field: '--against' } });
      throw error;
    }
  }).filter((m) => !m.selfHosted || options.against !== undefined);
  const rows = models.map((model) => {
    const api = apiBlendedPrice(model, inputShare);
    const even = breakEven(cost, api);
    const hybrid = volume && api.picoPerToken !== null ? hybridSplit(cost, api, volume.tokens) : null;
    return { model, api, even, hybrid };
  });
  const selfHostAtVolume = volume === null ? null : (() => {
    const k = volume.tokens.n === 0n ? 1n : ceilFraction(divFraction(volume.tokens, frac(cost.capacityTokensPerMonth)));
    const deployments = k < 1n ? 1n : k;
    return { deployments: Number(deployments), pico: deployments * cost.gpuMonthlyPico + cost.opsMonthlyPico };
  })();
  const perMTok = cost.picoPerToken === null ? null : perMTokUsd(cost.picoPerToken);
  const throughputSource = measured ? `measured from run ${measured.runId} (${measured.model}): ${measured.tokens} tokens in ${(measured.latencyMs / 1000).toFixed(1)} s over ${measured.trials} trials` : 'typed';

  if (options.json) {
    const json = {
      selfHostPerMTokUsd: perMTok,
      monthlyFixedUsd: usd(cost.fixedMonthlyPico),
      gpuMonthlyUsd: usd(cost.gpuMonthlyPico),
      opsMonthlyUsd: usd(cost.opsMonthlyPico),
      capacityMTokPerMonth: mtok(frac(cost.capacityTokensPerMonth)),
      hoursPerMonth: fractionToNumber(cost.hoursPerMonth),
      assumptions: {
        gpuHourlyUsd: fractionToNumber(cost.input.gpuHourlyUsd), gpus: cost.input.gpus, throughputTokensPerSecond: fractionToNumber(throughput), throughputSource,
        utilization: fractionToNumber(cost.input.utilization), peakFactor: fractionToNumber(cost.input.peakFactor), daysPerMonth: fractionToNumber(days), inputShare: fractionToNumber(inputShare),
      },
      breakEven: rows.map(({ api, even }) => ({
        model: api.model,
        apiPerMTokUsd: api.picoPerToken === null ? null : perMTokUsd(api.picoPerToken),
        breakEvenMTokPerMonth: even.breakEvenTokens === null ? null : mtok(even.breakEvenTokens),
        deployments: even.deployments,
        cheaperFromMTokPerMonth: even.cheaperFromTokens === null ? null : mtok(even.cheaperFromTokens),
        reason: even.reason,
        source: api.source,
        asOf: api.asOf,
      })),
      ...(volume && selfHostAtVolume ? {
        volume: {
          mtokPerMonth: mtok(volume.tokens), source: volume.source,
          selfHostMonthlyUsd: usd(selfHostAtVolume.pico), deployments: selfHostAtVolume.deployments,
          api: rows.map(({ api, hybrid }) => {
            const allApi = hybrid?.options.find((o) => o.deployments === 0);
            return { model: api.model, monthlyUsd: allApi?.total.known ? usd(allApi.total.pico) : null };
          }),
          hybrid: rows.filter((r) => r.hybrid !== null).map(({ api, hybrid }) => ({
            model: api.model,
            best: hybrid ? { deployments: hybrid.best.deployments, localShare: fractionToNumber(hybrid.best.localShare), monthlyUsd: hybrid.best.total.known ? usd(hybrid.best.total.pico) : null } : null,
            curve: (hybrid?.options ?? []).map((o) => ({ deployments: o.deployments, localShare: fractionToNumber(o.localShare), monthlyUsd: o.total.known ? usd(o.total.pico) : null })),
          })),
        },
      } : {}),
    };
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    return;
  }

  const money = (pico: bigint) => formatUsd(known(pico));
  const lines = [
    `self-hosting: ${cost.input.gpus} GPU${cost.input.gpus === 1 ? '' : 's'} × ${formatUsd(known(roundHalfUp(mulFraction(cost.input.gpuHourlyUsd, frac(1_000_000_000_000n)))))}/h × ${fractionToNumber(cost.hoursPerMonth)} h = ${money(cost.gpuMonthlyPico)}/month + ops ${money(cost.opsMonthlyPico)} = ${money(cost.fixedMonthlyPico)}/month`,
    `capacity: ${fractionToNumber(throughput).toLocaleString('en-US', { maximumFractionDigits: 2 })} tokens/s (${throughputSource}) × 3,600 × ${fractionToNumber(cost.hoursPerMonth)} h × ${fractionToNumber(cost.input.utilization)} utilization ÷ ${fractionToNumber(cost.input.peakFactor)} peak factor = ${mtok(frac(cost.capacityTokensPerMonth)).toLocaleString('en-US', { maximumFractionDigits: 3 })} M tokens/month`,
    `self-hosted price at that load: ${cost.picoPerToken === null ? 'n/a' : perMTokText(cost.picoPerToken)} per 1M tokens`,
    '',
    renderTable(
      [{ header: `API (input share ${(fractionToNumber(inputShare) * 100).toFixed(1)}%)` }, { header: '$/1M tokens', align: 'right' }, { header: 'break-even M tokens/month', align: 'right' }, { header: 'deployments', align: 'right' }, { header: 'cheaper at every volume from', align: 'right' }],
      rows.map(({ api, even }) => [
        api.model,
        api.picoPerToken === null ? 'unknown' : perMTokText(api.picoPerToken),
        even.breakEvenTokens === null ? `never: ${even.reason ?? ''}` : mtok(even.breakEvenTokens).toLocaleString('en-US', { maximumFractionDigits: 3 }),
        even.deployments === null ? '' : String(even.deployments),
        even.cheaperFromTokens === null ? '' : mtok(even.cheaperFromTokens).toLocaleString('en-US', { maximumFractionDigits: 3 }),
      ]),
    ),
  ];
  if (volume && selfHostAtVolume) {
    lines.push('', `at ${mtok(volume.tokens).toLocaleString('en-US', { maximumFractionDigits: 3 })} M tokens/month (${volume.source}): self-hosted ${money(selfHostAtVolume.pico)} with ${selfHostAtVolume.deployments} deployment${selfHostAtVolume.deployments === 1 ? '' : 's'}`);
    lines.push(renderTable(
      [{ header: 'API model' }, { header: 'all API', align: 'right' }, { header: 'best hybrid', align: 'right' }, { header: 'served locally', align: 'right' }, { header: 'deployments', align: 'right' }],
      rows.map(({ api, hybrid }) => {
        const allApi = hybrid?.options.find((o) => o.deployments === 0);
        return [
          api.model,
          allApi ? formatUsd(allApi.total) : 'unknown',
          hybrid ? formatUsd(hybrid.best.total) : 'unknown',
          hybrid ? `${(fractionToNumber(hybrid.best.localShare) * 100).toFixed(1)}%` : '',
          hybrid ? String(hybrid.best.deployments) : '',
        ];
      }),
    ));
  }
  for (const { model } of rows) lines.push(`prices: ${modelKey(model)} ${model.source} as of ${model.asOf}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Dollars per 1M tokens, exact to the picodollar and shown to 6 significant digits (never 0 for a price). */
function perMTokText(picoPerToken: Fraction): string {
  return formatUsd(known(roundHalfUp(mulFraction(picoPerToken, frac(1_000_000n)))));
}
