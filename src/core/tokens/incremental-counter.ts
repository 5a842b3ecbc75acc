/**
 * Token counts for live editing: after an edit, only the pieces the edit can affect are re-counted.
 *
 * Pieces are kept in a gap buffer around the last edit. Pieces before the gap store absolute offsets;
 * pieces after it store offsets measured back from the end of the text, so an edit never has to shift
 * them. A piece is re-scanned when the scanner examined any character the edit changed (its recorded
 * reach), and re-scanning stops as soon as a new piece boundary lands on an old one past the edit —
 * from there on the text, and so every piece, is the same as before. The result always equals a full
 * recount (a property test checks that over random edits).
 */
import type { BpeTokenizer } from './bpe/bpe-tokenizer.ts';
import { scanReach } from './bpe/scanners.ts';

export class IncrementalCounter {
  private text = '';
  private total = 0;
  // Before the gap: absolute start and reach (one past the furthest character the scanner examined).
  private readonly beforeStart: number[] = [];
  private readonly beforeCount: number[] = [];
  private readonly beforeReach: number[] = [];
  // After the gap, nearest piece last: start and reach as distances back from the end of the text.
  private readonly afterStart: number[] = [];
  private readonly afterCount: number[] = [];
  private readonly afterReach: number[] = [];

  constructor(
    private readonly tokenizer: BpeTokenizer,
    text = '',
  ) {
    this.replace(0, 0, text);
  }

  get tokens(): number {
    return this.total;
  }

  get value(): string {
    return this.text;
  }

  /** Replaces the whole text, re-counting only what differs from the current one. */
  setText(next: string): number {
    const old = this.text;
    let prefix = 0;
    const max = Math.min(old.length, next.length);
    while (prefix < max && old.charCodeAt(prefix) === next.charCodeAt(prefix)) prefix++;
    let suffix = 0;
    while (suffix < max - prefix && old.charCodeAt(old.length - 1 - suffix) === next.charCodeAt(next.length - 1 - suffix)) suffix++;
    return this.replace(prefix, old.length - suffix, next.slice(prefix, next.length - suffix));
  }

  /** Replaces text[from, to) with `insert`; returns the new token count. */
  replace(from: number, to: number, insert: string): number {
    const old = this.text;
    const next = old.slice(0, from) + insert + old.slice(to);
    if (this.tokenizer.normalize(next) !== next) return this.recountAll(this.tokenizer.normalize(next));
    const oldLength = old.length;
    const newLength = next.length;
    const delta = newLength - oldLength;
    this.moveGap(from, oldLength);
    // Re-scan every piece that examined a changed character.
    let p = from;
    while (this.beforeStart.length > 0 && this.beforeReach[this.beforeReach.length - 1]! > from) {
      this.total -= this.beforeCount.pop()!;
      this.beforeReach.pop();
      p = this.beforeStart.pop()!;
    }
    if (this.beforeStart.length === 0) p = 0;
    const editEnd = from + insert.length;
    const scan = this.tokenizer.scanner;
    let synced = false;
    while (p < newLength) {
      if (p >= editEnd) {
        const oldPosition = p - delta;
        while (this.afterStart.length > 0 && oldLength - this.afterStart[this.afterStart.length - 1]! < oldPosition) {
          this.dropAfter();
        }
        if (this.afterStart.length > 0 && oldLength - this.afterStart[this.afterStart.length - 1]! === oldPosition) {
          synced = true;
          break;
        }
      }
      const e = scan(next, p);
      const count = this.tokenizer.countPiece(next.slice(p, e));
      this.beforeStart.push(p);
      this.beforeCount.push(count);
      this.beforeReach.push(scanReach.far);
      this.total += count;
      p = e;
    }
    if (!synced) while (this.afterStart.length > 0) this.dropAfter();
    this.text = next;
    return this.total;
  }

  private dropAfter(): void {
    this.total -= this.afterCount.pop()!;
    this.afterStart.pop();
    this.afterReach.pop();
  }

  /** Moves the gap so pieces starting at or before `at` are before it and the rest after it. */
  private moveGap(at: number, length: number): void {
    while (this.beforeStart.length > 0 && this.beforeStart[this.beforeStart.length - 1]! > at) {
      this.afterStart.push(length - this.beforeStart.pop()!);
      this.afterCount.push(this.beforeCount.pop()!);
      this.afterReach.push(length - this.beforeReach.pop()!);
    }
    while (this.afterStart.length > 0 && length - this.afterStart[this.afterStart.length - 1]! <= at) {
      this.beforeStart.push(length - this.afterStart.pop()!);
      this.beforeCount.push(this.afterCount.pop()!);
      this.beforeReach.push(length - this.afterReach.pop()!);
    }
  }

  private recountAll(text: string): number {
    for (const list of [this.beforeStart, this.beforeCount, this.beforeReach, this.afterStart, this.afterCount, this.afterReach]) {
      list.length = 0;
    }
    this.text = '';
    this.total = 0;
    return this.replace(0, 0, text);
  }
}
