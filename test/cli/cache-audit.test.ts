/** `costlab cache-audit LOG.jsonl`: a hand-worked log, the bundled example log, embeddings from the log, bad input. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Catalog, loadModelCounter } from '../../src/core/index.ts';
import { installPlatform } from '../../src/platform/node.ts';
import { cosineSimilarity } from '../../src/core/embeddings/embedder.ts';
import { OPENAI_KEY, baseEnv, runCliAsync } from '../e2e-run/helpers.ts';
import { hashedEmbedding, startOpenAIEmbeddingServer } from '../integration/servers/embeddings.ts';
import { runCli, tempDir } from '../helpers/run-cli.ts';

const EXAMPLE = fileURLToPath(new URL('../../prompts/cache-audit/support-queries.jsonl', import.meta.url));

function log(lines: readonly (object | string)[]): { cwd: string; file: string } {
  const cwd = tempDir();
  writeFileSync(join(cwd, 'log.jsonl'), lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
  return { cwd, file: 'log.jsonl' };
}

// "refund order 123" has 17 features: 3 words + 6 + 5 + 3 edge-marked trigrams (#re ref efu fun und nd#,
// #or ord rde der er#, #12 123 23#). "refund order 456" shares 13 of them: cosine 13/17 ≈ 0.765.
const refunds = [
  { query: 'refund order 123', group: 'r123', costUsd: 0.01 },
  { query: 'Refund order 123', group: 'r123', costUsd: 0.01 },
  { query: 'refund order 456', group: 'r456', costUsd: '0.01' },
];

describe('costlab cache-audit', () => {
  it('a hand-worked log: at 0.7 the other order\'s refund is served (wrong), at 0.8 it is not', () => {
    const { cwd, file } = log(refunds);
    const r = runCli(['cache-audit', file, '--thresholds', '0.8,0.7', '--json'], { cwd });
    expect(r.stderr).toBe('');
    const json = JSON.parse(r.stdout);
    expect([json.queries, json.groups, json.duplicates, json.totalCostUsd]).toEqual([3, 2, 1, 0.03]);
    expect(json.rows.map((row: { threshold: number; hits: number; trueHits: number; falseHits: number; savedUsd: number }) =>
      [row.threshold, row.hits, row.trueHits, row.falseHits, row.savedUsd])).toEqual([[0.7, 2, 1, 1, 0.02], [0.8, 1, 1, 0, 0.01]]);
    expect(json.recommended).toBe(0.8);
    expect(json.price).toBeNull(); // every line carries its cost
    expect(json.exact).toMatchObject({ hits: 1, trueHits: 1, falseHits: 0 }); // "Refund" = "refund" after lower-casing

    const human = runCli(['cache-audit', file, '--thresholds', '0.7,0.8'], { cwd });
    expect(human.stdout).toMatch(/^0\.70\s+2\s+66\.7%\s+1\s+1\s+50\.0%\s+100\.0%\s+\$0\.02\s+66\.7%$/m);
    expect(human.stdout).toMatch(/^0\.80 ◀\s+1\s+33\.3%\s+1\s+0\s+0\.0%\s+100\.0%\s+\$0\.01\s+33\.3%$/m);
    expect(human.stdout).toContain('recommended: 0.80 ◀ — the most right answers while serving no wrong answer');
  });

  it('prices calls on --model when the log has no costs: query tokens in, --output-tokens out', async () => {
    const { cwd, file } = log(refunds.map(({ query, group }) => ({ query, group })));
    const json = JSON.parse(runCli(['cache-audit', file, '--model', 'gpt-4o-mini', '--output-tokens', '100', '--system-tokens', '50', '--json'], { cwd }).stdout);
    expect(json.price).toMatchObject({ model: 'openai:gpt-4o-mini', outputTokens: 100, systemTokens: 50, pricedQueries: 3, loggedCosts: 0 });
    expect(json.price.source).toMatch(/^https:\/\//);
    // gpt-4o-mini: $0.15 in / $0.60 out per M tokens; each call = (query tokens + 50) in, 100 out
    installPlatform();
    const counter = await loadModelCounter(new Catalog().resolve('openai:gpt-4o-mini'));
    const expected = refunds.reduce((sum, q) => sum + ((counter.count(q.query) + 50) * 0.15 + 100 * 0.6) / 1e6, 0);
    expect(json.totalCostUsd).toBeCloseTo(expected, 15);
    expect(json.rows).toHaveLength(11); // the default sweep 0.5 … 0.95, 0.99
  });

  it('the bundled example log: loose thresholds serve wrong answers; the recommendation serves none', () => {
    const json = JSON.parse(runCli(['cache-audit', EXAMPLE, '--json']).stdout);
    expect(json.queries).toBeGreaterThanOrEqual(60);
    const loose = json.rows[0];
    const chosen = json.rows.find((row: { threshold: number }) => row.threshold === json.recommended);
    expect(loose.falseHits).toBeGreaterThan(0);
    expect(chosen.falseHits).toBe(0);
    expect(chosen.trueHits).toBeGreaterThan(json.exact.trueHits);
  });

  it('--similarity embedding compares the log\'s vectors', () => {
    // [1,0] then [0.8,0.6] (cosine 0.8, another group) then [2,0] (cosine 1, same group as the first)
    const { cwd, file } = log([
      { query: 'a', group: 'x', costUsd: 1, embedding: [1, 0] },
      { query: 'b', group: 'y', costUsd: 1, embedding: [0.8, 0.6] },
      { query: 'c', group: 'x', costUsd: 1, embedding: [2, 0] },
    ]);
    const json = JSON.parse(runCli(['cache-audit', file, '--similarity', 'embedding', '--thresholds', '0.75,0.9', '--json'], { cwd }).stdout);
    // 0.75: b → a (0.8) wrong; c → a (1.0) right. 0.9: b misses; c → a right.
    expect(json.rows.map((row: { hits: number; falseHits: number }) => [row.hits, row.falseHits])).toEqual([[2, 1], [1, 0]]);
    expect(json.notes[0]).toMatch(/embedding the queries cost is not counted/);
  });

  it('--embedder embeds every query (repeats too) and subtracts what that costs', async () => {
    const server = await startOpenAIEmbeddingServer();
    try {
      const { cwd, file } = log([
        { query: 'refund my order', group: 'r', costUsd: 0.01 },
        { query: 'refund my order please', group: 'r', costUsd: 0.01 },
        { query: 'reset my password', group: 'p', costUsd: 0.01 },
      ]);
      const env = baseEnv({ OPENAI_API_KEY: OPENAI_KEY, OPENAI_BASE_URL: server.url });
      const r = await runCliAsync(['cache-audit', file, '--similarity', 'embedding', '--embedder', 'openai:text-embedding-3-small', '--thresholds', '0.8', '--json'], { cwd, env });
      expect(r.stderr).toBe('');
      const json = JSON.parse(r.stdout);
      // the server's vectors are hashed bags of words: the test computes the cosines the same way
      const cos = (a: string, b: string) => cosineSimilarity(hashedEmbedding(a), hashedEmbedding(b));
      // the second query is close to the cached first one (≈0.943 with these hashed vectors): a right hit; the third
      // ("reset my password") shares one word with it (1/3): a miss
      expect(cos('refund my order please', 'refund my order')).toBeGreaterThanOrEqual(0.8);
      expect(cos('reset my password', 'refund my order')).toBeCloseTo(1 / 3, 12);
      expect(json.rows[0]).toMatchObject({ threshold: 0.8, hits: 1, trueHits: 1, falseHits: 0 });
      // 3 + 4 + 3 = 10 words billed, at text-embedding-3-small's $0.02 per M: $0.0000002
      expect(json.embedding).toEqual({ embedder: 'openai:text-embedding-3-small', inputTokens: 10, costUsd: 0.0000002 });
      expect(json.rows[0].netSavedUsd).toBeCloseTo(json.rows[0].savedUsd - 0.0000002, 15);
      expect(server.requests).toHaveLength(1);
      expect(JSON.stringify(json)).not.toContain(OPENAI_KEY);
    } finally {
      await server.close();
    }
  });

  it('bad input: one line naming file:line and field, exit 2', () => {
    const cases: [readonly (object | string)[], string[], RegExp][] = [
      [[refunds[0] as object, { query: 'x' }], [], /log\.jsonl:2: field group: must be a non-empty string or a number/],
      [[refunds[0] as object, '{"query": "x", '], [], /log\.jsonl:2: is not valid JSON/],
      [[{ query: 'x', group: 'g', costUsd: -1 }], [], /log\.jsonl:1: field costUsd: must be 0 or more/],
      [[{ query: '', group: 'g' }], [], /log\.jsonl:1: field query: must be a non-empty string/],
      [refunds, ['--similarity', 'embedding'], /log\.jsonl:1: field embedding: has no "embedding": --similarity embedding needs --embedder REF, or a vector for every query in the log — pass --embedder/],
      [refunds, ['--embedder', 'openai:text-embedding-3-small'], /--embedder applies to --similarity embedding only/],
      [refunds, ['--thresholds', '0.5,2'], /field --thresholds: --thresholds takes numbers from 0 to 1/],
      [refunds, ['--similarity', 'semantic'], /--similarity must be lexical or embedding/],
      [refunds.map(({ query, group }) => ({ query, group })), ['--model', 'gpt-nope'], /unknown model 'gpt-nope'/],
    ];
    for (const [lines, flags, message] of cases) {
      const { cwd, file } = log(lines);
      const r = runCli(['cache-audit', file, ...flags], { cwd });
      expect(r.code, message.source).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
    expect(runCli(['cache-audit', 'missing.jsonl']).stderr).toMatch(/missing\.jsonl: cannot read: no such file/);
  });
});
