import { createRequire } from 'node:module';
import { type SpecWarning, specWarning } from './errors.js';
import { fromPointer } from './json-pointer.js';
import { precompiledValidator } from './precompiled.js';
import type { RawDocument } from './read-document.js';

interface AjvDetail {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/**
 * swagger-parser's JSON-schema check of a document against the schema of its standard (Swagger
 * 2.0, OpenAPI 3.0 or 3.1; Ajv with allErrors), called on the document as written: the
 * standards' schemas accept a Reference object wherever one may stand, so nothing needs to be
 * dereferenced first, and every problem is reported where it is written (once, not at every
 * place that references it). Its errors, or none: with the validator compiled at build time
 * (precompiled.ts; swagger-parser compiles the schema again on every call, ~200 ms), else
 * swagger-parser's own, loaded only then. swagger-parser does not export it; the path is
 * pinned with the package version.
 */
export function schemaErrors(api: Record<string, unknown>): AjvDetail[] {
  const name = api['swagger'] ? 'openapi-2.0' : String(api['openapi']).startsWith('3.1') ? 'openapi-3.1' : 'openapi-3.0';
  const validate = precompiledValidator(name, 'validate');
  if (validate) return validate(api) ? [] : (validate.errors ?? []);
  const validateSchema = createRequire(import.meta.url)('@apidevtools/swagger-parser/lib/validators/schema.js') as (api: unknown) => void;
  try {
    validateSchema(api);
    return [];
  } catch (error) {
    const details = (error as { details?: AjvDetail[] }).details;
    if (!Array.isArray(details) || details.length === 0) throw error;
    return details;
  }
}

/**
 * Checks an OpenAPI 2.0/3.x document (files it references already bundled in, see bundle.ts)
 * against its standard, with one warning per place where it breaks the standard's schema.
 * Breaking the standard is not a reason to refuse a document: many public ones do and are
 * perfectly usable. What makes one unusable (top-level sections that are not mappings; a `$ref`
 * that cannot be resolved, which checkRefs reports) is an error.
 */
export async function validateOpenApi(raw: RawDocument): Promise<SpecWarning[]> {
  const doc = raw.data;
  const warnings: SpecWarning[] = [];
  const details = schemaErrors(withLowerCaseSchemes(doc));
  if (details.length > 0) {
    for (const { pointer, message } of problems(details, raw.data)) {
      warnings.push(specWarning(raw.file, `breaks the OpenAPI standard: ${message}`, { pointer, line: raw.lineOf(pointer) }));
    }
  }
  return warnings;
}

/**
 * HTTP auth scheme names are case-insensitive (RFC 9110 11.1), but the OpenAPI 3.1 schema
 * compares `scheme` with `const: bearer`: `Bearer` would be a false warning. The check sees the
 * names lower-cased (a shallow copy; the document itself is untouched).
 */
function withLowerCaseSchemes(doc: Record<string, unknown>): Record<string, unknown> {
  const components = doc['components'];
  if (components === null || typeof components !== 'object') return doc;
  const schemes = (components as Record<string, unknown>)['securitySchemes'];
  if (schemes === null || typeof schemes !== 'object' || Array.isArray(schemes)) return doc;
  let changed = false;
  const copy: Record<string, unknown> = {};
  for (const [name, scheme] of Object.entries(schemes)) {
    const s = scheme as Record<string, unknown> | null;
    if (s !== null && typeof s === 'object' && typeof s['scheme'] === 'string' && s['scheme'] !== s['scheme'].toLowerCase()) {
      Object.defineProperty(copy, name, { value: { ...s, scheme: s['scheme'].toLowerCase() }, enumerable: true, writable: true, configurable: true });
      changed = true;
    } else {
      Object.defineProperty(copy, name, { value: scheme, enumerable: true, writable: true, configurable: true });
    }
  }
  if (!changed) return doc;
  return { ...doc, components: { ...(components as Record<string, unknown>), securitySchemes: copy } };
}

/**
 * One detail per problem: a mistake in a schema also fails the standard's "a Reference or a
 * Schema" alternatives (oneOf / anyOf, a missing `$ref`), which only summarise it; those are left
 * out where a more specific detail exists at or under the same place. One problem per place,
 * in the order Ajv met them (document order).
 */
function problems(details: AjvDetail[], data: Record<string, unknown>): Array<{ pointer: string; message: string }> {
  const plain = details.filter((d) => !isSummary(d));
  const kept = details.filter((d) => {
    if (!isSummary(d)) return true;
    const at = d.instancePath ?? '';
    return !plain.some((p) => (p.instancePath ?? '') === at || (p.instancePath ?? '').startsWith(`${at}/`));
  });
  // One warning per place: the messages of the details there, joined.
  const byPlace = new Map<string, string[]>();
  for (const d of kept) {
    const written = d.instancePath ?? '';
    const at = existsInFile(data, written) ? written : nearestWritten(data, written);
    const messages = byPlace.get(at) ?? [];
    if (!messages.includes(describe(d))) messages.push(describe(d));
    byPlace.set(at, messages);
  }
  return [...byPlace].map(([pointer, messages]) => ({ pointer, message: messages.join('; ') }));
}

/** The schema's "a Reference or a Schema" alternatives: summaries of a deeper problem. */
function isSummary(d: AjvDetail): boolean {
  return d.keyword === 'oneOf' || d.keyword === 'anyOf' || (d.keyword === 'required' && d.params?.['missingProperty'] === '$ref');
}

function existsInFile(data: unknown, pointer: string): boolean {
  let node = data;
  for (const segment of fromPointer(pointer)) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, segment)) return false;
    node = (node as Record<string, unknown>)[segment];
  }
  return true;
}

/** The longest prefix of `pointer` that exists in the file as written (bundled files' places do not). */
function nearestWritten(data: unknown, pointer: string): string {
  const segments = pointer.split('/');
  while (segments.length > 1 && !existsInFile(data, segments.join('/'))) segments.pop();
  return segments.join('/');
}

function describe(d: AjvDetail): string {
  const params = d.params ?? {};
  if (typeof params['additionalProperty'] === 'string') return `unknown field "${params['additionalProperty']}"`;
  if (d.keyword === 'enum' && Array.isArray(params['allowedValues']))
    return `must be one of ${params['allowedValues'].map((v) => JSON.stringify(v)).join(', ')}`;
  return d.message ?? 'invalid value';
}
