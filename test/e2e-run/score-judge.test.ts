/**
 * `costlab score`, `frontier` and `rate` through the real binary, on a run made against a loopback OpenAI server
 * that also plays the judge: rubric and pairwise verdicts recorded with their cost, a judge reply that cannot be
 * read kept as a failed verdict (never a crash), re-scoring that pays for nothing twice, and a human rating that
 * outranks the judge.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnthropicServer, startOllamaServer, startOpenAIServer } from '../integration/servers/index.ts';
import type { RecordedRequest, TestServer } from '../integration/servers/index.ts';
import { cosineSimilarity } from '../../src/core/embeddings/embedder.ts';
import { hashedEmbedding, startOpenAIEmbeddingServer, wordCount } from '../integration/servers/embeddings.ts';
import { OPENAI_KEY, keyPieces, ndjson, project, runCliAsync, serverEnv } from './helpers.ts';

const SET = `name: judged
system: Answer briefly.
prompt: "Question {{n}}: explain caching."
models: [openai:gpt-4o-mini, openai:gpt-4.1]
cases:
  - { id: q1, vars: { n: 1 } }
  - { id: q2, vars: { n: 2 } }
  - { id: q3, vars: { n: 3 } }
`;

const MINI = 'base@openai:gpt-4o-mini';
const BIG = 'base@openai:gpt-4.1';

function systemOf(request: RecordedRequest): string {
  const messages = request.body['messages'] as { role: string; content: string }[] | undefined;
  return messages?.find((m) => m.role === 'system')?.content ?? '';
}

function userOf(request: RecordedRequest): string {
  const messages = request.body['messages'] as { role: string; content: string }[] | undefined;
  return messages?.find((m) => m.role === 'user')?.content ?? '';
}

/** Candidates: gpt-4.1 answers well, gpt-4o-mini poorly. The judge (gpt-4o) grades "good" answers 10, others 1. */
function script(request: RecordedRequest) {
  const model = request.body['model'];
  if (model === 'gpt-4o-mini') return { text: 'a poor answer' };
  if (model === 'gpt-4.1') return { text: 'a good answer' };
  const user = userOf(request);
  if (systemOf(request).includes('Two answers')) {
    const a = /## Answer A\n(.*)\n/.exec(user)?.[1] ?? '';
    return { text: `{"winner": "${a.includes('good') ? 'A' : 'B'}", "reason": "more useful"}` };
  }
  if (user.includes('Question 3') && user.includes('poor')) return { text: 'I would rate it fairly well.' };
  return { text: `\`\`\`json\n{"score": ${user.includes('a good answer') ? 10 : 1}, "reason": "graded"}\n\`\`\`` };
}

let servers: { openai: TestServer; anthropic: TestServer; ollama: TestServer };
let cwd: string;
let runId: string;

beforeAll(async () => {
  servers = { openai: await startOpenAIServer({ script }), anthropic: await startAnthropicServer(), ollama: await startOllamaServer() };
  cwd = project({ 'judged.yaml': SET });
  const run = await runCliAsync(['run', 'judged.yaml', '--json'], { cwd, env: serverEnv(servers) });
  expect(run.code, run.stderr).toBe(0);
  runId = String(ndjson(run.stdout).find((e) => e['type'] === 'run-started')?.['runId'] ?? ndjson(run.stdout).at(-1)?.['runId']);
});

afterAll(async () => {
  await Promise.all(Object.values(servers).map((s) => s.close()));
});

type ScoreJson = {
  candidates: { candidateId: string; scored: number; quality: { mean: number } | null; costPer1kExact: string | null }[];
  judges: { judge: string; verdicts: number; failed: number; spentUsd: string | null }[];
  judged?: { judged: number; failed: number; skipped: number };
  sources: Record<string, number>;
};

const quality = (json: ScoreJson, id: string) => json.candidates.find((c) => c.candidateId === id)?.quality?.mean ?? null;

