/**
 * `costlab run`'s inputs: the options as commander parsed them, the prompt set (a file, or a name found as
 * prompts/<name>.yaml), the models (each located in the set file when it came from its `models:`), the budget,
 * the retry policy's test knobs (COSTLAB_RETRY_BASE_MS, COSTLAB_RETRY_MAX_DELAY_MS,
 * COSTLAB_RETRY_MAX_ATTEMPTS — tiny backoff for tests and CI; not needed in normal use) and the batch poll's
 * (COSTLAB_BATCH_POLL_MS, COSTLAB_BATCH_POLL_MAX_MS — how soon a `--batch` run first polls its batches, and
 * the most it waits between polls).
 */
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Catalog, PollPolicy, PromptSet, RetryPolicy } from '../core/index.ts';
import { CostlabError, DEFAULT_POLL_POLICY, YamlSource, buildPlan, editDistance } from '../core/index.ts';
import { listFolder, readTextFile } from '../platform/node.ts';

export interface RunOptions {
  models?: string[];
  variants?: string[];
  repeats?: number;
  concurrency?: number;
  budget?: string;
  maxTokens?: number;
  dryRun?: boolean;
  /** commander's `--no-cache`: false when given. */
  cache?: boolean;
  /** commander's `--no-stream`: false when given. */
  stream?: boolean;
  store?: string;
  resume?: string;
  batch?: boolean;
  json?: boolean;
}

const SET_EXTENSIONS = ['.yaml', '.yml', '.json'];
const SETS_DIR = 'prompts';

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * A set file as given (relative to `cwd`, or absolute), or `prompts/<name>.yaml` (.yml, .json) in the working
 * folder. Relative paths come back as given; an absolute one stays absolute.
 */
export async function resolveSetPath(reference: string, cwd: string): Promise<string> {
  if (await isFile(resolve(cwd, reference))) return reference;
  if (/^[a-z0-9][a-z0-9._-]*$/i.test(reference)) {
    for (const ext of SET_EXTENSIONS) {
      const path = `${SETS_DIR}/${reference}${ext}`;
      if (await isFile(join(cwd, path))) return path;
    }
  }
  const names = ((await listFolder(join(cwd, SETS_DIR))) ?? [])
    .filter((name) => SET_EXTENSIONS.some((ext) => name.endsWith(ext)))
    .map((name) => name.replace(/\.(yaml|yml|json)$/, ''));
  const near = names.map((n) => [n, editDistance(reference.toLowerCase(), n.toLowerCase())] as const).sort((a, b) => a[1] - b[1])[0];
  const hint = near && near[1] <= 3 ? `did you mean '${near[0]}'? ` : '';
  throw new CostlabError('unknown-set', `no prompt set '${reference}': not a file, and not found as ${SETS_DIR}/${reference}.yaml`, {
    location: { file: reference },
    hint: `${hint}${names.length > 0 ? `sets in ${SETS_DIR}/: ${names.join(', ')}` : `give the path of a set file, or put sets in ${SETS_DIR}/`}`,
  });
}

/**
 * Checks each model on its own, so an unknown one is named — and, when it came from the set's `models:`,
 * located at its line in the set file.
 */
export async function checkModels(set: PromptSet, catalog: Catalog, models: readonly string[], fromSet: boolean): Promise<void> {
  const firstCase = set.cases[0]?.id;
  for (const [index, model] of models.entries()) {
    try {
      buildPlan({ set, catalog, models: [model], variants: ['base'], cases: firstCase === undefined ? [] : [firstCase] });
    } catch (error) {
      if (!(error instanceof CostlabError) || !fromSet) throw error;
      const originalIndex = set.models.indexOf(model);
      const source = YamlSource.parse(await readTextFile(set.file), set.file);
      throw new CostlabError(error.code, error.message, { hint: error.hint ?? '', location: source.where(['models', originalIndex < 0 ? index : originalIndex]) });
    }
  }
}

const BUDGET = /^\d+(\.\d+)?$/;

/** `--budget 2.50` as an exact decimal string. */
export function parseBudget(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = value.trim().replace(/^\$/, '');
  if (!BUDGET.test(text)) {
    throw new CostlabError('bad-option', `--budget must be an amount in USD such as 2.50, got "${value}"`, { hint: 'give --budget in US dollars, e.g. --budget 0.25' });
  }
  return text;
}

const RETRY_ENV: Record<keyof Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs' | 'maxAttempts'>, string> = {
  baseDelayMs: 'COSTLAB_RETRY_BASE_MS',
  maxDelayMs: 'COSTLAB_RETRY_MAX_DELAY_MS',
  maxAttempts: 'COSTLAB_RETRY_MAX_ATTEMPTS',
};

/** The retry policy's overrides from the environment (whole numbers; attempts at least 1). */
export function retryFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<RetryPolicy> {
  const policy: Partial<RetryPolicy> = {};
  for (const [field, name] of Object.entries(RETRY_ENV) as [keyof typeof RETRY_ENV, string][]) {
    const value = wholeNumberEnv(env, name, field === 'maxAttempts' ? 1 : 0);
    if (value !== undefined) policy[field] = value;
  }
  return policy;
}

export const BATCH_POLL_ENV = { intervalMs: 'COSTLAB_BATCH_POLL_MS', maxIntervalMs: 'COSTLAB_BATCH_POLL_MAX_MS' } as const;

/**
 * The batch poll's overrides from the environment: COSTLAB_BATCH_POLL_MS, the wait before the second poll of a
 * batch (default 10 s, growing ×1.5 per poll), and COSTLAB_BATCH_POLL_MAX_MS, the longest wait (default 5 min,
 * and never below the first). Whole numbers of milliseconds, at least 1.
 */
export function batchPollFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<PollPolicy> {
  const intervalMs = wholeNumberEnv(env, BATCH_POLL_ENV.intervalMs, 1);
  const maxIntervalMs = wholeNumberEnv(env, BATCH_POLL_ENV.maxIntervalMs, 1);
  const policy: Partial<PollPolicy> = {};
  if (intervalMs !== undefined) policy.intervalMs = intervalMs;
  if (maxIntervalMs !== undefined) policy.maxIntervalMs = maxIntervalMs;
  const first = policy.intervalMs ?? DEFAULT_POLL_POLICY.intervalMs;
  if (first > (policy.maxIntervalMs ?? DEFAULT_POLL_POLICY.maxIntervalMs)) policy.maxIntervalMs = first;
  return policy;
}

function wholeNumberEnv(env: NodeJS.ProcessEnv, name: string, min: number): number | undefined {
  const text = env[name]?.trim();
  if (text === undefined || text === '') return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min || !Number.isSafeInteger(Number(text))) {
    throw new CostlabError('bad-env', `${name} must be a whole number${min > 0 ? ` ≥ ${min}` : ''}, got "${text}"`, { hint: `fix or unset ${name}` });
  }
  return Number(text);
}
