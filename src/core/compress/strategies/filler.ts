/**
 * filler: removes politeness, request wrappers, hedges and wordy phrases (English and Chinese lists in
 * filler-phrases.ts) as whole phrases, then repairs the seam: the comma after a sentence-initial filler,
 * doubled spaces, a space left before punctuation, a sentence that was only "Thank you!", and the
 * capital letter of a sentence whose first words were removed ("Please answer" → "Answer").
 */
import { PLACEHOLDER_SOURCE } from '../masked-text.ts';
import type { Strategy } from '../types.ts';
import { CHINESE_FILLERS, ENGLISH_FILLERS, type FillerEntry } from './filler-phrases.ts';

const RULES: readonly FillerEntry[] = [...ENGLISH_FILLERS, ...CHINESE_FILLERS].sort((a, b) => b.phrase.length - a.phrase.length);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function ruleSource(entry: FillerEntry): string {
  if (entry.pattern !== undefined) return entry.pattern;
  const body = escapeRegExp(entry.phrase).replace(/ /g, '\\s+').replace(/'/g, "['’]");
  const core = /[a-z]/i.test(entry.phrase) ? `(?<![\\p{L}\\p{N}_'’\\-])${body}(?![\\p{L}\\p{N}_'’\\-])` : body;
  // A whole-sentence filler is followed by sentence-final punctuation or the end of the line.
  return entry.context === 'sentence' ? `${core}(?=[.!?。！？]|[ \\t]*$)` : core;
}

/**
 * Rules by the first word (Latin, lowercase) or first character (CJK) of their phrase, longest first.
 * Scanning word starts and CJK characters and trying only the rules that begin there keeps the
 * strategy linear (one alternation of ~200 phrases tried at every position was 20x slower).
 */
const BY_FIRST = new Map<string, { rule: FillerEntry; re: RegExp }[]>();
for (const rule of RULES) {
  const first = /^[a-z]+/i.exec(rule.phrase)?.[0].toLowerCase() ?? rule.phrase.charAt(0);
  BY_FIRST.set(first, [...(BY_FIRST.get(first) ?? []), { rule, re: new RegExp(ruleSource(rule), 'iuym') }]);
}

interface FillerMatch {
  index: number;
  text: string;
  rule: FillerEntry;
}

function* fillerMatches(text: string): Generator<FillerMatch> {
  const CANDIDATE = /\p{Script=Latin}+|\p{Script=Han}/gu;
  for (let candidate = CANDIDATE.exec(text); candidate !== null; candidate = CANDIDATE.exec(text)) {
    const index = candidate.index;
    for (const { rule, re } of BY_FIRST.get(candidate[0].toLowerCase()) ?? []) {
      re.lastIndex = index;
      const match = re.exec(text);
      if (match === null) continue;
      yield { index, text: match[0], rule };
      CANDIDATE.lastIndex = index + match[0].length;
      break;
    }
  }
}

/** The output so far ends at the start of a sentence, line or list item. */
const SENTENCE_START = new RegExp(
  `(?:^|[\\n.!?。！？；;:：]|(?:^|\\n)[ \\t]*(?:[-*+•]|${PLACEHOLDER_SOURCE}[.)]?))[ \\t]*$`,
  'u',
);
/** … or of a clause. */
const CLAUSE_START = /[，,、(（"“「][ \t]*$/;

function capitaliseFirst(text: string): string {
  return /^\p{Ll}/u.test(text) ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

export function removeFillers(text: string): string {
  let out = '';
  let last = 0;
  let capitalise = false;
  const copy = (chunk: string) => {
    if (chunk === '') return;
    out += capitalise ? capitaliseFirst(chunk) : chunk;
    capitalise = false;
  };
  for (const match of fillerMatches(text)) {
    const start = match.index;
    if (start < last) continue;
    const { rule } = match;
    const gap = text.slice(last, start);
    // The last 40 characters of the output so far; a sentinel stops ^ from matching mid-text.
    const tail = (out + gap).slice(-40);
    const sentenceStart = SENTENCE_START.test(out.length + gap.length > 40 ? `\u0001${tail}` : tail);
    if (rule.context !== 'any' && !sentenceStart && !CLAUSE_START.test(tail)) continue;
    copy(gap);
    let end = start + match.text.length;
    const upper = /^\p{Lu}/u.test(match.text);
    if (rule.replacement !== '') {
      copy(upper ? capitaliseFirst(rule.replacement) : rule.replacement);
      last = end;
      continue;
    }
    const rest = text.slice(end, end + 12);
    if (sentenceStart) {
      // "Basically, the …" / "需要注意的是，…" / "Thank you!" — the seam's punctuation goes too.
      const seam = /^[ \t]*(?:[,，、:：][ \t]*|[.!?。！？]+[ \t]*)?/.exec(rest)?.[0] ?? '';
      end += seam.length;
      if (/^(?:\n|$)/.test(text.slice(end, end + 1))) {
        out = out.replace(/[ \t]+$/, '');
        if ((out === '' || out.endsWith('\n')) && text[end] === '\n' && /[.!?。！？]|^[ \t]*$/.test(seam)) end += 1;
      }
      capitalise = upper || capitalise;
    } else if (/[,，][ \t]*$/.test(out) && /^[ \t]*[,，]/.test(rest)) {
      // "is, basically, fixed" → "is fixed"
      out = out.replace(/[,，]([ \t]*)$/, '$1');
      end += /^[ \t]*[,，][ \t]*/.exec(rest)?.[0].length ?? 0;
      if (out.endsWith(' ') && text[end] === ' ') end += 1;
    } else if (/[ \t]$/.test(out) && /^[ \t]/.test(rest)) {
      end += /^[ \t]+/.exec(rest)?.[0].length ?? 0;
    } else if (/^(?:[.,;:!?。，；：！？]|\n|$)/.test(rest)) {
      out = out.replace(/[ \t]+$/, '');
      if (/[,，]$/.test(out) && /^[.!?;。！？；]/.test(rest)) out = out.slice(0, -1);
    }
    last = end;
  }
  copy(text.slice(last));
  return out;
}

export const filler: Strategy = {
  name: 'filler',
  description: 'Remove politeness, request wrappers, hedges and wordy phrases (English and Chinese), repairing spacing, punctuation and capitals',
  lossless: false,
  budgeted: false,
  apply: (masked) => removeFillers(masked),
};
