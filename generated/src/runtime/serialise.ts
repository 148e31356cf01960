// specweave runtime, copied from specweave's src/runtime. Do not edit: run `npm run generate`.
/**
 * Parameter and form serialisation: one function per location (query, path, header, cookie) and
 * per form body, following OpenAPI 3.x `style` / `explode` / `allowReserved`, `content`-typed
 * parameters and Swagger 2.0 `collectionFormat`; all exported and unit-tested against the
 * standards' example tables.
 */

import { ownValue, RequestValidationError } from './common.js';
import type { BodyEncoder, CollectionFormat, EncodingInfo, OperationInfo, SerialisationInfo } from './rest-info.js';

/** Swagger 2.0 delimiters as written in a URL (the delimiter itself is never percent-encoded). */
const URL_DELIMITERS: Readonly<Record<CollectionFormat, string>> = { csv: ',', ssv: '%20', tsv: '%09', pipes: '%7C', multi: ',' };
/** …and as written in a header value or a multipart part. */
const TEXT_DELIMITERS: Readonly<Record<CollectionFormat, string>> = { csv: ',', ssv: ' ', tsv: '\t', pipes: '|', multi: ',' };

/** Percent-encodes text for a query string or form body; `allowReserved` leaves RFC 3986 reserved characters but `#`, `&`, `=` as they are. */
export function encodeQueryText(text: string, allowReserved = false): string {
  const encoded = encodeURIComponent(text);
  return allowReserved ? encoded.replace(/%(?:3A|2F|3F|5B|5D|40|24|2B|2C|3B)/g, (m) => String.fromCharCode(parseInt(m.slice(1), 16))) : encoded;
}

/** A `content`-typed parameter's value: JSON media types as JSON text, anything else as text. */
function mediaText(value: unknown, mediaType: string): string {
  return isJson(mediaType.toLowerCase()) ? JSON.stringify(value) : scalarText(value);
}

/** Binary values: sent as their bytes, never as JSON. */
function isBinary(value: unknown): value is Blob | ArrayBuffer | ArrayBufferView {
  return (typeof Blob !== 'undefined' && value instanceof Blob) || value instanceof ArrayBuffer || ArrayBuffer.isView(value);
}

/**
 * A query parameter (or a form-urlencoded property) as encoded `name=value` pieces, to be joined
 * with `&`. Defaults: style `form`, explode for `form` only. Objects: `form` explode gives
 * `k=v&k=v`, `deepObject` gives `name[k]=v` (nested objects and arrays nest: `name[a][0]=v`).
 */
export function serialiseQuery(name: string, value: unknown, info: SerialisationInfo = {}): string[] {
  const reserved = info.allowReserved === true;
  const enc = (v: unknown): string => encodeQueryText(scalarText(v), reserved);
  const key = encodeQueryText(name);
  if (info.contentType !== undefined) return formQuery(name, value, info);
  if (info.collectionFormat !== undefined && Array.isArray(value)) {
    const items = value.filter((v) => v !== undefined).map(enc);
    return info.collectionFormat === 'multi' ? items.map((item) => `${key}=${item}`) : [`${key}=${items.join(URL_DELIMITERS[info.collectionFormat])}`];
  }
  const style = info.style;
  if (style === 'deepObject' && value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const out: string[] = [];
    deepObject(key, value, enc, out);
    return out;
  }
  return formQuery(name, value, info, style === 'spaceDelimited' ? '%20' : style === 'pipeDelimited' ? '%7C' : ',');
}

/**
 * The core's query serialiser: style `form` (explode by default), arrays and objects, and
 * `content`-typed parameters; `delimiter` joins unexploded items (spaceDelimited and
 * pipeDelimited pass theirs through `serialiseQuery`).
 */
export function formQuery(name: string, value: unknown, info: SerialisationInfo = {}, delimiter = ','): string[] {
  const reserved = info.allowReserved === true;
  const enc = (v: unknown): string => encodeQueryText(scalarText(v), reserved);
  const key = encodeQueryText(name);
  if (info.contentType !== undefined) return [`${key}=${encodeQueryText(mediaText(value, info.contentType), reserved)}`];
  const explode = info.explode ?? (info.style ?? 'form') === 'form';
  if (Array.isArray(value)) {
    const items = value.filter((v) => v !== undefined).map(enc);
    return explode ? items.map((item) => `${key}=${item}`) : [`${key}=${items.join(delimiter)}`];
  }
  const pairs = entriesOf(value);
  if (pairs) {
    if (explode) return pairs.map(([k, v]) => `${encodeQueryText(k)}=${enc(v)}`);
    return [`${key}=${pairs.map(([k, v]) => `${encodeQueryText(k, reserved)}${delimiter}${enc(v)}`).join(delimiter)}`];
  }
  return [`${key}=${enc(value)}`];
}

