// specweave runtime, copied from specweave's src/runtime. Do not edit: run `npm run generate`.
/**
 * The request core: one call prepared (URL, parameters, credentials, body), sent with its
 * timeout, retried by its policy, reported to its hooks and decoded. What each step uses lives
 * in its own module; http.ts describes the whole and re-exports the public entry points.
 */
import { sleep } from './backoff.js';
import { decodeBody, encodeBody, jsonBodyText, maxBytes, parseJsonBody } from './bodies.js';
import { ownValue, RequestValidationError, redactText } from './common.js';
import { applyCredentials } from './credentials.js';
import { ApiError, errorCode, NetworkError, ResponseTooLargeError, ResponseValidationError, TimeoutError } from './errors.js';
import { checkedHeaders, hasHeader, headerRecord, put, putChecked } from './headers.js';
import { requestEvent, responseEvent } from './hooks.js';
import { carriesCredentials, credentialNames, followFrom, isRedirect } from './redirect.js';
import { retryDelay, retryPolicy } from './retry.js';
import { formQuery, serialiseCookie, serialiseHeader } from './serialise.js';
import { anySignal, bounded, TIMED_OUT, timerLength } from './timeouts.js';
import { baseUrl, checkUrl, expandPath, UrlBuilder } from './url.js';
// What generated operations refer to as `rt.…` besides `request` and `mergeOptions`.
export { expandServerUrl } from './common.js';
export { ApiError, NetworkError, ResponseTooLargeError, ResponseValidationError, TimeoutError } from './errors.js';
// ------------------------------------------------------------------------------ request
/**
 * One call: prepared once, then sent attempt by attempt within the retry policy. Each attempt is
 * written out here rather than in a function of its own, so that a call waits on fetch and on
 * the body and on nothing else, as a raw fetch does (an extra async layer per call cost ~1% of
 * a loopback call in bench:rest).
 */
