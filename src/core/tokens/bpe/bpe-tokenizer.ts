/**
 * An exact byte-level BPE token counter: a linear pre-tokenizer, a cache of piece counts, and
 * byte-pair merging for pieces not seen before.
 */
import type { ExactTokenizerId } from '../../types.ts';
import type { TokenCounter } from '../counter.ts';
import { countByteMerges, type PairRank } from './byte-pair-count.ts';
import type { PieceScanner } from './scanners.ts';
import { utf8ByteString } from './utf8.ts';
import type { Ranks } from './vocabulary.ts';

export interface BpeSpec {
  id: ExactTokenizerId;
  scanner: PieceScanner;
  pairRank: PairRank;
  vocabulary: Ranks;
  /** A piece that is itself a token counts 1 without merging (tiktoken; HF's `ignore_merges`). */
  wholePieceIsToken: boolean;
  /** Apply Unicode NFC before splitting (Qwen's normalizer). */
  nfc: boolean;
  /** Special tokens: text → id. */
  specials: ReadonlyMap<string, number>;
}

export interface CountOptions {
  /** Count special-token strings in the text as one token each (instead of as plain text). */
  parseSpecials?: boolean;
  addBos?: boolean;
  addEos?: boolean;
}

const CACHE_LIMIT = 250_000;
const CACHEABLE_LENGTH = 256;

export class BpeTokenizer implements TokenCounter {
  readonly id: ExactTokenizerId;
  readonly exact = true;
  private readonly cache = new Map<string, number>();
  private specialPattern: RegExp | null = null;

  constructor(private readonly spec: BpeSpec) {
    this.id = spec.id;
  }

  get scanner(): PieceScanner {
    return this.spec.scanner;
  }

  /** Applies the tokenizer's normalizer (NFC for Qwen), or returns the text as it is. */
  normalize(text: string): string {
    return this.spec.nfc ? text.normalize('NFC') : text;
  }

  count(text: string): number {
    return this.countNormalized(this.normalize(text));
  }

  /** Counts text that is already normalized. */
  countNormalized(text: string): number {
    const scan = this.spec.scanner;
    const n = text.length;
    let total = 0;
    let i = 0;
    while (i < n) {
      const e = scan(text, i);
      total += this.countPiece(text.slice(i, e));
      i = e;
    }
    return total;
  }

  countWith(text: string, options: CountOptions): number {
    let total = (options.addBos ? 1 : 0) + (options.addEos ? 1 : 0);
    if (!options.parseSpecials || this.spec.specials.size === 0) return total + this.count(text);
    const pattern = this.specials();
    let last = 0;
    for (const match of text.matchAll(pattern)) {
      total += this.count(text.slice(last, match.index)) + 1;
      last = match.index + match[0].length;
    }
    return total + this.count(text.slice(last));
  }

  /** Tokens in one pre-tokenized piece. */
  countPiece(piece: string): number {
    const cached = this.cache.get(piece);
    if (cached !== undefined) return cached;
    const bytes = utf8ByteString(piece);
    const tokens =
      this.spec.wholePieceIsToken && this.spec.vocabulary.has(bytes) ? 1 : countByteMerges(bytes, this.spec.pairRank);
    if (piece.length <= CACHEABLE_LENGTH) {
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(piece, tokens);
    }
    return tokens;
  }

  private specials(): RegExp {
    if (!this.specialPattern) {
      const names = [...this.spec.specials.keys()].sort((a, b) => b.length - a.length);
      this.specialPattern = new RegExp(names.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
    }
    return this.specialPattern;
  }
}
