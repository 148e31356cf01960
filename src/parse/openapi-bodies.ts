/**
 * Request bodies and media types: OpenAPI 3.x sections 4.8.13 (Request Body Object), 4.8.14
 * (Media Type Object) and 4.8.15 (Encoding Object, for multipart and form bodies). Swagger
 * 2.0's body and form parameters arrive as a Request Body (swagger2-to-openapi3.ts), a form
 * field's `collectionFormat` in the normaliser's side table.
 */
import type { Content, Encoding, RequestBody } from '../model/ir.js';
import type { OpenApiSource, Path } from './openapi-source.js';
import { isRecord } from './schema.js';
import { collectionFormat } from './swagger2-to-openapi3.js';

export function requestBody(src: OpenApiSource, value: unknown, at: Path): RequestBody | undefined {
  const body = src.deref(value);
  if (!isRecord(body)) return undefined;
  const result: RequestBody = { required: body['required'] === true, contents: mediaContents(src, body['content'], [...src.placeOf(value, at), 'content']) };
  if (typeof body['description'] === 'string') result.description = body['description'];
  return result;
}

export function mediaContents(src: OpenApiSource, value: unknown, at: Path): Content[] {
  if (!isRecord(value)) return [];
  return Object.keys(value).map((mediaType) => {
    const media = value[mediaType];
    const content: Content = { mediaType, schema: src.schemas.convert(isRecord(media) ? media['schema'] : undefined, [...at, mediaType, 'schema']) };
    const encodings =
      isRecord(media) && /^(?:multipart\/|application\/x-www-form-urlencoded)/i.test(mediaType)
        ? encodingObjects(src, media['encoding'], [...at, mediaType, 'encoding'])
        : undefined;
    if (encodings) content.encoding = encodings;
    return content;
  });
}

/** A media type's Encoding Objects (`contentType`, `style`, `explode`, `allowReserved`), by property. */
function encodingObjects(src: OpenApiSource, value: unknown, at: Path): Record<string, Encoding> | undefined {
  if (!isRecord(value)) return undefined;
  const out: Record<string, Encoding> = Object.create(null) as Record<string, Encoding>;
  let any = false;
  for (const name of Object.keys(value)) {
    const e = src.deref(value[name]);
    if (!isRecord(e)) continue;
    const encoding: Encoding = {};
    if (typeof e['contentType'] === 'string') encoding.contentType = e['contentType'];
    if (typeof e['style'] === 'string') encoding.style = e['style'];
    if (typeof e['explode'] === 'boolean') encoding.explode = e['explode'];
    if (e['allowReserved'] === true) encoding.allowReserved = true;
    const format = collectionFormat(src.ctx, e, [...at, name]);
    if (format) encoding.collectionFormat = format;
    if (Object.keys(encoding).length === 0) continue;
    out[name] = encoding;
    any = true;
  }
  return any ? out : undefined;
}
