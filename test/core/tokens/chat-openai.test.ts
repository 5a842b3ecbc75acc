import { countTokens as cl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { countTokens as o200k } from 'gpt-tokenizer/encoding/o200k_base';
import { computeChatCompletionTokenCount } from 'gpt-tokenizer/functionCalling';
import { describe, expect, it } from 'vitest';
import {
  countOpenAIChat,
  openAIChatRequestSchema,
  renderOpenAIFunctions,
  type OpenAIChatRequest,
} from '../../../src/core/tokens/chat-openai.ts';
import type { TokenCounter } from '../../../src/core/tokens/counter.ts';

// The exact BPE tokenizers of src/core/tokens are written elsewhere; the chat rules only need count(text).
const O200K: TokenCounter = { id: 'o200k_base', exact: true, count: (text) => o200k(text) };
const CL100K: TokenCounter = { id: 'cl100k_base', exact: true, count: (text) => cl100k(text) };

const parse = (value: unknown): OpenAIChatRequest => openAIChatRequestSchema.parse(value);

// OpenAI cookbook, "How to count tokens with tiktoken", section 6:
// https://github.com/openai/openai-cookbook/blob/main/examples/How_to_count_tokens_with_tiktoken.ipynb
// Published API prompt_tokens: gpt-3.5-turbo-0301 127; gpt-3.5-turbo-0613, gpt-4-0314, gpt-4-0613, gpt-4 129;
// gpt-4o, gpt-4o-mini 124.
const COOKBOOK_MESSAGES = [
  {
    role: 'system',
    content: 'You are a helpful, pattern-following assistant that translates corporate jargon into plain English.',
  },
  { role: 'system', name: 'example_user', content: 'New synergies will help drive top-line growth.' },
  { role: 'system', name: 'example_assistant', content: 'Things working well together will increase revenue.' },
  {
    role: 'system',
    name: 'example_user',
    content: "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage.",
  },
  { role: 'system', name: 'example_assistant', content: "Let's talk later when we're less busy about how to do better." },
  {
    role: 'user',
    content: "This late pivot means we don't have time to boil the ocean for the client deliverable.",
  },
];

// Same notebook, section 7: API prompt_tokens 105 on gpt-3.5-turbo and gpt-4, 101 on gpt-4o and gpt-4o-mini.
const COOKBOOK_TOOLS_REQUEST = {
  messages: [
    { role: 'system', content: 'You are a helpful assistant that can answer to questions about the weather.' },
    { role: 'user', content: "What's the weather like in San Francisco?" },
  ],
  tools: [
    {
      type: 'function',
      function: {
        name: 'get_current_weather',
        description: 'Get the current weather in a given location',
        parameters: {
          type: 'object',
          properties: {
            location: { type: 'string', description: 'The city and state, e.g. San Francisco, CA' },
            unit: { type: 'string', description: 'The unit of temperature to return', enum: ['celsius', 'fahrenheit'] },
          },
          required: ['location'],
        },
      },
    },
  ],
};

describe('countOpenAIChat: messages', () => {
  it('reproduces the cookbook conversation: 127 on gpt-3.5-turbo-0301, 129 on gpt-4, 124 on gpt-4o', () => {
    const request = parse(COOKBOOK_MESSAGES);
    expect(countOpenAIChat(request, CL100K, 'gpt-3.5-turbo-0301').total).toBe(127);
    expect(countOpenAIChat(request, CL100K, 'default').total).toBe(129);
    expect(countOpenAIChat(request, O200K, 'default').total).toBe(124);
  });

  it('adds up: total = sum(perMessage) + tools + priming', () => {
    const result = countOpenAIChat(parse(COOKBOOK_MESSAGES), O200K, 'default');
    expect(result.perMessage).toHaveLength(6);
    expect(result.priming).toBe(3);
    expect(result.tools).toBe(0);
    expect(result.notCounted).toEqual([]);
    expect(result.perMessage.reduce((a, b) => a + b, 0) + result.priming).toBe(result.total);
    // First message: 3 + "system" (1) + its content.
    const first = COOKBOOK_MESSAGES[0]?.content ?? '';
    expect(result.perMessage[0]).toBe(3 + 1 + o200k(first));
  });

  it('counts a name as tokens(name) + 1 by default and tokens(name) − 1 on 0301 (the name replaces the role)', () => {
    const content = 'New synergies will help drive top-line growth.';
    const named = parse([{ role: 'system', name: 'example_user', content }]);
    const anonymous = parse([{ role: 'system', content }]);
    const nameTokens = cl100k('example_user');
    expect(nameTokens).toBe(2);
    for (const [family, perName] of [['default', 1], ['gpt-3.5-turbo-0301', -1]] as const) {
      const withName = countOpenAIChat(named, CL100K, family).perMessage[0] ?? 0;
      const without = countOpenAIChat(anonymous, CL100K, family).perMessage[0] ?? 0;
      expect(withName - without).toBe(nameTokens + perName);
    }
  });

  it('differs between the 0301 rule (4 per message, −1 per name) and the default (3, +1) message by message', () => {
    const request = parse(COOKBOOK_MESSAGES);
    const old = countOpenAIChat(request, CL100K, 'gpt-3.5-turbo-0301');
    const current = countOpenAIChat(request, CL100K, 'default');
    COOKBOOK_MESSAGES.forEach((m, i) => {
      const expected = 1 - ('name' in m ? 2 : 0);
      expect((old.perMessage[i] ?? 0) - (current.perMessage[i] ?? 0)).toBe(expected);
    });
    expect(old.priming).toBe(current.priming);
    expect(current.total - old.total).toBe(2); // 6 messages × (−1) + 4 names × (+2)
  });

  it('counts text parts, and reports image parts as not counted with their field path', () => {
    const asParts = parse([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is in this image?' },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.png', detail: 'low' } },
        ],
      },
    ]);
    const asString = parse([{ role: 'user', content: 'What is in this image?' }]);
    const result = countOpenAIChat(asParts, O200K, 'default');
    expect(result.total).toBe(countOpenAIChat(asString, O200K, 'default').total);
    expect(result.notCounted).toHaveLength(1);
    expect(result.notCounted[0]).toMatch(/^messages\[0\]\.content\[1\]: image_url \(detail low/);
  });
});

