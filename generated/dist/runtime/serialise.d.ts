/**
 * Parameter and form serialisation: one function per location (query, path, header, cookie) and
 * per form body, following OpenAPI 3.x `style` / `explode` / `allowReserved`, `content`-typed
 * parameters and Swagger 2.0 `collectionFormat`; all exported and unit-tested against the
 * standards' example tables.
 */
import type { BodyEncoder, EncodingInfo, OperationInfo, SerialisationInfo } from './rest-info.js';
/** Percent-encodes text for a query string or form body; `allowReserved` leaves RFC 3986 reserved characters but `#`, `&`, `=` as they are. */
export declare function encodeQueryText(text: string, allowReserved?: boolean): string;
/**
 * A query parameter (or a form-urlencoded property) as encoded `name=value` pieces, to be joined
 * with `&`. Defaults: style `form`, explode for `form` only. Objects: `form` explode gives
 * `k=v&k=v`, `deepObject` gives `name[k]=v` (nested objects and arrays nest: `name[a][0]=v`).
 */
export declare function serialiseQuery(name: string, value: unknown, info?: SerialisationInfo): string[];
/**
 * The core's query serialiser: style `form` (explode by default), arrays and objects, and
 * `content`-typed parameters; `delimiter` joins unexploded items (spaceDelimited and
 * pipeDelimited pass theirs through `serialiseQuery`).
 */
export declare function formQuery(name: string, value: unknown, info?: SerialisationInfo, delimiter?: string): string[];
/**
 * A path parameter, percent-encoded so that it stays one segment: style `simple` (default),
 * `label` or `matrix`; a Swagger `collectionFormat` joins arrays with its delimiter.
 */
export declare function serialisePath(name: string, value: unknown, info?: SerialisationInfo, context?: string): string;
/**
 * One path segment's text, percent-encoded. `.` and `..` are refused: URL parsers (fetch's
 * included) resolve "%2E%2E" like "..", so a dot segment cannot be sent.
 */
export declare function segment(name: string, text: string, context: string): string;
/** The core's path serialiser: style `simple` (arrays `a,b`; objects `k,v` or, exploded, `k=v`) and `content`-typed parameters. */
export declare function simplePath(name: string, value: unknown, info?: SerialisationInfo, context?: string): string;
/** A header parameter: style `simple` (arrays `a,b`; objects `k,v,k,v`, explode `k=v,k=v`), a `collectionFormat` delimiter, or `content` media. */
export declare function serialiseHeader(value: unknown, info?: SerialisationInfo): string;
/** A cookie parameter as `name=value` (arrays and objects comma-separated, as `form` without explode). */
export declare function serialiseCookie(name: string, value: unknown, info?: SerialisationInfo): string;
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
export declare function serialiseForm(body: unknown, encoding?: Readonly<Record<string, EncodingInfo>>, context?: string): string;
/** `serialiseForm` as a body encoder (`BodyInfo.encode`). */
export declare const formBody: BodyEncoder;
/** `serialiseMultipart` as a body encoder (`BodyInfo.encode`). */
export declare const multipartBody: BodyEncoder;
/**
 * A `multipart/form-data` body with one part per property (an array: one part per item, unless a
 * Swagger `collectionFormat` other than `multi` joins it). Each part's Content-Type: the
 * encoding's `contentType`, else `application/json` for objects and arrays, the Blob's type or
 * `application/octet-stream` for binary, and none (RFC 7578's text/plain) for primitives.
 */
export declare function serialiseMultipart(body: unknown, encoding?: Readonly<Record<string, EncodingInfo>>, context?: string, boundary?: string): {
    body: Blob;
    contentType: string;
};
/** Percent-encodes a path segment so that `/`, `?`, `#` and dot segments stay inside it. */
export declare function encodeSegment(value: string): string;
/** One value as text: dates as ISO 8601, objects and arrays as JSON. */
export declare function scalarText(value: unknown): string;
export declare function isJson(mediaType: string): boolean;
/** Whether a query or path parameter needs `serialiseQuery` / `serialisePath` (a style the core's `formQuery` / `simplePath` does not carry). */
export declare function needsSerialiser(p: {
    readonly in: string;
} & SerialisationInfo): boolean;
/**
 * `op` with every serialiser and body encoder it needs (what generated operations name
 * themselves), for callers of the package root's `request` that describe operations by hand.
 */
export declare function withSerialisers(op: OperationInfo): OperationInfo;
//# sourceMappingURL=serialise.d.ts.map