export async function request(api, op, args, options) {
    const plan = planOf(op);
    if (args.body !== undefined && plan.bodyless) {
        throw new RequestValidationError(`${op.id}: a ${plan.method} request cannot have a body; leave out the argument "body"`);
    }
    const ready = prepare(api, op, plan, args, options);
    const p = ready instanceof Promise ? await bounded(ready, op, options) : ready;
    checkUrl(op, p);
    const guard = credentialNames(api);
    // A request carrying credentials follows its redirects here (redirect.ts), never by fetch.
    const carries = carriesCredentials(p, guard);
    const retry = retryPolicy(p.method, options.retry);
    const signal = options.signal;
    const fetchFn = options.fetch ?? defaultFetch;
    const timed = options.onResponse !== undefined || options.onRetry !== undefined;
    for (let attempt = 1;; attempt++) {
        let timer;
        let dispose;
        try {
            if (signal?.aborted)
                throw signal.reason;
            if (options.onRequest)
                await options.onRequest(requestEvent(op, p, attempt));
            const init = { method: p.method, headers: p.headers };
            if (p.body !== undefined)
                init.body = p.body;
            if (carries)
                init.redirect = 'manual';
            const timeoutMs = timerLength(options.timeoutMs ?? op.timeoutMs);
            let timeout;
            if (timeoutMs !== undefined) {
                const controller = (timeout = new AbortController());
                if (signal) {
                    const combined = anySignal([signal, controller.signal]);
                    init.signal = combined.signal;
                    dispose = combined.dispose;
                }
                else {
                    init.signal = controller.signal;
                }
                timer = setTimeout(() => controller.abort(TIMED_OUT), timeoutMs);
            }
            else if (signal) {
                init.signal = signal;
            }
            const started = timed ? now() : 0;
            let response;
            try {
                response = await fetchFn(p.url, init);
                if (carries && isRedirect(response))
                    response = await followFrom(response, p, init, fetchFn, guard);
            }
            catch (error) {
                throw failure(error, op, p, signal, timeout, timeoutMs);
            }
            const durationMs = timed ? now() - started : 0;
            if (options.onResponse) {
                try {
                    await options.onResponse(responseEvent(op, p, attempt, response.status, response.headers, durationMs));
                }
                catch (error) {
                    void response.body?.cancel().catch(() => undefined);
                    throw error;
                }
            }
            let data;
            try {
                const max = maxBytes(options.maxResponseBytes);
                const text = jsonBodyText(response, max);
                data = text === undefined ? await decodeBody(op, response, max) : parseJsonBody(op, response, await text);
            }
            catch (error) {
                throw failure(error, op, p, signal, timeout, timeoutMs, response);
            }
            const status = response.status;
            if (status < 200 || status > 299) {
                const error = new ApiError(op.id, status, data, response.headers);
                if (options.onRetry)
                    retriedResponses.set(error, responseEvent(op, p, attempt, status, response.headers, durationMs));
                throw error;
            }
            return { status, data, headers: response.headers };
        }
        catch (error) {
            // This attempt's timer and signal end here, before any retry delay.
            if (timer !== undefined)
                clearTimeout(timer);
            dispose?.();
            timer = dispose = undefined;
            const delayMs = retry === undefined || attempt >= retry.attempts ? undefined : retryDelay(error, attempt, retry);
            if (delayMs === undefined)
                throw error;
            if (options.onRetry) {
                const event = { operation: op.id, attempt, delayMs, error: error };
                const response = error instanceof ApiError ? retriedResponses.get(error) : undefined;
                if (response)
                    event.response = response;
                options.onRetry(event);
            }
            await sleep(delayMs, options.signal);
        }
        finally {
            if (timer !== undefined)
                clearTimeout(timer);
            dispose?.();
        }
    }
}
const plans = new WeakMap();
function planOf(op) {
    let plan = plans.get(op);
    if (plan === undefined) {
        const method = op.method.toUpperCase();
        plan = { method, bodyless: method === 'GET' || method === 'HEAD', others: op.parameters.filter((p) => p.in !== 'path') };
        plans.set(op, plan);
    }
    return plan;
}
function prepare(api, op, plan, args, options) {
    const root = baseUrl(api, op, options);
    const url = new UrlBuilder(root + expandPath(op, args.path ?? {}));
    // A plain Headers, each of our values checked once as it is set (`put`); a hook that may
    // change them gets the checking subclass instead.
    const headers = options.onRequest ? checkedHeaders(op) : headerRecord();
    if (options.headers)
        for (const k of Object.keys(options.headers))
            put(op, headers, k, options.headers[k]);
    let cookies;
    for (const p of plan.others) {
        const source = p.in === 'query' ? args.query : p.in === 'header' ? args.headers : args.cookies;
        const value = source === undefined ? undefined : ownValue(source, p.name);
        if (value === undefined)
            continue;
        if (p.in === 'query')
            url.add(p.serialise ? p.serialise(p.name, value, p, op.id) : formQuery(p.name, value, p));
        else if (p.in === 'header')
            put(op, headers, p.name, serialiseHeader(value, p));
        else
            (cookies ??= []).push(serialiseCookie(p.name, value, p));
    }
    const auth = options.auth === undefined || op.security.length === 0 ? undefined : applyAuth(api, op, options.auth, headers, url);
    if (auth instanceof Promise)
        return auth.then((done) => finishPrepare(op, plan, args, root, url, headers, cookies, done));
    return finishPrepare(op, plan, args, root, url, headers, cookies, auth);
}
const NONE = [];
function finishPrepare(op, plan, args, root, url, headers, cookies, auth) {
    if (auth?.cookies)
        (cookies ??= []).push(...auth.cookies);
    if (cookies)
        put(op, headers, 'cookie', cookies.join('; '));
    let body;
    if (args.body !== undefined && op.body) {
        const encoded = encodeBody(op.body, args.body, op.id);
        if (encoded.contentType)
            put(op, headers, 'content-type', encoded.contentType);
        body = encoded.body;
    }
    if (!hasHeader(headers, 'accept')) {
        if (headers instanceof Headers)
            Headers.prototype.set.call(headers, 'accept', 'application/json, */*;q=0.5');
        else
            headers['accept'] = 'application/json, */*;q=0.5';
    }
    return { method: plan.method, url: url.toString(), headers, body, query: url, root, secretHeaders: auth?.secretHeaders ?? NONE, auth };
}
const defaultFetch = (input, init) => globalThis.fetch(input, init);
/** The response behind an `ApiError`, for `RetryEvent.response`. */
const retriedResponses = new WeakMap();
/** The abort reason of our own timeout signal (never seen by callers). */
/** What a failed attempt throws: our own errors as they are, else timeout, abort, network. */
function failure(error, op, p, signal, timeout, timeoutMs, response) {
    if (error instanceof ApiError || error instanceof ResponseValidationError || error instanceof ResponseTooLargeError)
        return error;
    if (timeout?.signal.aborted)
        return new TimeoutError(op.id, timeoutMs, undefined, response && { status: response.status, headers: response.headers });
    if (signal?.aborted)
        return signal.reason;
    const cause = redactCause(error, p);
    if (response !== undefined || isNetworkFailure(error))
        return new NetworkError(op.id, cause, response?.status, response?.headers);
    if (error instanceof TypeError) {
        // fetch refused to send the request (not the network's doing): not retried.
        return new RequestValidationError(`${op.id}: fetch refused to send the request: ${cause.message}`, { cause });
    }
    return error;
}
/** A failure of the network (or one of our redirect failures), as fetch reports it in Node (undici), browsers and Deno. */
function isNetworkFailure(error) {
    if (!(error instanceof Error))
        return false;
    if (errorCode(error) !== undefined)
        return true;
    return (error instanceof TypeError &&
        /^(?:fetch failed|failed to fetch|load failed|networkerror|network ?error|network request failed|network connection was lost|terminated|other side closed)/i.test(error.message));
}
/** `error` with every credential of the request removed from messages and stacks along its `cause` chain. */
function redactCause(error, p) {
    const secrets = p.auth?.secrets ?? NONE;
    const clean = (text) => {
        const out = text.includes(p.url) && p.url !== p.query.toString(true) ? text.split(p.url).join(p.query.toString(true)) : text;
        return redactText(out, secrets);
    };
    const dirty = (e, depth) => {
        if (!(e instanceof Error) || depth > 4)
            return false;
        return clean(e.message) !== e.message || clean(e.stack ?? '') !== (e.stack ?? '') || dirty(e.cause, depth + 1);
    };
    const copy = (e, depth) => {
        if (!(e instanceof Error) || depth > 4)
            return undefined;
        const inner = e.cause;
        const out = new (e instanceof TypeError ? TypeError : Error)(clean(e.message), inner === undefined ? undefined : { cause: copy(inner, depth + 1) });
        out.stack = clean(e.stack ?? '');
        const code = e.code;
        if (typeof code === 'string')
            Object.assign(out, { code });
        return out;
    };
    return dirty(error, 0) ? copy(error, 0) : error;
}
function now() {
    return typeof performance === 'undefined' ? Date.now() : performance.now();
}
const appliedPlans = new WeakMap();
/** Applies the operation's security through the shared credential module (credentials.ts). */
function applyAuth(api, op, auth, headers, url) {
    const last = appliedPlans.get(op);
    if (last !== undefined && last.schemes === api.securitySchemes && sameCredentials(last, auth)) {
        for (const [name, value] of last.headers)
            putChecked(headers, name, value);
        if (last.query.length > 0)
            url.add(last.query, true);
        return last.result;
    }
    const headerList = [];
    const query = [];
    const target = {
        header: (name, value) => {
            put(op, headers, name, value);
            headerList.push([name, value]);
        },
        query: (name, value) => {
            const pieces = formQuery(name, value);
            url.add(pieces, true);
            query.push(...pieces);
        },
    };
    const result = applyCredentials(api.securitySchemes, op.security, auth, target, (schemeName, problem) => refuseCredential(op, schemeName, problem));
    if (!(result instanceof Promise)) {
        const names = [...new Set(op.security.flat())];
        const values = names.map((name) => ownValue(auth, name));
        if (values.every((v) => v === undefined || typeof v === 'string'))
            appliedPlans.set(op, { schemes: api.securitySchemes, names, values: values, headers: headerList, query, result });
    }
    return result;
}
function sameCredentials(plan, auth) {
    const { names, values } = plan;
    for (let i = 0; i < names.length; i++)
        if (ownValue(auth, names[i]) !== values[i])
            return false;
    return true;
}
function refuseCredential(op, schemeName, problem) {
    throw new RequestValidationError(`${op.id}: the credential of security scheme "${schemeName}" (auth.${schemeName}) ${problem}`);
}
/** Per-call options over client defaults: records (headers, auth, servers, variables, retry) merge. */
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
    if (typeof defaults.retry === 'object' && typeof call.retry === 'object')
        merged.retry = { ...defaults.retry, ...call.retry };
    return merged;
}
