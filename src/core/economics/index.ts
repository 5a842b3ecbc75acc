/** Economics: usage → money (bill forecasts, break-even and the cache advisor build on it). */
export {
  EMPTY_USAGE,
  SELF_HOSTED_MISSING,
  UNIFORM_BATCH_DISCOUNT,
  USAGE_COMPONENTS,
  addUsage,
  assertUsage,
  makeUsage,
  priceUsage,
  promptTokens,
  selectTier,
  usageFromAnthropic,
  usageFromOpenAI,
} from './usage.ts';
export type {
  AnthropicUsage,
  OpenAIUsage,
  PriceBreakdown,
  PriceComponent,
  PriceUsageOptions,
  PricingMode,
  Usage,
  UsageComponent,
} from './usage.ts';

// Bill forecasts, self-hosting break-even, prompt-cache and batch advice (issue 6).
export { F0, F1, add as addFraction, ceil as ceilFraction, cmp as compareFraction, div as divFraction, floor as floorFraction, frac, fromDecimal, mul as mulFraction, roundHalfUp, sub as subFraction, toNumber as fractionToNumber } from './fraction.ts';
export type { Fraction } from './fraction.ts';
export { Z90, distributionFromSamples, fixedDistribution, lognormalDistribution, percentileDistribution, quantile, tokensAt } from './distribution.ts';
export type { TokenDistribution, TokenPoint } from './distribution.ts';
export { ProfileDocSchema, parseProfile, resolveProfile, writtenDistribution } from './profile.ts';
export type { RouteModel, ProfileRoute, ResolvedProfile, ResolvedRoute, TokenMeasurer, TokenSpec, TrafficProfile } from './profile.ts';
export { BILL_COMPONENTS, TOKEN_PARTS, addComponents, billReport, costOf as fractionCost, emptyComponents, forecastBill, projectBills, resolveModelAt, routeModels } from './bill.ts';
export type { Bill, BillComponent, BillComponents, BillReport, ForecastOptions, ModePart, ModelBill, ModelCache, ModelResolver, PriceSource, RouteBill, TokenPart } from './bill.ts';
export { STAGE_LABELS, WATERFALL_STAGES, compareBills, savingsWaterfall, stageProfile, subtractMoney } from './compare.ts';
export type { BillComparison, RouteDifference, Waterfall, WaterfallStage, WaterfallStep } from './compare.ts';
export { apiBlendedPrice, breakEven, hybridSplit, perMTokUsd, selfHostCost } from './breakeven.ts';
export type { ApiPrice, BreakEven, HybridOption, HybridSplit, SelfHostCost, SelfHostInput } from './breakeven.ts';
export { measuredThroughput } from './throughput.ts';
export type { MeasuredThroughput } from './throughput.ts';
export { breakEvenRequestsPerHour, breakEvenReuses, cacheAdvice, hitProbability, pays as cachePays } from './cache-advice.ts';
export type { ArrivalPattern, CacheAdvice, CacheAdviceInput, CacheOption, CacheOptionKind } from './cache-advice.ts';
export { batchAdvice } from './batch-advice.ts';
export type { BatchAdvice, BatchAdviceInput } from './batch-advice.ts';
