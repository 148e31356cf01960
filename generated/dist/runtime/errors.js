// specweave runtime, copied from specweave's src/runtime. Do not edit: run `npm run generate`.
/**
 * The REST runtime's errors. Each extends `HttpError` (the fields every one of them has:
 * `operation`, `status`, `headers`, `body`), which extends `SpecweaveError` (common.ts), so one
 * `instanceof SpecweaveError` catches them all, `RequestValidationError` and channel errors
 * included.
 */
import { SpecweaveError } from './common.js';
/** What every REST error carries: the operation, and the response's status, headers and body where there was one. */
export class HttpError extends SpecweaveError {
    name = 'HttpError';
    operation;
    status;
    headers;
    body;
    constructor(operation, message, status, headers, body, options) {
        super(message, options);
        this.operation = operation;
        this.status = status;
        this.headers = headers;
        this.body = body;
    }
}
/** A response with a non-2xx status. `R` is the operation's declared error responses. */
export class ApiError extends HttpError {
    name = 'ApiError';
    constructor(operation, status, body, headers) {
        super(operation, `${operation} failed with HTTP ${status}`, status, headers, body);
    }
}
/** No complete response arrived: the connection failed, was reset, or the request was refused (CORS, mixed content…). `status` is set when the failure came while reading a response's body. */
export class NetworkError extends HttpError {
    name = 'NetworkError';
    constructor(operation, cause, status, headers) {
        const code = errorCode(cause);
        super(operation, `${operation}: network error${code ? ` (${code})` : ''}${status === undefined ? '' : ` while reading the HTTP ${status} response`}`, status, headers, undefined, { cause });
    }
}
/** `timeoutMs` (per attempt) or a poller's `deadlineMs` passed. `status`/`headers`: of the response whose body was still arriving, or of a poller's last response; `body`: a poller's last response body. */
export class TimeoutError extends HttpError {
    name = 'TimeoutError';
    timeoutMs;
    constructor(operation, timeoutMs, message, response) {
        super(operation, message ?? `${operation}: no response within ${timeoutMs} ms`, response?.status, response?.headers, response?.body);
        this.timeoutMs = timeoutMs;
    }
}
/** A 2xx response that is not what the API document says; `body` is the raw text. */
export class ResponseValidationError extends HttpError {
    name = 'ResponseValidationError';
    constructor(operation, problem, status, headers, body) {
        super(operation, `${operation}: HTTP ${status} response ${problem}`, status, headers, body);
    }
}
/** A response body longer than `maxResponseBytes`: reading stopped there, the connection was closed. */
export class ResponseTooLargeError extends HttpError {
    name = 'ResponseTooLargeError';
    maxResponseBytes;
    constructor(operation, maxResponseBytes, status, headers) {
        super(operation, `${operation}: the HTTP ${status} response body is larger than maxResponseBytes (${maxResponseBytes} bytes)`, status, headers, undefined);
        this.maxResponseBytes = maxResponseBytes;
    }
}
/** Codes of the redirect failures the runtime reports itself: the same request would fail the same way, so they are not retried. */
export const REDIRECT_FAILURES = ['OPAQUE_REDIRECT', 'TOO_MANY_REDIRECTS', 'BAD_REDIRECT'];
/** The code of a fetch failure's cause (`ECONNREFUSED`, `UND_ERR_SOCKET`…), when it has one. */
export function errorCode(error) {
    for (let e = error, depth = 0; e !== null && typeof e === 'object' && depth < 4; e = e.cause, depth++) {
        const code = e.code;
        if (typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code))
            return code;
    }
    return undefined;
}
