/**
 * Prefix audit: how much of a prompt set's requests a provider's prompt cache would serve, per model, and what that
 * saves. Seeds: ../shared/seeds/002_….txt §三 (Anthropic cache_control: writes +25 %, reads 10 % of the input price,
 * break-even after 2 requests) and 004_….txt §4 (cache a long system prompt in its own block; "over 1,024 tokens"
 * — which is the minimum for Sonnet, not for Haiku 4.5, whose minimum is 4,096: the audit checks the model's own).
 *
 * 1. The shared prefix: every case rendered (system, then messages); the blocks identical in every request, then
 *    the longest common start of the first block that differs (cut back to a word boundary). Its tokens are counted with each model's counter
 *    (the text of the whole shared blocks plus the common start; the chat format's few framing tokens per message
 *    are not counted, so the figure leans low).
 * 2. The rules (catalog/prompt-cache-rules.ts) decide what is cacheable:
 *    - automatic (OpenAI, Gemini 2.5): the whole shared prefix is eligible; nothing below the minimum (1,024 …);
 *      OpenAI caches in 128-token steps past it. No write surcharge: the first request pays the input rate.
 *    - breakpoints (Anthropic): ASSUMED one `cache_control` breakpoint on the last block that is the same in every
 *      request (usually the system prompt) — a breakpoint sits on a whole content block, so the common start of a
 *      differing user message is not eligible unless the caller splits that message into a static block and a
 *      variable one (reported as advice). The first request writes at the 5-minute write rate (1.25× input).
 * 3. Money per 1,000 requests, for the eligible prefix only (the rest of each request costs the same either way):
 *    without caching 1,000 × C × input; with caching one write + 999 reads (C × write-or-input + 999 × C × cacheRead);
 *    the saving is the difference. ASSUMED: the cache stays warm for the 1,000 requests (one at least every 5
 *    minutes — the entries' lifetime, refreshed on each read); a cold cache writes again.
 * 4. Layout advice (prefix-audit-layout.ts): the longest static run of the templates and the variable content before
 *    it; when it is not already at the front, what moving it there would make cacheable and save.
 *
 * Money is exact: tokens × rates in picodollars; an unknown rate makes the figure unknown, never $0.
 */
import { promptCacheRules, cacheableTokens } from '../catalog/prompt-cache-rules.ts';
import type { PromptCacheRules } from '../catalog/prompt-cache-rules.ts';
import type { ModelEntry } from '../catalog/model.ts';
import { modelKey } from '../catalog/model.ts';
import { CostlabError } from '../errors.ts';
import { ZERO, addMoney, costOf, known } from '../money/money.ts';
import type { Money } from '../money/money.ts';
import type { RenderedMessage, RenderedPrompt } from '../promptset/types.ts';
import type { TokenCounter } from '../tokens/counter.ts';
import { staticRuns } from './prefix-audit-layout.ts';
import type { PromptLayout, StaticRun } from './prefix-audit-layout.ts';

export const PREFIX_AUDIT_REQUESTS = 1000;

export interface SharedPrefix {
  /** Whole blocks identical in every request, in order. */
  blocks: RenderedMessage[];
  /** The common start of the next block (same role in every request), or ''. */
  partial: string;
  requests: number;
}

export interface PrefixAuditModel {
  entry: ModelEntry;
  counter: TokenCounter;
}

export interface LayoutAdvice {
  /** Tokens of the static run at the very start (0 when a variable comes first). */
  leadingStaticTokens: number;
  /** The longest static run that is not at the start, when it is longer than the leading one. */
  longest: StaticRun | null;
  /** Cacheable tokens if it moved to the front, and the saving per 1,000 requests then. */
  movedCacheableTokens: number | null;
  movedSavingPer1k: Money | null;
}

export interface PrefixModelResult {
  model: string;
  /** False when the counts are an estimate (≈). */
  exact: boolean;
  meanRequestTokens: number;
  /** The shared prefix as text: whole shared blocks plus the common start of the next block. */
  sharedTokens: number;
  /** The whole shared blocks alone (where a breakpoint can sit). */
  sharedBlockTokens: number;
  rules: PromptCacheRules | null;
  /** The prefix the rules see: sharedTokens (automatic) or sharedBlockTokens (breakpoints). */
  eligibleTokens: number;
  cacheableTokens: number;
  /** cacheable / mean request tokens. */
  cacheableShare: number;
  uncachedPer1k: Money | null;
  cachedPer1k: Money | null;
  savingPer1k: Money | null;
  /** One line: the rule applied, or why nothing is cached. */
  reason: string;
  advice: string[];
  layout: LayoutAdvice | null;
}

