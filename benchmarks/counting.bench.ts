/**
 * Counting throughput: tokens per second on the ≥ 4 MB mixed corpus (English, Chinese, code), for
 * o200k_base and cl100k_base, ours against gpt-tokenizer, tiktoken (WASM) and js-tiktoken, all in
 * this process. Reports a cold pass (the first call after load) and the best of 3 warm passes, checks
 * that every implementation gives the same count, and the load time of each of our exact tokenizers.
 * Target: ours ÷ fastest peer ≥ 1.0× (warm).
 */
import { mixedCorpus } from './corpus.ts';
import {
  bestOf,
  finish,
  fmt,
  fmtBytes,
  fmtMs,
  fmtRate,
  fmtRatio,
  hasShared,
  heading,
  machine,
  mismatch,
  printTable,
  target,
  time,
  timeAsync,
} from './harness.ts';
import type { ExactTokenizerId } from '../src/core/types.ts';
import { loadBpeTokenizer } from '../src/core/tokens/bpe/encodings.ts';
import { installPlatform } from '../src/platform/node.ts';

type Encoding = 'o200k_base' | 'cl100k_base';

const WARM_RUNS = 3;
const SLICE_BYTES = 512_000;

interface Measured {
  name: string;
  input: string;
  tokens: number;
  loadMs: number;
  coldMs: number;
  warmMs: number;
  error?: string;
}

/** The longest prefix of `text` whose UTF-8 encoding fits in `bytes` (never splits a character). */
function utf8Prefix(text: string, bytes: number): string {
  let size = 0;
  let i = 0;
  while (i < text.length) {
    const code = text.codePointAt(i)!;
    const width = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    if (size + width > bytes) break;
    size += width;
    i += code >= 0x10000 ? 2 : 1;
  }
  return text.slice(0, i);
}

/** Cold (first call) and best-of-3 warm timings of one counting function. */
function measure(name: string, input: string, loadMs: number, text: string, count: (t: string) => number): Measured {
  try {
    const cold = time(() => count(text));
    const warm = bestOf(WARM_RUNS, () => count(text));
    if (warm.value !== cold.value) throw new Error(`cold count ${cold.value} differs from warm count ${warm.value}`);
    return { name, input, tokens: cold.value, loadMs, coldMs: cold.ms, warmMs: warm.ms };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { name, input, tokens: Number.NaN, loadMs, coldMs: Number.NaN, warmMs: Number.NaN, error: message };
  }
}

/** The longest gap between runs of a 1 ms timer until stop(). */
function watchStalls(): { stop(): number } {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 1);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(worst, performance.now() - last);
    },
  };
}

async function gptTokenizer(encoding: Encoding): Promise<{ loadMs: number; count: (t: string) => number }> {
  const { ms, value } = await timeAsync(() =>
    encoding === 'o200k_base' ? import('gpt-tokenizer/encoding/o200k_base') : import('gpt-tokenizer/encoding/cl100k_base'),
  );
  return { loadMs: ms, count: (t) => value.countTokens(t) };
}

async function jsTiktoken(encoding: Encoding) {
  const { ms, value } = await timeAsync(async () => {
    const { Tiktoken } = await import('js-tiktoken/lite');
    const ranks =
      encoding === 'o200k_base' ? await import('js-tiktoken/ranks/o200k_base') : await import('js-tiktoken/ranks/cl100k_base');
    return new Tiktoken(ranks.default);
  });
  return { loadMs: ms, count: (t: string) => value.encode(t).length };
}