function deepObject(prefix: string, value: unknown, enc: (v: unknown) => string, out: string[]): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      if (v !== undefined) deepObject(`${prefix}%5B${i}%5D`, v, enc, out);
    });
    return;
  }
  const pairs = entriesOf(value);
  if (pairs) for (const [k, v] of pairs) deepObject(`${prefix}%5B${encodeQueryText(k)}%5D`, v, enc, out);
  else out.push(`${prefix}=${value === null ? '' : enc(value)}`);
}

/**
 * A path parameter, percent-encoded so that it stays one segment: style `simple` (default),
 * `label` or `matrix`; a Swagger `collectionFormat` joins arrays with its delimiter.
 */
export function serialisePath(name: string, value: unknown, info: SerialisationInfo = {}, context = 'path'): string {
  const encode = (v: unknown): string => segment(name, scalarText(v), context);
  const style = info.style;
  if (info.contentType !== undefined || (info.collectionFormat === undefined && style !== 'label' && style !== 'matrix'))
    return simplePath(name, value, info, context);
  if (info.collectionFormat !== undefined && Array.isArray(value)) return value.map(encode).join(URL_DELIMITERS[info.collectionFormat]);
  const explode = info.explode === true;
  const pairs = entriesOf(value);
  if (style === 'label') {
    if (pairs) return `.${pairs.map(([k, v]) => `${encodeSegment(k)}${explode ? '=' : ','}${encode(v)}`).join(explode ? '.' : ',')}`;
    return `.${Array.isArray(value) ? value.map(encode).join(explode ? '.' : ',') : encode(value)}`;
  }
  if (style === 'matrix') {
    const key = encodeSegment(name);
    if (pairs)
      return explode
        ? pairs.map(([k, v]) => `;${encodeSegment(k)}=${encode(v)}`).join('')
        : `;${key}=${pairs.map(([k, v]) => `${encodeSegment(k)},${encode(v)}`).join(',')}`;
    if (Array.isArray(value)) return explode ? value.map((v) => `;${key}=${encode(v)}`).join('') : `;${key}=${value.map(encode).join(',')}`;
    return `;${key}=${encode(value)}`;
  }
  return simplePath(name, value, info, context);
}

/**
 * One path segment's text, percent-encoded. `.` and `..` are refused: URL parsers (fetch's
 * included) resolve "%2E%2E" like "..", so a dot segment cannot be sent.
 */
export function segment(name: string, text: string, context: string): string {
  if (text === '.' || text === '..') throw new RequestValidationError(`${context}: path parameter "${name}" cannot be "${text}"`);
  return encodeURIComponent(text);
}

/** The core's path serialiser: style `simple` (arrays `a,b`; objects `k,v` or, exploded, `k=v`) and `content`-typed parameters. */
export function simplePath(name: string, value: unknown, info: SerialisationInfo = {}, context = 'path'): string {
  const encode = (v: unknown): string => segment(name, scalarText(v), context);
  if (info.contentType !== undefined) return encode(mediaText(value, info.contentType));
  if (typeof value === 'string' || typeof value === 'number') return encode(value);
  const pairs = entriesOf(value);
  if (pairs) return pairs.map(([k, v]) => `${encodeSegment(k)}${info.explode === true ? '=' : ','}${encode(v)}`).join(',');
  return Array.isArray(value) ? value.map(encode).join(',') : encode(value);
}

/** A header parameter: style `simple` (arrays `a,b`; objects `k,v,k,v`, explode `k=v,k=v`), a `collectionFormat` delimiter, or `content` media. */
export function serialiseHeader(value: unknown, info: SerialisationInfo = {}): string {
  if (info.contentType !== undefined) return mediaText(value, info.contentType);
  if (info.collectionFormat !== undefined && Array.isArray(value)) return value.map(scalarText).join(TEXT_DELIMITERS[info.collectionFormat]);
  return serialiseSimple(value, info.explode === true);
}

/** A cookie parameter as `name=value` (arrays and objects comma-separated, as `form` without explode). */
export function serialiseCookie(name: string, value: unknown, info: SerialisationInfo = {}): string {
  const text = info.contentType !== undefined ? mediaText(value, info.contentType) : serialiseSimple(value, false);
  return `${encodeURIComponent(name)}=${encodeURIComponent(text)}`;
}

