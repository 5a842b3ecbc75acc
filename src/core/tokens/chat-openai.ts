/**
 * Prompt tokens of an OpenAI Chat Completions request, counted the way the API bills `prompt_tokens`.
 *
 * OpenAI does not publish the rendering; these rules are the ones the public sources reproduce against the API.
 *
 * Messages (OpenAI cookbook, "How to count tokens with tiktoken", section 6,
 * https://github.com/openai/openai-cookbook/blob/main/examples/How_to_count_tokens_with_tiktoken.ipynb):
 *   - every message costs `perMessage` + tokens(role) + tokens(content) [+ tokens(name) + `perName` when named];
 *   - gpt-3.5-turbo-0301: perMessage 4 (`<|start|>{role/name}\n{content}<|end|>\n`), perName −1 (the name replaces
 *     the role); every later chat model (gpt-3.5-turbo-0613+, gpt-4, gpt-4o, gpt-4o-mini): perMessage 3, perName 1;
 *   - every reply is primed with `<|start|>assistant<|message|>`: +3 per request.
 *   The cookbook checks this against the API: 127 (0301), 129 (gpt-3.5-turbo-0613, gpt-4-0314/0613; cl100k_base) and
 *   124 (gpt-4o, gpt-4o-mini; o200k_base) prompt tokens for its example conversation, so o200k models use the same rule.
 *   Content given as an array of text parts is counted part by part (no source says how parts are joined).
 *
 * Tools (hmarr/openai-chat-tokens, https://github.com/hmarr/openai-chat-tokens, src/index.ts and src/functions.ts,
 * fitted against the live API; the same rule is in gpt-tokenizer's src/functionCalling.ts,
 * https://github.com/niieani/gpt-tokenizer; forum thread
 * https://community.openai.com/t/how-to-calculate-the-tokens-when-using-function-call/266573):
 *   - the function definitions are rendered as TypeScript inside the system message:
 *       namespace functions {
 *
 *       // {description}
 *       type {name} = (_: {
 *       // {property description}
 *       {property}{? unless required}: {type},
 *       }) => any;
 *
 *       } // namespace functions
 *     (a function with no properties is `type {name} = () => any;`; string enums are `"a" | "b"`, arrays `T[]`,
 *     nested objects `{ ... }` indented by two spaces per level, integer is `number`);
 *   - tools cost tokens(rendering) + 9, minus 4 when the request has a system message (the rendering joins it);
 *   - the first system message gains a trailing newline when tools are present (unless it already ends with one);
 *   - tool_choice "none" +1; a named function + tokens(name) + 4; "auto" +0.
 *   This rule reproduces the cookbook's API-verified tools example (section 7 of the notebook above): 105 prompt
 *   tokens on gpt-3.5-turbo/gpt-4 (cl100k_base) and 101 on gpt-4o/gpt-4o-mini (o200k_base). The cookbook's own
 *   per-property constants (func_init 7/10, prop_key 3, …) give the same totals on that example; the rendering is
 *   used here because it also covers nested objects and arrays.
 *   Extensions with no public check: a `type` list (`["string","null"]`) and anyOf/oneOf render as a union.
 *
 * Tool calls (the legacy function_call rule of hmarr/openai-chat-tokens, applied per tool call):
 *   - each assistant tool call adds tokens(function name) + tokens(arguments) + 3;
 *   - a `tool` (or legacy `function`) message is named by its function (its `name`, else the name of the call its
 *     `tool_call_id` answers), so it adds tokens(name) + perName, and it costs 2 tokens less than other messages.
 *   Checked against one user-measured API count: 35 prompt tokens on gpt-4 for the assistant tool call + tool result
 *   of https://github.com/forestwanglin/openai-java/issues/5. Parallel calls (several in one message) are rendered
 *   through a wrapper whose cost no source pins down; they are counted call by call.
 *
 * Not counted (reported in `notCounted`): image parts (OpenAI's image rule depends on the model — 85 + 170 per 512px
 * tile for gpt-4o, other bases for gpt-4o-mini and o-series, 32px patches for gpt-4.1-mini — and on the image size,
 * https://platform.openai.com/docs/guides/images-vision#calculating-costs, neither of which is known here),
 * audio and file parts, custom (free-form) tools and their calls, tool_choice "required".
 * Reasoning models (o1, o3, gpt-5) are assumed to follow the default rule; no public source checks them.
 */
