// specweave runtime, copied from specweave's src/runtime. Do not edit: run `npm run generate`.
/** The events hooks receive (`onRequest`, `onResponse`, `RetryEvent.response`), their headers redacted where logged. */
// ------------------------------------------------------------------------------ hooks
const SECRET_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie'];
export function redact(headers, secret) {
    const out = {};
    headers.forEach((value, name) => {
        out[name] = SECRET_HEADERS.includes(name) || secret.includes(name) ? '[redacted]' : value;
    });
    return out;
}
function withHiddenHeaders(info, headers) {
    return Object.defineProperty(info, 'headers', { value: headers, enumerable: false });
}
/** Only made when `onRequest` is given, and then the request's headers are a (checking) `Headers`. */
export function requestEvent(op, p, attempt) {
    const headers = p.headers;
    const info = { operation: op.id, method: p.method, url: p.query.toString(true), attempt, redactedHeaders: redact(headers, p.secretHeaders) };
    return withHiddenHeaders(info, headers);
}
export function responseEvent(op, p, attempt, status, headers, durationMs) {
    const info = { operation: op.id, method: p.method, url: p.query.toString(true), attempt, status, durationMs, redactedHeaders: redact(headers, []) };
    return withHiddenHeaders(info, headers);
}
