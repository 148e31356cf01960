import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';

/** Renders a Handlebars template from `templates/` (non-code files of the package). */
export function renderTemplate(name: string, context: object): string {
  let template = cache.get(name);
  if (!template) {
    const source = readFileSync(fileURLToPath(new URL(`../../templates/${name}`, import.meta.url)), 'utf8');
    // Emitters escape what they pass for the target format (JSON via `json`, Markdown via md()).
    template = handlebars.compile(source, { strict: true, noEscape: true });
    cache.set(name, template);
  }
  return template(context);
}

const handlebars = Handlebars.create();
// Values placed into JSON documents are JSON-encoded, never pasted.
handlebars.registerHelper('json', (value: unknown) => JSON.stringify(value ?? null));
const cache = new Map<string, HandlebarsTemplateDelegate>();
