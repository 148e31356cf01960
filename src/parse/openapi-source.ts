/**
 * What every part of the OpenAPI builder reads through: the document in OpenAPI 3.x shapes (a
 * Swagger 2.0 one is turned into them first, swagger2-to-openapi3.ts), its ParseContext
 * (errors, warnings, which name the place in the document as written), the schema converter,
 * and local `$ref`s of non-schema objects (OpenAPI 3.1 section 4.8.23, Reference Object).
 */
import { resolveLocal } from '../load/check-refs.js';
import type { LoadedDocument } from '../load/index.js';
import { fromRefFragment } from '../load/json-pointer.js';
import { ParseContext } from './context.js';
import { isRecord, SchemaConverter } from './schema.js';
import { swagger2ToOpenApi3 } from './swagger2-to-openapi3.js';

export type Path = Array<string | number>;

export class OpenApiSource {
  readonly ctx: ParseContext;
  /** The document in OpenAPI 3.x shapes. */
  readonly data: Record<string, unknown>;
  /** The place in the document as written of a path of `data` (the same path but for Swagger 2.0). */
  readonly original: (path: ReadonlyArray<string | number>) => Path;
  readonly schemas: SchemaConverter;

  constructor(readonly doc: LoadedDocument) {
    const normalised = doc.version === '2.0' ? swagger2ToOpenApi3(doc.resolved) : undefined;
    this.data = normalised?.data ?? doc.resolved;
    this.original = normalised?.original ?? ((path) => [...path]);
    this.ctx = new ParseContext(doc, normalised?.original);
    this.schemas = new SchemaConverter(this.data, '#/components/schemas/', this.ctx.warnings, normalised?.original);
  }

  /** Follows local `$ref`s of non-schema objects (parameters, responses, bodies, path items). */
  deref(value: unknown, depth = 0): unknown {
    if (isRecord(value) && typeof value['$ref'] === 'string' && depth < 20) {
      return this.deref(resolveLocal(this.data, value['$ref']), depth + 1);
    }
    return value;
  }

  /** Where `value` really stands: the end of its chain of local `$ref`s, else `at`. */
  placeOf(value: unknown, at: Path, depth = 0): Path {
    if (isRecord(value) && typeof value['$ref'] === 'string' && value['$ref'].startsWith('#') && depth < 20) {
      const segments = fromRefFragment(value['$ref'].slice(1));
      return segments === undefined ? at : this.placeOf(resolveLocal(this.data, value['$ref']), segments, depth + 1);
    }
    return at;
  }
}

/** Where the i-th of the path's shared then the operation's own parameters sits. */
export function parameterPlace(at: Path, i: number, shared: number): Path {
  return i < shared ? [...at.slice(0, -1), 'parameters', i] : [...at, 'parameters', i - shared];
}
