import { createRequire } from 'node:module';
import SwaggerParser from '@apidevtools/swagger-parser';
import { SpecError, fromPointer } from './errors.js';
import type { RawDocument } from './read-document.js';

interface AjvDetail {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/**
 * Validates an OpenAPI 2.0/3.x document against its standard (swagger-parser: JSON schema of
 * the standard plus its semantic rules) and returns the document with external files bundled
 * in, so the model builder only ever follows local `#/…` references.
 */
export async function validateOpenApi(raw: RawDocument, hasExternalRefs: boolean): Promise<Record<string, unknown>> {
  const doc = await bundleOpenApi(raw, hasExternalRefs);
  try {
    if (doc['swagger'] !== undefined) {
      // Swagger 2.0: swagger-parser's semantic rules (duplicate operationIds, undeclared path
      // parameters) need the dereferenced document; validate() dereferences in place, so it
      // gets a copy and we keep the $refs for naming.
      await SwaggerParser.validate(raw.file, structuredClone(doc) as never, { resolve: { external: hasExternalRefs } });
    } else {
      // OpenAPI 3.x: swagger-parser has no semantic rules (its validateSpec returns at once), so
      // its validate() is dereferencing + the standard's JSON schema. The schema allows Reference
      // objects wherever the standard does, so we check the document as written: on GitHub's
      // spec 0.24 s instead of 1.4 s (no dereferencing, and each component is checked once, not
      // at every place that uses it). checkRefs has already proved every local $ref resolves.
      validateSchema(doc);
    }
  } catch (error) {
    throw toSpecError(raw, error);
  }
  return doc;
}

/** The document with the files it references bundled in (itself when it references none). */
export async function bundleOpenApi(raw: RawDocument, hasExternalRefs: boolean): Promise<Record<string, unknown>> {
  if (!hasExternalRefs) return raw.data;
  try {
    return (await SwaggerParser.bundle(raw.file, structuredClone(raw.data) as never)) as unknown as Record<string, unknown>;
  } catch (error) {
    throw new SpecError(raw.file, `cannot resolve a $ref: ${firstLine(error)}`);
  }
}

/** swagger-parser's own schema check (Ajv with the standard's schemas and its 3.1 fixes). */
const validateSchema = createRequire(import.meta.url)('@apidevtools/swagger-parser/lib/validators/schema.js') as (api: Record<string, unknown>) => void;

function toSpecError(raw: RawDocument, error: unknown): SpecError {
  const details = (error as { details?: AjvDetail[] }).details;
  if (Array.isArray(details) && details.length > 0) {
    const first = pickDetail(details, raw.data);
    const pointer = first.instancePath ?? '';
    const extra = details.length > 1 ? ` (${details.length - 1} more problem${details.length > 2 ? 's' : ''} reported by the ${raw.data['swagger'] ? 'Swagger 2.0' : 'OpenAPI'} schema)` : '';
    return new SpecError(raw.file, `breaks the OpenAPI standard: ${describe(first)}${extra}`, { pointer, line: raw.lineOf(pointer) });
  }
  // Semantic rules (duplicate operationIds, undeclared path parameters) name the place in prose.
  const message = firstLine(error).replace(/^Validation failed\.\s*/, '');
  return new SpecError(raw.file, `breaks the OpenAPI standard: ${message}`);
}

/**
 * The detail to report: one whose place exists in the file as written (validation runs on the
 * dereferenced document, so a mistake in a component is also reported at every place that
 * references it), and among those the deepest (most specific).
 */
function pickDetail(details: AjvDetail[], data: Record<string, unknown>): AjvDetail {
  const ranked = details.map((d) => ({ d, written: existsInFile(data, d.instancePath ?? ''), plain: !isSummary(d), depth: depth(d) }));
  ranked.sort((a, b) => Number(b.written) - Number(a.written) || Number(b.plain) - Number(a.plain) || b.depth - a.depth);
  return ranked[0]?.d ?? details[0]!;
}

/** The schema's "a Reference or a Schema" alternatives: summaries of a deeper problem. */
function isSummary(d: AjvDetail & { keyword?: string }): boolean {
  return d.keyword === 'oneOf' || d.keyword === 'anyOf' || (d.keyword === 'required' && d.params?.['missingProperty'] === '$ref');
}

function existsInFile(data: unknown, pointer: string): boolean {
  let node = data;
  for (const segment of fromPointer(pointer)) {
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, segment)) return false;
    node = (node as Record<string, unknown>)[segment];
  }
  return true;
}

function depth(d: AjvDetail): number {
  return (d.instancePath ?? '').split('/').length;
}

function describe(d: AjvDetail): string {
  const params = d.params ?? {};
  if (typeof params['additionalProperty'] === 'string') return `unknown field "${params['additionalProperty']}"`;
  return d.message ?? 'invalid value';
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n').map((l) => l.trim()).filter(Boolean).join('; ');
}
