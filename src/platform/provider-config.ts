/**
 * Provider settings for `costlab run`: the `providers:` section of the project's costlab.yaml (zod-checked,
 * errors naming file:line:column and field), then the environment:
 *
 *   providers:
 *     openai:    { baseURL, apiKeyEnv: OPENAI_API_KEY, organization, project, concurrency, rpm, tpm, timeoutMs }
 *     anthropic: { baseURL, apiKeyEnv: ANTHROPIC_API_KEY, concurrency, rpm, tpm, timeoutMs }
 *     ollama:    { host, concurrency, rpm, tpm, timeoutMs }
 *     vllm:      { baseURL, apiKeyEnv, concurrency, rpm, tpm, timeoutMs }      (also llamacpp, lmstudio, openai-compatible)
 *
 * A key is only ever named by its environment variable (`apiKeyEnv`); a key written in the file (`apiKey:`)
 * is an error that says so, without repeating the value. Base URLs: OPENAI_BASE_URL, ANTHROPIC_BASE_URL and
 * OLLAMA_HOST win over the file (a target's own `@URL` wins over both); keys are read from the environment only.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { CostlabError, YamlSource, editDistance } from '../core/index.ts';
import { exists, readTextFile } from './node.ts';

const posInt = z.number().int().positive();
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'the NAME of an environment variable, such as OPENAI_API_KEY');
const url = z.string().regex(/^https?:\/\/[^\s/]+/i, 'an http:// or https:// URL');
const limits = { concurrency: posInt.optional(), rpm: z.number().positive().optional(), tpm: z.number().positive().optional(), timeoutMs: posInt.optional() };
const compatible = z.strictObject({ baseURL: url.optional(), apiKeyEnv: envName.optional(), ...limits });

const ProvidersSchema = z.strictObject({
  openai: z.strictObject({ baseURL: url.optional(), apiKeyEnv: envName.optional(), organization: z.string().optional(), project: z.string().optional(), ...limits }).optional(),
  anthropic: z.strictObject({ baseURL: url.optional(), apiKeyEnv: envName.optional(), ...limits }).optional(),
  ollama: z.strictObject({ host: z.string().min(1).optional(), ...limits }).optional(),
  vllm: compatible.optional(),
  llamacpp: compatible.optional(),
  lmstudio: compatible.optional(),
  'openai-compatible': compatible.optional(),
});
const DocSchema = z.looseObject({ providers: ProvidersSchema.nullable().optional() });

export type ProviderName = keyof z.infer<typeof ProvidersSchema>;
export const PROVIDER_NAMES = Object.keys(ProvidersSchema.shape) as ProviderName[];

/** One provider's settings, after the environment is applied. */
export interface ProviderSettings {
  /** Where to send calls (undefined: the adapter's default, or the target's own URL). */
  baseURL?: string;
  /** The environment variable holding the key; for openai and anthropic a key is required. */
  apiKeyEnv?: string;
  organization?: string;
  project?: string;
  concurrency?: number;
  rpm?: number;
  tpm?: number;
  timeoutMs?: number;
}

export interface ProvidersConfig {
  /** The costlab.yaml read, or null when there is none. */
  file: string | null;
  providers: Record<ProviderName, ProviderSettings>;
}

const DEFAULT_KEY_ENV: Partial<Record<ProviderName, string>> = { openai: 'OPENAI_API_KEY', anthropic: 'ANTHROPIC_API_KEY' };
const ENV_URL: Partial<Record<ProviderName, string>> = { openai: 'OPENAI_BASE_URL', anthropic: 'ANTHROPIC_BASE_URL', ollama: 'OLLAMA_HOST' };
const KEY_FIELDS = new Set(['apikey', 'api_key', 'api-key', 'key', 'token', 'secret', 'authorization']);

