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
  let doc = raw.data;
  if (hasExternalRefs) {
    try {
      doc = (await SwaggerParser.bundle(raw.file, structuredClone(raw.data) as never)) as unknown as Record<string, unknown>;
    } catch (error) {
      throw new SpecError(raw.file, `cannot resolve a $ref: ${firstLine(error)}`);
    }
  }
  try {
    // validate() dereferences in place: give it a copy, keep the $refs for naming.
    await SwaggerParser.validate(raw.file, structuredClone(doc) as never, { resolve: { external: hasExternalRefs } });
  } catch (error) {
    throw toSpecError(raw, error);
  }
  return doc;
}

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