/** Bytes percent-encoded (form-urlencoded binary: the bytes themselves, not JSON). */
function percentBytes(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function bytesOf(value: ArrayBuffer | ArrayBufferView): Uint8Array {
  return value instanceof ArrayBuffer ? new Uint8Array(value) : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
}

/**
 * An `application/x-www-form-urlencoded` body (OpenAPI 3.0.4 / 3.1.1 Encoding Object). A property
 * whose encoding sets `style`, `explode` or `allowReserved` goes like a query parameter with
 * those rules (default style `form`, explode true): objects as `k=v` pairs or, with
 * `deepObject`, as `name[k]=v` (an empty object sends nothing). A property without them is
 * written in its `contentType`, whose default is `application/json` for objects (JSON text,
 * percent-encoded: the standard's "URL Encoded Form with JSON Values" example) and text for
 * primitives; arrays repeat the name per item. Bytes (`ArrayBuffer`, typed arrays) are sent as
 * their bytes; a `Blob` cannot be read synchronously and is refused. Spaces are written `+`. A
 * string body (a spec that types the form as a string) is sent as the encoded form it is.
 */
export function serialiseForm(body: unknown, encoding?: Readonly<Record<string, EncodingInfo>>, context = 'form body'): string {
  // A spec whose form body is a string: the caller's text is the encoded form.
  if (typeof body === 'string') return body;
  const pairs = entriesOf(body);
  if (pairs === undefined) throw new RequestValidationError(`${context}: an application/x-www-form-urlencoded body must be an object of fields`);
  const out: string[] = [];
  for (const [name, value] of pairs) {
    const info = (encoding && ownValue(encoding, name)) || {};
    const key = encodeQueryText(name);
    if (isBinary(value)) {
      if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) out.push(`${key}=${percentBytes(bytesOf(value))}`);
      else
        throw new RequestValidationError(
          `${context}: body field "${name}" is a Blob, which an application/x-www-form-urlencoded body cannot carry; pass its bytes (Uint8Array or ArrayBuffer)`,
        );
      continue;
    }
    if (info.style !== undefined || info.explode !== undefined || info.allowReserved !== undefined || info.collectionFormat !== undefined) {
      const { style, explode, allowReserved, collectionFormat } = info;
      out.push(...serialiseQuery(name, value, JSON.parse(JSON.stringify({ style, explode, allowReserved, collectionFormat })) as SerialisationInfo));
      continue;
    }
    const declared = info.contentType?.split(',')[0]?.trim().toLowerCase();
    if (declared !== undefined && isJson(declared)) {
      out.push(`${key}=${encodeQueryText(JSON.stringify(value))}`);
      continue;
    }
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === undefined) continue;
      const structured = item !== null && typeof item === 'object' && !(item instanceof Date);
      out.push(`${key}=${encodeQueryText(structured && declared === undefined ? JSON.stringify(item) : scalarText(item))}`);
    }
  }
  // The form encoding (WHATWG, HTML) writes a space as `+`; every decoder reads both.
  return out.join('&').replace(/%20/g, '+');
}

/** `serialiseForm` as a body encoder (`BodyInfo.encode`). */
export const formBody: BodyEncoder = (body, info, context) => ({ body: serialiseForm(body, info.encoding, context), contentType: info.mediaType });

/** `serialiseMultipart` as a body encoder (`BodyInfo.encode`). */
export const multipartBody: BodyEncoder = (body, info, context) => serialiseMultipart(body, info.encoding, context);

/** Whether `type` is one of the media types `pattern` names (exact, `image/` + star, or star/star). */
function mediaMatches(pattern: string, type: string): boolean {
  const p = pattern.toLowerCase().split(';')[0]!.trim();
  const t = type.toLowerCase().split(';')[0]!.trim();
  if (p === '*/*' || p === t) return true;
  return p.endsWith('/*') && t.startsWith(p.slice(0, -1));
}

