/**
 * The bundled recorded demo (prompts/demo/recorded/*.json, written by scripts/build-demo-data.ts): figures
 * derived from public datasets — per-item quality labels and token counts, never the prompts or answers —
 * with their attribution. This file holds the two file formats and their checked parse.
 *
 * routellm-gsm8k.json: one row per GSM8K problem, the columns named in `columns` (0/1 correctness of each
 * model, the prompt's length in characters, each model's input and output token counts, and the level the
 * heuristic router — core/analysis/router-scores/heuristic.ts — gives the prompt).
 *
 * alpaca-eval.json: one entry per model with per-instruction quality (AlpacaEval 2.0 `model_win`, the
 * reference 0.5) and token counts, and how the model is priced: a catalog model, a dated third-party listing
 * (LiteLLM's price file), or unpriced.
 */
import { z } from 'zod';
import { CostlabError } from '../core/index.ts';

export const ROUTELLM_DEMO_FORMAT = 'costlab-demo/routellm@1';
export const ALPACA_DEMO_FORMAT = 'costlab-demo/alpaca-eval@1';

export const ROUTELLM_COLUMNS = [
  'id',
  'weakCorrect',
  'strongCorrect',
  'promptChars',
  'weakInputTokens',
  'weakOutputTokens',
  'strongInputTokens',
  'strongOutputTokens',
  'heuristicLevel',
] as const;
export type RouteLlmColumn = (typeof ROUTELLM_COLUMNS)[number];

const attributionSchema = z.object({
  dataset: z.string().min(1),
  url: z.string().min(1),
  licence: z.string().min(1),
  commit: z.string().min(1),
  derived: z.string().min(1),
  prices: z.string().optional(),
});
export type DemoAttribution = z.infer<typeof attributionSchema>;

const modelInfoSchema = z.object({
  name: z.string().min(1),
  tokenizer: z.string().min(1),
  countExact: z.boolean(),
});
export type DemoModelInfo = z.infer<typeof modelInfoSchema>;

const count = z.number().int().nonnegative();

const routeLlmSchema = z.object({
  format: z.literal(ROUTELLM_DEMO_FORMAT),
  attribution: attributionSchema,
  benchmark: z.string().min(1),
  weak: modelInfoSchema,
  strong: modelInfoSchema,
  columns: z.array(z.string()).refine((columns) => columns.join(',') === ROUTELLM_COLUMNS.join(','), {
    message: `columns must be ${ROUTELLM_COLUMNS.join(', ')}`,
  }),
  rows: z.array(z.array(count).length(ROUTELLM_COLUMNS.length)).min(1),
});
export type RouteLlmDemoFile = Omit<z.infer<typeof routeLlmSchema>, 'columns'> & { columns: readonly RouteLlmColumn[] };

const priceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('catalog'), model: z.string().min(1), note: z.string() }),
  z.object({
    kind: z.literal('listed'),
    listing: z.string().min(1),
    provider: z.string().min(1),
    inputUsdPerMTok: z.string().regex(/^\d+(\.\d+)?$/),
    outputUsdPerMTok: z.string().regex(/^\d+(\.\d+)?$/),
    source: z.string().min(1),
    asOf: z.string().regex(/^\d{4}-\d\d-\d\d$/),
    note: z.string(),
  }),
  z.object({ kind: z.literal('unpriced'), note: z.string().min(1) }),
]);
export type DemoPrice = z.infer<typeof priceSchema>;

const alpacaModelSchema = modelInfoSchema.extend({
  role: z.enum(['model', 'reference']),
  price: priceSchema,
  inputTokens: z.array(count),
  outputTokens: z.array(count),
  quality: z.array(z.number().min(0).max(1)),
});
export type AlpacaDemoModel = z.infer<typeof alpacaModelSchema>;

const alpacaSchema = z.object({
  format: z.literal(ALPACA_DEMO_FORMAT),
  attribution: attributionSchema,
  annotator: z.string().min(1),
  reference: z.string().min(1),
  instructions: z.number().int().positive(),
  models: z.array(alpacaModelSchema).min(1),
});
export type AlpacaDemoFile = z.infer<typeof alpacaSchema>;

function parse<T>(schema: z.ZodType<T>, json: unknown, file: string): T {
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.map(String).join('.') ?? '';
  throw new CostlabError('bad-demo-data', `not a costlab demo file: ${issue?.message ?? 'invalid'}`, {
    location: { file, ...(field ? { field } : {}) },
    hint: 'rebuild it with `node --import tsx scripts/build-demo-data.ts` (needs ../shared), or restore it from the repository',
  });
}

/** Checks a parsed routellm-gsm8k.json; throws `bad-demo-data` naming the file and field. */
export function parseRouteLlmDemo(json: unknown, file: string): RouteLlmDemoFile {
  const data = parse(routeLlmSchema, json, file);
  data.rows.forEach((row, i) => {
    if ((row[1] ?? 0) > 1 || (row[2] ?? 0) > 1) {
      throw new CostlabError('bad-demo-data', 'weakCorrect and strongCorrect must be 0 or 1', { location: { file, field: `rows.${i}` } });
    }
    if ((row[8] ?? 0) > 3) {
      throw new CostlabError('bad-demo-data', 'heuristicLevel must be 0, 1, 2 or 3', { location: { file, field: `rows.${i}` } });
    }
  });
  return data as RouteLlmDemoFile;
}

/** Checks a parsed alpaca-eval.json; every model must have one figure per instruction. */
export function parseAlpacaDemo(json: unknown, file: string): AlpacaDemoFile {
  const data = parse(alpacaSchema, json, file);
  data.models.forEach((model, i) => {
    for (const key of ['inputTokens', 'outputTokens', 'quality'] as const) {
      if (model[key].length !== data.instructions) {
        throw new CostlabError('bad-demo-data', `${model.name} has ${model[key].length} ${key} figures, not ${data.instructions}`, {
          location: { file, field: `models.${i}.${key}` },
        });
      }
    }
  });
  return data;
}

/** One row of the RouteLLM demo as an object. */
export interface RouteLlmDemoRow {
  id: number;
  weakCorrect: boolean;
  strongCorrect: boolean;
  promptChars: number;
  weakInputTokens: number;
  weakOutputTokens: number;
  strongInputTokens: number;
  strongOutputTokens: number;
  /** The heuristic router's level of the prompt: 0 trivial, 1 simple, 2 moderate, 3 complex. */
  heuristicLevel: number;
}

export function routeLlmRows(file: RouteLlmDemoFile): RouteLlmDemoRow[] {
  return file.rows.map((row) => {
    const at = (column: RouteLlmColumn): number => row[ROUTELLM_COLUMNS.indexOf(column)] ?? 0;
    return {
      id: at('id'),
      weakCorrect: at('weakCorrect') === 1,
      strongCorrect: at('strongCorrect') === 1,
      promptChars: at('promptChars'),
      weakInputTokens: at('weakInputTokens'),
      weakOutputTokens: at('weakOutputTokens'),
      strongInputTokens: at('strongInputTokens'),
      strongOutputTokens: at('strongOutputTokens'),
      heuristicLevel: at('heuristicLevel'),
    };
  });
}
