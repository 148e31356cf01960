// specweave runtime, copied from specweave's src/runtime. Do not edit: run `npm run generate`.
/** Request body encoding by media type, and response bodies read within `maxResponseBytes` and checked against the declared media types. */
import { ownValue, RequestValidationError, readCapped } from './common.js';
import { ResponseTooLargeError, ResponseValidationError } from './errors.js';
import { isJson } from './serialise.js';
const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
export function maxBytes(value) {
    return value === undefined || Number.isNaN(value) || value < 0 ? DEFAULT_MAX_RESPONSE_BYTES : value;
}
// ------------------------------------------------------------------------------ bodies
export function encodeBody(info, body, context) {
    const mediaType = info.mediaType;
    const type = mediaType.toLowerCase();
    if (info.encode)
        return info.encode(body, info, context);
    // Generated operations name their form encoder (serialise.ts), so that only they bundle it.
    if (type === 'multipart/form-data' || type === 'application/x-www-form-urlencoded')
        throw new RequestValidationError(`${context}: no encoder for ${mediaType}`);
    if (isJson(type))
        return { body: JSON.stringify(body), contentType: mediaType };
    if (typeof body === 'string')
        return { body, contentType: mediaType };
    if (body instanceof Blob || body instanceof ArrayBuffer || ArrayBuffer.isView(body))
        return { body, contentType: mediaType };
    return { body: JSON.stringify(body), contentType: mediaType };
}
/** Media types the API document declares for `status`: exact, then `2XX`-style, then `default`. */
function declaredMedia(op, status) {
    const responses = op.responses;
    if (responses === undefined)
        return undefined;
    const exact = String(status);
    return ownValue(responses, exact) ?? ownValue(responses, `${exact[0]}XX`) ?? ownValue(responses, `${exact[0]}xx`) ?? ownValue(responses, 'default');
}
/** The body's bytes, reading at most `max` of them (`ResponseTooLargeError` past it; the rest is not read). */
async function readBytes(op, response, max) {
    const bytes = await readCapped(response, max);
    if (bytes === undefined)
        throw new ResponseTooLargeError(op.id, max, response.status, response.headers);
    return bytes;
}
/**
 * Whether the body is known to fit: a Content-Length within the cap and no Content-Encoding (the
 * connection's framing then bounds what `fetch` reads, so its own reader can be used).
 */
export function fits(response, max, headers = response.headers) {
    const length = headers.get('content-length');
    return length !== null && Number(length) <= max && headers.get('content-encoding') === null;
}
export function readText(op, response, max) {
    return fits(response, max) ? response.text() : readBytes(op, response, max).then((bytes) => new TextDecoder().decode(bytes));
}
/**
 * The common case of `decodeBody`, for the request core to wait on once: the text of a JSON
 * response known to fit (read by fetch's own reader), to be parsed by `parseJsonBody`; undefined
 * for every other response, which `decodeBody` reads.
 */
export function jsonBodyText(response, max) {
    const status = response.status;
    if (status === 204 || status === 205 || status === 304)
        return undefined;
    const headers = response.headers;
    const type = headers.get('content-type');
    return type !== null && isJson(type.toLowerCase()) && fits(response, max, headers) ? response.text() : undefined;
}
/** A JSON body's value (empty: undefined); text that does not parse is a `ResponseValidationError` on success, the text itself on an error status. */
export function parseJsonBody(op, response, text) {
    if (text === '')
        return undefined;
    try {
        return JSON.parse(text);
    }
    catch {
        const status = response.status;
        const type = (response.headers.get('content-type') ?? '').toLowerCase();
        if (status >= 200 && status <= 299)
            throw new ResponseValidationError(op.id, `has content-type "${type}" but its body is not valid JSON`, status, response.headers, text);
        return text;
    }
}
export async function decodeBody(op, response, max) {
    const status = response.status;
    if (status === 204 || status === 205 || status === 304)
        return undefined;
    const success = status >= 200 && status <= 299;
    const type = (response.headers.get('content-type') ?? '').toLowerCase();
    if (isJson(type))
        return parseJsonBody(op, response, await readText(op, response, max));
    if (success) {
        const declared = declaredMedia(op, status);
        if (declared !== undefined && declared.length > 0 && declared.every((m) => m !== '*/*' && isJson(m.toLowerCase()))) {
            const text = await readText(op, response, max);
            if (text === '')
                return undefined;
            throw new ResponseValidationError(op.id, `has content-type "${type || 'none'}"; the API document declares ${declared.join(', ')}`, status, response.headers, text);
        }
    }
    if (type.startsWith('text/') || type === '') {
        const text = await readText(op, response, max);
        return text === '' ? undefined : text;
    }
    return fits(response, max) ? await response.blob() : new Blob([(await readBytes(op, response, max))], { type });
}