if (!hasShared()) {
  console.log('SKIP counting: ../shared is not beside the repository, and the mixed corpus needs its English and Chinese text.');
  finish();
} else {
  console.log(`counting — ${machine()}`);
  const corpus = mixedCorpus();
  const text = corpus.text;
  const slice = utf8Prefix(text, SLICE_BYTES);
  const parts = Object.entries(corpus.parts)
    .map(([k, v]) => `${k} ${fmtBytes(v)}`)
    .join(', ');
  console.log(
    `corpus: ${fmtBytes(Buffer.byteLength(text))} UTF-8, ${fmt(text.length)} UTF-16 units (${parts}); ` +
      `js-tiktoken slice: first ${fmtBytes(Buffer.byteLength(slice))}`,
  );

  // Load time of each of our exact tokenizers, each the first load in this process.
  heading('Load time of our exact tokenizers (first load in the process: import + parse vocabulary)');
  installPlatform(); // as the CLI and the TUI load them: files read directly, the event loop let in between slices
  const loadIds: ExactTokenizerId[] = ['o200k_base', 'cl100k_base', 'llama3', 'qwen2'];
  const loadMs = new Map<ExactTokenizerId, number>();
  const loadRows: string[][] = [];
  for (const id of loadIds) {
    const stalls = watchStalls();
    const { ms } = await timeAsync(() => loadBpeTokenizer(id));
    loadMs.set(id, ms);
    loadRows.push([id, fmtMs(ms), fmtMs(stalls.stop())]);
  }
  printTable([' tokenizer', 'load', 'longest stall'], loadRows);
  console.log('Longest stall: the longest the event loop went without running a 1 ms timer during the load — how long a key typed in the TUI meanwhile could wait.');

  for (const encoding of ['o200k_base', 'cl100k_base'] as const) {
    heading(`${encoding}: throughput on the corpus (cold = first call after load; warm = best of ${WARM_RUNS})`);
    const ours = await loadBpeTokenizer(encoding);
    const rows: Measured[] = [];
    rows.push(measure('ours', 'corpus', loadMs.get(encoding)!, text, (t) => ours.count(t)));

    const gpt = await gptTokenizer(encoding);
    rows.push(measure('gpt-tokenizer', 'corpus', gpt.loadMs, text, gpt.count));

    const tiktoken = await timeAsync(async () => (await import('tiktoken')).get_encoding(encoding));
    rows.push(measure('tiktoken (WASM)', 'corpus', tiktoken.ms, text, (t) => tiktoken.value.encode(t).length));
    tiktoken.value.free();

    const js = await jsTiktoken(encoding);
    rows.push(measure('js-tiktoken', '512 KB slice', js.loadMs, slice, js.count));

    // Agreement: every implementation against ours on the same input.
    const oursSlice = ours.count(slice);
    const oursTokens = rows[0]!.tokens;
    let agree = true;
    for (const r of rows.slice(1)) {
      const expected = r.input === 'corpus' ? oursTokens : oursSlice;
      if (r.error) {
        agree = false;
        mismatch(`${encoding}: ${r.name} failed: ${r.error}`);
      } else if (r.tokens !== expected) {
        agree = false;
        mismatch(`${encoding}: ${r.name} counts ${fmt(r.tokens)} tokens on the ${r.input}, ours ${fmt(expected)}`);
      }
    }

    const oursRow = rows[0]!;
    const rate = (tokens: number, ms: number) => tokens / ms;
    const oursWarm = rate(oursRow.tokens, oursRow.warmMs);
    const oursCold = rate(oursRow.tokens, oursRow.coldMs);
    printTable(
      [' implementation', ' input', 'tokens', 'load', 'cold', 'cold rate', 'warm', 'warm rate', 'ours ÷ this (cold)', 'ours ÷ this (warm)'],
      rows.map((r) => [
        r.name,
        r.input,
        r.error ? 'error' : fmt(r.tokens),
        fmtMs(r.loadMs),
        fmtMs(r.coldMs),
        fmtRate(r.tokens, r.coldMs),
        fmtMs(r.warmMs),
        fmtRate(r.tokens, r.warmMs),
        fmtRatio(oursCold / rate(r.tokens, r.coldMs)),
        fmtRatio(oursWarm / rate(r.tokens, r.warmMs)),
      ]),
    );
    console.log(
      `\njs-tiktoken is ~40× slower, so it is timed on the first ${fmtBytes(Buffer.byteLength(slice))} of the corpus ` +
        `(ours counts ${fmt(oursSlice)} tokens there); its rate is compared with ours on the full corpus.` +
        `\nLoad: ours and js-tiktoken share js-tiktoken's rank files, imported by ours first, so js-tiktoken's load ` +
        `excludes that import; tiktoken's ${encoding === 'o200k_base' ? 'includes' : 'excludes (already done)'} the WASM module's instantiation.`,
    );
    if (agree) console.log(`All ${rows.length} implementations agree: ${fmt(oursTokens)} tokens on the corpus, ${fmt(oursSlice)} on the slice.`);

    const peers = rows.slice(1).filter((r) => !r.error);
    const fastest = peers.reduce((a, b) => (rate(b.tokens, b.warmMs) > rate(a.tokens, a.warmMs) ? b : a));
    const ratio = oursWarm / rate(fastest.tokens, fastest.warmMs);
    const fastestCold = peers.reduce((a, b) => (rate(b.tokens, b.coldMs) > rate(a.tokens, a.coldMs) ? b : a));
    console.log(
      `ours ÷ fastest peer: warm ${fmtRatio(ratio)} (${fastest.name}), cold ${fmtRatio(oursCold / rate(fastestCold.tokens, fastestCold.coldMs))} (${fastestCold.name})\n`,
    );
    target(`counting ${encoding} counts agree`, agree, agree ? `${fmt(oursTokens)} tokens, ${rows.length} implementations` : 'see MISMATCH above');
    target(
      `counting ${encoding} ours ÷ fastest peer ≥ 1.0×`,
      ratio >= 1,
      `${fmtRatio(ratio)} (ours ${fmtRate(oursRow.tokens, oursRow.warmMs)}, ${fastest.name} ${fmtRate(fastest.tokens, fastest.warmMs)}, warm)`,
    );
  }
  finish();
}
