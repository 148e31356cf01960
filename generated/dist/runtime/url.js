// specweave runtime, copied from specweave's src/runtime. Do not edit: run `npm run generate`.
/** Request URLs: base URL choice, path templates, the query builder and the check that a URL can be sent. */
import { ownValue, RequestValidationError } from './common.js';
import { segment, simplePath } from './serialise.js';
// ------------------------------------------------------------------------------- URLs
export function baseUrl(api, op, options) {
    const key = op.servers[0];
    if (key === undefined) {
        if (typeof options.baseUrl === 'string')
            return withoutTrailingSlashes(options.baseUrl);
        throw new RequestValidationError(`${op.id}: the spec names no server; pass baseUrl`);
    }
    const override = typeof options.baseUrl === 'string' ? options.baseUrl : options.baseUrl === undefined ? undefined : ownValue(options.baseUrl, key);
    if (typeof override === 'string')
        return withoutTrailingSlashes(override);
    const server = ownValue(api.servers, key);
    if (server === undefined)
        throw new RequestValidationError(`${op.id}: unknown server "${key}"`);
    if (!server.url.includes('{'))
        return withoutTrailingSlashes(server.url);
    if (api.expandServer === undefined)
        throw new RequestValidationError(`${op.id}: server "${key}" has variables, but the API info names no expandServer`);
    return withoutTrailingSlashes(api.expandServer(server, options.serverVariables ?? {}, op.id));
}
function withoutTrailingSlashes(url) {
    let end = url.length;
    while (end > 0 && url.charCodeAt(end - 1) === 47 /* / */)
        end--;
    return end === url.length ? url : url.slice(0, end);
}
/** Path templates split once per operation into literal text and parameters. */
const pathTemplates = new WeakMap();
function pathParts(op) {
    let parts = pathTemplates.get(op);
    if (parts === undefined) {
        const list = [];
        let last = 0;
        for (const match of op.path.matchAll(/\{([^{}]+)\}/g)) {
            const name = match[1];
            const param = op.parameters.find((p) => p.in === 'path' && p.name === name);
            const info = param ?? {};
            const plain = !('serialise' in info && info.serialise) && info.contentType === undefined;
            list.push(op.path.slice(last, match.index), { name, info, plain });
            last = match.index + match[0].length;
        }
        list.push(op.path.slice(last));
        pathTemplates.set(op, (parts = list));
    }
    return parts;
}
export function expandPath(op, path) {
    let out = '';
    for (const part of pathParts(op)) {
        if (typeof part === 'string') {
            out += part;
            continue;
        }
        const value = ownValue(path, part.name);
        if (value === undefined || value === null)
            throw new RequestValidationError(`${op.id}: missing path parameter "${part.name}"`);
        // A string id (most calls) goes straight to its segment: what simplePath would do for it.
        const text = typeof value === 'string' && part.plain
            ? segment(part.name, value, op.id)
            : (('serialise' in part.info && part.info.serialise) || simplePath)(part.name, value, part.info, op.id);
        if (text === '')
            throw new RequestValidationError(`${op.id}: path parameter "${part.name}" is empty`);
        out += text;
    }
    return out;
}
export class UrlBuilder {
    base;
    query = [];
    /** Indexes of query entries that carry credentials. */
    secret = [];
    constructor(base) {
        this.base = base;
    }
    /** Adds encoded `name=value` pieces (from `serialiseQuery`). */
    add(pieces, secret = false) {
        for (const piece of pieces) {
            if (secret)
                this.secret.push(this.query.length);
            this.query.push(piece);
        }
    }
    toString(redacted = false) {
        if (this.query.length === 0)
            return this.base;
        const query = redacted && this.secret.length > 0 ? this.query.map((q, i) => (this.secret.includes(i) ? `${q.slice(0, q.indexOf('='))}=[redacted]` : q)) : this.query;
        return `${this.base}${this.base.includes('?') ? '&' : '?'}${query.join('&')}`;
    }
}
/**
 * Checks that the prepared URL can be sent: absolute (or relative to a browser page), parses,
 * http(s), no user:password. Refused before sending, with the URL shown redacted.
 */
export function checkUrl(op, p) {
    // What follows an accepted base URL from a `/` on (an encoded path, a query) cannot make it
    // unsendable, so each base is parsed once.
    const base = p.root;
    const slash = p.url.charCodeAt(base.length) === 47; /* / */
    if (slash && sendableBases.has(base))
        return;
    const page = globalThis.location?.href;
    const shown = p.query.toString(true);
    if (!ABSOLUTE.test(p.url) && typeof page !== 'string') {
        throw new RequestValidationError(`${op.id}: no absolute base URL (the request would go to "${shown}"); pass baseUrl, e.g. { baseUrl: 'https://api.example.com' }`);
    }
    let parsed;
    try {
        parsed = typeof page === 'string' ? new URL(p.url, page) : new URL(p.url);
    }
    catch {
        throw new RequestValidationError(`${op.id}: the request URL "${shown}" is not a valid URL (check baseUrl, serverVariables and the path parameters)`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
        throw new RequestValidationError(`${op.id}: the request URL must be http or https (check baseUrl)`);
    if (parsed.username !== '' || parsed.password !== '')
        throw new RequestValidationError(`${op.id}: the base URL must not hold user:password; pass credentials as auth`);
    if (slash && ABSOLUTE.test(base) && sendable(base, parsed.origin)) {
        if (sendableBases.size >= 64)
            sendableBases.clear();
        sendableBases.add(base);
    }
}
const ABSOLUTE = /^[a-z][a-z\d+.-]*:/i;
/** Absolute base URLs found sendable on their own (see `checkUrl`); at most 64. */
const sendableBases = new Set();
/** Whether `base` alone parses as an http(s) URL without user:password, of `origin`. */
function sendable(base, origin) {
    try {
        const url = new URL(base);
        return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '' && url.origin === origin;
    }
    catch {
        return false;
    }
}
