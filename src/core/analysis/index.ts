/** Analysis core: quality-versus-cost frontier and two-model routing (sweep, RouteLLM metrics, baselines). */
export { costQualityAxes, paretoFrontier } from './frontier.ts';
export type { FrontierAxes, FrontierCandidate, FrontierEntry, FrontierKnee, FrontierResult } from './frontier.ts';
export {
  averagePgr,
  calibrateForQuality,
  calibrateForStrongShare,
  callPerformanceThreshold,
  oracleCurve,
  performanceGapRecovered,
  randomRouterCurve,
  routingBaselines,
  routingCurve,
  routingMetrics,
} from './routing.ts';
export type { RoutingBaselines, RoutingItem, RoutingMetrics, RoutingPoint } from './routing.ts';
export { routingCurveNaive } from './routing.ts';
export { averageImprovementInQuality, nonDecreasingConvexHull } from './aiq.ts';
export type { CostQualityPoint } from './aiq.ts';
export { perItemOracle, tierFrontier, tierRoutingPoints } from './multi-model-routing.ts';
export type { ItemOracle, TierModel, TierPoint, TierRoutingOptions } from './multi-model-routing.ts';
export { ROUTER_RULE, ROUTER_SCORES, buildRouterConfig, parseRouterConfig, routeWithConfig, serializeRouterConfig } from './router-config.ts';
export type { RouteDecision, RouteInputs, RouterConfig, RouterConfigInput, RouterScoreKind } from './router-config.ts';
export * from './router-scores/index.ts';
export { DEFAULT_PASS_MARK, acceptanceProbability, cascadeAnalysis } from './cascade.ts';
export type { CascadeAcceptance, CascadeFigures, CascadeItem, CascadeResult, CascadeTierOutcome, CascadeTierStats } from './cascade.ts';
export { LexicalVectorizer, lexicalFeatures, lexicalSimilarity, lexicalVectors, sparseDot } from './lexical-similarity.ts';
export type { SparseVector } from './lexical-similarity.ts';
export { DEFAULT_NEIGHBOR_CAP, buildNeighborIndex } from './semantic-cache-neighbors.ts';
export type { NeighborIndex, NeighborList, QueryVectors } from './semantic-cache-neighbors.ts';
export { exactKey, semanticCacheAudit } from './semantic-cache.ts';
export type { CacheLogEntry, CacheSweepRow, SemanticCacheAudit, SemanticCacheOptions } from './semantic-cache.ts';
export { PREFIX_AUDIT_REQUESTS, prefixAudit, sharedPrefix } from './prefix-audit.ts';
export type { LayoutAdvice, PrefixAudit, PrefixAuditModel, PrefixModelResult, SharedPrefix } from './prefix-audit.ts';
export { promptLayout, staticRuns } from './prefix-audit-layout.ts';
export type { LayoutPiece, PromptLayout, StaticRun } from './prefix-audit-layout.ts';
