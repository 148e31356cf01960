/**
 * specweave REST runtime: copied verbatim into every generated package; no dependencies; runs
 * in Node 18+ and in browsers. Generated operation functions describe themselves with plain
 * data (`OperationInfo`) and call `request()`: URL building, parameter serialisation, auth,
 * body encoding, timeouts, retries, hooks and response decoding all live here, once, and are
 * tested as ordinary code.
 *
 * Errors (every class carries `operation`; `status`, `headers` and `body` where there is one):
 * - `ApiError`: the server answered with a status outside 2xx (typed per operation).
 * - `NetworkError`: no (complete) response: connection refused or reset, DNS, TLS, CORS…
 * - `TimeoutError`: `timeoutMs` passed before the response (body included) arrived, or a
 *   poller's `deadlineMs` passed.
 * - `ResponseValidationError`: a 2xx response that is not what the API document says (not
 *   JSON although only JSON is declared, or JSON that does not parse).
 * - `ResponseTooLargeError`: the response body passed `maxResponseBytes` (default 64 MiB); the
 *   rest of it is not read.
 * - `RequestValidationError`: the inputs cannot make a valid request; thrown before sending,
 *   never retried: a missing or empty path parameter, a URL that is not absolute (no server
 *   and no `baseUrl`) or does not parse, a header value fetch cannot send (line breaks, NUL,
 *   characters outside Latin-1), a GET or HEAD body. It names the operation and the argument,
 *   never the value.
 * - Abort: when the caller's `signal` aborts, the call rejects with the signal's own
 *   `reason`, as `fetch` does (a `DOMException` named `AbortError` unless the caller gave
 *   `controller.abort(reason)` one). That holds at every stage: before sending, in flight,
 *   while reading the body, during a retry delay, between polls.
 *
 * Timeouts: `timeoutMs` per call, else the client default, else the operation's
 * `x-specweave-timeout-seconds`; otherwise none. It bounds each attempt, body included.
 *
 * Retries: network errors and 408, 429 and 5xx responses are retried with exponential backoff
 * and full jitter, honouring `Retry-After` (seconds or an HTTP date), by default for GET, HEAD,
 * PUT, DELETE and OPTIONS only. `retry: false` turns them off; `retry: true` or an options
 * object turns them on for any method (POST included). Timeouts and aborts are not retried.
 * Every retry is reported to `onRetry` before its delay.
 *
 * Credentials: no message, stack, `cause`, JSON form or inspected form of an error holds a
 * request header or a credential, whatever the token holds. Hooks get `headers` as a non-enumerable property
 * (logging the object prints only `redactedHeaders`, where Authorization, Cookie and API-key
 * headers read "[redacted]"), and URLs with API keys in the query are shown redacted. A hook
 * that reads `headers` itself sees the real values. Credentials go only to the origin the
 * request was made for: a request carrying any (Authorization, Cookie, an API-key header or
 * query parameter) follows redirects itself (`redirect: 'manual'`, at most 20 hops; 301/302
 * after POST and 303 become a GET without body, 307/308 keep method and body), and the first
 * hop to another origin removes all of them. Requests without credentials leave redirects to
 * `fetch`. (A browser hides a manual redirect's target: there, such a redirect fails as a
 * `NetworkError` with code `OPAQUE_REDIRECT`.)
 *
 * Every wait is bounded by the call's `timeoutMs` and `signal`: the token functions, each
 * attempt (redirects and body included), retry delays. Timer lengths are capped at 2^31-1 ms
 * (longer `setTimeout`s would fire at once).
 */
