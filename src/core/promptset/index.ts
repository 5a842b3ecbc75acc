/** core/promptset public API: the prompt-set format, loading, templating, variants and promptfoo import. */
export type {
  MessageRole, PromptBody, PromptCase, PromptMessage, PromptSet, PromptVariant, RenderedMessage, RenderedPrompt, TemplateText, VarValue,
} from './types.ts';
export { BASE_VARIANT } from './types.ts';
export { ASSERTION_TYPES, BASE_ASSERTION_TYPES, AssertionSchema, baseType, isAssertionType } from './assertions.ts';
export type { Assertion, AssertionType, BaseAssertionType } from './assertions.ts';
export { MESSAGE_ROLES, PromptSetDocSchema, SET_NAME, VARIANT_NAME, caseId } from './schema.ts';
export type { PromptSetDocument, TextDoc } from './schema.ts';
export { VARIABLE_NAME, fillTemplate, templateSpans, templateVariables } from './template.ts';
export type { TemplateSpan } from './template.ts';
export { loadPromptSet, parsePromptSet } from './load.ts';
export { duplicateNameError, listPromptSetFiles, loadPromptSets } from './load-many.ts';
export { caseVars, findCase, renderCase, resolveVariant, variantNames } from './render.ts';
export { checkPromptSet, promptTemplates } from './templates.ts';
export type { PromptSetSummary, PromptTemplate } from './templates.ts';
export { addVariant } from './add-variant.ts';
export type { VariantInput } from './add-variant.ts';
export { importPromptfoo } from './promptfoo-import.ts';
export type { PromptfooImport, PromptfooImportOptions } from './promptfoo-import.ts';
export { mapProviderId } from './promptfoo-tests.ts';
