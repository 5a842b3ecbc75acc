/**
 * Templating: `{{var}}` and `{{ var }}`, names `[A-Za-z_][\w.-]*`. Nothing else is template syntax — any
 * other `{{ … }}` (a nunjucks filter, a JSON example) stays as written.
 */

export const VARIABLE_NAME = /^[A-Za-z_][\w.-]*$/;
const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g;

/** One `{{ name }}` in a template: its name and where it is (`end` is exclusive). */
export interface TemplateSpan {
  name: string;
  start: number;
  end: number;
}

/** Every placeholder in the text, in order — what a compressor must leave untouched. */
export function templateSpans(text: string): TemplateSpan[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => ({ name: m[1] ?? '', start: m.index, end: m.index + m[0].length }));
}

/** The variable names the text uses, each once, in order of first use. */
export function templateVariables(text: string): string[] {
  return [...new Set(templateSpans(text).map((span) => span.name))];
}

/**
 * Fills the placeholders from `vars`; `onMissing` is called with the first name that has no value
 * (it throws the caller's error). Numbers and booleans are written as text.
 */
export function fillTemplate(text: string, vars: Readonly<Record<string, string | number | boolean>>, onMissing: (name: string) => never): string {
  return text.replace(PLACEHOLDER, (_whole, name: string) => {
    const value = Object.hasOwn(vars, name) ? vars[name] : undefined;
    if (value === undefined) return onMissing(name);
    return String(value);
  });
}