import { type Credential, type FetchLike, type SchemeInfo, type ServerInfo } from './common.js';
export { expandServerUrl, ownValue, RequestValidationError, resolveToken } from './common.js';
export type { BasicCredentials, Credential, FetchLike, SchemeInfo, ServerInfo, Token, VariableInfo } from './common.js';
/** Swagger 2.0 `collectionFormat` of an array parameter or form field. */
export type CollectionFormat = 'csv' | 'ssv' | 'tsv' | 'pipes' | 'multi';
/** How one value is serialised (OpenAPI `style`/`explode`/`allowReserved`, Swagger `collectionFormat`, or a media type). */
export interface SerialisationInfo {
    readonly style?: string;
    readonly explode?: boolean;
    /** Reserved characters (`:/?[]@!$'()*+,;`) go unencoded. */
    readonly allowReserved?: boolean;
    readonly collectionFormat?: CollectionFormat;
    /** A parameter declared with `content`: the value is written in this media type (JSON as JSON text). */
    readonly contentType?: string;
}
export interface ParameterInfo extends SerialisationInfo {
    readonly name: string;
    readonly in: 'path' | 'query' | 'header' | 'cookie';
}
/** An OpenAPI Encoding Object of one property of a form or multipart body. */
export type EncodingInfo = SerialisationInfo;
export interface BodyInfo {
    readonly mediaType: string;
    /** Per-property encoding of `application/x-www-form-urlencoded` and `multipart/form-data` bodies. */
    readonly encoding?: Readonly<Record<string, EncodingInfo>>;
}
export interface OperationInfo {
    readonly id: string;
    readonly method: string;
    /** Path template, e.g. `/v2/task/{task_id}/`. */
    readonly path: string;
    /** Server keys in preference order (the first is used unless overridden). */
    readonly servers: readonly string[];
    /** Alternatives; each lists schemes that apply together. `[]` inside means "no auth". */
    readonly security: ReadonlyArray<readonly string[]>;
    readonly parameters: readonly ParameterInfo[];
    readonly body?: BodyInfo;
    /** The operation's default timeout (`x-specweave-timeout-seconds`), in milliseconds. */
    readonly timeoutMs?: number;
    /** Declared responses: status (`200`, `2XX`, `default`) → media types (`[]`: no body). */
    readonly responses?: Readonly<Record<string, readonly string[]>>;
}
export interface ApiInfo {
    readonly servers: Readonly<Record<string, ServerInfo>>;
    readonly securitySchemes: Readonly<Record<string, SchemeInfo>>;
}
export interface RetryOptions {
    /** Attempts in all, the first included (default 3; 1 means no retry). */
    readonly attempts?: number;
    /** The first retry waits a random time up to this (default 200 ms); the bound doubles per retry. */
    readonly initialDelayMs?: number;
    /** Cap of the bound (default 10 000 ms). A `Retry-After` asking for longer is not waited for: the error is thrown. */
    readonly maxDelayMs?: number;
}
/** What `onRetry` is told before each retry's delay. */
export interface RetryEvent {
    readonly operation: string;
    /** The attempt that failed (1 for the first); the next attempt is `attempt + 1`. */
    readonly attempt: number;
    /** How long the client waits before the next attempt. */
    readonly delayMs: number;
    /** Why: a `NetworkError`, or the `ApiError` of a 408, 429 or 5xx response. */
    readonly error: Error;
    /** The response that asked for the retry, when there was one. */
    readonly response?: ResponseEvent;
}
/**
 * A request about to be sent (`onRequest`). `headers` are the live headers, credentials
 * included: change them here and the change is sent. They are not enumerable, so logging the
 * object (`console.log`, `JSON.stringify`) prints only `redactedHeaders`.
 */
