/**
 * The bundled word statistic and the bigram scorer built on it (the default LogProbScorer).
 *
 * Words are lowercase Latin words and single Han characters. Two Latin words form a bigram when only
 * spaces or tabs separate them; two Han characters when they touch. The tables (data/word-stats.ts,
 * made by scripts/build-word-stats.ts) hold the most frequent words, characters and bigrams.
 *
 * p(w | prev) = c(prev, w) / c(prev) when the bigram is in the table, else λ · p₁(w) ("stupid backoff",
 * Brants et al. 2007, λ = 0.4), where p₁(w) = (c(w) + k) / (N + k·V) is the add-k smoothed unigram.
 */
import { WORD_STATS } from './data/word-stats.ts';
import { modelWords, type ModelWord, type Script } from './model-words.ts';
import type { LogProbScorer } from './types.ts';

export { modelWords } from './model-words.ts';

const BACKOFF = 0.4;
const ADD_K = 0.5;

interface Table {
  total: number;
  unigrams: Map<string, number>;
  bigrams: Map<string, number>;
}

function parseCounts(counts: string): number[] {
  return counts.split(' ').map((c) => parseInt(c, 36));
}

function latinTable(): Table {
  const { total, words, counts, bigrams } = WORD_STATS.latin;
  const list = words.split(' ');
  const values = parseCounts(counts);
  const unigrams = new Map(list.map((w, i) => [w, values[i] ?? 0]));
  const pairs = new Map<string, number>();
  for (const entry of bigrams.split(' ')) {
    const [a, b, c] = entry.split('.').map((x) => parseInt(x, 36));
    pairs.set(`${list[a ?? 0]} ${list[b ?? 0]}`, c ?? 0);
  }
  return { total, unigrams, bigrams: pairs };
}

function hanTable(): Table {
  const { total, chars, counts, bigrams } = WORD_STATS.han;
  const list = Array.from(chars);
  const values = parseCounts(counts);
  const unigrams = new Map(list.map((w, i) => [w, values[i] ?? 0]));
  const pairs = new Map<string, number>();
  for (const entry of bigrams.split(' ')) {
    const [first, second, ...rest] = Array.from(entry);
    pairs.set(`${first} ${second}`, parseInt(rest.join(''), 36));
  }
  return { total, unigrams, bigrams: pairs };
}

let tables: Record<Script, Table> | undefined;

function getTables(): Record<Script, Table> {
  tables ??= { latin: latinTable(), han: hanTable() };
  return tables;
}

/** Natural-log probability of a word given the previous one (see the header for the formula). */
export function wordLogProb(word: Omit<ModelWord, 'script'> & { script: Script }): number {
  const table = getTables()[word.script];
  const vocabulary = table.unigrams.size + 1;
  const unigram = ((table.unigrams.get(word.key) ?? 0) + ADD_K) / (table.total + ADD_K * vocabulary);
  if (word.prev === undefined) return Math.log(unigram);
  const pair = table.bigrams.get(`${word.prev} ${word.key}`);
  const context = table.unigrams.get(word.prev);
  if (pair !== undefined && context !== undefined && context >= pair) return Math.log(pair / context);
  return Math.log(BACKOFF * unigram);
}

/** The log-probability of a word the statistic has never seen (a rare word: very informative). */
export function unknownLogProb(): number {
  const table = getTables().latin;
  return Math.log(ADD_K / (table.total + ADD_K * (table.unigrams.size + 1)));
}

/**
 * The bundled scorer. Pieces are the text's units in order (words, single CJK characters, spaces,
 * punctuation); spaces and punctuation score 0, and a word-like piece the statistic cannot split into
 * one word (another script, digits) scores as an unknown word.
 */
export const bigramScorer: LogProbScorer = {
  id: 'bigram:alpaca-eval+seeds',
  score(pieces: readonly string[]): readonly number[] {
    // Prompts repeat their words: each distinct piece is classified once, and each (previous word,
    // word) pair scored once, per call — the same numbers as scoring every piece afresh.
    const seen = new Map<string, PieceInfo>();
    const scores: number[] = [];
    let prev: ModelWord | undefined;
    let gap = false;
    for (const piece of pieces) {
      let info = seen.get(piece);
      if (info === undefined) seen.set(piece, (info = pieceInfo(piece)));
      if (info.gap) {
        gap = true;
        scores.push(0);
        continue;
      }
      const word = info.word;
      if (word === undefined) {
        scores.push(info.score);
        prev = undefined;
        gap = false;
        continue;
      }
      const joined = prev !== undefined && prev.script === word.script && (word.script === 'latin' || !gap);
      const prevKey = joined ? prev?.key : undefined;
      let score = info.after.get(prevKey);
      if (score === undefined) info.after.set(prevKey, (score = wordLogProb({ ...word, prev: prevKey })));
      scores.push(score);
      prev = word; // only its key and script are read
      gap = false;
    }
    return scores;
  },
};

interface PieceInfo {
  /** Only spaces and tabs. */
  gap: boolean;
  /** The one word the piece is, when it is one. */
  word: ModelWord | undefined;
  /** The score of a piece that is not one word. */
  score: number;
  /** Scores of the word by previous word (undefined: none). */
  after: Map<string | undefined, number>;
}

function pieceInfo(piece: string): PieceInfo {
  const after = new Map<string | undefined, number>();
  if (/^[ \t]+$/.test(piece)) return { gap: true, word: undefined, score: 0, after };
  const words = modelWords(piece);
  // ALL-CAPS words are acronyms (US, JSON), not the common word they fold to (us, json).
  const word = words.length === 1 && !/^\p{Lu}{2,}$/u.test(piece) ? words[0] : undefined;
  const score = word === undefined && /[\p{L}\p{N}]/u.test(piece) ? unknownLogProb() : 0;
  return { gap: false, word, score, after };
}
