/** A loaded prompt set: every include read, every default filled in, each case knowing where it was written. */
import type { ErrorLocation } from '../errors.ts';
import type { Assertion } from './assertions.ts';

export type MessageRole = 'system' | 'user' | 'assistant';

export interface RenderedMessage {
  role: MessageRole;
  content: string;
}

/** A variable's value once loaded (a `{ file }` value has become the file's text). */
export type VarValue = string | number | boolean;

/** Where a piece of template text came from: the set file, or the included file it was read from. */
export interface TemplateText {
  text: string;
  /** The included file (as a path beside the set), when the text came from `{ file: … }`. */
  file?: string;
}

export interface PromptMessage {
  role: MessageRole;
  content: TemplateText;
}

/** The prompt of one variant: an optional system text and either one user prompt or a message list. */
export interface PromptBody {
  system?: TemplateText;
  prompt?: TemplateText;
  messages?: PromptMessage[];
}

export interface PromptVariant extends PromptBody {
  name: string;
}

export interface PromptCase {
  id: string;
  description?: string;
  vars: Record<string, VarValue>;
  reference?: string;
  assert: Assertion[];
  /** The set file, line and column where the case starts, and its field path (`cases[2]`). */
  location: ErrorLocation;
}

export interface PromptSet {
  /** The set file, as the caller named it (folder path joined with the file name). */
  file: string;
  name: string;
  description?: string;
  /** The base prompt (the variant named `base`). */
  base: PromptBody;
  vars: Record<string, VarValue>;
  variants: PromptVariant[];
  models: string[];
  cases: PromptCase[];
  /** Every file read through `{ file: … }`, in the order first met. */
  includes: string[];
}

/** What a model is sent for one case: the system text, then the messages. */
export interface RenderedPrompt {
  system?: string;
  messages: RenderedMessage[];
}

/** The name of the base prompt among the variants; no variant may take it. */
export const BASE_VARIANT = 'base';
