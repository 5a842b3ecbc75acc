/**
 * The prompt-set document as written (YAML or JSON): strict keys, `{ file: … }` includes not yet read.
 * Exactly one of `prompt` / `messages`; at least one case; case ids unique (default `case-1`, `case-2`, …).
 */
import { z } from 'zod';
import { AssertionSchema } from './assertions.ts';
import { VARIABLE_NAME } from './template.ts';
import { BASE_VARIANT } from './types.ts';

export const SET_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const VARIANT_NAME = /^[A-Za-z0-9][\w.-]*$/;
const CASE_ID = /^\S+$/;

export const SET_FIELDS = ['name', 'description', 'system', 'prompt', 'messages', 'vars', 'variants', 'models', 'cases'] as const;
export const VARIANT_FIELDS = ['system', 'prompt', 'messages'] as const;
export const CASE_FIELDS = ['id', 'description', 'vars', 'reference', 'assert'] as const;
export const MESSAGE_FIELDS = ['role', 'content'] as const;
export const MESSAGE_ROLES = ['system', 'user', 'assistant'] as const;

export const TEXT_MESSAGE = 'expected text, or { file: path } to include a file';
const VAR_MESSAGE = 'expected a text, a number, true/false, or { file: path }';

export const FileRefSchema = z.strictObject({ file: z.string({ error: 'expected a path' }).trim().min(1, { error: 'must not be empty' }) });
export const TextSchema = z.union([z.string(), FileRefSchema], { error: TEXT_MESSAGE });

const MessageSchema = z.strictObject({
  role: z.enum(MESSAGE_ROLES, { error: `expected a role: ${MESSAGE_ROLES.join(', ')}` }),
  content: TextSchema,
});
const MessagesSchema = z.array(MessageSchema, { error: 'expected a list of { role, content } messages' })
  .min(1, { error: 'needs at least one message' });

const VarValueSchema = z.union([z.string(), z.number(), z.boolean(), FileRefSchema], { error: VAR_MESSAGE });
const VarsSchema = z.record(
  z.string().regex(VARIABLE_NAME, { error: 'a variable name is a letter or _, then letters, digits, _, . or -' }),
  VarValueSchema,
  { error: 'expected a map of variable names to values' },
);

const VariantSchema = z
  .strictObject({ system: TextSchema.optional(), prompt: TextSchema.optional(), messages: MessagesSchema.optional() })
  .superRefine((v, ctx) => {
    if (v.prompt !== undefined && v.messages !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['messages'], message: 'a variant gives prompt or messages, not both', params: { hint: 'keep one of them' } });
    }
    if (v.system === undefined && v.prompt === undefined && v.messages === undefined) {
      ctx.addIssue({ code: 'custom', path: [], message: 'an empty variant', params: { hint: 'give it a system, prompt or messages' } });
    }
  });

const VariantsSchema = z.record(
  z.string()
    .regex(VARIANT_NAME, { error: 'a variant name is letters, digits, _, . or -' })
    .refine((name) => name !== BASE_VARIANT, { error: `'${BASE_VARIANT}' names the set's own prompt` }),
  VariantSchema,
  { error: 'expected a map of variant names to { system, prompt, messages }' },
);

const CaseSchema = z.strictObject({
  id: z.string({ error: 'expected a case id' }).regex(CASE_ID, { error: 'a case id has no spaces' }).optional(),
  description: z.string().optional(),
  vars: VarsSchema.optional(),
  reference: TextSchema.optional(),
  assert: z.array(AssertionSchema, { error: 'expected a list of assertions' }).optional(),
});

export const PromptSetDocSchema = z
  .strictObject({
    name: z.string({ error: 'expected a set name' })
      .regex(SET_NAME, { error: 'a set name is lowercase kebab-case (letters, digits and single hyphens)' }),
    description: z.string().optional(),
    system: TextSchema.optional(),
    prompt: TextSchema.optional(),
    messages: MessagesSchema.optional(),
    vars: VarsSchema.optional(),
    variants: VariantsSchema.optional(),
    models: z.array(z.string().trim().min(1, { error: 'must not be empty' }), { error: 'expected a list of model names' }).optional(),
    cases: z.array(CaseSchema, { error: 'expected a list of cases' }).min(1, { error: 'needs at least one case' }),
  })
  .superRefine((doc, ctx) => {
    if ((doc.prompt === undefined) === (doc.messages === undefined)) {
      const both = doc.prompt !== undefined;
      ctx.addIssue({
        code: 'custom', path: both ? ['messages'] : [],
        message: both ? 'give prompt or messages, not both' : "missing required field 'prompt' (or 'messages')",
        params: { hint: both ? 'keep one of them' : 'add prompt: "…{{var}}…", or messages: [{ role: user, content: … }]' },
      });
    }
    const seen = new Map<string, number>();
    doc.cases.forEach((c, index) => {
      const id = caseId(c.id, index);
      const first = seen.get(id);
      if (first === undefined) seen.set(id, index);
      else ctx.addIssue({ code: 'custom', path: ['cases', index, ...(c.id ? ['id'] : [])], message: `duplicate case id '${id}' (first at cases[${first}])`, params: { hint: 'give each case its own id' } });
    });
  });

export type PromptSetDocument = z.input<typeof PromptSetDocSchema>;
export type ParsedPromptSetDocument = z.output<typeof PromptSetDocSchema>;
export type TextDoc = z.output<typeof TextSchema>;

/** A case's id: its own, else `case-N` by position (1-based). */
export function caseId(id: string | undefined, index: number): string {
  return id ?? `case-${index + 1}`;
}

/** The fields a map at `path` may have, for the "did you mean" hint on an unknown one. */
export function allowedFieldsAt(path: readonly PropertyKey[]): readonly string[] {
  const n = path.length;
  if (n === 0) return SET_FIELDS;
  if (n === 2 && path[0] === 'variants') return VARIANT_FIELDS;
  if (n === 2 && path[0] === 'cases') return CASE_FIELDS;
  if (n === 4 && path[0] === 'cases' && path[2] === 'assert') return ['type', 'value', 'threshold', 'min', 'max', 'weight', 'metric'];
  if (n >= 2 && path[n - 2] === 'messages') return MESSAGE_FIELDS;
  return ['file'];
}
