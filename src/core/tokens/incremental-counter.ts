/**
 * Token counts for live editing: after an edit, only the pieces the edit can affect are re-counted, and
 * the cost of an edit does not grow with where it lands or how long the text is (beyond a pass over
 * the list of blocks).
 *
 * The text is kept as an array of blocks (piece-blocks.ts), each a few hundred whole pre-tokenized
 * pieces with their own text; piece positions are relative to their block, so an edit shifts only the
 * start offsets of the blocks after it. Each piece records its reach: one past the furthest character
 * its scan depended on. An edit re-scans from the first piece whose reach passes the edit, over a small
 * window string (the affected blocks' text with the edit applied), and stops as soon as a new piece
 * boundary lands on an old one past the edit — from there on the text, and so every piece, is the same
 * as before. A piece is only taken from the window when everything its scan looked at lies inside the
 * window (or the window ends where the text does); otherwise the window grows by the next block. The
 * re-scanned blocks are then cut into blocks again (merged with a neighbour when they have become
 * small). The result always equals a full recount (property tests check that over random edits).
 *
 * Tokenizers that normalize (Qwen's NFC) keep the text in NFC: an edit that would change the
 * normalization is widened to the nearest safe boundaries around it and only that window is normalized
 * (nfc-window.ts), so a normalizing edit costs no more than a plain one on mostly-ASCII or CJK text.
 */
import type { BpeTokenizer } from './bpe/bpe-tokenizer.ts';
import { scanReach } from './bpe/scanners.ts';
import { normalizedEdit, type TextSource } from './nfc-window.ts';
import {
  appendBlock,
  blockAt,
  blockLimits,
  cutIntoBlocks,
  emptyRun,
  spliceIn,
  type BlockLimits,
  type PieceBlock,
  type PieceRun,
} from './piece-blocks.ts';

/** Pieces per block: small enough that copying a block is cheap, large enough to keep few blocks. */
const DEFAULT_BLOCK_PIECES = 256;

export class IncrementalCounter {
  private blocks: PieceBlock[] = [];
  /** Start of each block in the text. */
  private offsets: number[] = [];
  private length = 0;
  private total = 0;
  private joined: string | undefined = '';
  private readonly limits: BlockLimits;
  private readonly normalizes: boolean;

  /** `blockPieces` sets how many pieces a block holds at most (tests use tiny blocks). */
  constructor(
    private readonly tokenizer: BpeTokenizer,
    text = '',
    blockPieces = DEFAULT_BLOCK_PIECES,
  ) {
    this.limits = blockLimits(blockPieces);
    this.normalizes = tokenizer.normalize('e\u0301') !== 'e\u0301'; // NFC composes it
    this.replace(0, 0, text);
  }

  get tokens(): number {
    return this.total;
  }

  /** The text (joined from the blocks on demand, so O(length) after an edit). */
  get value(): string {
    if (this.joined === undefined) this.joined = this.blocks.map((b) => b.text).join('');
    return this.joined;
  }

  /** How many blocks the text is stored in. */
  get blockCount(): number {
    return this.blocks.length;
  }

  /** Replaces the whole text, re-counting only what differs from the current one. */
  setText(next: string): number {
    const old = this.value;
    let prefix = 0;
    const max = Math.min(old.length, next.length);
    while (prefix < max && old.charCodeAt(prefix) === next.charCodeAt(prefix)) prefix++;
    let suffix = 0;
    while (suffix < max - prefix && old.charCodeAt(old.length - 1 - suffix) === next.charCodeAt(next.length - 1 - suffix)) suffix++;
    return this.replace(prefix, old.length - suffix, next.slice(prefix, next.length - suffix));
  }

  /** Replaces text[from, to) with `insert`; returns the new token count. */
  replace(from: number, to: number, insert: string): number {
    from = Math.min(Math.max(0, from), this.length);
    to = Math.min(Math.max(from, to), this.length);
    let edit = { from, to, insert };
    if (this.normalizes) {
      const source: TextSource = { length: this.length, charCodeAt: (i) => this.charCodeAt(i), slice: (a, b) => this.slice(a, b) };
      edit = normalizedEdit(source, edit, (s) => this.tokenizer.normalize(s));
    }
    if (edit.from === edit.to && edit.insert === '') return this.total;
    this.joined = undefined;
    this.apply(edit.from, edit.to, edit.insert);
    return this.total;
  }

