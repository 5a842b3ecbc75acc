/** core/catalog public API: the model catalog, its schema, the bundled prices, LiteLLM import and overrides. */
export type { LongContextTier, ModelEntry, Rates } from './model.ts';
export { modelKey } from './model.ts';
export {
  CatalogDocSchema, ModelDocSchema, ModelPatchDocSchema, RATE_FIELDS, YamlSource, documentToEntries, editDistance,
  formatPath, parseCatalogText, validateCatalogDocument,
} from './schema.ts';
export type { CatalogDocument, ModelDocument, ParsedCatalogDocument, RateField } from './schema.ts';
export { BUNDLED_CATALOG, bundledModels } from './bundled-catalog.ts';
export { GENERIC_ESTIMATE, LITELLM_SOURCE, guessTokenizer, importLiteLlm, normaliseProvider } from './litellm-import.ts';
export type { LiteLlmImport, SkippedKey } from './litellm-import.ts';
export { applyPatch, parseOverrides } from './overrides.ts';
export type { ModelPatch, ModelPatchFields, OverrideFile } from './overrides.ts';
export { Catalog } from './catalog.ts';
export type { CatalogLayers } from './catalog.ts';
export { entriesToDocument, entryToDocument } from './serialize.ts';
export { cacheableTokens, promptCacheRules } from './prompt-cache-rules.ts';
export type { PromptCacheRules } from './prompt-cache-rules.ts';
