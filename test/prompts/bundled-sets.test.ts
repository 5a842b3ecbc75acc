/** The bundled prompt sets load, render every case for every variant, and have at least 10 cases each. */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkPromptSet, loadPromptSets } from '../../src/core/index.ts';
import { nodePorts } from '../../src/platform/node.ts';

const PROMPTS = fileURLToPath(new URL('../../prompts/', import.meta.url));

describe('bundled prompt sets', () => {
  it('are the six sets the product is demonstrated with, each valid with ≥ 10 cases', async () => {
    const sets = await loadPromptSets([PROMPTS], nodePorts().fs);
    expect(sets.map((s) => s.name).sort()).toEqual([
      'code-review', 'essay-grading-zh', 'math-cot', 'rag-answer', 'support-bot', 'ticket-triage',
    ]);
    for (const set of sets) {
      const summary = checkPromptSet(set);
      expect(summary.cases, set.name).toBeGreaterThanOrEqual(10);
    }
  });
});
