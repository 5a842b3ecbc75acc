/**
 * The `oracle` router score: the strong model's quality gain on the item, strong − weak. It reads the answers'
 * labels, so no real router can compute it before the call: it is the upper bound a router score can reach on
 * this data (RouteLLM's "optimal" router). At a threshold t > 0 it routes exactly the items where the strong
 * model does better by at least t; for 0/1 correctness, t = 1 routes the items only the strong model gets right.
 */
export function oracleScores(items: readonly { weakQuality: number; strongQuality: number }[]): number[] {
  return items.map((item) => item.strongQuality - item.weakQuality);
}
