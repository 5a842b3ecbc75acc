/**
 * The `heuristic` router score: the keyword / complexity classifier of the seed documents, as a pure function
 * of the prompt text.
 *
 * Source: ../shared/seeds/002_13c42596421e8d53.txt, "二、模型分级路由" §2.2 "复杂度分类器实现" — the Python
 * `ComplexityClassifier` (COMPLEX_SIGNALS / TRIVIAL_SIGNALS and `classify`), implemented rule for rule:
 *   1. context_tokens > 100,000 → COMPLEX; > 50,000 → MODERATE
 *   2. conversation_turns > 5 → MODERATE
 *   3. word_count = len(query.split())
 *   4. complex_score = how many COMPLEX_SIGNALS patterns match; trivial_score likewise for TRIVIAL_SIGNALS
 *   5. more than 3 question marks → complex_score += 2; exactly 1 → trivial_score += 1
 *   6. "```", "def " or "class " in the query → complex_score += 2
 *   7. complex ≥ 3 → COMPLEX; complex ≥ 1 and words > 30 → MODERATE; complex ≥ 1 → SIMPLE; trivial ≥ 1 →
 *      TRIVIAL; words ≤ 10 → TRIVIAL; words ≤ 30 → SIMPLE; else MODERATE
 * The patterns are the seed's, with its flags: `(?i)` becomes the `i` flag; the greeting pattern has none, as
 * in the seed. Like Python's `re.search`, nothing is anchored but what the pattern anchors (`^` = start of text).
 *
 * For Chinese prompts, which the English patterns never match, the seed 001_b706edf1a1cf95b9.txt adds signals
 * of the same kind (§"模型路由器的构建：基于问题复杂度的动态分发算法", lines 427–429, and `_check_intent_complexity`,
 * line 559): the keywords 代码生成 / 数学推理 / 法律条款分析 and nested conditions (如果 … 那么) mean a strong
 * model; 翻译 / 总结 / 改写 / 提取 a small one. They join the two signal lists. Two more extensions only touch
 * text with CJK characters: each Han, kana or Hangul character counts as one word (Python's `split()` would
 * count a whole Chinese sentence as one word), and the full-width question mark ？ counts like ?.
 *
 * Score: the class as a number — TRIVIAL 0, SIMPLE 1/3, MODERATE 2/3, COMPLEX 1. A threshold in (1/3, 2/3]
 * sends MODERATE and COMPLEX prompts to the strong model, which is the seed's tiering cut to two models.
 * Everything the classifier reads is in HEURISTIC_CLASSIFIER, which `costlab route --export` writes out so
 * application code can reproduce the score.
 */

export interface SignalPattern {
  /** A JavaScript RegExp source (the seed's Python pattern without its inline `(?i)`). */
  pattern: string;
  /** RegExp flags: `i` where the seed wrote `(?i)`. */
  flags: string;
  /** Where it comes from. */
  from: string;
}

export interface HeuristicClassifier {
  source: string;
  levels: readonly ['trivial', 'simple', 'moderate', 'complex'];
  /** The score of each level, in the order of `levels`. */
  scores: readonly number[];
  complexSignals: readonly SignalPattern[];
  trivialSignals: readonly SignalPattern[];
  /** More than `above` question marks add `add` to the complex score; exactly `trivialAt` adds 1 to the trivial one. */
  questionMarks: { marks: readonly string[]; above: number; add: number; trivialAt: number };
  /** Any of these substrings adds `add` to the complex score. */
  code: { markers: readonly string[]; add: number };
  /** Context tokens above `complexAbove` → complex, above `moderateAbove` → moderate. */
  context: { complexAbove: number; moderateAbove: number };
  /** Conversation turns above `moderateAbove` → moderate. */
  turns: { moderateAbove: number };
  /** The decision ladder's cut-offs. */
  ladder: { complexScore: number; moderateWords: number; trivialWords: number; simpleWords: number };
  /** Characters (a RegExp source, `u` flag) that count as one word each. */
  cjkWord: string;
}

const SEED_002 = '002_13c42596421e8d53.txt §2.2 COMPLEX_SIGNALS / TRIVIAL_SIGNALS';
const SEED_001 = '001_b706edf1a1cf95b9.txt lines 427–429, 559';