import { z } from 'zod';
import type { TokenCounter } from './counter.ts';

export type OpenAIChatFamily = 'gpt-3.5-turbo-0301' | 'default';

// ---------------------------------------------------------------------------------------------------------------
// Schema (what `--messages FILE` may hold): a request object, or a bare messages array.

const ROLES_HINT = 'role must be one of system, developer, user, assistant, tool (or the legacy function)';
const CONTENT_HINT = 'content must be a string or an array of content parts ({"type":"text","text":"…"}, …)';

const textPart = z.object({ type: z.literal('text'), text: z.string() });
const imagePart = z.object({
  type: z.literal('image_url'),
  image_url: z.object({ url: z.string(), detail: z.enum(['auto', 'low', 'high']).optional() }),
});
const audioPart = z.object({
  type: z.literal('input_audio'),
  input_audio: z.object({ data: z.string(), format: z.string() }),
});
const filePart = z.object({
  type: z.literal('file'),
  file: z.object({ file_data: z.string().optional(), file_id: z.string().optional(), filename: z.string().optional() }),
});
const refusalPart = z.object({ type: z.literal('refusal'), refusal: z.string() });

const textContent = z.union([z.string(), z.array(textPart)], { error: CONTENT_HINT });
const userContent = z.union(
  [z.string(), z.array(z.discriminatedUnion('type', [textPart, imagePart, audioPart, filePart]))],
  { error: CONTENT_HINT },
);
const assistantContent = z
  .union([z.string(), z.array(z.discriminatedUnion('type', [textPart, refusalPart]))], { error: CONTENT_HINT })
  .nullable()
  .optional();

const functionCall = z.object({ name: z.string(), arguments: z.string() });
const toolCall = z.discriminatedUnion('type', [
  z.object({ id: z.string(), type: z.literal('function'), function: functionCall }),
  z.object({ id: z.string(), type: z.literal('custom'), custom: z.object({ name: z.string(), input: z.string() }) }),
]);

const name = z.string().min(1).optional();
const message = z.discriminatedUnion(
  'role',
  [
    z.object({ role: z.literal('system'), content: textContent, name }),
    z.object({ role: z.literal('developer'), content: textContent, name }),
    z.object({ role: z.literal('user'), content: userContent, name }),
    z.object({
      role: z.literal('assistant'),
      content: assistantContent,
      name,
      refusal: z.string().nullable().optional(),
      tool_calls: z.array(toolCall).optional(),
      function_call: functionCall.nullable().optional(),
    }),
    z.object({ role: z.literal('tool'), content: textContent, tool_call_id: z.string(), name }),
    z.object({ role: z.literal('function'), content: z.string().nullable(), name: z.string().min(1) }),
  ],
  { error: ROLES_HINT },
);

const tool = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('function'),
    function: z.object({
      name: z.string().min(1),
      description: z.string().optional(),
      parameters: z.record(z.string(), z.unknown()).optional(),
      strict: z.boolean().nullable().optional(),
    }),
  }),
  z.object({ type: z.literal('custom'), custom: z.looseObject({ name: z.string().min(1) }) }),
]);

const toolChoice = z.union([
  z.enum(['none', 'auto', 'required']),
  z.object({ type: z.literal('function'), function: z.object({ name: z.string() }) }),
]);

const requestObject = z.object({
  messages: z.array(message).min(1, { error: 'messages must hold at least one message' }),
  tools: z.array(tool).optional(),
  tool_choice: toolChoice.optional(),
});

/** A Chat Completions request, or a bare messages array (normalised to `{ messages }`). Other keys are dropped. */
export const openAIChatRequestSchema = z.preprocess(
  (value) => (Array.isArray(value) ? { messages: value } : value),
  requestObject,
);

