// specweave runtime, copied from specweave's src/runtime. Do not edit: run `npm run generate`.
/**
 * specweave REST runtime: copied verbatim into every generated package; no dependencies.
 * Generated operation functions describe themselves with plain data (`OperationInfo`) and
 * call `request()`: URL building, parameter serialisation, auth, body encoding and response
 * decoding all live here, once, and are tested as ordinary code.
 *
 * Error convention: a response with a status outside 2xx throws `ApiError` carrying the status,
 * headers and decoded body (typed per operation by the generated `…Error` alias). Transport
 * failures are thrown as they come from `fetch` (an `AbortError` when the signal fires).
 */
/** A response with a non-2xx status. `R` is the operation's declared error responses. */
export class ApiError extends Error {
    name = 'ApiError';
    operation;
    status;
    body;
    headers;
    constructor(operation, status, body, headers) {
        super(`${operation} failed with HTTP ${status}`);
        this.operation = operation;
        this.status = status;
        this.body = body;
        this.headers = headers;
    }
}
/** Thrown before any request when the inputs cannot make a valid one. */
export class RequestValidationError extends Error {
    name = 'RequestValidationError';
}
export async function request(api, op, args, options) {
    const url = new UrlBuilder(baseUrl(api, op, options) + expandPath(op, args.path ?? {}));
    const headers = new Headers();
    for (const [k, v] of Object.entries(options.headers ?? {}))
        headers.set(k, v);
    const cookies = [];
    for (const p of op.parameters) {
        const source = p.in === 'query' ? args.query : p.in === 'header' ? args.headers : p.in === 'cookie' ? args.cookies : undefined;
        const value = source === undefined ? undefined : ownValue(source, p.name);
        if (value === undefined || p.in === 'path')
            continue;
        if (p.in === 'query')
            url.addQuery(p.name, value, p.style ?? 'form', p.explode ?? (p.style ?? 'form') === 'form');
        else if (p.in === 'header')
            headers.set(p.name, serialiseSimple(value));
        else
            cookies.push(`${encodeURIComponent(p.name)}=${encodeURIComponent(serialiseSimple(value))}`);
    }
    await applyAuth(api, op, options, headers, url, cookies);
    if (cookies.length > 0)
        headers.set('cookie', cookies.join('; '));
    const init = { method: op.method.toUpperCase(), headers };
    if (args.body !== undefined && op.body) {
        const encoded = encodeBody(op.body.mediaType, args.body);
        if (encoded.contentType)
            headers.set('content-type', encoded.contentType);
        init.body = encoded.body;
    }
    if (!headers.has('accept'))
        headers.set('accept', 'application/json, */*;q=0.5');
    if (options.signal)
        init.signal = options.signal;
    const doFetch = options.fetch ?? ((input, requestInit) => globalThis.fetch(input, requestInit));
    const response = await doFetch(url.toString(), init);
    const data = await decodeBody(response);
    if (response.status < 200 || response.status > 299) {
        throw new ApiError(op.id, response.status, data, response.headers);
    }
    return { status: response.status, data, headers: response.headers };
}
// ------------------------------------------------------------------------------- URLs
function baseUrl(api, op, options) {
    const key = op.servers[0];
    if (key === undefined)
        throw new RequestValidationError(`${op.id}: the spec names no server; pass baseUrl`);
    const override = typeof options.baseUrl === 'string' ? options.baseUrl : options.baseUrl === undefined ? undefined : ownValue(options.baseUrl, key);
    if (typeof override === 'string')
        return override.replace(/\/+$/, '');
    const server = ownValue(api.servers, key);
    if (server === undefined)
        throw new RequestValidationError(`${op.id}: unknown server "${key}"`);
    return expandServerUrl(server, options.serverVariables ?? {}, op.id).replace(/\/+$/, '');
}
/** Fills `{name}` placeholders of a server URL, checking each value against the spec's enum. */
export function expandServerUrl(server, values, context) {
    return server.url.replace(/\{([^{}]+)\}/g, (_, name) => {
        const variable = server.variables === undefined ? undefined : ownValue(server.variables, name);
        const given = ownValue(values, name);
        const value = typeof given === 'string' ? given : variable?.default;
        if (value === undefined)
            throw new RequestValidationError(`${context}: server variable "${name}" has no default; pass serverVariables.${name}`);
        if (variable?.enum && !variable.enum.includes(value)) {
            throw new RequestValidationError(`${context}: server variable "${name}" must be one of ${variable.enum.join(', ')}`);
        }
        if (/[/?#@\s]/.test(value) && !server.url.startsWith(`{${name}}`)) {
            throw new RequestValidationError(`${context}: server variable "${name}" must not contain / ? # @ or spaces`);
        }
        return value;
    });
}
function expandPath(op, path) {
    return op.path.replace(/\{([^{}]+)\}/g, (_, name) => {
        const value = ownValue(path, name);
        if (value === undefined || value === null)
            throw new RequestValidationError(`${op.id}: missing path parameter "${name}"`);
        const text = serialiseSimple(value);
        // URL parsers (fetch's included) resolve "%2E%2E" like "..": a dot segment cannot be sent.
        if (text === '.' || text === '..')
            throw new RequestValidationError(`${op.id}: path parameter "${name}" cannot be "${text}"`);
        return encodeSegment(text);
    });
}
/** Percent-encodes a path segment so that `/`, `?`, `#` and dot segments stay inside it. */
export function encodeSegment(value) {
    if (value === '.' || value === '..')
        return value.replace(/\./g, '%2E');
    return encodeURIComponent(value);
}
class UrlBuilder {
    base;
    query = [];
    constructor(base) {
        this.base = base;
    }
    addQuery(name, value, style, explode) {
        const key = encodeURIComponent(name);
        if (Array.isArray(value)) {
            const items = value.map((v) => encodeURIComponent(serialiseSimple(v)));
            if (explode)
                for (const item of items)
                    this.query.push(`${key}=${item}`);
            else
                this.query.push(`${key}=${items.join(style === 'spaceDelimited' ? '%20' : style === 'pipeDelimited' ? '|' : ',')}`);
        }
        else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
            const entries = Object.entries(value).filter(([, v]) => v !== undefined);
            if (style === 'deepObject')
                for (const [k, v] of entries)
                    this.query.push(`${key}%5B${encodeURIComponent(k)}%5D=${encodeURIComponent(serialiseSimple(v))}`);
            else if (explode)
                for (const [k, v] of entries)
                    this.query.push(`${encodeURIComponent(k)}=${encodeURIComponent(serialiseSimple(v))}`);
            else
                this.query.push(`${key}=${entries.map(([k, v]) => `${encodeURIComponent(k)},${encodeURIComponent(serialiseSimple(v))}`).join(',')}`);
        }
        else {
            this.query.push(`${key}=${encodeURIComponent(serialiseSimple(value))}`);
        }
    }
    toString() {
        if (this.query.length === 0)
            return this.base;
        return `${this.base}${this.base.includes('?') ? '&' : '?'}${this.query.join('&')}`;
    }
}
function serialiseSimple(value) {
    if (Array.isArray(value))
        return value.map(serialiseSimple).join(',');
    if (value instanceof Date)
        return value.toISOString();
    if (value !== null && typeof value === 'object')
        return JSON.stringify(value);
    return String(value);
}
// ------------------------------------------------------------------------------- auth
async function applyAuth(api, op, options, headers, url, cookies) {
    const auth = options.auth ?? {};
    // The first alternative whose every scheme has a credential; none is fine (the server answers).
    // A non-empty alternative wins over `[]` (optional auth): given credentials are sent.
    const chosen = op.security.find((req) => req.length > 0 && req.every((scheme) => ownValue(auth, scheme) !== undefined));
    for (const schemeName of chosen ?? []) {
        const scheme = ownValue(api.securitySchemes, schemeName);
        const credential = ownValue(auth, schemeName);
        if (scheme === undefined || credential === undefined)
            continue;
        if (scheme.type === 'basic') {
            const { username, password } = typeof credential === 'object' ? credential : { username: await resolveToken(credential), password: '' };
            headers.set('authorization', `Basic ${base64(`${username}:${password}`)}`);
            continue;
        }
        const value = typeof credential === 'object' ? `${credential.username}:${credential.password}` : await resolveToken(credential);
        if (scheme.type === 'bearer')
            headers.set('authorization', `Bearer ${value}`);
        else if (scheme.in === 'header')
            headers.set(scheme.name, value);
        else if (scheme.in === 'query')
            url.addQuery(scheme.name, value, 'form', true);
        else
            cookies.push(`${encodeURIComponent(scheme.name)}=${encodeURIComponent(value)}`);
    }
}
export async function resolveToken(token) {
    return typeof token === 'function' ? await token() : token;
}
function base64(text) {
    const bytes = new TextEncoder().encode(text);
    let binary = '';
    for (const b of bytes)
        binary += String.fromCharCode(b);
    return btoa(binary);
}
// ------------------------------------------------------------------------------ bodies
function encodeBody(mediaType, body) {
    const type = mediaType.toLowerCase();
    if (type === 'multipart/form-data') {
        const form = new FormData();
        for (const [k, v] of Object.entries(body)) {
            if (v === undefined)
                continue;
            for (const item of Array.isArray(v) ? v : [v])
                form.append(k, item instanceof Blob ? item : serialiseSimple(item));
        }
        return { body: form }; // fetch sets the boundary
    }
    if (type === 'application/x-www-form-urlencoded') {
        const params = new URLSearchParams();
        for (const [k, v] of Object.entries(body)) {
            if (v === undefined)
                continue;
            for (const item of Array.isArray(v) ? v : [v])
                params.append(k, serialiseSimple(item));
        }
        return { body: params.toString(), contentType: mediaType };
    }
    if (isJson(type))
        return { body: JSON.stringify(body), contentType: mediaType };
    if (typeof body === 'string')
        return { body, contentType: mediaType };
    if (body instanceof Blob || body instanceof ArrayBuffer || ArrayBuffer.isView(body))
        return { body: body, contentType: mediaType };
    return { body: JSON.stringify(body), contentType: mediaType };
}
async function decodeBody(response) {
    if (response.status === 204 || response.status === 205 || response.status === 304)
        return undefined;
    const type = (response.headers.get('content-type') ?? '').toLowerCase();
    if (isJson(type)) {
        const text = await response.text();
        if (text === '')
            return undefined;
        try {
            return JSON.parse(text);
        }
        catch {
            return text;
        }
    }
    if (type.startsWith('text/') || type === '') {
        const text = await response.text();
        return text === '' ? undefined : text;
    }
    return await response.blob();
}
function isJson(mediaType) {
    return /^application\/(?:[\w.+-]+\+)?json\b/.test(mediaType) || mediaType === '*/*';
}
/** Reads a key the object itself has: spec-keyed data never reaches the prototype chain. */
export function ownValue(record, key) {
    return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}
/** Per-call options over client defaults: records (headers, auth, servers, variables) merge. */
export function mergeOptions(defaults, call) {
    const merged = { ...defaults, ...call };
    if (defaults.headers || call.headers)
        merged.headers = { ...defaults.headers, ...call.headers };
    if (defaults.auth || call.auth)
        merged.auth = { ...defaults.auth, ...call.auth };
    if (defaults.serverVariables || call.serverVariables)
        merged.serverVariables = { ...defaults.serverVariables, ...call.serverVariables };
    if (typeof defaults.baseUrl === 'object' && typeof call.baseUrl === 'object')
        merged.baseUrl = { ...defaults.baseUrl, ...call.baseUrl };
    return merged;
}
