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
