/**
 * The query log `costlab cache-audit` reads: JSONL, one query per line in arrival order —
 * `{"query": "...", "group": "..."}`, plus optionally `"costUsd"` (what answering it cost: a number or decimal string)
 * and `"embedding"` (its vector, for `--similarity embedding`). Equal groups are the same question. Blank lines are
 * skipped; anything else that is wrong names the file, line and field.
 */
import { CostlabError, known, parseScaled } from '../core/index.ts';
import type { Money } from '../core/index.ts';

export interface LogQuery {
  line: number;
  query: string;
  group: string;
  cost: Money | null;
  embedding: number[] | null;
}

function bad(file: string, line: number, field: string | undefined, message: string, hint?: string): CostlabError {
  return new CostlabError('bad-log', message, {
    location: { file, line, ...(field === undefined ? {} : { field }) },
    hint: hint ?? 'each line is {"query": "...", "group": "..."} with optional "costUsd" and "embedding"',
  });
}

export function parseQueryLog(text: string, file: string): LogQuery[] {
  const queries: LogQuery[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw bad(file, line, undefined, `is not valid JSON: ${(error as Error).message}`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad(file, line, undefined, 'is not a JSON object');
    const row = value as Record<string, unknown>;
    const query = row['query'];
    if (typeof query !== 'string' || query.trim() === '') throw bad(file, line, 'query', 'must be a non-empty string');
    const group = row['group'];
    if (!(typeof group === 'string' && group !== '') && !(typeof group === 'number' && Number.isFinite(group))) {
      throw bad(file, line, 'group', 'must be a non-empty string or a number', 'queries with the same group are the same question');
    }
    let cost: Money | null = null;
    const costUsd = row['costUsd'];
    if (costUsd !== undefined && costUsd !== null) {
      if (typeof costUsd !== 'number' && typeof costUsd !== 'string') throw bad(file, line, 'costUsd', 'must be a number of USD, e.g. 0.00042');
      let pico: bigint;
      try {
        pico = parseScaled(costUsd, 12, 'costUsd');
      } catch {
        throw bad(file, line, 'costUsd', `must be a decimal number of USD, got ${JSON.stringify(costUsd)}`);
      }
      if (pico < 0n) throw bad(file, line, 'costUsd', `must be 0 or more, got ${JSON.stringify(costUsd)}`);
      cost = known(pico);
    }
    let embedding: number[] | null = null;
    const vector = row['embedding'];
    if (vector !== undefined && vector !== null) {
      if (!Array.isArray(vector) || vector.length === 0 || !vector.every((x) => typeof x === 'number' && Number.isFinite(x))) {
        throw bad(file, line, 'embedding', 'must be a non-empty array of numbers');
      }
      embedding = vector as number[];
    }
    queries.push({ line, query, group: String(group), cost, embedding });
  });
  if (queries.length === 0) throw new CostlabError('bad-log', 'has no queries', { location: { file }, hint: 'one {"query": "...", "group": "..."} per line' });
  return queries;
}