export const HEURISTIC_CLASSIFIER: HeuristicClassifier = {
  source:
    "the seed documents' complexity classifier: ../shared/seeds/002_13c42596421e8d53.txt §2.2 ComplexityClassifier, with the Chinese keyword signals of ../shared/seeds/001_b706edf1a1cf95b9.txt (lines 427–429, 559)",
  levels: ['trivial', 'simple', 'moderate', 'complex'],
  scores: [0, 1 / 3, 2 / 3, 1],
  complexSignals: [
    { pattern: '(analyze|compare|evaluate|synthesize|design|architect)', flags: 'i', from: SEED_002 },
    { pattern: '(step.by.step|detailed|comprehensive|in.depth|thoroughly)', flags: 'i', from: SEED_002 },
    { pattern: '(code review|debug|refactor|optimize|implement)', flags: 'i', from: SEED_002 },
    { pattern: '(pros and cons|trade.?offs|advantages and disadvantages)', flags: 'i', from: SEED_002 },
    { pattern: '(explain why|reasoning|logical|because|therefore)', flags: 'i', from: SEED_002 },
    { pattern: '(multi.?step|cascade|chain|workflow)', flags: 'i', from: SEED_002 },
    { pattern: '(代码生成|数学推理|法律条款分析)', flags: '', from: SEED_001 },
    { pattern: '如果[\\s\\S]*?那么', flags: '', from: SEED_001 },
  ],
  trivialSignals: [
    { pattern: '^(what is|who is|when did|where is|how many|which)', flags: 'i', from: SEED_002 },
    { pattern: '(yes or no|true or false|correct or incorrect)', flags: 'i', from: SEED_002 },
    { pattern: '(define|spell|list|translate|convert|format)', flags: 'i', from: SEED_002 },
    { pattern: '^(hi|hello|hey|thanks|thank you)', flags: '', from: SEED_002 },
    { pattern: '(翻译|总结|改写|提取)', flags: '', from: SEED_001 },
  ],
  questionMarks: { marks: ['?', '？'], above: 3, add: 2, trivialAt: 1 },
  code: { markers: ['```', 'def ', 'class '], add: 2 },
  context: { complexAbove: 100_000, moderateAbove: 50_000 },
  turns: { moderateAbove: 5 },
  ladder: { complexScore: 3, moderateWords: 30, trivialWords: 10, simpleWords: 30 },
  cjkWord: '[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}]',
};

export type HeuristicLevel = HeuristicClassifier['levels'][number];

export interface HeuristicOptions {
  /** Tokens of context sent along with the prompt (documents, history); default 0. */
  contextTokens?: number;
  /** Earlier turns of the conversation; default 0. */
  turns?: number;
}

export interface HeuristicVerdict {
  level: HeuristicLevel;
  score: number;
  words: number;
  complexScore: number;
  trivialScore: number;
}

interface Compiled {
  complex: RegExp[];
  trivial: RegExp[];
  cjk: RegExp;
}

const compiled = new WeakMap<HeuristicClassifier, Compiled>();

function compile(c: HeuristicClassifier): Compiled {
  let hit = compiled.get(c);
  if (!hit) {
    hit = {
      complex: c.complexSignals.map((s) => new RegExp(s.pattern, s.flags)),
      trivial: c.trivialSignals.map((s) => new RegExp(s.pattern, s.flags)),
      cjk: new RegExp(c.cjkWord, 'gu'),
    };
    compiled.set(c, hit);
  }
  return hit;
}

/** Python's len(text.split()), with each CJK character as a word of its own. */
export function heuristicWordCount(text: string, classifier: HeuristicClassifier = HEURISTIC_CLASSIFIER): number {
  const spaced = text.replace(compile(classifier).cjk, ' x ');
  return spaced.split(/\s+/).filter((w) => w !== '').length;
}

function count(text: string, needle: string): number {
  let n = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) n++;
  return n;
}

/** The seed classifier's verdict on one prompt (see the module comment for the rules, in order). */
export function classifyComplexity(text: string, options: HeuristicOptions = {}, classifier: HeuristicClassifier = HEURISTIC_CLASSIFIER): HeuristicVerdict {
  const c = classifier;
  const { complex, trivial } = compile(c);
  const words = heuristicWordCount(text, c);
  const verdict = (level: HeuristicLevel, complexScore = 0, trivialScore = 0): HeuristicVerdict => ({
    level, score: c.scores[c.levels.indexOf(level)] as number, words, complexScore, trivialScore,
  });
  const contextTokens = options.contextTokens ?? 0;
  if (contextTokens > c.context.complexAbove) return verdict('complex');
  if (contextTokens > c.context.moderateAbove) return verdict('moderate');
  if ((options.turns ?? 0) > c.turns.moderateAbove) return verdict('moderate');

  let complexScore = complex.filter((p) => p.test(text)).length;
  let trivialScore = trivial.filter((p) => p.test(text)).length;
  const marks = c.questionMarks.marks.reduce((sum, mark) => sum + count(text, mark), 0);
  if (marks > c.questionMarks.above) complexScore += c.questionMarks.add;
  else if (marks === c.questionMarks.trivialAt) trivialScore += 1;
  if (c.code.markers.some((m) => text.includes(m))) complexScore += c.code.add;

  const l = c.ladder;
  const level: HeuristicLevel =
    complexScore >= l.complexScore ? 'complex'
    : complexScore >= 1 && words > l.moderateWords ? 'moderate'
    : complexScore >= 1 ? 'simple'
    : trivialScore >= 1 ? 'trivial'
    : words <= l.trivialWords ? 'trivial'
    : words <= l.simpleWords ? 'simple'
    : 'moderate';
  return verdict(level, complexScore, trivialScore);
}

/** The heuristic score in [0, 1]: 0 trivial, 1/3 simple, 2/3 moderate, 1 complex. */
export function heuristicScore(text: string, options: HeuristicOptions = {}, classifier: HeuristicClassifier = HEURISTIC_CLASSIFIER): number {
  return classifyComplexity(text, options, classifier).score;
}
