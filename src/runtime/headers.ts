/** Request headers checked before sending: a value fetch cannot send is a `RequestValidationError` naming the header, never the value. */

import { RequestValidationError } from './common.js';
import { UNSENDABLE_HEADER as UNSENDABLE } from './credentials.js';
import type { OperationInfo } from './rest-info.js';

// ------------------------------------------------------------------------------ headers

/** Operation of a checked `Headers` (kept out of the object, so logging it shows nothing more). */
const headerOwners = new WeakMap<Headers, OperationInfo>();

/**
 * `Headers` that refuse a value fetch cannot send (line breaks, NUL, characters outside
 * Latin-1) with a `RequestValidationError` naming the operation and the header, never the
 * value (the platform's `TypeError` quotes it).
 */
export function checkedHeaders(op: OperationInfo): Headers {
  const headers = new CheckedHeaders();
  headerOwners.set(headers, op);
  return headers;
}

class CheckedHeaders extends Headers {
  override set(name: string, value: string): void {
    checkHeader(headerOwners.get(this), name, value);
    super.set(name, value);
  }
  override append(name: string, value: string): void {
    checkHeader(headerOwners.get(this), name, value);
    super.append(name, value);
  }
}

/**
 * The headers of a request being prepared: a `Headers` when a hook may see and change them, else
 * a plain record of lower-case names, which fetch takes without the copy a `Headers` costs it.
 * The record is an ordinary object (one without a prototype is a slow dictionary object in V8,
 * which cost fetch ~1% of a loopback call in bench:rest): names are read as own properties
 * only, and `__proto__` is defined, never assigned.
 */
export type HeaderBag = Headers | Record<string, string>;

/** A fresh plain header record (see `HeaderBag`). */
export function headerRecord(): Record<string, string> {
  return {};
}

/** Sets a header of the request being prepared, checked first (once, whatever class `headers` is). */
export function put(op: OperationInfo, headers: HeaderBag, name: string, value: string): void {
  checkHeader(op, name, value);
  putChecked(headers, name, value);
}

/** Sets a header whose name and value were already checked (by `put`, in an earlier call). */
export function putChecked(headers: HeaderBag, name: string, value: string): void {
  if (headers instanceof Headers) Headers.prototype.set.call(headers, name, value);
  else {
    const key = name.toLowerCase();
    if (key === '__proto__') Object.defineProperty(headers, key, { value, enumerable: true, writable: true, configurable: true });
    else headers[key] = value;
  }
}

/** Whether the request being prepared has the header `name` (lower case). */
export function hasHeader(headers: HeaderBag, name: string): boolean {
  return headers instanceof Headers ? headers.has(name) : Object.hasOwn(headers, name);
}

const HEADER_NAME = /^[!#$%&'*+\-.^_`|~\dA-Za-z]+$/;

function checkHeader(op: OperationInfo | undefined, name: string, value: string): void {
  const badName = !HEADER_NAME.test(String(name));
  if (!badName && !UNSENDABLE.test(String(value))) return;
  if (op === undefined) return;
  const param = op.parameters.some((p) => p.in === 'header' && p.name.toLowerCase() === String(name).toLowerCase());
  if (badName)
    throw new RequestValidationError(`${op.id}: ${param ? 'header parameter' : 'header'} name ${JSON.stringify(String(name))} is not a valid HTTP header name`);
  throw new RequestValidationError(
    `${op.id}: ${param ? `header parameter "${name}"` : `header "${name}"`} cannot be sent: its value holds a line break, NUL or a character outside Latin-1`,
  );
}
