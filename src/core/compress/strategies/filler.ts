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

/**
 * The output of removeFillers, built in chunks. Every edit and test looks only at its end (the last 40
 * characters, or the trailing run of spaces and tabs and the character before it), so the recent text
 * is kept in a short `tail` and older text is committed to `parts`: edits then cost the size of the tail,
 * not of the whole output (one flat string edited at its end on every match was quadratic).
 * Invariant after settle(): when anything is committed, the tail holds at least 41 characters and one
 * that is not a space or tab, so a trailing run and the character before it lie inside the tail.
 */
class Output {
  private readonly parts: string[] = [];
  private committed = 0;
  tail = '';

  get length(): number {
    return this.committed + this.tail.length;
  }

  append(chunk: string): void {
    this.tail += chunk;
    if (this.tail.length > 4096) {
      const keep = 512;
      if (/[^ \t]/.test(this.tail.slice(-keep))) {
        const head = this.tail.slice(0, -keep);
        this.parts.push(head);
        this.committed += head.length;
        this.tail = this.tail.slice(-keep);
      }
    }
  }

  /** Pulls committed text back into the tail until the invariant holds; returns the tail. */
  settle(): string {
    while (this.parts.length > 0 && (this.tail.length <= 40 || !/[^ \t]/.test(this.tail))) {
      const head = this.parts.pop() as string;
      this.committed -= head.length;
      this.tail = head + this.tail;
    }
    return this.tail;
  }

  /** Replaces the end of the output: `edit` gets the settled tail and returns it changed at its end. */
  edit(edit: (tail: string) => string): void {
    this.tail = edit(this.settle());
  }

  toString(): string {
    return this.parts.join('') + this.tail;
  }
}

export function removeFillers(text: string): string {
  const out = new Output();
  let last = 0;
  let capitalise = false;
  const copy = (chunk: string) => {
    if (chunk === '') return;
    out.append(capitalise ? capitaliseFirst(chunk) : chunk);
    capitalise = false;
  };
  for (const match of fillerMatches(text)) {
    const start = match.index;
    if (start < last) continue;
    const { rule } = match;
    const gap = text.slice(last, start);
    // The last 40 characters of the output so far; a sentinel stops ^ from matching mid-text.
    const tail = (gap.length >= 40 ? gap : out.settle().slice(-40) + gap).slice(-40);
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
        out.edit((t) => t.replace(/[ \t]+$/, ''));
        if ((out.length === 0 || out.settle().endsWith('\n')) && text[end] === '\n' && /[.!?。！？]|^[ \t]*$/.test(seam)) end += 1;
      }
      capitalise = upper || capitalise;
    } else if (/[,，][ \t]*$/.test(out.settle()) && /^[ \t]*[,，]/.test(rest)) {
      // "is, basically, fixed" → "is fixed"
      out.edit((t) => t.replace(/[,，]([ \t]*)$/, '$1'));
      end += /^[ \t]*[,，][ \t]*/.exec(rest)?.[0].length ?? 0;
      if (out.settle().endsWith(' ') && text[end] === ' ') end += 1;
    } else if (/[ \t]$/.test(out.settle()) && /^[ \t]/.test(rest)) {
      end += /^[ \t]+/.exec(rest)?.[0].length ?? 0;
    } else if (/^(?:[.,;:!?。，；：！？]|\n|$)/.test(rest)) {
      out.edit((t) => t.replace(/[ \t]+$/, ''));
      if (/[,，]$/.test(out.settle()) && /^[.!?;。！？；]/.test(rest)) out.edit((t) => t.slice(0, -1));
    }
    last = end;
  }
  copy(text.slice(last));
  return out.toString();
}

export const filler: Strategy = {
  name: 'filler',
  description: 'Remove politeness, request wrappers, hedges and wordy phrases (English and Chinese), repairing spacing, punctuation and capitals',
  lossless: false,
  budgeted: false,
  apply: (masked) => removeFillers(masked),
};
