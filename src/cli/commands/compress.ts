/**
 * `costlab compress FILE|SET [--strategy a,b,...] [--rate R | --target-tokens N] [--model M,...] [--diff]
 * [--json] [--variant V] [--save-variant NAME]`: what a compression pipeline saves on a text file or on each
 * template of a prompt set, per model per 1,000 calls, with a word diff; optionally saved into the set as
 * an A/B variant.
 */
import {
  CostlabError,
  addVariant,
  compress,
  costOf,
  formatUsd,
  loadModelCounter,
  loadPromptSet,
  moneyToUsdNumber,
  promptTemplates,
  pruneFewShotMessages,
  renderDiff,
  wordDiff,
} from '../../core/index.ts';
import type { CompressResult, ModelEntry, PromptTemplate, TokenCounter, VariantInput } from '../../core/index.ts';
import { installPlatform, nodePorts, readTextFile, writeTextAtomic } from '../../platform/node.ts';
import { loadCatalog } from '../catalog-loader.ts';
import { formatInteger, renderTable } from '../format/table.ts';
import { DEFAULT_COUNT_MODELS } from './count.ts';

interface CompressOptions {
  strategy?: string[];
  rate?: string;
  targetTokens?: string;
  model?: string[];
  diff?: boolean;
  json?: boolean;
  variant?: string;
  saveVariant?: string;
  rewriteModel?: string;
}

interface Prompt {
  source: string;
  part: string;
  text: string;
}

interface ModelSaving {
  model: string;
  exact: boolean;
  originalTokens: number;
  compressedTokens: number;
  savedUsdPer1kCalls: number | null;
  saved: string;
}

function parseBudget(options: CompressOptions): { rate?: number; targetTokens?: number } {
  if (options.rate !== undefined && options.targetTokens !== undefined) {
    throw new CostlabError('bad-option', '--rate and --target-tokens are alternatives', { hint: 'give one of them' });
  }
  if (options.rate !== undefined) {
    const rate = Number(options.rate);
    if (!(rate > 0 && rate <= 1)) throw new CostlabError('bad-option', `--rate must be in (0, 1], got "${options.rate}"`, { hint: 'e.g. --rate 0.5 keeps half the tokens' });
    return { rate };
  }
  if (options.targetTokens !== undefined) {
    if (!/^\d+$/.test(options.targetTokens)) {
      throw new CostlabError('bad-option', `--target-tokens must be a whole number, got "${options.targetTokens}"`, { hint: 'e.g. --target-tokens 800' });
    }
    return { targetTokens: Number(options.targetTokens) };
  }
  return {};
}

const SET_FILE = /\.(ya?ml|json)$/i;

async function readPrompts(path: string, variant: string): Promise<{ prompts: Prompt[]; templates: PromptTemplate[] | null }> {
  if (!SET_FILE.test(path)) return { prompts: [{ source: path, part: 'text', text: await readTextFile(path) }], templates: null };
  const set = await loadPromptSet(path, nodePorts().fs);
  const templates = promptTemplates(set).filter((t) => t.variant === variant);
  if (templates.length === 0) {
    throw new CostlabError('unknown-variant', `set '${set.name}' has no variant '${variant}'`, { location: { file: path }, hint: 'use --variant base or a name under variants:' });
  }
  return { prompts: templates.map((t) => ({ source: path, part: `${set.name}/${t.variant}/${t.part}`, text: t.text })), templates };
}

function savings(models: ModelEntry[], counters: TokenCounter[], original: string, compressed: string): ModelSaving[] {
  return models.map((model, i) => {
    const counter = counters[i]!;
    const before = counter.count(original);
    const after = counter.count(compressed);
    const money = model.rates ? costOf((before - after) * 1000, model.rates.input, `${model.provider}:${model.id} input`) : null;
    return {
      model: `${model.provider}:${model.id}`,
      exact: counter.exact,
      originalTokens: before,
      compressedTokens: after,
      savedUsdPer1kCalls: money ? moneyToUsdNumber(money) : null,
      saved: money ? formatUsd(money) : 'self-hosted',
    };
  });
}

function printHuman(prompt: Prompt, result: CompressResult, perModel: ModelSaving[], diff: boolean): void {
  const requested = result.requested.rate !== undefined ? `rate ${result.requested.rate}` : result.requested.targetTokens !== undefined ? `${formatInteger(result.requested.targetTokens)} tokens` : 'none';
  const met = result.met === undefined ? '' : result.met ? ' (met)' : ' (not met: protected spans or strategy limits)';
  process.stdout.write(
    `${prompt.part === 'text' ? prompt.source : prompt.part}: ${formatInteger(result.originalTokens)} → ${formatInteger(result.compressedTokens)} tokens, ratio ${result.ratio.toFixed(3)}; requested ${requested}${met}; ${result.protectedSpans} protected spans\n`,
  );
  const steps = result.strategies.map((s) => [s.name, formatInteger(s.tokensBefore), formatInteger(s.tokensAfter), s.discarded ? 'discarded (no gain)' : '']);
  process.stdout.write(`${renderTable([{ header: 'strategy' }, { header: 'before', align: 'right' }, { header: 'after', align: 'right' }, { header: '' }], steps)}\n`);
  const rows = perModel.map((m) => [m.model, `${m.exact ? '' : '≈'}${formatInteger(m.originalTokens)}`, `${m.exact ? '' : '≈'}${formatInteger(m.compressedTokens)}`, m.saved]);
  process.stdout.write(`${renderTable([{ header: 'model' }, { header: 'tokens', align: 'right' }, { header: 'compressed', align: 'right' }, { header: 'saved per 1k calls', align: 'right' }], rows)}\n`);
  for (const warning of result.warnings) process.stdout.write(`warning: ${warning}\n`);
  if (diff) process.stdout.write(`\n${renderDiff(wordDiff(prompt.text, result.text), { color: Boolean(process.stdout.isTTY) && !process.env['NO_COLOR'] })}\n`);
  process.stdout.write('\n');
}