/** Reads `providers:` from `<cwd>/costlab.yaml` (when present) and applies the environment. */
export async function loadProvidersConfig(cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<ProvidersConfig> {
  const path = join(cwd, 'costlab.yaml');
  const found = await exists(path);
  const file = found ? parseProvidersSection(await readTextFile(path), 'costlab.yaml') : {};
  const providers = {} as Record<ProviderName, ProviderSettings>;
  for (const name of PROVIDER_NAMES) {
    const own: ProviderSettings = { ...(file[name] ?? {}) };
    if ('host' in own) {
      own.baseURL = (own as { host?: string }).host;
      delete (own as { host?: string }).host;
    }
    const fromEnv = ENV_URL[name] === undefined ? undefined : env[ENV_URL[name]]?.trim();
    if (fromEnv) own.baseURL = fromEnv;
    if (name === 'ollama' && own.baseURL !== undefined && !/^https?:\/\//i.test(own.baseURL)) own.baseURL = `http://${own.baseURL}`;
    own.apiKeyEnv ??= DEFAULT_KEY_ENV[name];
    if (own.apiKeyEnv === undefined) delete own.apiKeyEnv;
    providers[name] = own;
  }
  return { file: found ? path : null, providers };
}

/** The key in `apiKeyEnv`, or null when it is unset or empty. The value is never printed or stored. */
export function readApiKey(settings: ProviderSettings, env: NodeJS.ProcessEnv = process.env): string | null {
  if (settings.apiKeyEnv === undefined) return null;
  const value = env[settings.apiKeyEnv]?.trim();
  return value ? value : null;
}

/** The `providers:` section of a costlab.yaml text; `file` names it in errors. */
export function parseProvidersSection(text: string, file: string): z.infer<typeof ProvidersSchema> {
  const source = YamlSource.parse(text, file);
  const value = source.value() ?? {};
  refuseWrittenKeys(value, source);
  const result = DocSchema.safeParse(value);
  if (!result.success) throw providersError(result.error.issues, source);
  return result.data.providers ?? {};
}

function refuseWrittenKeys(value: unknown, source: YamlSource): void {
  if (!isRecord(value) || !isRecord(value['providers'])) return;
  for (const [name, settings] of Object.entries(value['providers'])) {
    if (!isRecord(settings)) continue;
    for (const field of Object.keys(settings)) {
      if (!KEY_FIELDS.has(field.toLowerCase())) continue;
      const suggested = DEFAULT_KEY_ENV[name as ProviderName] ?? `${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_API_KEY`;
      throw new CostlabError('key-in-config', 'a key may not be written in costlab.yaml: costlab reads keys from the environment only', {
        hint: `remove it (and rotate it if the file was shared), export it as ${suggested}, and write apiKeyEnv: ${suggested}`,
        location: source.where(['providers', name, field], 'key'),
      });
    }
  }
}

function providersError(issues: readonly z.core.$ZodIssue[], source: YamlSource): CostlabError {
  const issue = issues[0] as z.core.$ZodIssue;
  const path = issue.path as (string | number)[];
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const allowed = allowedAt(path);
    const near = closestMatchName(key, allowed);
    return new CostlabError('bad-config', `unknown field '${key}'`, {
      hint: near ? `did you mean '${near}'?` : `allowed here: ${allowed.join(', ')}`,
      location: source.where([...path, key], 'key'),
    });
  }
  return new CostlabError('bad-config', describe(issue), {
    hint: 'see "Providers" in the README for the providers: section',
    location: source.where(path),
  });
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    const names: Record<string, string> = { int: 'a whole number', number: 'a number', string: 'text', object: 'a map of settings' };
    return `expected ${names[issue.expected] ?? issue.expected}`;
  }
  if (issue.code === 'too_small') return 'must be a positive number';
  if (issue.code === 'invalid_format' || issue.code === 'custom') return issue.message;
  return issue.message;
}

function allowedAt(path: readonly (string | number)[]): string[] {
  if (path.length === 0) return ['providers'];
  if (path.length === 1) return [...PROVIDER_NAMES];
  const provider = ProvidersSchema.shape[path[1] as ProviderName];
  const inner = provider?.unwrap();
  return inner ? Object.keys(inner.shape) : [];
}

function closestMatchName(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let distance = 4;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < distance) [best, distance] = [candidate, d];
  }
  return best;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