describe('countOpenAIChat: tools', () => {
  it('reproduces the cookbook tools example: 105 on gpt-3.5-turbo / gpt-4, 101 on gpt-4o / gpt-4o-mini', () => {
    const request = parse(COOKBOOK_TOOLS_REQUEST);
    expect(countOpenAIChat(request, CL100K, 'default').total).toBe(105);
    const result = countOpenAIChat(request, O200K, 'default');
    expect(result.total).toBe(101);
    // The first system message gains a newline, the definitions cost rendering + 9 − 4 (a system message exists).
    const rendering = renderOpenAIFunctions(request.tools?.flatMap((t) => (t.type === 'function' ? [t.function] : [])) ?? []);
    expect(result.tools).toBe(o200k(rendering) + 9 - 4);
    const system = `${request.messages[0]?.content as string}\n`;
    expect(result.perMessage[0]).toBe(3 + 1 + o200k(system));
  });

  it('renders the hidden namespace block', () => {
    const request = parse(COOKBOOK_TOOLS_REQUEST);
    const fns = request.tools?.flatMap((t) => (t.type === 'function' ? [t.function] : [])) ?? [];
    expect(renderOpenAIFunctions(fns)).toBe(
      [
        'namespace functions {',
        '',
        '// Get the current weather in a given location',
        'type get_current_weather = (_: {',
        '// The city and state, e.g. San Francisco, CA',
        'location: string,',
        '// The unit of temperature to return',
        'unit?: "celsius" | "fahrenheit",',
        '}) => any;',
        '',
        '} // namespace functions',
      ].join('\n'),
    );
    expect(renderOpenAIFunctions([{ name: 'ping', parameters: { type: 'object', properties: {} } }])).toBe(
      'namespace functions {\n\ntype ping = () => any;\n\n} // namespace functions',
    );
  });

  // Cross-check against gpt-tokenizer's implementation of the same community rule (legacy `functions` shape).
  const recipe = {
    name: 'get_recipe',
    description: 'Find a recipe',
    parameters: {
      type: 'object' as const,
      required: ['ingredients', 'time_to_cook'],
      properties: {
        ingredients: {
          type: 'array' as const,
          description: 'What goes in',
          items: {
            type: 'object' as const,
            required: ['name', 'amount'],
            properties: {
              name: { type: 'string' as const },
              unit: { type: 'string' as const, enum: ['grams', 'ml', 'cups'] },
              amount: { type: 'number' as const },
            },
          },
        },
        instructions: { type: 'array' as const, items: { type: 'string' as const } },
        time_to_cook: { type: 'integer' as const, description: 'Minutes' },
        vegan: { type: 'boolean' as const },
      },
    },
  };
  const cases = [
    { label: 'nested objects and arrays, no system message', system: false, choice: undefined },
    { label: 'with a system message', system: true, choice: undefined },
    { label: 'tool_choice "none"', system: true, choice: 'none' as const },
    { label: 'a named tool_choice', system: false, choice: { name: 'get_recipe' } },
  ];
  for (const { label, system, choice } of cases) {
    it(`matches gpt-tokenizer's computeChatCompletionTokenCount: ${label}`, () => {
      const messages = [
        ...(system ? [{ role: 'system' as const, content: 'You are a chef.' }] : []),
        { role: 'user' as const, content: 'Something with lentils, please.' },
      ];
      const ours = countOpenAIChat(
        parse({
          messages,
          tools: [{ type: 'function', function: recipe }],
          ...(choice === undefined
            ? {}
            : { tool_choice: choice === 'none' ? 'none' : { type: 'function', function: choice } }),
        }),
        O200K,
        'default',
      );
      const theirs = computeChatCompletionTokenCount(
        { messages, functions: [recipe], ...(choice === undefined ? {} : { function_call: choice }) },
        (text) => o200k(text),
      );
      expect(ours.total).toBe(theirs);
    });
  }

  // A user's API measurement on gpt-4 (cl100k_base), https://github.com/forestwanglin/openai-java/issues/5:
  // 35 prompt tokens for this assistant tool call and its tool result.
  const toolCallMessages = (name: boolean) => [
    {
      role: 'assistant',
      content: null,
      tool_calls: [
        {
          id: 'call_Id8ycVMsW8gdsf7kSXfgAcf1',
          type: 'function',
          function: { name: 'get_current_weather', arguments: '{\n  "location": "Boston, MA"\n}' },
        },
      ],
    },
    {
      role: 'tool',
      tool_call_id: 'call_Id8ycVMsW8gdsf7kSXfgAcf1',
      ...(name ? { name: 'get_current_weather' } : {}),
      content: '29 degree celcius',
    },
  ];

  it('counts assistant tool_calls and tool results: 35 on gpt-4 as the API reported', () => {
    const result = countOpenAIChat(parse(toolCallMessages(true)), CL100K, 'default');
    expect(result.total).toBe(35);
    // assistant: 3 + role 1 + name 3 + arguments 11 + 3; tool: 3 + role 1 + content 5 + name 3 + 1 − 2.
    expect(result.perMessage).toEqual([21, 11]);
  });

  it('names a tool result after the call its tool_call_id answers', () => {
    expect(countOpenAIChat(parse(toolCallMessages(false)), CL100K, 'default').total).toBe(35);
  });

  it('reports custom tools and tool_choice "required" as not counted', () => {
    const result = countOpenAIChat(
      parse({
        messages: [{ role: 'user', content: 'hi' }],
        tools: [...COOKBOOK_TOOLS_REQUEST.tools, { type: 'custom', custom: { name: 'grammar_tool' } }],
        tool_choice: 'required',
      }),
      O200K,
      'default',
    );
    expect(result.notCounted).toEqual([
      'tools[1]: custom tool "grammar_tool" (its rendering is not public)',
      'tool_choice: "required" (its overhead is not public; counted as 0)',
    ]);
    expect(result.tools).toBeGreaterThan(0);
  });
});

