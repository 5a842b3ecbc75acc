/**
 * Worked examples for the strategies that need no budget (whitespace, filler, dedupe, minify), each
 * run through compress() alone so spans are protected as in real use. Expected strings were checked by
 * hand, in English and Chinese.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { compress } from '../../../src/core/compress/compress.ts';
import { CHINESE_FILLERS, ENGLISH_FILLERS } from '../../../src/core/compress/strategies/filler-phrases.ts';
import type { TokenCounter } from '../../../src/core/tokens/counter.ts';
import { loadTokenCounter } from '../../../src/core/tokens/registry.ts';

let counter: TokenCounter;
beforeAll(async () => {
  counter = await loadTokenCounter('o200k_base');
});

async function run(strategy: string, text: string): Promise<string> {
  const result = await compress(text, { counter, strategies: [strategy] });
  expect(result.warnings).toEqual([]);
  return result.text;
}

describe('whitespace', () => {
  it.each([
    ['Hello   world\t\tagain  \n\n\n\n  - item   one  \n', 'Hello world again\n\n  - item one'],
    ['a  b\r\n\r\n\r\n\tc   d\t\n   \nend', 'a b\n\n\tc d\n\nend'],
    ['　　全角　空格\u00a0文本。\n\n\n下一段', '全角 空格 文本。\n\n下一段'],
    ['x\n```\ncode   with   spaces\n\n\n```\n\n\ny  "a   b"', 'x\n```\ncode   with   spaces\n\n\n```\n\ny "a   b"'],
  ])('%j', async (input, expected) => {
    expect(await run('whitespace', input)).toBe(expected);
  });
});

describe('filler', () => {
  it('has curated lists of 60+ entries per language', () => {
    expect(ENGLISH_FILLERS.length).toBeGreaterThanOrEqual(60);
    expect(CHINESE_FILLERS.length).toBeGreaterThanOrEqual(60);
  });

  it.each([
    ['Please summarize the text. I would like you to answer in English, please. Thank you!', 'Summarize the text. Answer in English.'],
    ['Please note that I would like you to kindly summarize the following text. Basically, it is very long.', 'Summarize the following text. It is long.'],
    ['Hello, could you please explain what kind of data this is? Thanks!', 'Explain what kind of data this is?'],
    ['I want you to act as a translator. Rather than summarizing, translate it. Just answer yes or no.', 'Act as a translator. Rather than summarizing, translate it. Answer yes or no.'],
    ['It is important to note that, in order to get a refund, the customer has the ability to return the item prior to 30 days.', 'To get a refund, the customer can return the item before 30 days.'],
    ['Kindly reply in JSON. Thank you for your help.', 'Reply in JSON.'],
    ['The price is, basically, fixed at $5, please.', 'The price is fixed at $5.'],
    ['Answer the question please.\nThank you very much!\nNext line.', 'Answer the question.\nNext line.'],
    ['- Please check the order status.\n- please keep in mind that refunds take 5 days.', '- Check the order status.\n- refunds take 5 days.'],
    ['Say "please be kind" and keep <keep>very  polite</keep> wording.', 'Say "please be kind" and keep very  polite wording.'],
  ])('English %j', async (input, expected) => {
    expect(await run('filler', input)).toBe(expected);
  });

  it.each([
    ['请帮我总结一下这篇文章。需要注意的是，价格非常重要。非常感谢！', '总结这篇文章。价格重要。'],
    ['你好！麻烦你帮我把这段话翻译成英文，谢谢！', '把这段话翻译成英文！'],
    ['你好，请你用中文回答。在吃饭的时候能够分析。', '用中文回答。在吃饭时能分析。'],
    ['希望你能在回答的时候总结一下。其实这个方案名副其实。', '在回答时总结。这个方案名副其实。'],
  ])('Chinese %j', async (input, expected) => {
    expect(await run('filler', input)).toBe(expected);
  });

  it.each([
    '我们的申请请求不变，流程非常规，统一下发。',
    'What kind of answer? Rather than that, note that it is on a regular schedule.',
    'Thanks, John.',
    '麻烦的是，请求太多。',
  ])('leaves look-alikes alone: %j', async (input) => {
    expect(await run('filler', input)).toBe(input);
  });
});

describe('dedupe', () => {
  it.each([
    ['Always reply in English. Keep answers short and friendly. ALWAYS reply in English!', 'Always reply in English. Keep answers short and friendly.'],
    [
      '- Never share the internal notes with any customer.\n- Check the order first.\n- Never share the internal notes with a customer.',
      '- Never share the internal notes with any customer.\n- Check the order first.',
    ],
    ['Refunds above $500 need approval.\nRefunds above $400 need approval.\nRefunds above $500 need approval.', 'Refunds above $500 need approval.\nRefunds above $400 need approval.'],
    ['回答要简洁明了。请保持礼貌。回答要简洁明了！', '回答要简洁明了。请保持礼貌。'],
    ['请用中文回答用户的问题，并保持专业的语气。\n请用中文回答用户的问题，并保持专业语气。\n好的。', '请用中文回答用户的问题，并保持专业的语气。\n好的。'],
  ])('%j', async (input, expected) => {
    expect(await run('dedupe', input)).toBe(expected);
  });

  it.each([
    ['opposite instructions', 'Always include the order number in every single reply.\nNever include the order number in every single reply.'],
    ['few-shot labels and short sentences', 'Output: positive\nOutput: positive\nYes.\nYes.'],
    ['headings and table rows', '# Rules\n# Rules\n| a | b |\n| a | b |'],
    ['a sentence holding a {{variable}}', 'Hello {{name}}, welcome back.\nHello {{name}}, welcome back.'],
  ])('keeps %s', async (_, input) => {
    expect(await run('dedupe', input)).toBe(input);
  });
});

describe('minify', () => {
  it('strips emphasis, headings, rules, table padding and bullets; minifies unfenced JSON only', async () => {
    const input = [
      '# Title', '', '**Bold** and *italic* and __under__ and _it_ but snake_case and 2*3*4.', '', '---', '',
      '* one', '+ two', '• three', '', '| Name   |  Price |', '|:-------|-------:|', '| Tea    |  $3.50 |', '',
      '{', '  "name": "Tea",', '  "price": 3.50,', '  "tags": [ "hot", "green" ]', '}', '',
      '```json', '{ "a": 1 }', '```', 'Setext', '======', '**高昂的推理成本**往往',
    ].join('\n');
    const expected = [
      'Title', '', 'Bold and italic and under and it but snake_case and 2*3*4.', '',
      '- one', '- two', '- three', '', '|Name|Price|', '|:-|-:|', '|Tea|$3.50|', '',
      '{"name":"Tea","price":3.50,"tags":["hot","green"]}', '',
      '```json', '{ "a": 1 }', '```', 'Setext', '高昂的推理成本往往',
    ].join('\n');
    expect(await run('minify', input)).toBe(expected);
  });

  it.each([
    ['## Step **one**\n\nText with ***strong*** and _emph_ here.\nOK\n---\n\n***\n\n[1, 2,\n 3]\n[see note] below', 'Step one\n\nText with strong and emph here.\nOK\n\n[1,2,3]\n[see note] below'],
    ['{ "a": 1, }\n[not json]', '{ "a": 1, }\n[not json]'],
  ])('%j', async (input, expected) => {
    expect(await run('minify', input)).toBe(expected);
  });
});
