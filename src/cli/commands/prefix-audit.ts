/**
 * `costlab prefix-audit SET [--model M,…] [--variant V] [--json]`: the prefix a prompt set's requests share and, per
 * model, what that model's prompt cache would make of it — shared and cacheable tokens, the rule applied (with its
 * source), the saving per 1,000 requests, why nothing is cached when nothing is, and layout advice
 * (core/analysis/prefix-audit.ts has the model and its assumptions). Reads only; writes nothing.
 */
import { CostlabError, PREFIX_AUDIT_REQUESTS, formatUsd, loadModelCounter, loadPromptSet, moneyToUsdNumber, prefixAudit, promptLayout, renderCase } from '../../core/index.ts';
import type { Catalog, ModelEntry, Money, PrefixAuditModel, PrefixModelResult, RenderedPrompt } from '../../core/index.ts';
import { installPlatform, nodePorts } from '../../platform/node.ts';
import { loadCatalog } from '../catalog-loader.ts';
import { formatInteger, plural, renderTable } from '../format/table.ts';
import { resolveSetPath } from '../run-options.ts';

export interface PrefixAuditOptions {
  model?: string[];
  variant?: string;
  json?: boolean;
}

export const DEFAULT_PREFIX_MODELS = ['openai:gpt-4o-mini', 'anthropic:claude-sonnet-4-5', 'anthropic:claude-haiku-4-5', 'google:gemini-2.5-flash'];

/** A catalog model, or a run target through another route (`ollama:llama3.1:8b`, `vllm:NAME@URL`) as `costlab run` reads it. */
function resolveModel(catalog: Catalog, ref: string): ModelEntry {
  const direct = catalog.tryResolve(ref);
  if (direct) return direct;
  const bare = /^[a-z][a-z0-9-]*:(.+)$/.exec(ref)?.[1]?.replace(/@https?:\/\/.*$/, '');
  return (bare === undefined ? undefined : catalog.tryResolve(bare)) ?? catalog.resolve(ref);
}

const usd = (m: Money | null): string => (m === null ? '—' : m.known ? formatUsd(m) : 'unknown');
const tokens = (n: number, exact: boolean): string => `${exact ? '' : '≈'}${formatInteger(Math.round(n))}`;

function ruleText(r: PrefixModelResult): string {
  if (r.rules === null) return 'none';
  const step = r.rules.incrementTokens > 1 ? `, ${r.rules.incrementTokens}-token steps` : '';
  return r.rules.mode === 'automatic' ? `automatic, ≥ ${formatInteger(r.rules.minTokens)}${step}` : `breakpoint, ≥ ${formatInteger(r.rules.minTokens)}`;
}

function modelJson(r: PrefixModelResult, entry: ModelEntry) {
  return {
    model: r.model, exact: r.exact, meanRequestTokens: r.meanRequestTokens, sharedTokens: r.sharedTokens, sharedBlockTokens: r.sharedBlockTokens,
    eligibleTokens: r.eligibleTokens, cacheableTokens: r.cacheableTokens, cacheableShare: r.cacheableShare,
    rule: r.rules === null ? null : { ...r.rules },
    uncachedPer1kUsd: r.uncachedPer1k === null ? null : moneyToUsdNumber(r.uncachedPer1k),
    cachedPer1kUsd: r.cachedPer1k === null ? null : moneyToUsdNumber(r.cachedPer1k),
    savingPer1kUsd: r.savingPer1k === null ? null : moneyToUsdNumber(r.savingPer1k),
    reason: r.reason, advice: r.advice,
    layout: r.layout === null ? null : {
      leadingStaticTokens: r.layout.leadingStaticTokens,
      longestStatic: r.layout.longest === null ? null : {
        tokens: r.layout.longest.tokens, blocks: r.layout.longest.blocks, variablesBefore: r.layout.longest.variablesBefore,
        variableTokensBefore: r.layout.longest.variableTokensBefore,
      },
      movedCacheableTokens: r.layout.movedCacheableTokens,
      movedSavingPer1kUsd: r.layout.movedSavingPer1k === null ? null : moneyToUsdNumber(r.layout.movedSavingPer1k),
    },
    price: { source: entry.source, asOf: entry.asOf },
  };
}

