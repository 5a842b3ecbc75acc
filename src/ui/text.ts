/** Small text helpers for fixed-width terminal layouts (display width counts CJK and emoji as 2). */

/** Display width of a string in terminal columns. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += charWidth(ch.codePointAt(0)!);
  return width;
}

export function charWidth(code: number): number {
  if (code < 32 || (code >= 0x7f && code < 0xa0)) return 0;
  if (code >= 0x300 && code <= 0x36f) return 0; // combining marks
  if (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

/** Cuts `text` to at most `width` columns, ending with … when cut. */
export function fit(text: string, width: number): string {
  if (width <= 0) return '';
  if (displayWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const ch of text) {
    const w = charWidth(ch.codePointAt(0)!);
    if (used + w > width - 1) break;
    out += ch;
    used += w;
  }
  return `${out}…`;
}

/** Pads (or cuts) `text` to exactly `width` columns. */
export function padTo(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const cut = fit(text, width);
  const pad = ' '.repeat(Math.max(0, width - displayWidth(cut)));
  return align === 'left' ? cut + pad : pad + cut;
}

/** `n` with thousands separators. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** A bar of `width` cells filled to `share` (0–1; over 1 shows full with a mark). */
export function bar(share: number, width: number, color: boolean): string {
  const clamped = Math.max(0, Math.min(1, share));
  const filled = Math.round(clamped * width);
  const full = color ? '█' : '#';
  const empty = color ? '░' : '.';
  return full.repeat(filled) + empty.repeat(width - filled);
}
