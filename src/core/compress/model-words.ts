/**
 * The words of the bundled statistic: lowercase Latin words and single Han characters. Two Latin words
 * form a bigram when only spaces or tabs separate them; two Han characters when they touch. Shared by
 * the scorer (word-model.ts) and the table builder (scripts/build-word-stats.ts).
 */
export type Script = 'latin' | 'han';

const MODEL_UNIT = /(?<han>\p{Script=Han})|(?<latin>\p{Script=Latin}+(?:['’]\p{Script=Latin}+)*)|(?<gap>[ \t]+)|(?<other>[^])/gu;

export interface ModelWord {
  key: string;
  script: Script;
  /** The previous word when nothing but spaces (Latin) or nothing at all (Han) lies between them. */
  prev: string | undefined;
}

/** The words of a text as the statistic sees them (used by the table builder too). */
export function modelWords(text: string): ModelWord[] {
  const words: ModelWord[] = [];
  let prev: ModelWord | undefined;
  let gap = false;
  for (const match of text.matchAll(MODEL_UNIT)) {
    const groups = match.groups ?? {};
    if (groups['gap'] !== undefined) {
      gap = true;
      continue;
    }
    const script: Script | undefined = groups['han'] !== undefined ? 'han' : groups['latin'] !== undefined ? 'latin' : undefined;
    if (script === undefined) {
      prev = undefined;
      gap = false;
      continue;
    }
    const key = script === 'latin' ? match[0].toLowerCase().replace('’', "'") : match[0];
    const joined = prev !== undefined && prev.script === script && (script === 'latin' || !gap);
    const word: ModelWord = { key, script, prev: joined ? prev?.key : undefined };
    words.push(word);
    prev = word;
    gap = false;
  }
  return words;
}

