/** fast-check generators of prompt-like text, and the protected-span check the property tests share. */
import fc from 'fast-check';
import { findProtectedSpans } from '../../../src/core/compress/protected-spans.ts';
import { isHardSpan, type ProtectedSpan } from '../../../src/core/compress/types.ts';

const WORDS = [
  'the', 'customer', 'order', 'please', 'kindly', 'basically', 'refund', 'answer', 'in', 'English', 'is', 'not', 'never',
  'very', 'just', 'Thank', 'you', 'I', 'would', 'like', 'to', 'summarize', 'it', 'important', 'note', 'that', 'example',
  'Example', 'Q', 'A', 'Input', 'Output', 'snake_case', 'a*b', 'JSON', 'Hi', 'there',
];
const CJK = ['请', '麻烦你', '非常感谢', '希望你能', '需要注意的是', '成本', '优化', '的', '是', '不', '模型', '缓存', '一下', '进行', '回答'];
const SPACES = [' ', '  ', '\t', '\n', '\n\n', '\n\n\n', '\u3000', '\u00a0', ' \n '];
const PUNCT = ['.', ',', '!', '?', ':', ';', '。', '，', '！', '？', '；', '(', ')', '-', '*', '**', '_', '#', '# ', '- ', '* ', '|', '---', '"', "'", '{', '}', '[', ']', '`', '~'];

const inner = fc.constantFrom('a', 'hello world', 'x y', '价格', 'it is', 'don\'t');
const SPAN_KINDS: fc.Arbitrary<string>[] = [
  fc.constantFrom('name', 'user_input', 'x.y').map((v) => `{{${v}}}`),
  fc.constantFrom('{essay}', '${total}', '{% if x %}'),
  fc.tuple(fc.constantFrom('```', '~~~', '````'), fc.constantFrom('', 'js', 'json'), fc.constantFrom('x  =  1', '{ "a": 1 }', 'a\n\n\nb', '   indented'))
    .map(([fence, info, body]) => `\n${fence}${info}\n${body}\n${fence}\n`),
  inner.map((t) => `\`${t}\``),
  fc.constantFrom('$1,234.50', 'CA$20', '£12', '50%', '3.14', '2024-12-31', '14:30', 'v1.2.3', 'gpt-4o-mini', '3–7', '42', '2024年', '3天'),
  fc.constantFrom('https://example.com/a?b=1', 'www.example.org', 'http://x.io/(a)'),
  fc.constantFrom('me@example.com', 'first.last+tag@mail.co'),
  inner.map((t) => `"${t}"`),
  inner.map((t) => `'${t}'`),
  inner.map((t) => `“${t}”`),
  inner.map((t) => `「${t}」`),
  inner.map((t) => `『${t}』`),
  inner.map((t) => `<keep>${t}  please</keep>`),
  fc.constantFrom('<document>', '</document>', '<br/>'),
];

const MARKDOWN = ['\n{ "a": [1, 2.50], "b": "x  y" }\n', '\n[ 1,\n  2 ]\n', '\n| a  |  $5 |\n|:---|---:|\n', '\n## Heading ##\n', '\n***\n', '\nSetext\n===\n', '\n1. first\n2. second\n'];

const piece = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom(...MARKDOWN) },
  { weight: 6, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 3, arbitrary: fc.constantFrom(...CJK) },
  { weight: 5, arbitrary: fc.constantFrom(...SPACES) },
  { weight: 3, arbitrary: fc.constantFrom(...PUNCT) },
  { weight: 4, arbitrary: fc.oneof(...SPAN_KINDS) },
);

/** Random prompt-like text: words, CJK, whitespace, punctuation, Markdown bits and protected spans. */
export const promptText: fc.Arbitrary<string> = fc.array(piece, { minLength: 0, maxLength: 60 }).map((pieces) => pieces.join(''));

/** Text with repeated sentences and few-shot blocks (for dedupe and few-shot). */
export const structuredText: fc.Arbitrary<string> = fc
  .tuple(
    promptText,
    fc.array(fc.tuple(promptText, fc.constantFrom('Q: ', 'Example 1:\n', '问题：', 'Input: ')), { maxLength: 4 }),
    promptText,
  )
  .map(([head, blocks, tail]) => {
    const sentence = `${head.slice(0, 40)} is repeated here again.`;
    const examples = blocks.map(([body, label]) => `${label}${body}\n${label.startsWith('Q') ? 'A' : label.startsWith('问') ? '答案' : 'Output'}: ${body.slice(0, 20)}\n\n`);
    return `${sentence} ${head}\n${examples.join('')}${sentence}\n${tail}`;
  });

export type DropRule = 'none' | 'repeats' | 'any';

/** The spans (by output text) not found left to right in `output`, each after the one before. */
function notInOrder(spans: readonly ProtectedSpan[], output: string): string[] {
  const failures: string[] = [];
  let at = 0;
  for (const span of spans) {
    const found = output.indexOf(span.output, at);
    if (found >= 0) at = found + span.output.length;
    else failures.push(`${span.kind} ${JSON.stringify(span.output)} missing after offset ${at}`);
  }
  return failures;
}

/**
 * Checks the input's protected spans against `output`:
 * - 'none': every span verbatim, in order (the guarantee of span-preserving strategies);
 * - 'repeats' (dedupe): hard spans in order, first occurrences of each span text in order, and every
 *   span text still somewhere in the output (a dropped repeat's spans are in its first copy);
 * - 'any' (whole-unit drops): hard spans in order; soft spans may leave with their unit.
 * Returns the failures.
 */
export function spanFailures(input: string, output: string, drop: DropRule): string[] {
  const spans = findProtectedSpans(input);
  const failures: string[] = [];
  if (drop === 'none') failures.push(...notInOrder(spans, output));
  else failures.push(...notInOrder(spans.filter(isHardSpan), output));
  if (drop === 'repeats') {
    const seen = new Set<string>();
    const firsts = spans.filter((s) => !seen.has(s.output) && seen.add(s.output));
    failures.push(...notInOrder(firsts, output));
    failures.push(...spans.filter((s) => !output.includes(s.output)).map((s) => `${s.kind} ${JSON.stringify(s.output)} gone`));
  }
  if (/[\uE000-\uF8FF]/.test(output) && !/[\uE000-\uF8FF]/.test(input)) failures.push('a placeholder leaked into the output');
  return failures;
}
