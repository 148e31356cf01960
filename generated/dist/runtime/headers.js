// specweave runtime, copied from specweave's src/runtime. Do not edit: run `npm run generate`.
/** Request headers checked before sending: a value fetch cannot send is a `RequestValidationError` naming the header, never the value. */
import { RequestValidationError } from './common.js';
import { UNSENDABLE_HEADER as UNSENDABLE } from './credentials.js';
// ------------------------------------------------------------------------------ headers
/** Operation of a checked `Headers` (kept out of the object, so logging it shows nothing more). */
const headerOwners = new WeakMap();
/**
 * `Headers` that refuse a value fetch cannot send (line breaks, NUL, characters outside
 * Latin-1) with a `RequestValidationError` naming the operation and the header, never the
 * value (the platform's `TypeError` quotes it).
 */
export function checkedHeaders(op) {
    const headers = new CheckedHeaders();
    headerOwners.set(headers, op);
    return headers;
}
class CheckedHeaders extends Headers {
    set(name, value) {
        checkHeader(headerOwners.get(this), name, value);
        super.set(name, value);
    }
    append(name, value) {
        checkHeader(headerOwners.get(this), name, value);
        super.append(name, value);
    }
}
/** A fresh plain header record (see `HeaderBag`). */
export function headerRecord() {
    return {};
}
/** Sets a header of the request being prepared, checked first (once, whatever class `headers` is). */
export function put(op, headers, name, value) {
    checkHeader(op, name, value);
    putChecked(headers, name, value);
}
/** Sets a header whose name and value were already checked (by `put`, in an earlier call). */
export function putChecked(headers, name, value) {
    if (headers instanceof Headers)
        Headers.prototype.set.call(headers, name, value);
    else {
        const key = name.toLowerCase();
        if (key === '__proto__')
            Object.defineProperty(headers, key, { value, enumerable: true, writable: true, configurable: true });
        else
            headers[key] = value;
    }
}
/** Whether the request being prepared has the header `name` (lower case). */
export function hasHeader(headers, name) {
    return headers instanceof Headers ? headers.has(name) : Object.hasOwn(headers, name);
}
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~\dA-Za-z]+$/;
function checkHeader(op, name, value) {
    const badName = !HEADER_NAME.test(String(name));
    if (!badName && !UNSENDABLE.test(String(value)))
        return;
    if (op === undefined)
        return;
    const param = op.parameters.some((p) => p.in === 'header' && p.name.toLowerCase() === String(name).toLowerCase());
    if (badName)
        throw new RequestValidationError(`${op.id}: ${param ? 'header parameter' : 'header'} name ${JSON.stringify(String(name))} is not a valid HTTP header name`);
    throw new RequestValidationError(`${op.id}: ${param ? `header parameter "${name}"` : `header "${name}"`} cannot be sent: its value holds a line break, NUL or a character outside Latin-1`);
}
