import { describe, expect, it } from 'vitest';
import { formatTarget, parseTarget } from '../../../src/core/providers/target.ts';
import { catchError } from '../../helpers/catch-error.ts';

describe('parseTarget', () => {
  it.each([
    ['openai:gpt-4o-mini', { kind: 'openai', scheme: 'openai', model: 'gpt-4o-mini' }],
    ['anthropic:claude-haiku-4-5', { kind: 'anthropic', scheme: 'anthropic', model: 'claude-haiku-4-5' }],
    ['ollama:llama3.1:8b', { kind: 'ollama', scheme: 'ollama', model: 'llama3.1:8b' }],
    ['ollama:qwen2.5:7b-instruct-q4_K_M', { kind: 'ollama', scheme: 'ollama', model: 'qwen2.5:7b-instruct-q4_K_M' }],
    [
      'ollama:llama3.1:8b@http://gpu-box:11434',
      { kind: 'ollama', scheme: 'ollama', model: 'llama3.1:8b', baseURL: 'http://gpu-box:11434' },
    ],
    [
      'vllm:meta-llama/Llama-3.1-8B-Instruct@http://host:8000/v1',
      { kind: 'openai-compatible', scheme: 'vllm', model: 'meta-llama/Llama-3.1-8B-Instruct', baseURL: 'http://host:8000/v1' },
    ],
    [
      'llamacpp:qwen2.5-7b@http://127.0.0.1:8080/v1',
      { kind: 'openai-compatible', scheme: 'llamacpp', model: 'qwen2.5-7b', baseURL: 'http://127.0.0.1:8080/v1' },
    ],
    [
      'lmstudio:qwen2.5-7b-instruct@http://localhost:1234/v1',
      { kind: 'openai-compatible', scheme: 'lmstudio', model: 'qwen2.5-7b-instruct', baseURL: 'http://localhost:1234/v1' },
    ],
    [
      'openai-compatible:org@team/model:v2@https://user:pw@llm.example.com/v1',
      { kind: 'openai-compatible', scheme: 'openai-compatible', model: 'org@team/model:v2', baseURL: 'https://user:pw@llm.example.com/v1' },
    ],
    ['openai:gpt-4o@https://proxy.example.com/v1', { kind: 'openai', scheme: 'openai', model: 'gpt-4o', baseURL: 'https://proxy.example.com/v1' }],
    ['gguf:./models/stories260K.gguf', { kind: 'gguf', scheme: 'gguf', model: './models/stories260K.gguf' }],
    ['gguf:C:\\models\\tiny.gguf', { kind: 'gguf', scheme: 'gguf', model: 'C:\\models\\tiny.gguf' }],
  ])('%s', (reference, expected) => {
    const target = parseTarget(reference);
    expect(target).toEqual(expected);
    expect(formatTarget(target)).toBe(reference);
  });

  it.each([
    ['gpt-4o-mini', 'it has no provider prefix'],
    ['azure:gpt-4o', '"azure" is not a known provider'],
    ['openai:', 'names no model'],
    ['gguf:', 'names no GGUF file'],
    ['vllm:llama', "needs the server's URL: vllm:llama@http://HOST:PORT/v1"],
    ['llamacpp:m@http://', 'invalid URL'],
  ])('rejects %s, naming the reference and the accepted forms', (reference, why) => {
    const error = catchError(() => parseTarget(reference));
    expect(error.code).toBe('bad-target');
    expect(error.message).toContain(`"${reference}"`);
    expect(error.message).toContain(why);
    expect(error.hint).toContain('openai:MODEL');
    expect(error.hint).toContain('vllm:MODEL@URL');
    expect(error.hint).toContain('gguf:PATH');
  });
});
