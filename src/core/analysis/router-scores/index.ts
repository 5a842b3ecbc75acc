/** Router scores: one file per way of scoring an item (higher = more reason to pay for the strong model). */
export { HEURISTIC_CLASSIFIER, classifyComplexity, heuristicScore, heuristicWordCount } from './heuristic.ts';
export type { HeuristicClassifier, HeuristicLevel, HeuristicOptions, HeuristicVerdict, SignalPattern } from './heuristic.ts';
export { characterCount, lengthScores } from './length.ts';
export type { LengthUnit } from './length.ts';
export { CONFIDENCE_LABELS, labelConfidence, selfConfidenceScores } from './self-confidence.ts';
export { knnScores, knnScoresWithEmbedder, strongWins } from './knn.ts';
export type { KnnOptions } from './knn.ts';
export { parseScoreFile } from './score-file.ts';
export type { ScoreFile } from './score-file.ts';
export { randomScores } from './random.ts';
export { oracleScores } from './oracle.ts';
