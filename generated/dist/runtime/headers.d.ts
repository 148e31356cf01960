/** Request headers checked before sending: a value fetch cannot send is a `RequestValidationError` naming the header, never the value. */
import type { OperationInfo } from './rest-info.js';
/**
 * `Headers` that refuse a value fetch cannot send (line breaks, NUL, characters outside
 * Latin-1) with a `RequestValidationError` naming the operation and the header, never the
 * value (the platform's `TypeError` quotes it).
 */
export declare function checkedHeaders(op: OperationInfo): Headers;
/**
 * The headers of a request being prepared: a `Headers` when a hook may see and change them, else
 * a plain record of lower-case names, which fetch takes without the copy a `Headers` costs it.
 * The record is an ordinary object (one without a prototype is a slow dictionary object in V8,
 * which cost fetch ~1% of a loopback call in bench:rest): names are read as own properties
 * only, and `__proto__` is defined, never assigned.
 */
export type HeaderBag = Headers | Record<string, string>;
/** A fresh plain header record (see `HeaderBag`). */
export declare function headerRecord(): Record<string, string>;
/** Sets a header of the request being prepared, checked first (once, whatever class `headers` is). */
export declare function put(op: OperationInfo, headers: HeaderBag, name: string, value: string): void;
/** Sets a header whose name and value were already checked (by `put`, in an earlier call). */
export declare function putChecked(headers: HeaderBag, name: string, value: string): void;
/** Whether the request being prepared has the header `name` (lower case). */
export declare function hasHeader(headers: HeaderBag, name: string): boolean;
//# sourceMappingURL=headers.d.ts.map