export type OpenAIChatRequest = z.infer<typeof requestObject>;
export type OpenAIChatMessage = OpenAIChatRequest['messages'][number];
export type OpenAIFunctionDefinition = Extract<NonNullable<OpenAIChatRequest['tools']>[number], { type: 'function' }>['function'];

// ---------------------------------------------------------------------------------------------------------------
// Counting.

export interface OpenAIChatCount {
  /** Prompt tokens of the whole request: sum(perMessage) + tools + priming. */
  total: number;
  /** Tokens per message, its framing, name and tool calls included. */
  perMessage: number[];
  /** The hidden function definitions and tool_choice (0 without tools). */
  tools: number;
  /** The reply primer `<|start|>assistant<|message|>`. */
  priming: number;
  /** What the count leaves out, one line each, naming the field (`messages[2].content[1]: image_url …`). */
  notCounted: string[];
}

const MESSAGE_RULES: Record<OpenAIChatFamily, { perMessage: number; perName: number }> = {
  'gpt-3.5-turbo-0301': { perMessage: 4, perName: -1 },
  default: { perMessage: 3, perName: 1 },
};
const REPLY_PRIMING = 3;
const CALL_OVERHEAD = 3;
const FUNCTION_RESULT_DISCOUNT = 2;
const TOOLS_OVERHEAD = 9;
const SYSTEM_WITH_TOOLS_DEDUCTION = 4;
const TOOL_CHOICE_NONE = 1;
const TOOL_CHOICE_NAMED = 4;

export function countOpenAIChat(
  request: OpenAIChatRequest,
  counter: TokenCounter,
  family: OpenAIChatFamily,
): OpenAIChatCount {
  const rule = MESSAGE_RULES[family];
  const count = (text: string): number => (text.length === 0 ? 0 : counter.count(text));
  const notCounted: string[] = [];
  const functions: OpenAIFunctionDefinition[] = [];
  (request.tools ?? []).forEach((t, i) => {
    if (t.type === 'function') functions.push(t.function);
    else notCounted.push(`tools[${i}]: custom tool "${t.custom.name}" (its rendering is not public)`);
  });
  const hasFunctions = functions.length > 0;
  const callNames = new Map<string, string>();
  let systemSeen = false;

  const perMessage = request.messages.map((m, i) => {
    const at = `messages[${i}]`;
    const texts = messageTexts(m, at, notCounted);
    if (m.role === 'system' && !systemSeen) {
      systemSeen = true;
      const last = texts.length - 1;
      const lastText = texts[last];
      if (hasFunctions && lastText !== undefined && lastText.length > 0 && !lastText.endsWith('\n')) {
        texts[last] = `${lastText}\n`;
      }
    }
    let tokens = rule.perMessage + count(m.role) + texts.reduce((sum, t) => sum + count(t), 0);
    if (m.role === 'assistant') {
      (m.tool_calls ?? []).forEach((call, j) => {
        if (call.type === 'function') {
          callNames.set(call.id, call.function.name);
          tokens += count(call.function.name) + count(call.function.arguments) + CALL_OVERHEAD;
        } else {
          notCounted.push(`${at}.tool_calls[${j}]: custom tool call "${call.custom.name}" (its rendering is not public)`);
        }
      });
      if (m.function_call) tokens += count(m.function_call.name) + count(m.function_call.arguments) + CALL_OVERHEAD;
    }
    const speaker = m.role === 'tool' ? (m.name ?? callNames.get(m.tool_call_id)) : m.name;
    if (speaker !== undefined) tokens += count(speaker) + rule.perName;
    if (m.role === 'tool' || m.role === 'function') tokens -= FUNCTION_RESULT_DISCOUNT;
    return tokens;
  });

  let tools = 0;
  if (hasFunctions) {
    tools += count(renderOpenAIFunctions(functions)) + TOOLS_OVERHEAD;
    if (request.messages.some((m) => m.role === 'system')) tools -= SYSTEM_WITH_TOOLS_DEDUCTION;
    const choice = request.tool_choice;
    if (choice === 'none') tools += TOOL_CHOICE_NONE;
    else if (choice === 'required') notCounted.push('tool_choice: "required" (its overhead is not public; counted as 0)');
    else if (typeof choice === 'object') tools += count(choice.function.name) + TOOL_CHOICE_NAMED;
  }

  const priming = REPLY_PRIMING;
  const total = perMessage.reduce((sum, n) => sum + n, 0) + tools + priming;
  return { total, perMessage, tools, priming, notCounted };
}