function variantFrom(templates: PromptTemplate[], compressed: Map<string, string>): VariantInput {
  const input: VariantInput = {};
  const messages: NonNullable<VariantInput['messages']> = [];
  for (const t of templates) {
    const text = compressed.get(t.part) ?? t.text;
    if (t.part === 'system') input.system = text;
    else if (t.part === 'prompt') input.prompt = text;
    else messages.push({ role: t.role, content: text });
  }
  if (messages.length > 0) input.messages = messages;
  return input;
}

/**
 * `few-shot` on a set whose prompt is a chat: the examples are user/assistant turns, not text blocks, so
 * whole pairs are dropped from the list (the system prompt and the final user turn stay) before the other
 * strategies run on each remaining message.
 */
function pruneChatExamples(
  templates: PromptTemplate[],
  strategies: string[],
  budget: { rate?: number; targetTokens?: number },
  counter: TokenCounter,
): { templates: PromptTemplate[]; report: string | null } {
  const turns = templates.filter((t) => t.part.startsWith('messages['));
  if (!strategies.includes('few-shot') || turns.length < 3) return { templates, report: null };
  const before = turns.reduce((sum, t) => sum + counter.count(t.text), 0);
  const targetTokens = budget.targetTokens ?? Math.floor(before * (budget.rate ?? 1));
  const pruned = pruneFewShotMessages(turns.map((t) => ({ role: t.role, content: t.text, template: t })), { counter, targetTokens });
  const kept = new Set(pruned.messages.map((m) => m.template));
  const report = `few-shot over the chat turns: ${pruned.dropped} example pair(s) dropped, ${formatInteger(pruned.tokensBefore)} → ${formatInteger(pruned.tokensAfter)} tokens (target ${formatInteger(targetTokens)})`;
  return { templates: templates.filter((t) => !t.part.startsWith('messages[') || kept.has(t)), report };
}

export async function runCompress(path: string, options: CompressOptions): Promise<void> {
  installPlatform();
  const budget = parseBudget(options);
  const catalog = await loadCatalog();
  const models = (options.model?.length ? options.model : DEFAULT_COUNT_MODELS).map((ref) => catalog.resolve(ref));
  const counters = await Promise.all(models.map((m) => loadModelCounter(m)));
  const variant = options.variant ?? 'base';
  const read = await readPrompts(path, variant);
  const strategies = options.strategy?.length ? options.strategy : undefined;
  let { prompts, templates } = read;
  let perPrompt = strategies;
  if (templates && strategies) {
    const pruned = pruneChatExamples(templates, strategies, budget, counters[0]!);
    if (pruned.report) {
      templates = pruned.templates;
      const keptParts = new Set(templates.map((t) => t.part));
      prompts = prompts.filter((p) => keptParts.has(p.part.split('/').slice(2).join('/')));
      if (!options.json) process.stdout.write(`${pruned.report}\n\n`);
      perPrompt = strategies.filter((name) => name !== 'few-shot');
    }
  }
  const perPromptBudget = perPrompt === strategies || perPrompt?.includes('importance') ? budget : {};
  if (options.saveVariant && !templates) {
    throw new CostlabError('bad-option', '--save-variant needs a prompt set (.yaml or .json)', { location: { file: path } });
  }
  const rewriter = strategies?.includes('llm-rewrite') && options.rewriteModel
    ? await (await import('../compress-rewriter.ts')).createRewriter(options.rewriteModel, catalog, counters[0]!)
    : undefined;
  const compressed = new Map<string, string>();
  for (const prompt of prompts) {
    // Chat-turn examples were pruned above; within one message, few-shot looks for text-block examples.
    if (perPrompt && perPrompt.length === 0) continue;
    const result = await compress(prompt.text, {
      ...(perPrompt ? { strategies: perPrompt } : {}),
      ...perPromptBudget,
      counter: counters[0]!,
      ...(rewriter ? { rewriter } : {}),
    });
    const perModel = savings(models, counters, prompt.text, result.text);
    compressed.set(prompt.part.split('/').slice(2).join('/'), result.text);
    if (options.json) {
      const line = {
        source: prompt.source,
        part: prompt.part,
        tokenizer: counters[0]!.id,
        originalTokens: result.originalTokens,
        compressedTokens: result.compressedTokens,
        ratio: result.ratio,
        requested: result.requested,
        met: result.met ?? null,
        strategies: result.strategies,
        protectedSpans: result.protectedSpans,
        perModel: perModel.map(({ saved: _saved, ...rest }) => rest),
        text: result.text,
        ...(rewriter ? { rewrite: { model: rewriter.model, calls: rewriter.calls, spentUsd: moneyToUsdNumber(rewriter.spent) } } : {}),
        ...(options.diff ? { diff: wordDiff(prompt.text, result.text) } : {}),
      };
      process.stdout.write(`${JSON.stringify(line)}\n`);
    } else {
      printHuman(prompt, result, perModel, Boolean(options.diff));
    }
  }
  if (rewriter && !options.json) {
    process.stdout.write(`llm-rewrite on ${rewriter.model}: ${rewriter.calls} call(s), spent ${formatUsd(rewriter.spent)}\n`);
  }
  if (options.saveVariant && templates) {
    const updated = addVariant(await readTextFile(path), path, options.saveVariant, variantFrom(templates, compressed));
    await writeTextAtomic(path, updated);
    if (!options.json) process.stdout.write(`saved variant '${options.saveVariant}' into ${path}\n`);
  }
}