export interface PrefixAudit {
  requests: number;
  prefix: SharedPrefix;
  models: PrefixModelResult[];
}

function blocksOf(request: RenderedPrompt): RenderedMessage[] {
  return [...(request.system === undefined ? [] : [{ role: 'system' as const, content: request.system }]), ...request.messages];
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const WORD = /[\p{L}\p{N}\p{M}_]/u;
const inWord = (ch: string) => ch !== '' && WORD.test(ch) && !CJK.test(ch);

/**
 * The longest common start of the texts, cut back to a word boundary when the texts part in the middle of a word
 * ("Question: What" / "Question: Why" share "Question: ", not "Question: Wh"): a token seldom ends there.
 */
function commonStart(texts: readonly string[]): string {
  const first = texts[0] ?? '';
  let end = first.length;
  for (const text of texts.slice(1)) {
    let i = 0;
    while (i < end && i < text.length && first.charCodeAt(i) === text.charCodeAt(i)) i++;
    end = i;
  }
  if (end > 0 && /[\uD800-\uDBFF]/.test(first.charAt(end - 1))) end--; // never split a surrogate pair
  const parts = texts.some((t) => t.length > end && inWord(t.charAt(end)));
  if (parts && inWord(first.charAt(end - 1))) {
    while (end > 0 && inWord(first.charAt(end - 1))) end--;
  }
  return first.slice(0, end);
}

/** The blocks every request shares, then the common start of the first block that differs. */
export function sharedPrefix(requests: readonly RenderedPrompt[]): SharedPrefix {
  if (requests.length === 0) throw new CostlabError('bad-prefix-input', 'the prefix audit needs at least one request', { hint: 'give a set with at least one case' });
  const all = requests.map(blocksOf);
  const blocks: RenderedMessage[] = [];
  for (let k = 0; ; k++) {
    const here = all.map((b) => b[k]);
    const first = here[0];
    if (first === undefined || here.some((m) => m === undefined || m.role !== first.role)) return { blocks, partial: '', requests: requests.length };
    if (here.every((m) => m?.content === first.content)) {
      blocks.push(first);
      continue;
    }
    return { blocks, partial: commonStart(here.map((m) => m?.content ?? '')), requests: requests.length };
  }
}

function count(counter: TokenCounter, blocks: readonly RenderedMessage[]): number {
  return blocks.reduce((sum, b) => sum + counter.count(b.content), 0);
}

interface Money1k {
  uncached: Money;
  cached: Money;
  saving: Money;
}

/** The eligible prefix's money per 1,000 requests: one write (or first full-price read), 999 cache reads. */
function per1k(entry: ModelEntry, rules: PromptCacheRules, cacheable: number): Money1k | null {
  const rates = entry.rates;
  if (rates === null) return null;
  const key = modelKey(entry);
  const n = PREFIX_AUDIT_REQUESTS;
  const uncached = costOf(cacheable * n, rates.input, `${key} input`);
  const first = rules.mode === 'breakpoints' ? costOf(cacheable, rates.cacheWrite5m, `${key} cache-write-5m`) : costOf(cacheable, rates.input, `${key} input`);
  const cached = addMoney(first, costOf(cacheable * (n - 1), rates.cacheRead, `${key} cache-read`));
  const saving = uncached.known && cached.known ? known(uncached.pico - cached.pico) : addMoney(uncached, cached);
  return { uncached, cached, saving };
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');

function layoutAdvice(layout: PromptLayout | null, model: PrefixAuditModel, rules: PromptCacheRules | null): LayoutAdvice | null {
  if (layout === null) return null;
  const runs = staticRuns(layout, model.counter);
  const leading = runs[0]?.start === 0 ? runs[0].tokens : 0;
  let longest: StaticRun | null = null;
  for (const run of runs) if (run.start !== 0 && run.tokens > leading && (longest === null || run.tokens > longest.tokens)) longest = run;
  if (longest === null || rules === null) return { leadingStaticTokens: leading, longest, movedCacheableTokens: null, movedSavingPer1k: null };
  const moved = cacheableTokens(rules, leading + longest.tokens);
  return { leadingStaticTokens: leading, longest, movedCacheableTokens: moved, movedSavingPer1k: per1k(model.entry, rules, moved)?.saving ?? null };
}

function auditModel(requests: readonly RenderedPrompt[], prefix: SharedPrefix, layout: PromptLayout | null, model: PrefixAuditModel): PrefixModelResult {
  const { entry, counter } = model;
  const meanRequestTokens = requests.reduce((sum, r) => sum + count(counter, blocksOf(r)), 0) / requests.length;
  const sharedBlockTokens = count(counter, prefix.blocks);
  const partialTokens = prefix.partial === '' ? 0 : counter.count(prefix.partial);
  const sharedTokens = sharedBlockTokens + partialTokens;
  const rules = promptCacheRules(entry);
  const eligible = rules?.mode === 'breakpoints' ? sharedBlockTokens : sharedTokens;
  const cacheable = rules === null ? 0 : cacheableTokens(rules, eligible);
  const money = rules === null ? null : cacheable === 0 ? { uncached: ZERO, cached: ZERO, saving: ZERO } : per1k(entry, rules, cacheable);
  const approx = counter.exact ? '' : '≈';
  const advice: string[] = [];
  let reason: string;
  if (rules === null) {
    reason = `${modelKey(entry)} has no prompt caching that costlab prices (${entry.selfHosted || entry.rates === null ? 'self-hosted: no per-token price' : 'the provider offers none for this model'})`;
  } else if (eligible < rules.minTokens) {
    reason = `prefix ${approx}${int(eligible)} tokens${rules.mode === 'breakpoints' ? ' (to the last shared block)' : ''} < ${int(rules.minTokens)} minimum`;
    if (eligible > 0) advice.push(`the shared prefix needs ${approx}${int(rules.minTokens - eligible)} more static tokens to reach the ${int(rules.minTokens)}-token minimum`);
  } else if (rules.mode === 'breakpoints') {
    reason = `one cache_control breakpoint after the last block every request shares (${prefix.blocks.map((b) => b.role).join(' + ')}): ` +
      `${approx}${int(cacheable)} tokens written once at the 5-minute write rate, read by the next ${int(PREFIX_AUDIT_REQUESTS - 1)}`;
  } else {
    const step = rules.incrementTokens > 1 ? ` in ${rules.incrementTokens}-token steps` : '';
    reason = `automatic: ${approx}${int(cacheable)} of ${approx}${int(eligible)} prefix tokens cached (${int(rules.minTokens)} minimum${step}); ` +
      `the first request pays the input rate, the next ${int(PREFIX_AUDIT_REQUESTS - 1)} the cache-read rate`;
  }
  if (rules !== null && !counter.exact && counter.estimate) {
    const band = counter.estimate.errorBand;
    if (Math.abs(eligible - rules.minTokens) <= band * eligible) {
      advice.push(`the count is an estimate (±${Math.round(band * 100)} %) and the prefix is near the ${int(rules.minTokens)}-token minimum: check it with the provider's token counter`);
    }
  }
  if (rules?.mode === 'breakpoints' && partialTokens > 0) {
    const split = cacheableTokens(rules, sharedTokens);
    if (split > cacheable) {
      advice.push(`${approx}${int(partialTokens)} more shared tokens start the next message: put them in a content block of their own with the breakpoint after it, and ${approx}${int(split)} tokens become cacheable`);
    }
  }
  const layoutResult = layoutAdvice(layout, model, rules);
  if (layoutResult?.longest) {
    const run = layoutResult.longest;
    const names = run.variablesBefore.map((v) => `{{${v}}}`).join(', ');
    const gain = layoutResult.movedCacheableTokens !== null && layoutResult.movedCacheableTokens > cacheable
      ? `: moved ahead of them, ${approx}${int(layoutResult.movedCacheableTokens)} tokens would be cacheable`
      : '';
    advice.push(`the longest static part (${approx}${int(run.tokens)} tokens, in ${run.blocks.join(' + ')}) comes after ${approx}${int(run.variableTokensBefore)} tokens of variable content (${names})${gain}`);
  } else if (layoutResult !== null) {
    advice.push('the longest static part already leads the request: nothing to move');
  }
  return {
    model: modelKey(entry),
    exact: counter.exact,
    meanRequestTokens,
    sharedTokens,
    sharedBlockTokens,
    rules,
    eligibleTokens: eligible,
    cacheableTokens: cacheable,
    cacheableShare: meanRequestTokens === 0 ? 0 : cacheable / meanRequestTokens,
    uncachedPer1k: money?.uncached ?? null,
    cachedPer1k: money?.cached ?? null,
    savingPer1k: money?.saving ?? null,
    reason,
    advice,
    layout: layoutResult,
  };
}

/** The shared prefix of `requests` and, per model, what its prompt cache would make of it (see the file comment). */
export function prefixAudit(requests: readonly RenderedPrompt[], models: readonly PrefixAuditModel[], layout: PromptLayout | null = null): PrefixAudit {
  const prefix = sharedPrefix(requests);
  return { requests: requests.length, prefix, models: models.map((model) => auditModel(requests, prefix, layout, model)) };
}