/** The texts of a message that reach the prompt, noting the parts that are not counted. */
function messageTexts(m: OpenAIChatMessage, at: string, notCounted: string[]): string[] {
  const content = m.content;
  if (content === null || content === undefined) return m.role === 'assistant' && m.refusal ? [m.refusal] : [];
  if (typeof content === 'string') return [content];
  const texts: string[] = [];
  content.forEach((part, j) => {
    if (part.type === 'text') texts.push(part.text);
    else if (part.type === 'refusal') texts.push(part.refusal);
    else if (part.type === 'image_url') {
      notCounted.push(
        `${at}.content[${j}]: image_url (detail ${part.image_url.detail ?? 'auto'}; image tokens depend on the model and the image size)`,
      );
    } else notCounted.push(`${at}.content[${j}]: ${part.type} (not billed as text tokens; not counted)`);
  });
  return texts;
}

// ---------------------------------------------------------------------------------------------------------------
// The hidden `namespace functions` rendering.

/** Render function definitions the way OpenAI injects them into the system message (see the file header). */
export function renderOpenAIFunctions(functions: readonly OpenAIFunctionDefinition[]): string {
  const lines = ['namespace functions {', ''];
  for (const fn of functions) {
    if (fn.description) lines.push(`// ${fn.description}`);
    const properties = fn.parameters?.['properties'];
    if (isRecord(properties) && Object.keys(properties).length > 0) {
      lines.push(`type ${fn.name} = (_: {`);
      lines.push(renderProperties(fn.parameters ?? {}, 0));
      lines.push('}) => any;');
    } else {
      lines.push(`type ${fn.name} = () => any;`);
    }
    lines.push('');
  }
  lines.push('} // namespace functions');
  return lines.join('\n');
}

function renderProperties(schema: Record<string, unknown>, indent: number): string {
  const properties = schema['properties'];
  if (!isRecord(properties)) return '';
  const requiredList = schema['required'];
  const required = new Set(Array.isArray(requiredList) ? requiredList.filter((r) => typeof r === 'string') : []);
  const lines: string[] = [];
  for (const [key, property] of Object.entries(properties)) {
    const description = isRecord(property) ? property['description'] : undefined;
    if (typeof description === 'string' && description.length > 0) lines.push(`// ${description}`);
    lines.push(`${key}${required.has(key) ? '' : '?'}: ${renderType(property, indent)},`);
  }
  const pad = ' '.repeat(indent);
  return lines.map((line) => pad + line).join('\n');
}

function renderType(schema: unknown, indent: number): string {
  if (!isRecord(schema)) return 'any';
  const values = schema['enum'];
  if (Array.isArray(values) && values.length > 0) {
    return values.map((v) => (typeof v === 'string' ? JSON.stringify(v) : String(v))).join(' | ');
  }
  const type = schema['type'];
  if (Array.isArray(type)) return type.map((t) => renderType({ ...schema, type: t }, indent)).join(' | ');
  switch (type) {
    case 'string':
      return 'string';
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array': {
      const items = schema['items'];
      return items === undefined ? 'any[]' : `${renderType(items, indent)}[]`;
    }
    case 'object':
      return ['{', renderProperties(schema, indent + 2), '}'].join('\n');
    default: {
      const options = schema['anyOf'] ?? schema['oneOf'];
      return Array.isArray(options) && options.length > 0
        ? options.map((o) => renderType(o, indent)).join(' | ')
        : 'any';
    }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
