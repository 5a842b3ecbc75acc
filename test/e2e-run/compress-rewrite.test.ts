/** `costlab compress --strategy llm-rewrite --rewrite-model M` through the binary against a loopback OpenAI server. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/run-cli.ts';
import { startOpenAIServer, type TestServer } from '../integration/servers/index.ts';
import { OPENAI_KEY, baseEnv, runCliAsync } from './helpers.ts';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('costlab compress with llm-rewrite', () => {
  it('rewrites through the configured model, keeps protected spans, and reports what the call cost', async () => {
    server = await startOpenAIServer({
      script: () => ({ text: 'Answer in ⟦1⟧; refunds over ⟦2⟧ need approval.', usage: { prompt_tokens: 200, completion_tokens: 50, total_tokens: 250 } }),
    });
    const cwd = tempDir();
    const file = join(cwd, 'prompt.txt');
    writeFileSync(file, 'Please kindly make sure that you always answer in {{language}}, and that any refund above $500 is always approved by a person first.');
    const env = baseEnv({ OPENAI_API_KEY: OPENAI_KEY, OPENAI_BASE_URL: server.url });
    const run = await runCliAsync(['compress', file, '--strategy', 'llm-rewrite', '--rewrite-model', 'openai:gpt-4o-mini', '--model', 'gpt-4o-mini', '--json'], { cwd, env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const line = JSON.parse(run.stdout.trim()) as { text: string; rewrite: { model: string; calls: number; spentUsd: number } };
    expect(line.text).toBe('Answer in {{language}}; refunds over $500 need approval.');
    // 200 × $0.15/M + 50 × $0.60/M = $0.00003 + $0.00003 = $0.00006
    expect(line.rewrite).toEqual({ model: 'openai:gpt-4o-mini', calls: 1, spentUsd: 0.00006 });
    expect(server.requests[0]!.body['model']).toBe('gpt-4o-mini');
  });

  it('needs the provider key before calling, exit 2 naming the variable', async () => {
    const cwd = tempDir();
    const file = join(cwd, 'prompt.txt');
    writeFileSync(file, 'Please summarise this.');
    const run = await runCliAsync(['compress', file, '--strategy', 'llm-rewrite', '--rewrite-model', 'openai:gpt-4o-mini'], { cwd, env: baseEnv() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('OPENAI_API_KEY');
  });
});