/** RFC 7578 quoting of a field or file name: `"`, CR and LF percent-encoded, as browsers do. */
function quoteName(name: string): string {
  return name.replace(/[\r\n"]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function randomBoundary(): string {
  let out = '';
  for (let i = 0; i < 24; i++) out += Math.floor(Math.random() * 16).toString(16);
  return `----specweave${out}`;
}

/**
 * A `multipart/form-data` body with one part per property (an array: one part per item, unless a
 * Swagger `collectionFormat` other than `multi` joins it). Each part's Content-Type: the
 * encoding's `contentType`, else `application/json` for objects and arrays, the Blob's type or
 * `application/octet-stream` for binary, and none (RFC 7578's text/plain) for primitives.
 */
export function serialiseMultipart(
  body: unknown,
  encoding?: Readonly<Record<string, EncodingInfo>>,
  context = 'multipart body',
  boundary: string = randomBoundary(),
): { body: Blob; contentType: string } {
  const pairs = entriesOf(body);
  if (pairs === undefined) throw new RequestValidationError(`${context}: a multipart/form-data body must be an object of fields`);
  const parts: BlobPart[] = [];
  for (const [name, value] of pairs) {
    const info = (encoding && ownValue(encoding, name)) || {};
    const listed = (info.contentType ?? '')
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t !== '');
    const exact = listed.find((t) => !t.includes('*'));
    let items: unknown[];
    if (Array.isArray(value) && info.collectionFormat !== undefined && info.collectionFormat !== 'multi')
      items = [value.map(scalarText).join(TEXT_DELIMITERS[info.collectionFormat])];
    else items = Array.isArray(value) ? value : [value];
    for (const item of items) {
      if (item === undefined) continue;
      let head = `--${boundary}\r\nContent-Disposition: form-data; name="${quoteName(name)}"`;
      if (isBinary(item)) {
        const file = typeof File !== 'undefined' && item instanceof File ? item.name : 'blob';
        const own = item instanceof Blob && item.type !== '' ? item.type : undefined;
        const fits = own !== undefined && (listed.length === 0 || listed.some((t) => mediaMatches(t, own)));
        const type = fits ? own : (exact ?? own ?? 'application/octet-stream');
        head += `; filename="${quoteName(file)}"\r\nContent-Type: ${type}\r\n\r\n`;
        parts.push(head, item instanceof Blob ? item : (bytesOf(item) as Uint8Array<ArrayBuffer>), '\r\n');
        continue;
      }
      const structured = item !== null && typeof item === 'object' && !(item instanceof Date);
      const type = exact ?? (structured ? 'application/json' : undefined);
      if (structured && type !== undefined && !isJson(type.toLowerCase())) {
        throw new RequestValidationError(`${context}: body field "${name}" is sent as ${type}; pass it as text in that format (specweave writes JSON only)`);
      }
      const text = type !== undefined && isJson(type.toLowerCase()) ? JSON.stringify(item) : scalarText(item);
      head += type === undefined ? '\r\n\r\n' : `\r\nContent-Type: ${type}\r\n\r\n`;
      parts.push(head, text, '\r\n');
    }
  }
  parts.push(`--${boundary}--\r\n`);
  return { body: new Blob(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Own entries of a plain object parameter value (undefined values skipped); undefined for anything else. */
function entriesOf(value: unknown): Array<[string, unknown]> | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Date || isBinary(value)) return undefined;
  return Object.entries(value).filter(([, v]) => v !== undefined);
}

/** Percent-encodes a path segment so that `/`, `?`, `#` and dot segments stay inside it. */
export function encodeSegment(value: string): string {
  if (value === '.' || value === '..') return value.replace(/\./g, '%2E');
  return encodeURIComponent(value);
}

/** OpenAPI `simple` style (headers, cookies): arrays `a,b`; flat objects `k,v,k,v` (explode: `k=v,k=v`). */
function serialiseSimple(value: unknown, explode: boolean): string {
  if (Array.isArray(value)) return value.map(scalarText).join(',');
  const pairs = entriesOf(value);
  if (pairs && !pairs.some(([, v]) => v !== null && typeof v === 'object' && !(v instanceof Date))) {
    return pairs.map(([k, v]) => `${k}${explode ? '=' : ','}${scalarText(v)}`).join(',');
  }
  return scalarText(value);
}

/** One value as text: dates as ISO 8601, objects and arrays as JSON. */
export function scalarText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function isJson(mediaType: string): boolean {
  if (mediaType.startsWith('application/json')) return mediaType.length === 16 || !/^[\w.+-]/.test(mediaType.charAt(16));
  return /^application\/(?:[\w.+-]+\+)?json\b/.test(mediaType) || mediaType === '*/*';
}

/** Whether a query or path parameter needs `serialiseQuery` / `serialisePath` (a style the core's `formQuery` / `simplePath` does not carry). */
export function needsSerialiser(p: { readonly in: string } & SerialisationInfo): boolean {
  if (p.contentType !== undefined) return false;
  if (p.in === 'query') return p.collectionFormat !== undefined || (p.style !== undefined && p.style !== 'form');
  return p.in === 'path' && (p.collectionFormat !== undefined || p.style === 'label' || p.style === 'matrix');
}

const completed = new WeakMap<OperationInfo, OperationInfo>();

/**
 * `op` with every serialiser and body encoder it needs (what generated operations name
 * themselves), for callers of the package root's `request` that describe operations by hand.
 */
export function withSerialisers(op: OperationInfo): OperationInfo {
  let out = completed.get(op);
  if (out === undefined) {
    const type = op.body?.mediaType.toLowerCase();
    const encode = op.body?.encode ?? (type === 'multipart/form-data' ? multipartBody : type === 'application/x-www-form-urlencoded' ? formBody : undefined);
    out = {
      ...op,
      parameters: op.parameters.map((p) =>
        p.serialise === undefined && needsSerialiser(p) ? { ...p, serialise: p.in === 'query' ? serialiseQuery : serialisePath } : p,
      ),
      ...(op.body && encode ? { body: { ...op.body, encode } } : {}),
    };
    completed.set(op, out);
  }
  return out;
}
