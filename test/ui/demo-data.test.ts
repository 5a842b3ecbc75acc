import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ALPACA_DEMO_FILE, ROUTELLM_DEMO_FILE, buildDemoFiles, sharedSources } from '../../scripts/build-demo-data.ts';
import { Catalog, CostlabError, routingBaselines } from '../../src/core/index.ts';
import {
  ALPACA_DEMO_FORMAT, ROUTELLM_COLUMNS, ROUTELLM_DEMO_FORMAT, parseAlpacaDemo, parseRouteLlmDemo,
} from '../../src/ui/demo-data-schema.ts';
import type { AlpacaDemoFile, RouteLlmDemoFile } from '../../src/ui/demo-data-schema.ts';
import { alpacaFrontierSet, demoRouters, demoRoutingItems, routeDemo } from '../../src/ui/demo-data.ts';
import { catchError } from '../helpers/catch-error.ts';
import { SKIP_NO_SHARED, hasShared, sharedRoot } from '../helpers/shared-data.ts';

const DIR = fileURLToPath(new URL('../../prompts/demo/recorded/', import.meta.url));
const committed = (name: string) => readFileSync(`${DIR}${name}`, 'utf8');
const catalog = new Catalog();

const attribution = { dataset: 'test', url: 'https://example.invalid', licence: 'CC0', commit: 'abc', derived: 'made up for a test' };

function alpacaFile(models: AlpacaDemoFile['models']): AlpacaDemoFile {
  return { format: ALPACA_DEMO_FORMAT, attribution, annotator: 'test', reference: 'ref', instructions: 2, models };
}

function routeFile(rows: number[][]): RouteLlmDemoFile {
  return {
    format: ROUTELLM_DEMO_FORMAT, attribution, benchmark: 'gsm8k',
    weak: { name: 'w', tokenizer: 'o200k_base', countExact: true },
    strong: { name: 's', tokenizer: 'o200k_base', countExact: true },
    columns: ROUTELLM_COLUMNS, rows,
  };
}

describe('the committed demo files', () => {
  const alpaca = parseAlpacaDemo(JSON.parse(committed(ALPACA_DEMO_FILE)), ALPACA_DEMO_FILE);
  const route = parseRouteLlmDemo(JSON.parse(committed(ROUTELLM_DEMO_FILE)), ROUTELLM_DEMO_FILE);

  it('are small and carry their attribution, with no prompt or answer text', () => {
    for (const name of [ALPACA_DEMO_FILE, ROUTELLM_DEMO_FILE]) {
      const text = committed(name);
      expect(text.length).toBeLessThan(300 * 1024);
      expect(text).not.toMatch(/"(prompt|output|instruction|weak_response|strong_response)"/);
    }
    expect(alpaca.attribution.licence).toBe('Apache-2.0');
    expect(route.attribution.url).toContain('lm-sys/RouteLLM');
  });

  it('reproduce the published AlpacaEval 2.0 win rates (SOURCES.md: gemma-2b-it 3.40 … claude-2 17.19)', () => {
    const published: Record<string, number> = {
      'gemma-2b-it': 3.4, 'vicuna-13b-v1.5': 6.72, 'gpt-3.5-turbo-1106': 9.18, 'OpenHermes-2.5-Mistral-7B': 10.34,
      'claude-2.1': 15.73, 'claude-instant-1.2': 16.13, 'claude-2': 17.19, gpt4_1106_preview: 50,
    };
    const set = alpacaFrontierSet(alpaca, catalog, { resamples: 200 });
    expect(set.points.map((p) => p.id).sort()).toEqual(Object.keys(published).sort());
    for (const point of set.points) {
      expect(point.quality * 100).toBeCloseTo(published[point.id] as number, 1);
      expect(point.low).toBeLessThanOrEqual(point.quality);
      expect(point.high).toBeGreaterThanOrEqual(point.quality);
    }
  });

  it('price every model but vicuna, which stays unpriced (never $0)', () => {
    const set = alpacaFrontierSet(alpaca, catalog, { resamples: 50 });
    const byId = new Map(set.points.map((p) => [p.id, p]));
    expect(byId.get('vicuna-13b-v1.5')?.costPer1k).toBeNull();
    expect(byId.get('vicuna-13b-v1.5')?.pricedAs).toBe('unpriced');
    expect(byId.get('gpt4_1106_preview')?.pricedAs).toMatch(/^openai:gpt-4-turbo \$10\/\$30 per M tokens, \d{4}-\d\d-\d\d /);
    expect(byId.get('gemma-2b-it')?.pricedAs).toBe('gemma-2b-it on fireworks_ai $0.1/$0.1 per M tokens, 2026-07-24 LiteLLM price file');
    for (const point of set.points.filter((p) => p.id !== 'vicuna-13b-v1.5')) expect(point.costPer1k).toBeGreaterThan(0);
  });

  it('reproduce RouteLLM\'s GSM8K accuracies: weak 63.8 %, strong 85.7 % over 1,319 problems', () => {
    const demo = routeDemo(route, catalog);
    const base = routingBaselines(demoRoutingItems(demo, demoRouters(demo)[0]!.scores));
    expect(base.items).toBe(1319);
    expect(base.weakQuality).toBeCloseTo(0.638, 3);
    expect(base.strongQuality).toBeCloseTo(0.857, 3);
  });
});