export interface RequestEvent {
    readonly operation: string;
    readonly method: string;
    /** The URL, with API keys sent in the query replaced by `[redacted]`. */
    readonly url: string;
    /** 1 for the first attempt, 2 for the first retry, … */
    readonly attempt: number;
    /** The headers with credential values (Authorization, Cookie, API-key headers) replaced by `[redacted]`. */
    readonly redactedHeaders: Readonly<Record<string, string>>;
    readonly headers: Headers;
}
/** A response as it arrived, before its body is read (`onResponse`, `RetryEvent.response`). */
export interface ResponseEvent {
    readonly operation: string;
    readonly method: string;
    readonly url: string;
    readonly attempt: number;
    readonly status: number;
    /** Milliseconds from sending to the response headers. */
    readonly durationMs: number;
    /** Response headers with Set-Cookie replaced by `[redacted]`. */
    readonly redactedHeaders: Readonly<Record<string, string>>;
    /** The response headers (not enumerable, like `RequestEvent.headers`). */
    readonly headers: Headers;
}
/** Options of one call; a generated `create…Client(defaults)` merges its defaults under them. */
export interface RequestOptions {
    /** One base URL for every server, or one per server key. */
    baseUrl?: string | Readonly<Record<string, string | undefined>>;
    /** Values of server URL variables (validated against the spec's enum). */
    serverVariables?: Readonly<Record<string, string | undefined>>;
    /** Credentials by security scheme name. */
    auth?: Readonly<Record<string, Credential | undefined>>;
    /** `fetch` to use instead of the global one. */
    fetch?: FetchLike;
    /** Extra headers for every request. */
    headers?: Readonly<Record<string, string>>;
    /** Aborts the call: it then rejects with `signal.reason`. */
    signal?: AbortSignal;
    /**
     * Milliseconds each attempt may take, response body included (`TimeoutError` after). Default:
     * the operation's `x-specweave-timeout-seconds`, else none. `0` or `Infinity`: none.
     */
    timeoutMs?: number;
    /**
     * Retries of network errors and 408/429/5xx responses. Default: on (3 attempts) for GET, HEAD,
     * PUT, DELETE and OPTIONS, off for other methods. `true` or options: on for any method.
     */
    retry?: boolean | RetryOptions;
    /** Called before each attempt is sent (may be async; may change `request.headers`). */
    onRequest?: (request: RequestEvent) => void | Promise<void>;
    /** Called when each attempt's response arrives, before its body is read (may be async). */
    onResponse?: (response: ResponseEvent) => void | Promise<void>;
    /** Called before each retry's delay. */
    onRetry?: (event: RetryEvent) => void;
    /** Largest response body read, in bytes (default 64 MiB; `Infinity`: no limit). Past it: `ResponseTooLargeError`. */
    maxResponseBytes?: number;
}
/** Options of a generated poller, on top of the operation's options. */
export interface PollOptions<T = unknown> {
    /** Wait before the second poll (default 1000 ms); each wait is 1.5× the one before. */
    intervalMs?: number;
    /** Cap of the wait between polls (default 10 000 ms). */
    maxIntervalMs?: number;
    /** Overall limit in milliseconds: `TimeoutError` when it passes (default: none). */
    deadlineMs?: number;
    /** Called with every polled body, terminal or not (attempt 1 is the first poll). */
    onPoll?(data: T, attempt: number): void;
}
/** When a poller stops: `field` of the response body holds one of `values`. */
export interface PollUntil {
    readonly field: string;
    readonly values: ReadonlyArray<string | number | boolean | null>;
}
/** A link's target inputs: where each value goes, and the value (a runtime expression, a `{…}` template or a constant). */
export interface LinkInfo {
    readonly name: string;
    readonly parameters: ReadonlyArray<{
        readonly in: ParameterInfo['in'];
        readonly name: string;
        readonly value: unknown;
    }>;
    /** Absent: the link gives no body. Strings in it are evaluated like parameter values. */
    readonly requestBody?: unknown;
}
/** What a link's runtime expressions are evaluated against. */
export interface LinkSource {
    readonly operation: OperationInfo;
    readonly response: ApiResponse;
    /** The source call's arguments, for `$request.…` expressions. */
    readonly request?: RequestArgs | undefined;
}
export interface RequestArgs {
    path?: object;
    query?: object;
    headers?: object;
    cookies?: object;
    body?: unknown;
}
export interface ApiResponse<S extends number = number, T = unknown> {
    status: S;
    data: T;
    headers: Headers;
}
export interface ErrorResponse {
    status: number;
    body: unknown;
}
/** A response with a non-2xx status. `R` is the operation's declared error responses. */
export declare class ApiError<R extends ErrorResponse = ErrorResponse> extends Error {
    readonly name: string;
    readonly operation: string;
    readonly status: R['status'];
    readonly body: R['body'];
    readonly headers: Headers;
    constructor(operation: string, status: R['status'], body: R['body'], headers: Headers);
}
/** No complete response arrived: the connection failed, was reset, or the request was refused (CORS, mixed content…). */
export declare class NetworkError extends Error {
    readonly name: string;
    readonly operation: string;
    /** Set when the failure came while reading the body of a response. */
    readonly status: number | undefined;
    readonly headers: Headers | undefined;
    readonly body: undefined;
    constructor(operation: string, cause: unknown, status?: number, headers?: Headers);
}
/** `timeoutMs` (per attempt) or a poller's `deadlineMs` passed. */
export declare class TimeoutError extends Error {
    readonly name: string;
    readonly operation: string;
    readonly timeoutMs: number;
    /** Of the response whose body was still arriving, or of a poller's last response. */
    readonly status: number | undefined;
    readonly headers: Headers | undefined;
    /** A poller's last response body. */
    readonly body: unknown;
    constructor(operation: string, timeoutMs: number, message?: string, response?: {
        status: number;
        headers: Headers;
        body?: unknown;
    });
}
/** A 2xx response that is not what the API document says; `body` is the raw text. */
export declare class ResponseValidationError extends Error {
    readonly name: string;
    readonly operation: string;
    readonly status: number;
    readonly headers: Headers;
    readonly body: string;
    constructor(operation: string, problem: string, status: number, headers: Headers, body: string);
}
/** A response body longer than `maxResponseBytes`: reading stopped there, the connection was closed. */
export declare class ResponseTooLargeError extends Error {
    readonly name: string;
    readonly operation: string;
    readonly status: number;
    readonly headers: Headers;
    readonly body: undefined;
    readonly maxResponseBytes: number;
    constructor(operation: string, maxResponseBytes: number, status: number, headers: Headers);
}
export declare function request(api: ApiInfo, op: OperationInfo, args: RequestArgs, options: RequestOptions): Promise<ApiResponse>;
/** `Retry-After` in milliseconds: delay-seconds or an HTTP date (past dates give 0). */
export declare function parseRetryAfter(value: string | null, nowMs?: number): number | undefined;
/**
 * A signal that aborts when any of `signals` does, with that signal's reason: `AbortSignal.any`
 * where the platform has it (Node 20.3+, current browsers), else listeners (removed by `dispose`).
 */