export async function runPrefixAudit(setArg: string, options: PrefixAuditOptions): Promise<void> {
  installPlatform();
  const cwd = process.cwd();
  const set = await loadPromptSet(await resolveSetPath(setArg, cwd), nodePorts().fs);
  if (set.cases.length === 0) throw new CostlabError('no-cases', `the set '${set.name}' has no cases to render`, { location: { file: set.file }, hint: 'add cases: to the set' });
  const requests: RenderedPrompt[] = set.cases.map((c) => renderCase(set, c.id, options.variant));
  const layout = promptLayout(set, options.variant);
  const catalog = await loadCatalog(cwd);
  const refs = options.model?.length ? options.model : set.models.length > 0 ? set.models : DEFAULT_PREFIX_MODELS;
  const models: PrefixAuditModel[] = [];
  const skipped: string[] = [];
  for (const ref of refs) {
    let entry: ModelEntry;
    try {
      entry = resolveModel(catalog, ref);
    } catch (error) {
      // a model the set suggests but the catalog does not know is left out; one the user named is an error
      if (options.model?.length || !(error instanceof CostlabError)) throw error;
      skipped.push(ref);
      continue;
    }
    if (models.some((m) => m.entry === entry)) continue;
    models.push({ entry, counter: await loadModelCounter(entry) });
  }
  if (models.length === 0) {
    throw new CostlabError('no-models', `none of the set's models is in the catalog (${skipped.join(', ')})`, { location: { file: set.file }, hint: 'name models with --model openai:gpt-4o-mini,…' });
  }
  const audit = prefixAudit(requests, models, layout);
  const variant = options.variant ?? 'base';
  if (options.json) {
    const json = {
      set: set.name, file: set.file, variant, requests: audit.requests, requestsPriced: PREFIX_AUDIT_REQUESTS,
      prefix: { sharedBlocks: audit.prefix.blocks.map((b) => b.role), partialChars: audit.prefix.partial.length },
      skippedModels: skipped,
      models: audit.models.map((r, i) => modelJson(r, (models[i] as PrefixAuditModel).entry)),
      assumptions: [
        'one write (or first full-price request) and 999 cache reads per 1,000 requests: the cache stays warm',
        'Anthropic: one cache_control breakpoint after the last block every request shares',
        'token counts of the message texts; the chat format\'s framing tokens are not counted',
      ],
    };
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    return;
  }
  const rows = audit.models.map((r) => [
    r.model, tokens(r.meanRequestTokens, r.exact), tokens(r.sharedTokens, r.exact), tokens(r.cacheableTokens, r.exact), `${(r.cacheableShare * 100).toFixed(1)}%`,
    ruleText(r), usd(r.savingPer1k),
  ]);
  const table = renderTable(
    [{ header: 'model' }, { header: 'request', align: 'right' }, { header: 'shared prefix', align: 'right' }, { header: 'cacheable', align: 'right' },
      { header: 'of request', align: 'right' }, { header: 'rule' }, { header: 'saving / 1k req', align: 'right' }],
    rows,
  );
  const blocks = audit.prefix.blocks;
  const messages = blocks.filter((b) => b.role !== 'system').length;
  const prefixBlocks = [blocks[0]?.role === 'system' ? 'the system prompt' : '', messages > 0 ? `${messages} message${messages === 1 ? '' : 's'}` : '']
    .filter(Boolean).join(' + ') || 'no whole block';
  const lines = [
    `prefix audit of ${set.name} (${set.file}), variant ${variant}: ${plural(audit.requests, 'request')}`,
    `shared by every request: ${prefixBlocks}${audit.prefix.partial === '' ? '' : `, then ${formatInteger(audit.prefix.partial.length)} characters of the next message`}`,
    '',
    table,
    '',
  ];
  const leads = 'the longest static part already leads the request: nothing to move';
  audit.models.forEach((r, i) => {
    const entry = (models[i] as PrefixAuditModel).entry;
    lines.push(`${r.model}: ${r.reason}`);
    for (const advice of r.advice) if (advice !== leads) lines.push(`  - ${advice}`);
    if (r.layout?.movedSavingPer1k && r.layout.movedCacheableTokens !== null && r.layout.movedCacheableTokens > r.cacheableTokens) {
      lines.push(`  - moving it would save ${usd(r.layout.movedSavingPer1k)} per 1k requests instead of ${usd(r.savingPer1k)}`);
    }
    lines.push(`  rule: ${r.rules?.source ?? 'none'} · prices as of ${entry.asOf} from ${entry.source}`);
  });
  if (audit.models.every((r) => r.advice.includes(leads))) lines.push('', `layout: ${leads}`);
  if (skipped.length > 0) lines.push(`left out (not in the catalog): ${skipped.join(', ')}`);
  lines.push(
    '',
    `saving / 1k req: the shared prefix at the input rate on all ${formatInteger(PREFIX_AUDIT_REQUESTS)} requests, minus one write (Anthropic 1.25× input; OpenAI and Gemini the input rate) and ${formatInteger(PREFIX_AUDIT_REQUESTS - 1)} cache reads — assumes the cache stays warm (a request at least every 5 minutes)`,
    '≈ an estimate: the model has no public tokenizer; chat framing tokens are not counted',
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}
