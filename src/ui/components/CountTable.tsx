/**
 * Per model: tokens (≈ for an estimate), the input cost of one call, the cost of a call with `outputTokens`
 * of output, and a context-window bar. Prices are the catalog's dated rates (an unknown price says so, a
 * self-hosted model says "self-hosted"); the footer names the estimates' bases and the prices' dates.
 */
import { Box, Text } from 'ink';
import { formatUsd, makeUsage, modelKey, priceUsage } from '../../core/index.ts';
import type { Money } from '../../core/index.ts';
import type { ModelCount } from '../live-counts.ts';
import { bar, fit, formatCount, padTo } from '../text.ts';

export interface CountTableProps {
  counts: readonly ModelCount[];
  outputTokens: number;
  width: number;
  color: boolean;
  /** Index of the highlighted row, if any. */
  cursor?: number;
}

function money(value: Money, estimate: boolean, selfHosted: boolean): string {
  if (!value.known) return selfHosted ? 'self-hosted' : 'unknown';
  return `${estimate ? '≈' : ''}${formatUsd(value, 3)}`;
}

/** The input and whole-call cost of a count (null tokens: not counted yet). */
export function callCosts(count: ModelCount, outputTokens: number): { input: Money; call: Money } | null {
  if (count.tokens === null) return null;
  const input = priceUsage(count.model, makeUsage({ input: count.tokens })).total;
  const call = priceUsage(count.model, makeUsage({ input: count.tokens, output: outputTokens })).total;
  return { input, call };
}

/** 0.0004 → "<0.1%", 0.0123 → "1.2%", 0.5 → "50%", 2.5 → "250%". */
export function sharePercent(share: number): string {
  const percent = share * 100;
  if (percent > 0 && percent < 0.1) return '<0.1%';
  return percent < 10 ? `${percent.toFixed(1)}%` : `${Math.round(percent)}%`;
}

function hostOf(url: string): string {
  const match = /^https?:\/\/(?:www\.)?([^/]+)/.exec(url);
  return match ? match[1]! : url;
}

export function CountTable({ counts, outputTokens, width, color, cursor }: CountTableProps) {
  const tokW = 9;
  const inW = 11;
  const callW = 11;
  const ctxW = width >= 100 ? 24 : 16;
  const barW = ctxW - 7;
  const modelW = Math.max(12, width - tokW - inW - callW - ctxW - 5);
  const header = `${padTo('model', modelW)} ${padTo('tokens', tokW, 'right')} ${padTo('input $', inW, 'right')} ${padTo(`+${formatCount(outputTokens)} out`, callW, 'right')} ${padTo('context', ctxW)}`;
  const estimates = counts.filter((c) => c.estimate);
  const dates = [...new Set(counts.map((c) => c.model.asOf))].sort();
  const hosts = [...new Set(counts.filter((c) => !c.model.selfHosted).map((c) => hostOf(c.model.source)))];
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>{fit(header, width)}</Text>
      {counts.map((count, i) => {
        const estimate = !count.exact;
        const costs = callCosts(count, outputTokens);
        const tokens = count.tokens === null ? (count.error ? 'error' : 'counting…') : `${estimate ? '≈' : ''}${formatCount(count.tokens)}`;
        const window = count.model.contextWindow;
        const share = count.tokens === null || window === null ? null : count.tokens / window;
        const ctx = share === null ? (window === null ? 'unknown window' : '') : `${bar(share, barW, color)} ${sharePercent(share)}`;
        const marker = cursor === i ? '›' : ' ';
        const line = `${marker}${padTo(modelKey(count.model), modelW - 1)} ${padTo(tokens, tokW, 'right')} ${padTo(costs ? money(costs.input, estimate, count.model.selfHosted) : '', inW, 'right')} ${padTo(costs ? money(costs.call, estimate, count.model.selfHosted) : '', callW, 'right')} ${padTo(ctx, ctxW)}`;
        const over = share !== null && share > 1;
        return (
          <Text key={modelKey(count.model)} color={color && over ? 'red' : undefined} bold={cursor === i}>
            {fit(line, width)}
          </Text>
        );
      })}
      {estimates.length > 0 ? (
        <Text dimColor>{fit(`≈ no public tokenizer: ${estimates.map((c) => `${c.model.id} = ${c.estimate!.base} × ${c.estimate!.factor} ±${Math.round(c.estimate!.errorBand * 100)}%`).join('; ')}`, width)}</Text>
      ) : null}
      <Text dimColor>{fit(`prices as of ${dates.join(', ')} from ${hosts.join(', ')}`, width)}</Text>
    </Box>
  );
}
