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
