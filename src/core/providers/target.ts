/**
 * Model references: how a candidate says which backend to call.
 *
 *   openai:MODEL[@URL]            OpenAI (gpt-4o-mini, …); @URL overrides the base URL (a proxy)
 *   anthropic:MODEL[@URL]         Anthropic (claude-haiku-4-5, …)
 *   ollama:MODEL[@URL]            Ollama's native API; the model keeps its own tag (llama3.1:8b)
 *   vllm:MODEL@URL                vLLM's OpenAI-compatible server (http://host:8000/v1)
 *   llamacpp:MODEL@URL            llama.cpp's llama-server (http://host:8080/v1)
 *   lmstudio:MODEL@URL            LM Studio (http://localhost:1234/v1)
 *   openai-compatible:MODEL@URL   any other OpenAI-compatible server
 *   gguf:PATH                     a GGUF file run in process
 *
 * The URL starts at the first `@http://` or `@https://`, so model names may contain `@` and `:`.
 */
import { CostlabError } from '../errors.ts';

export type TargetKind = 'openai' | 'anthropic' | 'ollama' | 'openai-compatible' | 'gguf';

/** The prefixes a reference may start with; the compatible servers all map to kind `openai-compatible`. */
export type TargetScheme = 'openai' | 'anthropic' | 'ollama' | 'vllm' | 'llamacpp' | 'lmstudio' | 'openai-compatible' | 'gguf';

export interface Target {
  kind: TargetKind;
  /** The prefix as written (`vllm`, `llamacpp`, … for kind `openai-compatible`). */
  scheme: TargetScheme;
  /** The provider-side model name (for gguf, the file path). */
  model: string;
  /** Only when the reference gives one (required for the OpenAI-compatible servers). */
  baseURL?: string;
}

const SCHEMES: Readonly<Record<TargetScheme, { kind: TargetKind; url: 'optional' | 'required' | 'none' }>> = {
  openai: { kind: 'openai', url: 'optional' },
  anthropic: { kind: 'anthropic', url: 'optional' },
  ollama: { kind: 'ollama', url: 'optional' },
  vllm: { kind: 'openai-compatible', url: 'required' },
  llamacpp: { kind: 'openai-compatible', url: 'required' },
  lmstudio: { kind: 'openai-compatible', url: 'required' },
  'openai-compatible': { kind: 'openai-compatible', url: 'required' },
  gguf: { kind: 'gguf', url: 'none' },
};

export const TARGET_FORMS: readonly string[] = [
  'openai:MODEL (e.g. openai:gpt-4o-mini)',
  'anthropic:MODEL (e.g. anthropic:claude-haiku-4-5)',
  'ollama:MODEL (e.g. ollama:llama3.1:8b)',
  'vllm:MODEL@URL (e.g. vllm:meta-llama/Llama-3.1-8B-Instruct@http://localhost:8000/v1)',
  'llamacpp:MODEL@URL (e.g. llamacpp:qwen2.5-7b@http://localhost:8080/v1)',
  'lmstudio:MODEL@URL (e.g. lmstudio:qwen2.5-7b-instruct@http://localhost:1234/v1)',
  'openai-compatible:MODEL@URL',
  'gguf:PATH (e.g. gguf:./models/tiny.gguf)',
];

const HINT = `accepted forms: ${TARGET_FORMS.join('; ')}`;

export function parseTarget(reference: string): Target {
  const text = reference.trim();
  const colon = text.indexOf(':');
  const prefix = colon < 0 ? '' : text.slice(0, colon);
  if (!Object.prototype.hasOwnProperty.call(SCHEMES, prefix)) {
    const why = colon < 0 ? 'it has no provider prefix' : `"${prefix}" is not a known provider`;
    throw bad(`unknown model reference "${reference}": ${why}`);
  }
  const scheme = prefix as TargetScheme;
  const { kind, url } = SCHEMES[scheme];
  const rest = text.slice(colon + 1);
  if (kind === 'gguf') {
    if (rest === '') throw bad(`model reference "${reference}" names no GGUF file`);
    return { kind, scheme, model: rest };
  }
  const at = rest.search(/@https?:\/\//i);
  const model = at < 0 ? rest : rest.slice(0, at);
  const baseURL = at < 0 ? undefined : rest.slice(at + 1);
  if (model === '') throw bad(`model reference "${reference}" names no model`);
  if (baseURL === undefined && url === 'required') {
    throw bad(`model reference "${reference}" needs the server's URL: ${scheme}:${model}@http://HOST:PORT/v1`);
  }
  if (baseURL !== undefined) checkURL(reference, baseURL);
  return { kind, scheme, model, ...(baseURL === undefined ? {} : { baseURL }) };
}

/** The reference a Target was parsed from (or would be written as). */
export function formatTarget(target: Target): string {
  return `${target.scheme}:${target.model}${target.baseURL === undefined ? '' : `@${target.baseURL}`}`;
}

function checkURL(reference: string, url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw bad(`model reference "${reference}" has an invalid URL "${url}"`);
  }
  if (parsed.hostname === '') throw bad(`model reference "${reference}" has a URL without a host`);
}

function bad(message: string): CostlabError {
  return new CostlabError('bad-target', message, { hint: HINT });
}
