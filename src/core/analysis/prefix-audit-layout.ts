/**
 * Where a prompt set's static text sits relative to its variable content — the layout half of the prefix audit.
 * A provider caches only a request's PREFIX, so a long static block (instructions, a policy, few-shot examples)
 * that comes after a `{{variable}}` is paid in full on every request; moved ahead of the variables, it would be
 * cached.
 *
 * A variant's templates (system, then the prompt or each message) are cut at their `{{placeholders}}` into pieces.
 * A placeholder that renders to the same value in every case counts as static text. A static run is a maximal
 * stretch of static pieces — it may cross from one block into the next (the end of the system prompt and the start
 * of the user message are adjacent in the request). For each run: its tokens, and the variable content before it
 * (the placeholders' names and their mean rendered tokens over the cases).
 */
import { caseVars, resolveVariant } from '../promptset/render.ts';
import { templateSpans } from '../promptset/template.ts';
import type { PromptSet, TemplateText } from '../promptset/types.ts';
import type { TokenCounter } from '../tokens/counter.ts';

export interface LayoutPiece {
  /** `system`, `prompt` or `messages[i]`. */
  block: string;
  /** The placeholder's name; absent for template text. */
  variable?: string;
  /** The text per case (one entry for static text and for a placeholder with one value in every case). */
  texts: string[];
}

export interface PromptLayout {
  cases: number;
  pieces: LayoutPiece[];
}

export interface StaticRun {
  /** Index of its first piece. */
  start: number;
  /** The blocks it spans. */
  blocks: string[];
  tokens: number;
  /** Placeholders (distinct, in order) before the run. */
  variablesBefore: string[];
  /** Mean tokens of the variable content before the run, over the cases. */
  variableTokensBefore: number;
}

/** The pieces of a variant's templates, each placeholder with its rendered value per case. */
export function promptLayout(set: PromptSet, variant?: string): PromptLayout {
  const body = resolveVariant(set, variant);
  const vars = set.cases.map((c) => caseVars(set, c));
  const pieces: LayoutPiece[] = [];
  const addStatic = (block: string, text: string) => {
    if (text === '') return;
    const previous = pieces[pieces.length - 1];
    if (previous && previous.variable === undefined && previous.block === block) previous.texts[0] += text;
    else pieces.push({ block, texts: [text] });
  };
  const cut = (block: string, template: TemplateText) => {
    let at = 0;
    for (const span of templateSpans(template.text)) {
      addStatic(block, template.text.slice(at, span.start));
      const values = vars.map((v) => String(v[span.name] ?? ''));
      if (values.every((value) => value === values[0])) addStatic(block, values[0] ?? '');
      else pieces.push({ block, variable: span.name, texts: values });
      at = span.end;
    }
    addStatic(block, template.text.slice(at));
  };
  if (body.system) cut('system', body.system);
  if (body.prompt) cut('prompt', body.prompt);
  (body.messages ?? []).forEach((m, i) => cut(`messages[${i}]`, m.content));
  return { cases: set.cases.length, pieces };
}

/** The static runs of a layout, in order, with token counts from `counter`. */
export function staticRuns(layout: PromptLayout, counter: TokenCounter): StaticRun[] {
  const runs: StaticRun[] = [];
  const variables: string[] = [];
  let variableTokens = 0;
  let current: StaticRun | null = null;
  layout.pieces.forEach((piece, index) => {
    if (piece.variable !== undefined) {
      current = null;
      if (!variables.includes(piece.variable)) variables.push(piece.variable);
      variableTokens += piece.texts.reduce((sum, text) => sum + counter.count(text), 0) / Math.max(1, piece.texts.length);
      return;
    }
    const tokens = counter.count(piece.texts[0] ?? '');
    if (current === null) {
      current = { start: index, blocks: [piece.block], tokens, variablesBefore: [...variables], variableTokensBefore: variableTokens };
      runs.push(current);
    } else {
      current.tokens += tokens;
      if (!current.blocks.includes(piece.block)) current.blocks.push(piece.block);
    }
  });
  return runs;
}
