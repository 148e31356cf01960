/**
 * What every part of the OpenAPI builder reads through: the document (2.0, 3.0 or 3.1), its
 * ParseContext (errors, warnings), the schema converter, and local `$ref`s of non-schema objects
 * (OpenAPI 3.1 section 4.8.23, Reference Object; Swagger 2.0 section "Reference Object").
 */
import { resolveLocal } from '../load/check-refs.js';
import type { LoadedDocument } from '../load/index.js';
import { fromRefFragment } from '../load/json-pointer.js';
import { ParseContext } from './context.js';
import { isRecord, SchemaConverter } from './schema.js';

export type Path = Array<string | number>;

export class OpenApiSource {
  readonly ctx: ParseContext;
  readonly data: Record<string, unknown>;
  /** Swagger 2.0: its shapes are read by openapi-swagger2.ts into the 3.x ones. */
  readonly swagger2: boolean;
  readonly schemas: SchemaConverter;

  constructor(readonly doc: LoadedDocument) {
    this.ctx = new ParseContext(doc);
    this.data = doc.resolved;
    this.swagger2 = doc.version === '2.0';
    this.schemas = new SchemaConverter(this.data, this.swagger2 ? '#/definitions/' : '#/components/schemas/', this.ctx.warnings);
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

export function mediaTypes(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
