/**
 * `llm-rewrite`: a cheap model rewrites the text shorter (see llm-rewriter.ts). Lossy, and it costs
 * money: the pipeline reports what the calls cost next to what they saved. Needs a rewriter in the
 * context (the CLI's --rewrite-model); a budget, when given, is passed to the model as a target.
 */
import { CostlabError } from '../../errors.ts';
import type { Strategy } from '../types.ts';

export const llmRewrite: Strategy = {
  name: 'llm-rewrite',
  description: 'a cheap model rewrites the prompt in fewer words, protected spans copied as markers (costs a call)',
  lossless: false,
  budgeted: false,
  async apply(masked, ctx) {
    if (!ctx.rewriter) {
      throw new CostlabError('compress-no-rewriter', 'strategy llm-rewrite needs a model to rewrite with', {
        hint: 'pass --rewrite-model (e.g. openai:gpt-4o-mini) and set that provider\'s API key',
        location: { field: 'strategies' },
      });
    }
    return ctx.rewriter.rewrite(masked, ctx.targetTokens);
  },
};