export declare function anySignal(signals: readonly AbortSignal[], useNative?: boolean): {
    signal: AbortSignal;
    dispose: () => void;
};
/** Percent-encodes text for a query string or form body; `allowReserved` leaves RFC 3986 reserved characters but `#`, `&`, `=` as they are. */
export declare function encodeQueryText(text: string, allowReserved?: boolean): string;
/**
 * A query parameter (or a form-urlencoded property) as encoded `name=value` pieces, to be joined
 * with `&`. Defaults: style `form`, explode for `form` only. Objects: `form` explode gives
 * `k=v&k=v`, `deepObject` gives `name[k]=v` (nested objects and arrays nest: `name[a][0]=v`).
 */
export declare function serialiseQuery(name: string, value: unknown, info?: SerialisationInfo): string[];
/**
 * A path parameter, percent-encoded so that it stays one segment: style `simple` (default),
 * `label` or `matrix`; a Swagger `collectionFormat` joins arrays with its delimiter.
 */
export declare function serialisePath(name: string, value: unknown, info?: SerialisationInfo, context?: string): string;
/** A header parameter: style `simple` (arrays `a,b`; objects `k,v,k,v`, explode `k=v,k=v`), a `collectionFormat` delimiter, or `content` media. */
export declare function serialiseHeader(value: unknown, info?: SerialisationInfo): string;
/** A cookie parameter as `name=value` (arrays and objects comma-separated, as `form` without explode). */
export declare function serialiseCookie(name: string, value: unknown, info?: SerialisationInfo): string;
/**
 * An `application/x-www-form-urlencoded` body (OpenAPI 3.0.4 / 3.1.1 Encoding Object). A property
 * whose encoding sets `style`, `explode` or `allowReserved` goes like a query parameter with
 * those rules (default style `form`, explode true): objects as `k=v` pairs or, with
 * `deepObject`, as `name[k]=v` (an empty object sends nothing). A property without them is
 * written in its `contentType`, whose default is `application/json` for objects (JSON text,
 * percent-encoded: the standard's "URL Encoded Form with JSON Values" example) and text for
 * primitives; arrays repeat the name per item. Bytes (`ArrayBuffer`, typed arrays) are sent as
 * their bytes; a `Blob` cannot be read synchronously and is refused. Spaces are written `+`. A
 * string body (a spec that types the form as a string) is sent as the encoded form it is.
 */
export declare function serialiseForm(body: unknown, encoding?: Readonly<Record<string, EncodingInfo>>, context?: string): string;
/**
 * A `multipart/form-data` body with one part per property (an array: one part per item, unless a
 * Swagger `collectionFormat` other than `multi` joins it). Each part's Content-Type: the
 * encoding's `contentType`, else `application/json` for objects and arrays, the Blob's type or
 * `application/octet-stream` for binary, and none (RFC 7578's text/plain) for primitives.
 */
export declare function serialiseMultipart(body: unknown, encoding?: Readonly<Record<string, EncodingInfo>>, context?: string, boundary?: string): {
    body: Blob;
    contentType: string;
};
/** Percent-encodes a path segment so that `/`, `?`, `#` and dot segments stay inside it. */
export declare function encodeSegment(value: string): string;
/**
 * Calls the operation until `until.field` of the response body is one of `until.values`, waiting
 * `intervalMs` (×1.5 per poll, up to `maxIntervalMs`) between calls; returns that body. Each call
 * is an ordinary `request()` (timeouts, retries, hooks apply). `deadlineMs` bounds the whole:
 * `TimeoutError` (with the last response) when it passes; the caller's `signal` rejects with
 * its reason, also between polls.
 */
export declare function poll(api: ApiInfo, op: OperationInfo, args: RequestArgs, options: RequestOptions & PollOptions, until: PollUntil): Promise<unknown>;
/**
 * The arguments of a link's target operation, from the source call's response (and request).
 * Parameter values and strings anywhere in `requestBody` may be runtime expressions
 * (`$response.body#/task_id`), templates (`task-{$response.body#/id}`) or constants. `extra`
 * supplies or overrides target arguments, group by group.
 */
export declare function linkArgs<A = RequestArgs>(link: LinkInfo, source: LinkSource, extra?: RequestArgs): A;
/** Evaluates one OpenAPI runtime expression (`$statusCode`, `$method`, `$request.…`, `$response.…`). */
export declare function runtimeExpression(expression: string, source: LinkSource, link?: string): unknown;
/** Per-call options over client defaults: records (headers, auth, servers, variables, retry) merge. */
export declare function mergeOptions(defaults: RequestOptions, call: RequestOptions): RequestOptions;
//# sourceMappingURL=http.d.ts.map
