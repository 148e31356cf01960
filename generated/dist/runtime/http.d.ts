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
/** A credential given as a value, or as a function called before every request. */
export type Token = string | (() => string | Promise<string>);
export interface BasicCredentials {
    username: string;
    password: string;
}
export type Credential = Token | BasicCredentials;
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;
export interface VariableInfo {
    readonly default?: string;
    readonly enum?: readonly string[];
}
export interface ServerInfo {
    /** URL template, e.g. `https://{region}.example.com/v1`. */
    readonly url: string;
    readonly variables?: Readonly<Record<string, VariableInfo>>;
}
export type SchemeInfo = {
    readonly type: 'bearer';
} | {
    readonly type: 'basic';
} | {
    readonly type: 'apiKey';
    readonly in: 'header' | 'query' | 'cookie';
    readonly name: string;
};
export interface ParameterInfo {
    readonly name: string;
    readonly in: 'path' | 'query' | 'header' | 'cookie';
    readonly style?: string;
    readonly explode?: boolean;
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
    readonly body?: {
        readonly mediaType: string;
    };
}
export interface ApiInfo {
    readonly servers: Readonly<Record<string, ServerInfo>>;
    readonly securitySchemes: Readonly<Record<string, SchemeInfo>>;
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
    signal?: AbortSignal;
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
/** Thrown before any request when the inputs cannot make a valid one. */
export declare class RequestValidationError extends Error {
    readonly name: string;
}
export declare function request(api: ApiInfo, op: OperationInfo, args: RequestArgs, options: RequestOptions): Promise<ApiResponse>;
/** Fills `{name}` placeholders of a server URL, checking each value against the spec's enum. */
export declare function expandServerUrl(server: ServerInfo, values: Readonly<Record<string, string | undefined>>, context: string): string;
/** Percent-encodes a path segment so that `/`, `?`, `#` and dot segments stay inside it. */
export declare function encodeSegment(value: string): string;
export declare function resolveToken(token: Token): Promise<string>;
/** Reads a key the object itself has: spec-keyed data never reaches the prototype chain. */
export declare function ownValue<T>(record: Readonly<Record<string, T>> | object, key: string): T | undefined;
/** Per-call options over client defaults: records (headers, auth, servers, variables) merge. */
export declare function mergeOptions(defaults: RequestOptions, call: RequestOptions): RequestOptions;
