import Handlebars from 'handlebars';
import { frenchDate, frenchDateTime, frenchNumber } from './french-format';

/** One Handlebars environment for documents: its own helpers, no access to prototype properties. */
const hb = Handlebars.create();

hb.registerHelper('date', (value: unknown, options?: { hash?: { style?: string } }) => frenchDate(value, options?.hash?.style === 'short' ? 'short' : 'long'));
hb.registerHelper('datetime', (value: unknown) => frenchDateTime(value));
hb.registerHelper('number', (value: unknown) => frenchNumber(value));
hb.registerHelper('yesno', (value: unknown) => (value === true ? 'Oui' : value === false ? 'Non' : ''));
hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
hb.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).find((v) => v !== undefined && v !== null && v !== '') ?? '');
hb.registerHelper('join', (value: unknown, separator: unknown) => (Array.isArray(value) ? value.join(typeof separator === 'string' ? separator : ', ') : (value ?? '')));

const MAX_COMPILED = 500;
const compiled = new Map<string, HandlebarsTemplateDelegate>();

/** A template compiled once per content address (the effective hash of its version and layers). */
function compiledTemplate(cacheKey: string, source: string): HandlebarsTemplateDelegate {
  let template = compiled.get(cacheKey);
  if (!template) {
    // compile is lazy: force it now so that a syntax error surfaces here, not at the first render
    template = hb.compile(source, { strict: false, preventIndent: true });
    template({});
    if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value as string);
    compiled.set(cacheKey, template);
  }
  return template;
}

export class TemplateError extends Error {}

/**
 * Renders a Handlebars document template to HTML. Values are HTML-escaped unless the template
 * uses the triple-stash on a value the server prepared as HTML (such as `answersHtml`).
 */
export function renderTemplateHtml(cacheKey: string, source: string, context: Record<string, unknown>): string {
  try {
    return compiledTemplate(cacheKey, source)(context, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
  } catch (error) {
    throw new TemplateError(error instanceof Error ? error.message : String(error));
  }
}