describe.skipIf(!hasShared('data/routellm/gsm8k.jsonl') || !hasShared('data/alpaca_eval'))(
  `rebuilding the demo from ../shared (${hasShared('data/alpaca_eval') ? 'data/routellm, data/alpaca_eval' : SKIP_NO_SHARED})`,
  () => {
    it('gives exactly the committed files', async () => {
      const files = await buildDemoFiles(sharedSources(sharedRoot));
      const rebuild = 'stale: rebuild with node --import tsx scripts/build-demo-data.ts';
      expect(files[ROUTELLM_DEMO_FILE], rebuild).toBe(committed(ROUTELLM_DEMO_FILE));
      expect(files[ALPACA_DEMO_FILE], rebuild).toBe(committed(ALPACA_DEMO_FILE));
    });
  },
);

describe('alpacaFrontierSet', () => {
  it('prices a listed model exactly: worked example', () => {
    // $1 / $2 per M tokens. Instruction 1: 100 in + 50 out = 0.0001 + 0.0001 = $0.0002;
    // instruction 2: 300 in + 150 out = 0.0003 + 0.0003 = $0.0006. Mean $0.0004 → $0.40 per 1,000.
    const file = alpacaFile([{
      name: 'm', role: 'model', tokenizer: 'o200k_base', countExact: true,
      price: { kind: 'listed', listing: 'x/m', provider: 'p', inputUsdPerMTok: '1', outputUsdPerMTok: '2', source: 'a price file', asOf: '2026-01-02', note: '' },
      inputTokens: [100, 300], outputTokens: [50, 150], quality: [0.2, 0.6],
    }]);
    const [point] = alpacaFrontierSet(file, catalog, { resamples: 100 }).points;
    expect(point?.costPer1k).toBeCloseTo(0.4, 12);
    expect(point?.quality).toBeCloseTo(0.4, 12);
    expect(point?.pricedAs).toBe('m on p $1/$2 per M tokens, 2026-01-02 LiteLLM price file');
  });

  it('uses the catalog model\'s rates, and says unpriced when the catalog has none', () => {
    // openai:gpt-4o-mini $0.15 / $0.60: 1,000 in + 1,000 out = 0.00015 + 0.0006 = $0.00075 each → $0.75 per 1,000.
    const model = (name: string, ref: string): AlpacaDemoFile['models'][number] => ({
      name, role: 'model', tokenizer: 'o200k_base', countExact: true, price: { kind: 'catalog', model: ref, note: '' },
      inputTokens: [1000, 1000], outputTokens: [1000, 1000], quality: [0, 1],
    });
    const set = alpacaFrontierSet(alpacaFile([model('a', 'openai:gpt-4o-mini'), model('b', 'meta:llama-3.1-8b-instruct')]), catalog, { resamples: 50 });
    expect(set.points[0]?.costPer1k).toBeCloseTo(0.75, 12);
    expect(set.points[1]?.costPer1k).toBeNull();
    expect(set.points[1]?.pricedAs).toContain('has no per-token price');
  });

  it('gives the same interval on every call (seeded bootstrap)', () => {
    const file = parseAlpacaDemo(JSON.parse(committed(ALPACA_DEMO_FILE)), ALPACA_DEMO_FILE);
    const a = alpacaFrontierSet(file, catalog, { resamples: 100 });
    const b = alpacaFrontierSet(file, catalog, { resamples: 100 });
    expect(a.points.map((p) => [p.low, p.high])).toEqual(b.points.map((p) => [p.low, p.high]));
  });
});

