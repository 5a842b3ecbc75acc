/**
 * Keeps credentials out of error messages. Provider error bodies sometimes echo the key that was sent
 * ("Incorrect API key provided: sk-proj-****abcd"), and connection errors can carry URLs with user
 * info, so every message an adapter produces goes through `redactSecrets` before it leaves core.
 */

/** What a redacted credential is replaced with. */
export const REDACTED = '[redacted]';

/** A run of characters that could be (part of) a key: letters, digits and the usual key punctuation. */
const TOKEN = /[A-Za-z0-9_\-.*+/=:]{8,}/g;
/** OpenAI (`sk-`, `sk-proj-`) and Anthropic (`sk-ant-`) key shapes, whichever key the adapter holds. */
const SK_KEY = /\bsk-[A-Za-z0-9_\-*]{6,}/g;
/** An Authorization header value. */
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9_\-.~+/=*]{6,}/gi;
/** `x-api-key: …`, `api_key=…`, `"authorization": "…"`. */
const LABELLED = /\b(x-api-key|api[-_]?key|authorization)(["']?\s*[:=]\s*["']?)[^\s"',}]{6,}/gi;
/** User info in a URL (`https://user:password@host`). */
const URL_USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi;
/** Length of the shared run of characters that marks a token as a piece of the key (a masked echo). */
const WINDOW = 8;

/**
 * Removes from `text` every occurrence of each secret (one shorter than 8 characters only where it stands
 * alone), every token that shares a run of 8 characters
 * with a secret (a masked or truncated echo such as `sk-costl****cdef`), anything shaped like an API
 * key or bearer credential, and user info in URLs.
 */
export function redactSecrets(text: string, secrets: readonly (string | null | undefined)[] = []): string {
  const keys = secrets.filter((secret): secret is string => typeof secret === 'string' && secret.length > 0);
  let result = text;
  for (const key of keys) {
    if (key.length >= WINDOW) result = result.split(key).join(REDACTED);
    // A short secret is replaced only where it stands alone, so it cannot mangle ordinary words.
    else result = result.replace(new RegExp(`(?<![\\w-])${escapeRegExp(key)}(?![\\w-])`, 'g'), REDACTED);
  }
  const windows = new Set<string>();
  for (const key of keys) {
    for (let i = 0; i + WINDOW <= key.length; i += 1) windows.add(key.slice(i, i + WINDOW));
  }
  if (windows.size > 0) {
    result = result.replace(TOKEN, (token) => (sharesWindow(token, windows) ? REDACTED : token));
  }
  result = result
    .replace(SK_KEY, REDACTED)
    .replace(BEARER, `$1 ${REDACTED}`)
    .replace(LABELLED, `$1$2${REDACTED}`);
  return result.replace(URL_USERINFO, `$1${REDACTED}@`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function sharesWindow(token: string, windows: ReadonlySet<string>): boolean {
  if (token === REDACTED) return false;
  for (let i = 0; i + WINDOW <= token.length; i += 1) {
    if (windows.has(token.slice(i, i + WINDOW))) return true;
  }
  return false;
}
