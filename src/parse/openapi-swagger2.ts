/**
 * Swagger 2.0 read into the OpenAPI 3.x shapes the other modules build from (as the official
 * converters map it): `host` + `basePath` + `schemes` → one Server Object (2.0 section "Swagger
 * Object"); `securityDefinitions` → `components.securitySchemes`; `in: body` and `formData`
 * parameters with `consumes` → a Request Body Object (2.0 "Parameter Object"); a response's
 * `schema` with `produces` → its media types (2.0 "Response Object"); `collectionFormat` → the
 * model's (2.0 "Parameter Object", "Items Object"). Each keeps its place for warnings.
 */
import type { CollectionFormat, Content, Encoding, RequestBody } from '../model/ir.js';
import { mediaTypes, type OpenApiSource, type Path, parameterPlace } from './openapi-source.js';
import { isRecord } from './schema.js';

/** The one server of a 2.0 document, or undefined when it names no absolute server nor a base path. */
export function swaggerServer(data: Record<string, unknown>): { url: string } | undefined {
  const host = typeof data['host'] === 'string' ? data['host'] : undefined;
  const basePath = typeof data['basePath'] === 'string' ? data['basePath'] : '';
  const schemes = Array.isArray(data['schemes']) ? data['schemes'].filter((s): s is string => typeof s === 'string') : [];
  const scheme = schemes.includes('https') ? 'https' : (schemes[0] ?? 'https');
  // No host: the document names no absolute server (the caller passes baseUrl); a basePath alone stays relative.
  if (!host && !basePath) return undefined;
  return { url: host ? `${scheme}://${host}${basePath}` : basePath };
}

/** Where 2.0 keeps its security schemes. */
export const swaggerSecurityPlace: readonly string[] = ['securityDefinitions'];

/** A 2.0 response's contents: its `schema` in each media type it `produces` (JSON if none). */
export function swaggerResponseContents(src: OpenApiSource, record: Record<string, unknown>, produces: string[], place: Path): Content[] {
  if (record['schema'] === undefined) return [];
  return (produces.length ? produces : ['application/json']).map((mediaType) => ({
    mediaType,
    schema: src.schemas.convert(record['schema'], [...place, 'schema']),
  }));
}

export function swaggerBody(src: OpenApiSource, op: Record<string, unknown>, shared: unknown[], at: Path): RequestBody | undefined {
  const own = Array.isArray(op['parameters']) ? op['parameters'] : [];
  const placed = [...shared, ...own]
    .map((p, i) => ({ p: src.deref(p), at: src.placeOf(p, parameterPlace(at, i, shared.length)) }))
    .filter((e): e is { p: Record<string, unknown>; at: Path } => isRecord(e.p));
  const params = placed.map((e) => e.p);
  const placeOfParam = (p: Record<string, unknown>): Path => placed.find((e) => e.p === p)!.at;
  const body = params.find((p) => p['in'] === 'body');
  const consumes = mediaTypes(op['consumes'] ?? src.data['consumes']);
  if (body) {
    const result: RequestBody = {
      required: body['required'] === true,
      contents: (consumes.length ? consumes : ['application/json']).map((mediaType) => ({
        mediaType,
        schema: src.schemas.convert(body['schema'], [...placeOfParam(body), 'schema']),
      })),
    };
    if (typeof body['description'] === 'string') result.description = body['description'];
    return result;
  }
  const form = params.filter((p) => p['in'] === 'formData');
  if (form.length === 0) return undefined;
  const mediaType = consumes.find((c) => c === 'multipart/form-data' || c === 'application/x-www-form-urlencoded') ?? 'application/x-www-form-urlencoded';
  const content: Content = {
    mediaType,
    schema: {
      kind: 'object',
      properties: form.map((p) => ({ name: String(p['name']), required: p['required'] === true, schema: src.schemas.convert(p, placeOfParam(p)) })),
    },
  };
  const encoding: Record<string, Encoding> = Object.create(null) as Record<string, Encoding>;
  for (const p of form) {
    const format = collectionFormat(src, p, [...at, 'parameters']);
    if (format) encoding[String(p['name'])] = { collectionFormat: format };
  }
  if (Object.keys(encoding).length > 0) content.encoding = encoding;
  return { required: form.some((p) => p['required'] === true), contents: [content] };
}

/** Swagger 2.0: an array's `collectionFormat` (default csv); `multi` only where the standard allows it (query, formData). */
export function collectionFormat(src: OpenApiSource, param: Record<string, unknown>, at: Path): CollectionFormat | undefined {
  if (param['type'] !== 'array') return undefined;
  const given = param['collectionFormat'];
  if (given === undefined) return 'csv';
  if (given === 'csv' || given === 'ssv' || given === 'tsv' || given === 'pipes') return given;
  if (given === 'multi') {
    if (param['in'] === 'query' || param['in'] === 'formData') return 'multi';
    src.ctx.warn([...at, 'collectionFormat'], `collectionFormat "multi" is only valid for query and formData parameters; csv is used`);
    return 'csv';
  }
  src.ctx.warn([...at, 'collectionFormat'], `collectionFormat ${JSON.stringify(given)} is not one of csv, ssv, tsv, pipes, multi; csv is used`);
  return 'csv';
}
