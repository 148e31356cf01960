/**
 * The REST runtime's errors. Each extends `HttpError` (the fields every one of them has:
 * `operation`, `status`, `headers`, `body`), which extends `SpecweaveError` (common.ts), so one
 * `instanceof SpecweaveError` catches them all, `RequestValidationError` and channel errors
 * included.
 */
import { SpecweaveError } from './common.js';
export interface ErrorResponse {
    status: number;
    body: unknown;
}
/** What every REST error carries: the operation, and the response's status, headers and body where there was one. */
export declare class HttpError<S extends number | undefined = number | undefined, B = unknown, H extends Headers | undefined = Headers | undefined> extends SpecweaveError {
    readonly name: string;
    readonly operation: string;
    readonly status: S;
    readonly headers: H;
    readonly body: B;
    constructor(operation: string, message: string, status: S, headers: H, body: B, options?: {
        cause: unknown;
    });
}
/** A response with a non-2xx status. `R` is the operation's declared error responses. */
export declare class ApiError<R extends ErrorResponse = ErrorResponse> extends HttpError<R['status'], R['body'], Headers> {
    readonly name: string;
    constructor(operation: string, status: R['status'], body: R['body'], headers: Headers);
}
/** No complete response arrived: the connection failed, was reset, or the request was refused (CORS, mixed content…). `status` is set when the failure came while reading a response's body. */
export declare class NetworkError extends HttpError<number | undefined, undefined> {
    readonly name: string;
    constructor(operation: string, cause: unknown, status?: number, headers?: Headers);
}
/** `timeoutMs` (per attempt) or a poller's `deadlineMs` passed. `status`/`headers`: of the response whose body was still arriving, or of a poller's last response; `body`: a poller's last response body. */
export declare class TimeoutError extends HttpError {
    readonly name: string;
    readonly timeoutMs: number;
    constructor(operation: string, timeoutMs: number, message?: string, response?: {
        status: number;
        headers: Headers;
        body?: unknown;
    });
}
/** A 2xx response that is not what the API document says; `body` is the raw text. */
export declare class ResponseValidationError extends HttpError<number, string, Headers> {
    readonly name: string;
    constructor(operation: string, problem: string, status: number, headers: Headers, body: string);
}
/** A response body longer than `maxResponseBytes`: reading stopped there, the connection was closed. */
export declare class ResponseTooLargeError extends HttpError<number, undefined, Headers> {
    readonly name: string;
    readonly maxResponseBytes: number;
    constructor(operation: string, maxResponseBytes: number, status: number, headers: Headers);
}
/** Codes of the redirect failures the runtime reports itself: the same request would fail the same way, so they are not retried. */
export declare const REDIRECT_FAILURES: readonly string[];
/** The code of a fetch failure's cause (`ECONNREFUSED`, `UND_ERR_SOCKET`…), when it has one. */
export declare function errorCode(error: unknown): string | undefined;
//# sourceMappingURL=errors.d.ts.map