describe('openAIChatRequestSchema', () => {
  it('accepts a bare messages array and a request object with other keys', () => {
    expect(parse([{ role: 'user', content: 'hi' }])).toEqual({ messages: [{ role: 'user', content: 'hi' }] });
    const request = parse({ model: 'gpt-4o', temperature: 0, messages: [{ role: 'developer', content: 'Be brief.' }] });
    expect(request.messages).toHaveLength(1);
  });

  const issuesOf = (value: unknown) => {
    const result = openAIChatRequestSchema.safeParse(value);
    expect(result.success).toBe(false);
    return result.error?.issues ?? [];
  };

  it('names the path of a missing role and says which roles there are', () => {
    for (const value of [[{ content: 'hi' }], { messages: [{ role: 'user', content: 'a' }, { content: 'b' }] }]) {
      const [issue] = issuesOf(value);
      expect(issue?.path).toEqual(['messages', Array.isArray(value) ? 0 : 1, 'role']);
      expect(issue?.message).toContain('role must be one of system, developer, user, assistant, tool');
    }
  });

  it('names the path of content of a wrong type', () => {
    const [issue] = issuesOf({ messages: [{ role: 'user', content: 42 }] });
    expect(issue?.path).toEqual(['messages', 0, 'content']);
    expect(issue?.message).toContain('content must be a string or an array of content parts');
    const [partIssue] = issuesOf([{ role: 'system', content: [{ type: 'text', text: 7 }] }]);
    expect(partIssue?.path).toEqual(['messages', 0, 'content']);
  });

  it('rejects an empty conversation and a tool result without tool_call_id', () => {
    expect(issuesOf({ messages: [] })[0]?.path).toEqual(['messages']);
    expect(issuesOf([{ role: 'tool', content: 'x' }])[0]?.path).toEqual(['messages', 0, 'tool_call_id']);
  });
});
