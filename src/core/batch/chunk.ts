/**
 * Splitting a provider's requests into batches under its limits (types.ts BATCH_LIMITS): at most
 * `maxRequests` per batch and at most `maxBytes` of upload — the JSONL file for OpenAI, the create body for
 * Anthropic — kept 1% below the limit, as slack for the multipart or JSON framing around it. Order is kept; a
 * single request that alone passes the byte limit cannot be batched and is returned apart.
 */
import type { BatchItem, BatchLimits } from './types.ts';

export interface Chunks {
  chunks: BatchItem[][];
  /** Requests larger than a whole batch may be. */
  tooLarge: BatchItem[];
}

export function chunkItems(items: readonly BatchItem[], limits: BatchLimits, sizeOf: (item: BatchItem) => number, overheadBytes = 0): Chunks {
  const budget = Math.floor(limits.maxBytes * 0.99) - overheadBytes;
  const maxRequests = Math.max(1, limits.maxRequests);
  const chunks: BatchItem[][] = [];
  const tooLarge: BatchItem[] = [];
  let current: BatchItem[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = sizeOf(item);
    if (size > budget) {
      tooLarge.push(item);
      continue;
    }
    if (current.length >= maxRequests || bytes + size > budget) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return { chunks, tooLarge };
}
