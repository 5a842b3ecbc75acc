/**
 * Keys come from the environment only and go to the providers only. Servers that echo the key back — in a
 * 401's body, masked the way OpenAI masks it, in a retried 500, in a 400, and in a model's answer — must not
 * get it into the store folder, the NDJSON, the progress and summary, `runs`, `show`, or stderr (with debug
 * logging on): no 8-character piece of either key anywhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnthropicServer, startOllamaServer, startOpenAIServer } from '../integration/servers/index.ts';
import type { Fault, RecordedRequest, TestServer } from '../integration/servers/index.ts';
import { ANTHROPIC_KEY, OPENAI_KEY, keyPieces, ndjson, numberedSet, project, readTree, runCliAsync, serverEnv } from './helpers.ts';

const masked = (key: string) => `${key.slice(0, 8)}${'*'.repeat(16)}${key.slice(-4)}`;

/** What each case's first request gets: an echo of `key` in some form. Case 3's 500 is retried, then answered. */
function echo(key: string) {
  return (request: RecordedRequest): Fault | { text: string } | undefined => {
    const n = Number(/Case (\d+):/.exec(request.raw)?.[1]);
    switch (n) {
      case 1: return { fault: 'status', status: 401, message: `Incorrect API key provided: ${key}. You can find your API key at https://platform.example/account/api-keys.` };
      case 2: return { fault: 'status', status: 401, message: `Incorrect API key provided: ${masked(key)}.` };
      case 3: return request.raw.includes('retried-once') ? undefined : { fault: 'status', status: 500, message: `upstream rejected Authorization: Bearer ${key}` };
      case 4: return { text: `Sure! Your key is ${key} and its tail is ${key.slice(-10)}.` };
      case 5: return { fault: 'status', status: 400, message: `bad request from api_key=${key.slice(0, 12)}`, type: `invalid_${key.slice(3, 15)}` };
      default: return undefined;
    }
  };
}

describe('costlab run keeps keys out of everything it writes', () => {
  let servers: { openai: TestServer; anthropic: TestServer; ollama: TestServer };
  beforeAll(async () => {
    const seen = new Set<string>();
    // Case 3 fails once per server and model, then is answered.
    const once = (server: string, script: ReturnType<typeof echo>) => (request: RecordedRequest) => {
      const key = `${server}|${/Case (\d+):/.exec(request.raw)?.[1]}|${/Variant (\w+)/.exec(request.raw)?.[1]}`;
      const first = !seen.has(key);
      seen.add(key);
      return script(first ? request : { ...request, raw: `${request.raw} retried-once` });
    };
    servers = {
      openai: await startOpenAIServer({ script: once('openai', echo(OPENAI_KEY)) }),
      anthropic: await startAnthropicServer({ script: once('anthropic', echo(ANTHROPIC_KEY)) }),
      ollama: await startOllamaServer(),
    };
  });
  afterAll(async () => Promise.all(Object.values(servers).map((s) => s.close())));

  it('finds no 8-character piece of a key in the store, the NDJSON, stdout or stderr', async () => {
    const cwd = project({ 'prompts/echo.yaml': numberedSet('echo', 6, [], ['openai:gpt-4o-mini', 'anthropic:claude-haiku-4-5', 'ollama:llama3.1:8b']) });
    const env = serverEnv(servers, { COSTLAB_DEBUG: '1' });
    const outputs: string[] = [];

    const json = await runCliAsync(['run', 'echo', '--json', '--max-tokens', '40'], { cwd, env });
    expect(json.code).toBe(0);
    outputs.push(json.stdout, json.stderr);
    const events = ndjson(json.stdout);
    const runId = events[0]?.['runId'] as string;
    const results = events.filter((e) => e['type'] === 'trial-finished').map((e) => e['result'] as { caseId: string; candidateId: string; status: string; output: string | null; error: { code: string; message: string } | null });
    // The servers really were sent the keys, and really echoed them.
    expect(JSON.stringify(servers.openai.requests[0]?.headers)).toContain(OPENAI_KEY);
    expect(JSON.stringify(servers.anthropic.requests[0]?.headers)).toContain(ANTHROPIC_KEY);
    const openai = (caseId: string) => results.find((r) => r.caseId === caseId && r.candidateId.includes('openai:'));
    expect(openai('c1')?.error?.code).toBe('auth');
    expect(openai('c3')?.status).toBe('succeeded');
    expect(openai('c4')?.output).toMatch(/^Sure! Your key is \[redacted\] and its tail is \[redacted\]\.$/);
    expect(events.some((e) => e['type'] === 'trial-retry')).toBe(true);

    const text = await runCliAsync(['run', 'echo', '--no-cache', '--max-tokens', '40'], { cwd, env });
    expect(text.code).toBe(0);
    outputs.push(text.stdout, text.stderr);
    for (const args of [['runs'], ['runs', '--json'], ['show', runId], ['show', runId, '--json']]) {
      const shown = await runCliAsync(args, { cwd, env });
      expect(shown.code).toBe(0);
      outputs.push(shown.stdout, shown.stderr);
    }
    expect(outputs.join('\n')).toContain('error: auth (HTTP 401): openai: HTTP 401');

    const stored = readTree(`${cwd}/.costlab`);
    expect(stored.map((f) => f.path.slice(cwd.length + 1)).sort()).toEqual(
      expect.arrayContaining(['.costlab/cache.ndjson', '.costlab/store.json', `.costlab/runs/${runId}.plan.json`, `.costlab/runs/${runId}.results.ndjson`]),
    );
    for (const [where, content] of [...stored.map((f) => [f.path, f.text] as const), ...outputs.map((o, i) => [`output ${i}`, o] as const)]) {
      expect(keyPieces(content, OPENAI_KEY), where).toEqual([]);
      expect(keyPieces(content, ANTHROPIC_KEY), where).toEqual([]);
    }
  });
});
