import SwaggerParser from '@apidevtools/swagger-parser';
import { SpecError } from './errors.js';
import type { RawDocument } from './read-document.js';

interface AjvDetail {
  instancePath?: string;
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
    const first = pickDetail(details);
    const pointer = first.instancePath ?? '';
    const extra = details.length > 1 ? ` (${details.length - 1} more problem${details.length > 2 ? 's' : ''} reported by the ${raw.data['swagger'] ? 'Swagger 2.0' : 'OpenAPI'} schema)` : '';
    return new SpecError(raw.file, `breaks the OpenAPI standard: ${describe(first)}${extra}`, { pointer, line: raw.lineOf(pointer) });
  }
  // Semantic rules (duplicate operationIds, undeclared path parameters) name the place in prose.
  const message = firstLine(error).replace(/^Validation failed\.\s*/, '');
  return new SpecError(raw.file, `breaks the OpenAPI standard: ${message}`);
}

/** The most specific detail: the deepest path, preferring plain rules over oneOf/anyOf summaries. */
function pickDetail(details: AjvDetail[]): AjvDetail {
  return [...details].sort((a, b) => depth(b) - depth(a))[0] ?? details[0]!;
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