describe('costlab score with an LLM judge', () => {
  it('has the judge grade every answer, records each verdict and its exact cost, and keeps an unreadable verdict as failed', async () => {
    const before = servers.openai.requests.length;
    const result = await runCliAsync(['score', runId, '--judge', 'openai:gpt-4o', '--json'], { cwd, env: serverEnv(servers) });
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as ScoreJson;
    expect(servers.openai.requests.length - before).toBe(6);
    expect(json.judged).toEqual({ judged: 6, failed: 1, skipped: 0 });
    // gpt-4.1's three answers grade 10 → (10 − 1) / 9 = 1; gpt-4o-mini's grade 1 → 0 twice, and its third verdict
    // is unreadable, so that trial has no quality (no assertions or reference to fall back on).
    expect(quality(json, BIG)).toBe(1);
    expect(quality(json, MINI)).toBe(0);
    expect(json.candidates.find((c) => c.candidateId === MINI)?.scored).toBe(2);
    expect(json.sources).toEqual({ judge: 5, unscored: 1 });
    // Each judge call reports the server's default usage, 20 input + 6 output tokens, on gpt-4o at $2.50 / $10 per
    // M: 20 × 2.5e-6 + 6 × 10e-6 = $0.00005 + $0.00006 = $0.00011 per verdict; 6 verdicts = $0.00066.
    expect(json.judges).toEqual([{ judge: 'openai:gpt-4o', verdicts: 6, failed: 1, spentUsd: '0.00066' }]);
    const log = ndjson(readFileSync(join(cwd, '.costlab', 'runs', `${runId}.annotations.ndjson`), 'utf8'));
    expect(log).toHaveLength(6);
    expect(log.every((line) => line['kind'] === 'judgement' && line['costUsd'] === '0.00011')).toBe(true);
    const failed = log.find((line) => line['score'] === null);
    expect(failed?.['error']).toMatchObject({ code: 'malformed-response' });
    expect(keyPieces(readFileSync(join(cwd, '.costlab', 'runs', `${runId}.annotations.ndjson`), 'utf8'), OPENAI_KEY)).toEqual([]);
  });

  it('judges nothing twice: a second score call makes no request and prints the same figures', async () => {
    const before = servers.openai.requests.length;
    const result = await runCliAsync(['score', runId, '--judge', 'openai:gpt-4o', '--json'], { cwd, env: serverEnv(servers) });
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as ScoreJson;
    expect(servers.openai.requests.length).toBe(before);
    expect(json.judged).toEqual({ judged: 0, failed: 0, skipped: 6 });
    expect(quality(json, BIG)).toBe(1);
  });

  it('compares pairwise against a baseline, twice with the answers swapped, and counts those calls too', async () => {
    const before = servers.openai.requests.length;
    const result = await runCliAsync(['score', runId, '--judge', 'openai:gpt-4o', '--pairwise', MINI, '--json'], { cwd, env: serverEnv(servers) });
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as ScoreJson;
    // Three gpt-4.1 answers × two orders = 6 calls; the judge prefers the good answer in either position, so
    // gpt-4.1 wins every comparison: quality 1. The baseline itself is not judged.
    expect(servers.openai.requests.length - before).toBe(6);
    expect(json.judged).toMatchObject({ judged: 3, failed: 0 });
    const orders = servers.openai.requests.slice(before).map((r) => /## Answer A\n(.*)\n/.exec(userOf(r))?.[1]);
    expect(orders.filter((a) => a === 'a good answer')).toHaveLength(3);
    expect(quality(json, BIG)).toBe(1);
    // 9 verdicts' worth of calls so far: 6 rubric + 6 pairwise calls = 12 × $0.00011 = $0.00132.
    expect(json.judges[0]).toMatchObject({ verdicts: 9, spentUsd: '0.00132' });
  });
});

describe('costlab rate and frontier', () => {
  it('a human rating outranks the judge, and a bad rating is refused with exit 2 and nothing written', async () => {
    const env = serverEnv(servers);
    const bad = await runCliAsync(['rate', runId, `${MINI}|q1|1`, '7'], { cwd, env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/rating "7" is not 1–5, \+ or -/);
    const unknown = await runCliAsync(['rate', runId, 'nope', '5'], { cwd, env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/has no trial nope/);
    const rated = await runCliAsync(['rate', runId, `${MINI}|q1|1`, '5', '--note', 'actually fine'], { cwd, env });
    expect(rated.code, rated.stderr).toBe(0);
    const json = JSON.parse((await runCliAsync(['score', runId, '--json'], { cwd, env })).stdout) as ScoreJson;
    // gpt-4o-mini: q1 rated 5 stars → 1, q2 judged 0 (the latest verdict of any judge: rubric 1 → 0), q3 unreadable.
    expect(json.sources['rating']).toBe(1);
    expect(quality(json, MINI)).toBe(0.5);
  });

  it('places both candidates on the frontier with exact costs per 1,000 requests', async () => {
    const result = await runCliAsync(['frontier', runId, '--json'], { cwd, env: serverEnv(servers) });
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as { frontier: string[]; candidates: { candidateId: string; costPer1kExact: string; onFrontier: boolean }[] };
    // Every candidate answer reports 20 input + 6 output tokens. gpt-4o-mini ($0.15 / $0.60 per M):
    // 20 × 0.15e-6 + 6 × 0.6e-6 = $0.0000066 per call → $0.0066 per 1,000. gpt-4.1 ($2 / $8 per M):
    // 20 × 2e-6 + 6 × 8e-6 = $0.000088 per call → $0.088 per 1,000. The cheaper one scores lower: both on the frontier.
    expect(json.frontier).toEqual([MINI, BIG]);
    expect(json.candidates.map((c) => [c.candidateId, c.costPer1kExact])).toEqual([[MINI, '0.0066'], [BIG, '0.088']]);
    const text = await runCliAsync(['frontier', runId], { cwd, env: serverEnv(servers) });
    expect(text.stdout).toMatch(/● frontier\s+base@openai:gpt-4o-mini\s+\$0\.0066/);
  });
});

describe('costlab score --metric embedding', () => {
  const REFERENCED = `name: referenced
prompt: "Question {{n}}"
models: [openai:gpt-4o-mini]
cases:
  - { id: a, vars: { n: 1 }, reference: "refund the order today" }
  - { id: b, vars: { n: 2 }, reference: "reset the password" }
`;
  it('scores each answer by the cosine of its embedding with the reference and prices the embedding calls', async () => {
    const chat = await startOpenAIServer({ script: (r) => ({ text: userOf(r).includes('1') ? 'we refund the order' : 'the parcel is late' }) });
    const embeddings = await startOpenAIEmbeddingServer();
    try {
      const dir = project({ 'referenced.yaml': REFERENCED });
      const env = { ...serverEnv({ ...servers, openai: chat }) };
      const run = await runCliAsync(['run', 'referenced.yaml', '--json'], { cwd: dir, env });
      expect(run.code, run.stderr).toBe(0);
      const id = String(ndjson(run.stdout).at(-1)?.['runId']);
      const scored = await runCliAsync(['score', id, '--metric', 'embedding', '--embedder', 'openai:text-embedding-3-small', '--json'], {
        cwd: dir, env: { ...env, OPENAI_BASE_URL: embeddings.url },
      });
      expect(scored.code, scored.stderr).toBe(0);
      const json = JSON.parse(scored.stdout) as ScoreJson & { metric: string; embedding: { inputTokens: number; spentUsd: string } };
      const cos = (a: string, b: string) => cosineSimilarity(hashedEmbedding(a), hashedEmbedding(b));
      const expected = (Math.max(0, cos('we refund the order', 'refund the order today')) + Math.max(0, cos('the parcel is late', 'reset the password'))) / 2;
      expect(json.metric).toBe('embedding');
      expect(json.candidates[0]?.quality?.mean).toBeCloseTo(expected, 12);
      // Four distinct texts, 4 + 4 + 4 + 3 = 15 words billed; text-embedding-3-small at $0.02 per M: 15 × 0.02e-6 = $0.0000003.
      expect(json.embedding).toMatchObject({ inputTokens: wordCount(['we refund the order', 'refund the order today', 'the parcel is late', 'reset the password']), spentUsd: '0.0000003' });
      const noEmbedder = await runCliAsync(['score', id, '--metric', 'embedding'], { cwd: dir, env });
      expect(noEmbedder.code).toBe(2);
      expect(noEmbedder.stderr).toMatch(/--metric embedding needs --embedder/);
    } finally {
      await chat.close();
      await embeddings.close();
    }
  });
});