describe('routeDemo', () => {
  it('prices each side with its stand-in: worked example', () => {
    // weak = gpt-4o-mini $0.15/$0.60: 100 in + 200 out = 0.000015 + 0.00012 = $0.000135;
    // strong = gpt-4-turbo $10/$30: 100 in + 100 out = 0.001 + 0.003 = $0.004.
    const demo = routeDemo(routeFile([[0, 1, 0, 40, 100, 200, 100, 100, 0]]), catalog);
    expect(demo.weakCost[0]).toBeCloseTo(0.000135, 15);
    expect(demo.strongCost[0]).toBeCloseTo(0.004, 15);
    expect(demo.weak.pricedAs).toBe('openai:gpt-4o-mini');
    expect(demo.strong.pricedAs).toBe('openai:gpt-4-turbo');
    expect(demo.pricingNote).toContain('priced as GPT-4o mini $0.15/$0.6, GPT-4 Turbo $10/$30 per M tokens');
  });

  it('refuses a stand-in without a per-token price', () => {
    const error = catchError(() => routeDemo(routeFile([[0, 1, 0, 40, 1, 1, 1, 1, 0]]), catalog, { weakPrice: 'mistral:mixtral-8x7b-instruct-v0.1' }));
    expect(error).toBeInstanceOf(CostlabError);
    expect((error as CostlabError).code).toBe('demo-price-missing');
  });

  it('offers length, heuristic, random and oracle scores', () => {
    // Two problems: the first only the strong model solves (oracle +1), the second both (oracle 0).
    const demo = routeDemo(routeFile([[0, 0, 1, 120, 1, 1, 1, 1, 2], [1, 1, 1, 30, 1, 1, 1, 1, 0]]), catalog);
    const routers = demoRouters(demo, 7);
    expect(routers.map((r) => r.id)).toEqual(['length', 'heuristic', 'random', 'oracle']);
    expect(routers[0]?.scores).toEqual([120, 30]);
    expect(routers[1]?.scores).toEqual([2 / 3, 0]);
    expect(routers[3]?.scores).toEqual([1, 0]);
    expect(routers[2]?.scores).toEqual(demoRouters(demo, 7)[2]?.scores);
    expect(routers[1]?.formatThreshold(2 / 3)).toBe('≥ moderate');
    expect(routers[0]?.formatThreshold(120)).toBe('≥ 120 chars');
  });
});

describe('parsing', () => {
  it('names the file and field of a bad demo file', () => {
    const bad = { ...routeFile([[0, 2, 0, 1, 1, 1, 1, 1, 0]]) };
    const error = catchError(() => parseRouteLlmDemo(bad, 'x.json')) as CostlabError;
    expect(error.code).toBe('bad-demo-data');
    expect(error.location).toEqual({ file: 'x.json', field: 'rows.0' });
    const wrongColumns = catchError(() => parseRouteLlmDemo({ ...routeFile([[0, 1, 1, 1, 1, 1, 1, 1, 0]]), columns: ['id'] }, 'y.json')) as CostlabError;
    expect(wrongColumns.location.field).toBe('columns');
    const short = alpacaFile([{
      name: 'm', role: 'model', tokenizer: 't', countExact: true, price: { kind: 'unpriced', note: 'n' },
      inputTokens: [1], outputTokens: [1, 2], quality: [0, 1],
    }]);
    expect((catchError(() => parseAlpacaDemo(short, 'z.json')) as CostlabError).location).toEqual({ file: 'z.json', field: 'models.0.inputTokens' });
  });
});
