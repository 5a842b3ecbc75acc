/** The result store: runs, their results and the response cache, in a folder or in memory. */
export type { CachedResponse, ResultStore, RunRecord, RunSummary } from './result-store.ts';
export type { LockHolder, StoreFiles, StoreLock, StorePaths } from './store-files.ts';
export { DEFAULT_STORE_DIR, storeLockedError, storePaths } from './store-files.ts';
export { openFileStore } from './file-store.ts';
export { MemoryStore } from './memory-store.ts';
export { MemoryDisk, memoryStoreFiles } from './memory-files.ts';
export { pendingTrials } from './resume.ts';
export {
  RECORD_VERSION, STORE_VERSION, cacheLineSchema, cachedResponseSchema, candidateSchema, planSchema, providerErrorSchema,
  resultLineSchema, runIdSchema, runSummarySchema, storeDocSchema, trialResultSchema, trialSchema, usageSchema,
} from './schemas.ts';
export type { PlanFile, StoreDoc } from './schemas.ts';
export {
  annotationSchema, annotationsPath, appendAnnotation, humanRatingSchema, judgementSchema, latestJudgements, latestRatings,
  ratingFromRaw, readAnnotations, sumJudgeSpend,
} from './annotations.ts';
export type { Annotation, HumanRating, JudgeSpend, Judgement } from './annotations.ts';
