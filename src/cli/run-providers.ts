/**
 * How `costlab run` reaches the models: targets completed from the providers settings, every needed key
 * checked before any call (exit 2 naming the variable to set), one Provider per candidate — streamed by
 * default (so time to first token is measured), with the keys scrubbed from outputs and error messages — and
 * the per-provider limits the runner applies.
 *
 * Keys are read from the environment only (the variable named by `apiKeyEnv`, OPENAI_API_KEY and
 * ANTHROPIC_API_KEY by default); they are handed to the adapters and to nothing else.
 */
import type { Candidate, Clock, CompletionRequest, CompletionResult, Provider, ProviderConfig, RateLimits, Target, TokenCounter } from '../core/index.ts';
import { CostlabError, ProviderCallError, TARGET_FORMS, createProvider, formatTarget, parseTarget, redactSecrets } from '../core/index.ts';
import type { ProviderName, ProviderSettings, ProvidersConfig } from '../platform/provider-config.ts';
import { nodeGgufEngine } from '../platform/gguf-engine.ts';
import { readApiKey } from '../platform/provider-config.ts';

const COMPATIBLE = /^(vllm|llamacpp|lmstudio|openai-compatible):(.+)$/;

/** `vllm:NAME` → `vllm:NAME@URL` when costlab.yaml gives `providers.vllm.baseURL`; any other model as given. */
export function completeTarget(model: string, config: ProvidersConfig): string {
  const match = COMPATIBLE.exec(model);
  if (!match || /@https?:\/\//i.test(match[2] ?? '')) return model;
  const url = config.providers[match[1] as ProviderName].baseURL;
  return url === undefined ? model : `${model}@${url}`;
}

export interface ProviderSetup {
  providers: (candidate: Candidate) => Provider;
  /** Limits by provider key (the target's scheme), as the runner takes them. */
  perProvider: Record<string, RateLimits>;
  /** The keys handed to the adapters: scrubbed from everything costlab writes. */
  secrets: string[];
}

export interface ProviderSetupOptions {
  clock: Clock;
  /** Counters by catalog model key, to estimate usage a server does not report. */
  counters: ReadonlyMap<string, TokenCounter>;
  stream: boolean;
  env?: NodeJS.ProcessEnv;
}

/** Checks every candidate's target and key, then builds its provider; throws CostlabError before any call. */
export function setUpProviders(candidates: readonly Candidate[], config: ProvidersConfig, options: ProviderSetupOptions): ProviderSetup {
  const env = options.env ?? process.env;
  const targets = new Map<string, Target>();
  const keys = new Map<ProviderName, string | null>();
  for (const candidate of candidates) {
    const target = targetOf(candidate);
    targets.set(candidate.id, target);
    const name = target.scheme as ProviderName;
    if (target.kind === 'gguf' || keys.has(name)) continue;
    const settings = config.providers[name];
    const key = readApiKey(settings, env);
    if (key === null && (target.kind === 'openai' || target.kind === 'anthropic')) throw missingKey(target, settings);
    keys.set(name, key);
  }
  const secrets = [...keys.values()].filter((key): key is string => key !== null);

  const built = new Map<string, Provider>();
  const ggufEngine = [...targets.values()].some((t) => t.kind === 'gguf') ? nodeGgufEngine() : undefined;
  for (const candidate of candidates) {
    const target = targets.get(candidate.id) as Target;
    const name = target.scheme as ProviderName;
    const settings: ProviderSettings = target.kind === 'gguf' ? {} : config.providers[name];
    const key = keys.get(name) ?? null;
    const counter = options.counters.get(candidate.model);
    const inner = createProvider(target, {
      clock: options.clock,
      openai: { apiKey: key, ...pick(settings, 'baseURL', 'organization', 'project') },
      anthropic: { apiKey: key, ...pick(settings, 'baseURL') },
      ...(target.kind === 'ollama' && settings.baseURL !== undefined ? { ollamaHost: settings.baseURL } : {}),
      ...(target.kind === 'openai-compatible' && key !== null ? { openaiCompatibleApiKey: key } : {}),
      ...(counter === undefined ? {} : { counter }),
      ...(settings.timeoutMs === undefined ? {} : { timeoutMs: settings.timeoutMs }),
      ...(ggufEngine === undefined ? {} : { ggufEngine }),
    });
    built.set(candidate.id, new ScrubbedProvider(inner, secrets, options.stream));
  }

  const perProvider: Record<string, RateLimits> = {};
  for (const name of new Set([...targets.values()].map((t) => t.scheme))) {
    if (name === 'gguf') continue;
    const { concurrency, rpm, tpm } = config.providers[name as ProviderName];
    const limits: RateLimits = { ...(concurrency === undefined ? {} : { concurrency }), ...(rpm === undefined ? {} : { rpm }), ...(tpm === undefined ? {} : { tpm }) };
    if (Object.keys(limits).length > 0) perProvider[name] = limits;
  }

  return {
    providers: (candidate) => {
      const provider = built.get(candidate.id);
      if (!provider) throw new CostlabError('bad-plan', `no provider was set up for candidate ${candidate.id}`);
      return provider;
    },
    perProvider,
    secrets,
  };
}

export interface BatchSetup {
  /** Keys and endpoints of openai and anthropic, as runBatch takes them. */
  config: ProviderConfig;
  /** Every key in `config`: scrubbed from everything costlab writes. */
  secrets: string[];
}

/**
 * What runBatch needs to reach the batch APIs: each of openai and anthropic with its key (from the variable
 * `apiKeyEnv` names) when it is set, and its endpoint (OPENAI_BASE_URL / ANTHROPIC_BASE_URL, else
 * costlab.yaml, else the provider's own; a target's `@URL` wins in runBatch). A key is taken even when no
 * pending trial needs it, so that a resumed run can collect a batch an earlier process left at that provider;
 * whether the trials' keys are set is setUpProviders' check, made before this.
 */
export function batchProviderConfig(config: ProvidersConfig, clock: Clock, env: NodeJS.ProcessEnv = process.env): BatchSetup {
  const openai = config.providers.openai;
  const anthropic = config.providers.anthropic;
  const openaiKey = readApiKey(openai, env);
  const anthropicKey = readApiKey(anthropic, env);
  return {
    config: {
      clock,
      openai: { apiKey: openaiKey, ...pick(openai, 'baseURL', 'organization', 'project') },
      anthropic: { apiKey: anthropicKey, ...pick(anthropic, 'baseURL') },
    },
    secrets: [openaiKey, anthropicKey].filter((key): key is string => key !== null),
  };
}

function targetOf(candidate: Candidate): Target {
  try {
    return parseTarget(candidate.target);
  } catch (error) {
    const why = error instanceof CostlabError ? error.message : String(error);
    const as = candidate.target === candidate.model ? '' : ` (${candidate.model})`;
    throw new CostlabError('no-provider', `costlab can price but not call ${candidate.target}${as}: ${why}`, {
      hint: `name it as a target costlab can call — ${TARGET_FORMS.slice(0, 4).join('; ')}`,
    });
  }
}

function missingKey(target: Target, settings: ProviderSettings): CostlabError {
  const variable = settings.apiKeyEnv ?? 'the key variable';
  return new CostlabError('missing-api-key', `${formatTarget(target)} needs an API key, and ${variable} is not set`, {
    hint: `export ${variable}=… in the environment (costlab reads keys from the environment only; it never prints or stores them)`,
  });
}

function pick<K extends keyof ProviderSettings>(settings: ProviderSettings, ...names: K[]): Pick<ProviderSettings, K> {
  const out: Partial<ProviderSettings> = {};
  for (const name of names) if (settings[name] !== undefined) out[name] = settings[name];
  return out as Pick<ProviderSettings, K>;
}

/** Streams every call (unless told not to) and keeps the keys out of outputs and error messages. */
class ScrubbedProvider implements Provider {
  readonly kind: string;

  constructor(
    private readonly inner: Provider,
    private readonly secrets: readonly string[],
    private readonly stream: boolean,
  ) {
    this.kind = inner.kind;
  }

  async complete(request: CompletionRequest): Promise<CompletionResult> {
    try {
      const result = await this.inner.complete(this.stream ? { ...request, stream: true } : request);
      return { ...result, output: scrubSecrets(result.output, this.secrets) };
    } catch (error) {
      if (error instanceof ProviderCallError) {
        throw new ProviderCallError({ ...error.error, message: redactSecrets(error.error.message, this.secrets) }, error.billedUsage);
      }
      const message = error instanceof Error ? error.message : String(error);
      throw new ProviderCallError({ code: 'unknown', message: redactSecrets(`provider threw: ${message}`, this.secrets), retryable: false });
    }
  }
}

const WINDOW = 8;
const TOKEN = /[A-Za-z0-9_\-.*+/=:]{8,}/g;

/**
 * Replaces each run of key-like characters that shares 8 characters with a secret (the secret itself, or a
 * masked or cut echo of it) with `[redacted]`. Only the secrets' own text is touched, so a model's output and
 * a JSON line keep their shape.
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  if (secrets.length === 0) return text;
  let out = text;
  for (const secret of secrets) if (secret.length > 0 && secret.length < WINDOW) out = out.split(secret).join('[redacted]');
  const windows = new Set<string>();
  for (const secret of secrets) for (let i = 0; i + WINDOW <= secret.length; i++) windows.add(secret.slice(i, i + WINDOW));
  if (windows.size === 0) return out;
  return out.replace(TOKEN, (token) => {
    const tail = /[.:]*$/.exec(token)?.[0] ?? ''; // a sentence's full stop is not part of the key
    for (let i = 0; i + WINDOW <= token.length; i++) if (windows.has(token.slice(i, i + WINDOW))) return `[redacted]${tail}`;
    return token;
  });
}
