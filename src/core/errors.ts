/**
 * The one error type core throws for bad input. It carries where the problem is (file, line, column,
 * field) and what the user should do, so the CLI can print one clear line and exit 2.
 */
export interface ErrorLocation {
  file?: string;
  line?: number;
  column?: number;
  field?: string;
}

export class CostlabError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly location: ErrorLocation;

  constructor(code: string, message: string, options: { hint?: string; location?: ErrorLocation; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CostlabError';
    this.code = code;
    this.hint = options.hint;
    this.location = options.location ?? {};
  }

  /** One line: `file:line:column: field: message — hint`. */
  describe(): string {
    const { file, line, column, field } = this.location;
    let where = file ?? '';
    if (file !== undefined && line !== undefined) where += `:${line}${column !== undefined ? `:${column}` : ''}`;
    const parts: string[] = [];
    if (where) parts.push(where);
    if (field) parts.push(`field ${field}`);
    const head = parts.length > 0 ? `${parts.join(': ')}: ` : '';
    return `${head}${this.message}${this.hint ? ` — ${this.hint}` : ''}`;
  }
}

export function isCostlabError(value: unknown): value is CostlabError {
  return value instanceof CostlabError;
}