  private apply(from: number, to: number, insert: string): void {
    const { blocks, offsets } = this;
    const last = blocks.length - 1;
    const delta = insert.length - (to - from);
    // The first block, and the first piece in it, whose reach passes `from` (the last block always does).
    let sb = 0;
    while (sb < last && offsets[sb]! + blocks[sb]!.maxReach <= from) sb++;
    let ws = last < 0 ? 0 : offsets[sb]!;
    let pi = 0;
    if (last >= 0) while (blocks[sb]!.reaches[pi]! <= from - ws) pi++;
    // The window: blocks sb..eb (eb holds the character before `to`) with the edit applied.
    let eb = last < 0 ? -1 : Math.max(sb, blockAt(offsets, to - 1));
    let window = this.joinBlocks(sb, eb);
    window = window.slice(0, from - ws) + insert + window.slice(to - ws);
    const editEnd = from + insert.length - ws;

    const run = emptyRun();
    if (last >= 0) for (let k = 0; k < pi; k++) this.keep(run, blocks[sb]!, k, 0);
    let p = last >= 0 ? blocks[sb]!.starts[pi]! : 0;
    // The old pieces from the first re-scanned one on, positions relative to the window's start (old text).
    let cb = sb;
    let ci = pi;
    let cbase = 0;
    let synced = false;
    const scan = this.tokenizer.scanner;
    for (;;) {
      if (p >= editEnd) {
        // Past the edit: is p where an old piece starts (shifted by the edit)?
        while (cb <= eb) {
          const block = blocks[cb]!;
          if (ci === block.starts.length) {
            cb++;
            ci = 0;
            cbase = cb <= last ? offsets[cb]! - ws : 0;
          } else if (cbase + block.starts[ci]! + delta < p) ci++;
          else break;
        }
        if (cb <= eb && cbase + blocks[cb]!.starts[ci]! + delta === p) {
          synced = true;
          break;
        }
      }
      if (p === window.length) {
        if (eb === last) break;
        window += blocks[++eb]!.text;
        continue;
      }
      const e = scan(window, p);
      // +1: a scan that stops at a high surrogate also looked at the character after it.
      const reach = scanReach.far + 1;
      if (reach > window.length && eb < last) {
        window += blocks[++eb]!.text;
        continue;
      }
      run.starts.push(p);
      run.counts.push(this.tokenizer.countPiece(window.slice(p, e)));
      run.reaches.push(reach);
      p = e;
    }
    if (synced) {
      for (; cb <= eb; cb++, ci = 0) {
        const block = blocks[cb]!;
        const shift = offsets[cb]! - ws + delta;
        for (; ci < block.starts.length; ci++) this.keep(run, block, ci, shift);
      }
    }
    // Merge with a neighbour when the window holds few pieces.
    let region = run;
    if (run.starts.length < this.limits.minPieces && eb < last) {
      const next = blocks[++eb]!;
      appendBlock(run, next, window.length);
      window += next.text;
    } else if (run.starts.length < this.limits.minPieces && sb > 0) {
      const previous = blocks[--sb]!;
      region = emptyRun();
      appendBlock(region, previous, 0);
      appendBlock(region, run, previous.text.length);
      window = previous.text + window;
      ws = offsets[sb]!;
    }
    this.replaceBlocks(sb, eb, ws, delta, cutIntoBlocks(window, region, this.limits));
  }

  /** Puts `fresh` (starting at `start`) in place of blocks sb..eb and shifts the blocks after them. */
  private replaceBlocks(sb: number, eb: number, start: number, delta: number, fresh: PieceBlock[]): void {
    const freshOffsets: number[] = [];
    let at = start;
    for (const block of fresh) {
      freshOffsets.push(at);
      at += block.text.length;
      this.total += block.tokens;
    }
    for (let b = sb; b <= eb; b++) this.total -= this.blocks[b]!.tokens;
    this.blocks = spliceIn(this.blocks, sb, eb - sb + 1, fresh);
    const offsets = spliceIn(this.offsets, sb, eb - sb + 1, freshOffsets);
    for (let b = sb + fresh.length; b < offsets.length; b++) offsets[b]! += delta;
    this.offsets = offsets;
    this.length += delta;
  }

  private keep(run: PieceRun, block: PieceBlock, k: number, shift: number): void {
    run.starts.push(block.starts[k]! + shift);
    run.counts.push(block.counts[k]!);
    run.reaches.push(block.reaches[k]! + shift);
  }

  private joinBlocks(first: number, last: number): string {
    if (first === last) return this.blocks[first]!.text;
    let text = '';
    for (let b = first; b <= last; b++) text += this.blocks[b]!.text;
    return text;
  }

  private charCodeAt(i: number): number {
    const b = blockAt(this.offsets, i);
    return b < 0 ? NaN : this.blocks[b]!.text.charCodeAt(i - this.offsets[b]!);
  }

  private slice(start: number, end: number): string {
    let text = '';
    for (let b = Math.max(0, blockAt(this.offsets, start)); b < this.blocks.length && this.offsets[b]! < end; b++) {
      const at = this.offsets[b]!;
      text += this.blocks[b]!.text.slice(Math.max(0, start - at), end - at);
    }
    return text;
  }
}
