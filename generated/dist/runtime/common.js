// specweave runtime, copied from specweave's src/runtime. Do not edit: run `npm run generate`.
/**
 * specweave shared runtime: copied verbatim into every generated package (REST-only,
 * channel-only or both); no dependencies. The credential and server types, server URL
 * expansion and `RequestValidationError`, used by the REST runtime (http.ts) and the channel
 * runtime (channel.ts) alike, so either ships without the other.
 */
/**
 * The base of every error specweave's runtime throws (REST and channels), so one
 * `instanceof SpecweaveError` tells them from anything else. `name` is the subclass's name.
 */
export class SpecweaveError extends Error {
    name = 'SpecweaveError';
}
/** Thrown before any request when the inputs cannot make a valid one. */
export class RequestValidationError extends SpecweaveError {
    name = 'RequestValidationError';
}
/**
 * Fills `{name}` placeholders of a server URL, checking each value against the spec's enum. The
 * host stays what the template allows: no value may hold `?`, `#`, `\` or white space, and `/`
 * or `@` only where the variable stands in the URL's path (after a `/` of the template, or
 * starting with `/` right after a literal host, as `https://api.example.com{basePath}` with
 * `/buy/deal/v1`). A variable that is the whole start of the URL (`{server}/v1`) is the caller's
 * own choice of host and is taken as given. Dot segments (`..`) are refused: they would leave the
 * template's path.
 */
export function expandServerUrl(server, values, context) {
    const template = server.url;
    let out = '';
    let last = 0;
    for (const match of template.matchAll(/\{([^{}]+)\}/g)) {
        out += template.slice(last, match.index);
        last = match.index + match[0].length;
        const name = match[1];
        const variable = server.variables === undefined ? undefined : ownValue(server.variables, name);
        const given = ownValue(values, name);
        const value = typeof given === 'string' ? given : variable?.default;
        if (value === undefined)
            throw new RequestValidationError(`${context}: server variable "${name}" has no default; pass serverVariables.${name}`);
        if (variable?.enum && !variable.enum.includes(value)) {
            throw new RequestValidationError(`${context}: server variable "${name}" must be one of ${variable.enum.join(', ')}`);
        }
        if (match.index !== 0) {
            if (/[?#\\\s]/.test(value))
                throw new RequestValidationError(`${context}: server variable "${name}" must not contain ? # \\ or spaces`);
            if (/[/@]/.test(value) && !inServerPath(out, value)) {
                throw new RequestValidationError(`${context}: server variable "${name}" stands in the URL's host, so it must not contain / or @`);
            }
            if (value.includes('/') && value.split('/').some((segment) => segment === '.' || segment === '..')) {
                throw new RequestValidationError(`${context}: server variable "${name}" must not contain "." or ".." path segments`);
            }
        }
        out += value;
    }
    return out + template.slice(last);
}
/** Whether a value placed after `prefix` (the URL so far) lands in the path, never in the authority. */
function inServerPath(prefix, value) {
    const absolute = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(prefix);
    if (absolute === null)
        return !(prefix + value).startsWith('//'); // relative: no protocol-relative URL
    const authority = prefix.slice(absolute[0].length);
    if (/[/]/.test(authority))
        return true; // the path has begun
    return value.startsWith('/') && authority !== '' && !authority.includes('@');
}
export async function resolveToken(token) {
    return typeof token === 'function' ? await token() : token;
}
/** Reads a key the object itself has: spec-keyed data never reaches the prototype chain. */
export function ownValue(record, key) {
    return Object.hasOwn(record, key) ? record[key] : undefined;
}
/** What a credential value is replaced by wherever it would be shown. */
export const REDACTED = '[redacted]';
/** `text` with every occurrence of each secret replaced by `[redacted]`. */
export function redactText(text, secrets) {
    let out = text;
    for (const secret of secrets)
        if (secret !== '' && out.includes(secret))
            out = out.split(secret).join(REDACTED);
    return out;
}
/**
 * A response body's bytes, read chunk by chunk: `undefined` as soon as it passes `max` bytes, by
 * its Content-Length or as read (the rest is cancelled, never buffered).
 */
export async function readCapped(response, max) {
    const body = response.body;
    if (body === null || body === undefined)
        return new Uint8Array(0);
    if (typeof body.getReader !== 'function') {
        const bytes = new Uint8Array(await response.arrayBuffer());
        return bytes.byteLength > max ? undefined : bytes;
    }
    if (Number(response.headers?.get('content-length')) > max) {
        void body.cancel().catch(() => undefined);
        return undefined;
    }
    const reader = body.getReader();
    const chunks = [];
    let total = 0;
    for (;;) {
        const { done, value } = await reader.read();
        if (done)
            break;
        total += value.byteLength;
        if (total > max) {
            void reader.cancel().catch(() => undefined);
            return undefined;
        }
        chunks.push(value);
    }
    if (chunks.length === 1)
        return chunks[0];
    const bytes = new Uint8Array(total);
    let at = 0;
    for (const chunk of chunks) {
        bytes.set(chunk, at);
        at += chunk.byteLength;
    }
    return bytes;
}
