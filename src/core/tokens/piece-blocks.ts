/**
 * Blocks of pre-tokenized pieces, the storage of IncrementalCounter. A block holds a run of whole
 * pieces and their text; positions inside a block are relative to its start, so an edit elsewhere
 * only shifts the blocks' start offsets, never the pieces.
 */

/** Pieces covering one stretch of text, in order; every position is relative to the stretch's start. */
export interface PieceRun {
  readonly starts: number[];
  /** Tokens in each piece. */
  readonly counts: number[];
  /** One past the furthest index each piece's scan depended on (may lie past the stretch's end). */
  readonly reaches: number[];
}

export interface PieceBlock extends PieceRun {
  /** The text of the block's pieces, concatenated. */
  readonly text: string;
  /** Sum of the pieces' counts. */
  readonly tokens: number;
  /** The largest reach of any piece in the block. */
  readonly maxReach: number;
}

export interface BlockLimits {
  /** A block holds at most this many pieces… */
  readonly maxPieces: number;
  /** …and at most this many characters, unless it is a single piece. */
  readonly maxChars: number;
  /** An edit that leaves fewer pieces than this in its blocks merges them with a neighbour. */
  readonly minPieces: number;
}

export function blockLimits(maxPieces: number): BlockLimits {
  const max = Math.max(1, Math.floor(maxPieces));
  return { maxPieces: max, maxChars: max * 32, minPieces: Math.max(1, max >> 2) };
}

export function emptyRun(): PieceRun {
  return { starts: [], counts: [], reaches: [] };
}

/** Appends `block`'s pieces to `run`, shifting their positions by `shift`. */
export function appendBlock(run: PieceRun, block: PieceRun, shift: number): void {
  const { starts, counts, reaches } = block;
  for (let k = 0; k < starts.length; k++) {
    run.starts.push(starts[k]! + shift);
    run.counts.push(counts[k]!);
    run.reaches.push(reaches[k]! + shift);
  }
}

/**
 * Cuts `text` and its pieces (which start at 0 and cover the whole text) into blocks of even size:
 * as few blocks as `limits.maxPieces` allows, each also kept under `limits.maxChars`.
 */
export function cutIntoBlocks(text: string, run: PieceRun, limits: BlockLimits): PieceBlock[] {
  const { starts, counts, reaches } = run;
  const m = starts.length;
  const blocks: PieceBlock[] = [];
  if (m === 0) return blocks;
  const perBlock = Math.ceil(m / Math.ceil(m / limits.maxPieces));
  const endOf = (k: number) => (k + 1 < m ? starts[k + 1]! : text.length);
  let i = 0;
  while (i < m) {
    const base = starts[i]!;
    let j = i + 1;
    while (j < m && j - i < perBlock && endOf(j) - base <= limits.maxChars) j++;
    const block: PieceRun = emptyRun();
    let tokens = 0;
    let maxReach = 0;
    for (let k = i; k < j; k++) {
      const reach = reaches[k]! - base;
      block.starts.push(starts[k]! - base);
      block.counts.push(counts[k]!);
      block.reaches.push(reach);
      tokens += counts[k]!;
      if (reach > maxReach) maxReach = reach;
    }
    blocks.push({ ...block, text: text.slice(base, endOf(j - 1)), tokens, maxReach });
    i = j;
  }
  return blocks;
}

/** Index of the last block starting at or before `position` (-1 when there is none). */
export function blockAt(offsets: readonly number[], position: number): number {
  let lo = 0;
  let hi = offsets.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (offsets[mid]! <= position) lo = mid + 1;
    else hi = mid - 1;
  }
  return hi;
}

/** `array.splice(start, deleteCount, ...items)` without passing a long list as arguments. */
export function spliceIn<T>(array: T[], start: number, deleteCount: number, items: readonly T[]): T[] {
  if (items.length <= 1024) {
    array.splice(start, deleteCount, ...items);
    return array;
  }
  return array.slice(0, start).concat(items, array.slice(start + deleteCount));
}
