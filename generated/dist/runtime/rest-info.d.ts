/** The REST runtime's data and option types: the plain data generated operations describe themselves with, and the options calls accept. */
import type { Credential, FetchLike, SchemeInfo, ServerInfo } from './common.js';
import type { UrlBuilder } from './url.js';
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
/**
 * A serialiser of a query parameter (`name=value` pieces) or a path parameter (one segment) in a
 * style the core does not carry itself (query: deepObject, spaceDelimited, pipeDelimited,
 * `collectionFormat`; path: label, matrix, `collectionFormat`): generated operations that need it
 * import it from serialise.ts, so that a bundle keeps it only then.
 */
export type Serialiser = (name: string, value: unknown, info: SerialisationInfo, context: string) => any;
/** A form or multipart body encoder (serialise.ts's `formBody`, `multipartBody`). */
export type BodyEncoder = (body: unknown, info: BodyInfo, context: string) => {
    body: string | Blob | ArrayBuffer | ArrayBufferView;
    contentType?: string;
};
export interface ParameterInfo extends SerialisationInfo {
    readonly name: string;
    readonly in: 'path' | 'query' | 'header' | 'cookie';
    /** Set for styles other than form (query) and simple (path); see `Serialiser`. */
    readonly serialise?: Serialiser;
}
/** An OpenAPI Encoding Object of one property of a form or multipart body. */
export type EncodingInfo = SerialisationInfo;
export interface BodyInfo {
    readonly mediaType: string;
    /** Per-property encoding of `application/x-www-form-urlencoded` and `multipart/form-data` bodies. */
    readonly encoding?: Readonly<Record<string, EncodingInfo>>;
    /** The encoder of a form or multipart body (required for them; JSON, text and bytes need none). */
    readonly encode?: BodyEncoder;
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
    /**
     * common.ts's `expandServerUrl`, named by APIs whose server URLs hold `{variables}` (so that a
     * bundle keeps the expansion and its host guards only then); a URL without variables is used as it is.
     */
    readonly expandServer?: (server: ServerInfo, values: Readonly<Record<string, string | undefined>>, context: string) => string;
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
/** A request ready to send (internal to the runtime). */
export interface Prepared {
    readonly method: string;
    readonly url: string;
    /** A `Headers` when an `onRequest` hook is given, else a plain record of lower-case names. */
    readonly headers: Headers | Record<string, string>;
    readonly body: string | Blob | ArrayBuffer | ArrayBufferView | undefined;
    readonly query: UrlBuilder;
    /** The base URL (server or `baseUrl`), before the path. */
    readonly root: string;
    /** Lower-case names of headers that carry credentials (beyond Authorization and Cookie). */
    readonly secretHeaders: readonly string[];
    /** The credentials applied (values and their encoded forms), for redacting causes; names of API-key query parameters. */
    readonly auth?: {
        readonly query: readonly string[];
        readonly secrets: readonly string[];
    } | undefined;
}
//# sourceMappingURL=rest-info.d.ts.map
