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

import { expandServerUrl, ownValue, readCapped, redactText, RequestValidationError, resolveToken, type BasicCredentials, type Credential, type FetchLike, type SchemeInfo, type ServerInfo, type Token } from './common.js';
export { expandServerUrl, ownValue, RequestValidationError, resolveToken } from './common.js';
export type { BasicCredentials, Credential, FetchLike, SchemeInfo, ServerInfo, Token, VariableInfo } from './common.js';
import { applyCredentials, type AppliedCredentials, type CredentialTarget } from './credentials.js';

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
  readonly parameters: ReadonlyArray<{ readonly in: ParameterInfo['in']; readonly name: string; readonly value: unknown }>;
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
export class ApiError<R extends ErrorResponse = ErrorResponse> extends Error {
  override readonly name: string = 'ApiError';
  readonly operation: string;
  readonly status: R['status'];
  readonly body: R['body'];
  readonly headers: Headers;

  constructor(operation: string, status: R['status'], body: R['body'], headers: Headers) {
    super(`${operation} failed with HTTP ${status}`);
    this.operation = operation;
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

/** No complete response arrived: the connection failed, was reset, or the request was refused (CORS, mixed content…). */
export class NetworkError extends Error {
  override readonly name: string = 'NetworkError';
  readonly operation: string;
  /** Set when the failure came while reading the body of a response. */
  readonly status: number | undefined;
  readonly headers: Headers | undefined;
  readonly body: undefined = undefined;

  constructor(operation: string, cause: unknown, status?: number, headers?: Headers) {
    const code = errorCode(cause);
    super(`${operation}: network error${code ? ` (${code})` : ''}${status === undefined ? '' : ` while reading the HTTP ${status} response`}`, { cause });
    this.operation = operation;
    this.status = status;
    this.headers = headers;
  }
}

/** `timeoutMs` (per attempt) or a poller's `deadlineMs` passed. */
export class TimeoutError extends Error {
  override readonly name: string = 'TimeoutError';
  readonly operation: string;
  readonly timeoutMs: number;
  /** Of the response whose body was still arriving, or of a poller's last response. */
  readonly status: number | undefined;
  readonly headers: Headers | undefined;
  /** A poller's last response body. */
  readonly body: unknown;

  constructor(operation: string, timeoutMs: number, message?: string, response?: { status: number; headers: Headers; body?: unknown }) {
    super(message ?? `${operation}: no response within ${timeoutMs} ms`);
    this.operation = operation;
    this.timeoutMs = timeoutMs;
    this.status = response?.status;
    this.headers = response?.headers;
    this.body = response?.body;
  }
}

/** A 2xx response that is not what the API document says; `body` is the raw text. */
export class ResponseValidationError extends Error {
  override readonly name: string = 'ResponseValidationError';
  readonly operation: string;
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;

  constructor(operation: string, problem: string, status: number, headers: Headers, body: string) {
    super(`${operation}: HTTP ${status} response ${problem}`);
    this.operation = operation;
    this.status = status;
    this.headers = headers;
    this.body = body;
  }
}

/** A response body longer than `maxResponseBytes`: reading stopped there, the connection was closed. */
export class ResponseTooLargeError extends Error {
  override readonly name: string = 'ResponseTooLargeError';
  readonly operation: string;
  readonly status: number;
  readonly headers: Headers;
  readonly body: undefined = undefined;
  readonly maxResponseBytes: number;

  constructor(operation: string, maxResponseBytes: number, status: number, headers: Headers) {
    super(`${operation}: the HTTP ${status} response body is larger than maxResponseBytes (${maxResponseBytes} bytes)`);
    this.operation = operation;
    this.maxResponseBytes = maxResponseBytes;
    this.status = status;
    this.headers = headers;
  }
}

// ------------------------------------------------------------------------------ request

interface Prepared {
  readonly method: string;
  readonly url: string;
  readonly headers: Headers;
  readonly body: BodyInit | undefined;
  readonly query: UrlBuilder;
  /** The base URL (server or `baseUrl`), before the path. */
  readonly root: string;
  /** Lower-case names of headers that carry credentials (beyond Authorization and Cookie). */
  readonly secretHeaders: readonly string[];
  /** The credentials applied (values and their encoded forms), for redacting causes; names of API-key query parameters. */
  readonly auth?: AuthResult | undefined;
}

const IDEMPOTENT = ['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'];
const DEFAULT_RETRY: Required<RetryOptions> = { attempts: 3, initialDelayMs: 200, maxDelayMs: 10_000 };

export async function request(api: ApiInfo, op: OperationInfo, args: RequestArgs, options: RequestOptions): Promise<ApiResponse> {
  const method = op.method.toUpperCase();
  if (args.body !== undefined && (method === 'GET' || method === 'HEAD')) {
    throw new RequestValidationError(`${op.id}: a ${method} request cannot have a body; leave out the argument "body"`);
  }
  const ready = prepare(api, op, args, options);
  const prepared = ready instanceof Promise ? await bounded(ready, op, options) : ready;
  checkUrl(op, prepared);
  const guard = credentialNames(api);
  const retry = retryPolicy(prepared.method, options.retry);
  for (let attempt = 1; ; attempt++) {
    try {
      return await send(op, prepared, options, attempt, guard);
    } catch (error) {
      const delayMs = retry === undefined || attempt >= retry.attempts ? undefined : retryDelay(error, attempt, retry);
      if (delayMs === undefined) throw error;
      if (options.onRetry) {
        const event: { -readonly [K in keyof RetryEvent]: RetryEvent[K] } = { operation: op.id, attempt, delayMs, error: error as Error };
        const response = error instanceof ApiError ? retriedResponses.get(error) : undefined;
        if (response) event.response = response;
        options.onRetry(event);
      }
      await sleep(delayMs, options.signal);
    }
  }
}

function prepare(api: ApiInfo, op: OperationInfo, args: RequestArgs, options: RequestOptions): Prepared | Promise<Prepared> {
  const root = baseUrl(api, op, options);
  const url = new UrlBuilder(root + expandPath(op, args.path ?? {}));
  // A plain Headers, each of our values checked once as it is set (`put`); a hook that may
  // change them gets the checking subclass instead.
  const headers = options.onRequest ? checkedHeaders(op) : new Headers();
  if (options.headers) for (const k of Object.keys(options.headers)) put(op, headers, k, options.headers[k]!);
  let cookies: string[] | undefined;
  for (const p of op.parameters) {
    if (p.in === 'path') continue;
    const source = p.in === 'query' ? args.query : p.in === 'header' ? args.headers : args.cookies;
    const value = source === undefined ? undefined : ownValue(source, p.name);
    if (value === undefined) continue;
    if (p.in === 'query') url.add(serialiseQuery(p.name, value, p));
    else if (p.in === 'header') put(op, headers, p.name, serialiseHeader(value, p));
    else (cookies ??= []).push(serialiseCookie(p.name, value, p));
  }
  const auth = options.auth === undefined || op.security.length === 0 ? undefined : applyAuth(api, op, options.auth, headers, url);
  if (auth instanceof Promise) return auth.then((done) => finishPrepare(op, args, root, url, headers, cookies, done));
  return finishPrepare(op, args, root, url, headers, cookies, auth);
}

const NONE: readonly string[] = [];

function finishPrepare(op: OperationInfo, args: RequestArgs, root: string, url: UrlBuilder, headers: Headers, cookies: string[] | undefined, auth: AuthResult | undefined): Prepared {
  if (auth?.cookies) (cookies ??= []).push(...auth.cookies);
  if (cookies) put(op, headers, 'cookie', cookies.join('; '));
  let body: BodyInit | undefined;
  if (args.body !== undefined && op.body) {
    const encoded = encodeBody(op.body, args.body, op.id);
    if (encoded.contentType) put(op, headers, 'content-type', encoded.contentType);
    body = encoded.body;
  }
  if (!headers.has('accept')) Headers.prototype.set.call(headers, 'accept', 'application/json, */*;q=0.5');
  return { method: op.method.toUpperCase(), url: url.toString(), headers, body, query: url, root, secretHeaders: auth?.secretHeaders ?? NONE, auth };
}

const defaultFetch: FetchLike = (input, init) => globalThis.fetch(input, init);
/** The response behind an `ApiError`, for `RetryEvent.response`. */
const retriedResponses = new WeakMap<ApiError, ResponseEvent>();
/** The abort reason of our own timeout signal (never seen by callers). */
const TIMED_OUT: unique symbol = Symbol('specweave.timeout');
/** The longest delay `setTimeout` honours (longer ones fire at once). */
const MAX_TIMER = 2_147_483_647;
const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** Lower-case header names and query parameter names that carry credentials of this API. */
interface CredentialNames {
  readonly headers: readonly string[];
  readonly query: readonly string[];
}

const credentialNameCache = new WeakMap<ApiInfo, CredentialNames>();

/** The names are the API's (those of the schemes applied are among them), so they are found once per API. */
function credentialNames(api: ApiInfo): CredentialNames {
  const cached = credentialNameCache.get(api);
  if (cached !== undefined) return cached;
  const headers = ['authorization', 'proxy-authorization', 'cookie'];
  const query: string[] = [];
  for (const name of Object.keys(api.securitySchemes)) {
    const scheme = api.securitySchemes[name]!;
    if (scheme.type !== 'apiKey') continue;
    if (scheme.in === 'header') headers.push(scheme.name.toLowerCase());
    else if (scheme.in === 'query') query.push(scheme.name);
  }
  const names = { headers, query };
  credentialNameCache.set(api, names);
  return names;
}

/** One attempt: send, report, read and check the response. */
async function send(op: OperationInfo, p: Prepared, options: RequestOptions, attempt: number, guard: CredentialNames): Promise<ApiResponse> {
  const signal = options.signal;
  if (signal?.aborted) throw signal.reason;
  if (options.onRequest) await options.onRequest(requestEvent(op, p, attempt));
  const init: RequestInit = { method: p.method, headers: p.headers };
  if (p.body !== undefined) init.body = p.body;
  const timeoutMs = timerLength(options.timeoutMs ?? op.timeoutMs);
  let timeout: AbortController | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let dispose: (() => void) | undefined;
  if (timeoutMs !== undefined) {
    const controller = (timeout = new AbortController());
    if (signal) {
      const combined = anySignal([signal, controller.signal]);
      init.signal = combined.signal;
      dispose = combined.dispose;
    } else {
      init.signal = controller.signal;
    }
    timer = setTimeout(() => controller.abort(TIMED_OUT), timeoutMs);
  } else if (signal) {
    init.signal = signal;
  }
  try {
    const timed = options.onResponse !== undefined || options.onRetry !== undefined;
    const started = timed ? now() : 0;
    let response: Response;
    try {
      response = await fetchFollowing(p, init, options.fetch ?? defaultFetch, guard);
    } catch (error) {
      throw failure(error, op, p, signal, timeout, timeoutMs);
    }
    const durationMs = timed ? now() - started : 0;
    if (options.onResponse) {
      try {
        await options.onResponse(responseEvent(op, p, attempt, response.status, response.headers, durationMs));
      } catch (error) {
        void response.body?.cancel().catch(() => undefined);
        throw error;
      }
    }
    let data: unknown;
    try {
      data = await decodeBody(op, response, maxBytes(options.maxResponseBytes));
    } catch (error) {
      throw failure(error, op, p, signal, timeout, timeoutMs, response);
    }
    if (response.status < 200 || response.status > 299) {
      const error = new ApiError(op.id, response.status, data, response.headers);
      if (options.onRetry) retriedResponses.set(error, responseEvent(op, p, attempt, response.status, response.headers, durationMs));
      throw error;
    }
    return { status: response.status, data, headers: response.headers };
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    dispose?.();
  }
}

/** A timeout in milliseconds as a timer can hold it; undefined for none (`0`, `Infinity`, not a number). */
function timerLength(ms: number | undefined): number | undefined {
  return ms === undefined || !(ms > 0) || ms === Infinity ? undefined : Math.min(ms, MAX_TIMER);
}

function maxBytes(value: number | undefined): number {
  return value === undefined || Number.isNaN(value) || value < 0 ? DEFAULT_MAX_RESPONSE_BYTES : value;
}

const REDIRECTS = [301, 302, 303, 307, 308];
/** Codes of the redirect failures we report ourselves: the same request would fail the same way, so they are not retried. */
const REDIRECT_FAILURES = ['OPAQUE_REDIRECT', 'TOO_MANY_REDIRECTS', 'BAD_REDIRECT'];
const MAX_REDIRECTS = 20;
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location'];

/** An Error with a `code`, as the cause of a `NetworkError` we make ourselves. */
function codedError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/**
 * `fetch`, with the redirects of a request carrying credentials followed here, so that none of
 * them reaches another origin (fetch itself forwards API-key headers and query parameters).
 */
function fetchFollowing(p: Prepared, init: RequestInit, fetchFn: FetchLike, guard: CredentialNames): Promise<Response> {
  const carries = guard.headers.some((name) => p.headers.has(name)) || (p.auth?.query.length ?? 0) > 0;
  return carries ? follow(p, init, fetchFn, guard) : fetchFn(p.url, init);
}

async function follow(p: Prepared, init: RequestInit, fetchFn: FetchLike, guard: CredentialNames): Promise<Response> {
  let url = p.url;
  let method = p.method;
  let headers = p.headers;
  let body = init.body;
  let stripped = false;
  init.redirect = 'manual';
  for (let hops = 0; ; hops++) {
    let hop = init;
    if (hops > 0) {
      hop = { ...init, method, headers };
      if (body === undefined) delete hop.body;
      else hop.body = body;
    }
    const response = await fetchFn(url, hop);
    if (response.type === 'opaqueredirect') throw codedError('OPAQUE_REDIRECT', 'redirected, and the platform hides the target of a manual redirect: a request carrying credentials is not followed there');
    const location = REDIRECTS.includes(response.status) ? response.headers.get('location') : null;
    if (location === null) return response;
    void response.body?.cancel().catch(() => undefined);
    if (hops >= MAX_REDIRECTS) throw codedError('TOO_MANY_REDIRECTS', `more than ${MAX_REDIRECTS} redirects`);
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      throw codedError('BAD_REDIRECT', 'a redirect Location that is not a URL');
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') throw codedError('BAD_REDIRECT', 'a redirect to a scheme other than http(s)');
    const status = response.status;
    if (((status === 301 || status === 302) && method === 'POST') || (status === 303 && method !== 'GET' && method !== 'HEAD')) {
      method = 'GET';
      body = undefined;
      headers = new Headers(headers);
      for (const name of BODY_HEADERS) headers.delete(name);
    }
    if (!stripped && next.origin !== new URL(url).origin) {
      // Another origin: none of our credentials goes there, on this hop or any later one.
      stripped = true;
      headers = new Headers(headers);
      for (const name of guard.headers) headers.delete(name);
      for (const name of guard.query) if (next.searchParams.has(name)) next.searchParams.delete(name);
    }
    url = next.href;
  }
}

/** What a failed attempt throws: our own errors as they are, else timeout, abort, network. */
function failure(error: unknown, op: OperationInfo, p: Prepared, signal: AbortSignal | undefined, timeout: AbortController | undefined, timeoutMs: number | undefined, response?: Response): unknown {
  if (error instanceof ApiError || error instanceof ResponseValidationError || error instanceof ResponseTooLargeError) return error;
  if (timeout?.signal.aborted) return new TimeoutError(op.id, timeoutMs!, undefined, response && { status: response.status, headers: response.headers });
  if (signal?.aborted) return signal.reason;
  const cause = redactCause(error, p);
  if (response !== undefined || isNetworkFailure(error)) return new NetworkError(op.id, cause, response?.status, response?.headers);
  if (error instanceof TypeError) {
    // fetch refused to send the request (not the network's doing): not retried.
    return new RequestValidationError(`${op.id}: fetch refused to send the request: ${(cause as Error).message}`, { cause });
  }
  return error;
}

/** A failure of the network (or one of our redirect failures), as fetch reports it in Node (undici), browsers and Deno. */
function isNetworkFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (errorCode(error) !== undefined) return true;
  return error instanceof TypeError && /^(?:fetch failed|failed to fetch|load failed|networkerror|network ?error|network request failed|network connection was lost|terminated|other side closed)/i.test(error.message);
}

/** `error` with every credential of the request removed from messages and stacks along its `cause` chain. */
function redactCause(error: unknown, p: Prepared): unknown {
  const secrets = p.auth?.secrets ?? NONE;
  const clean = (text: string): string => {
    let out = text.includes(p.url) && p.url !== p.query.toString(true) ? text.split(p.url).join(p.query.toString(true)) : text;
    return redactText(out, secrets);
  };
  const dirty = (e: unknown, depth: number): boolean => {
    if (!(e instanceof Error) || depth > 4) return false;
    return clean(e.message) !== e.message || clean(e.stack ?? '') !== (e.stack ?? '') || dirty((e as { cause?: unknown }).cause, depth + 1);
  };
  const copy = (e: unknown, depth: number): unknown => {
    if (!(e instanceof Error) || depth > 4) return undefined;
    const inner = (e as { cause?: unknown }).cause;
    const out = new (e instanceof TypeError ? TypeError : Error)(clean(e.message), inner === undefined ? undefined : { cause: copy(inner, depth + 1) });
    out.stack = clean(e.stack ?? '');
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') Object.assign(out, { code });
    return out;
  };
  return dirty(error, 0) ? copy(error, 0) : error;
}

/**
 * Checks that the prepared URL can be sent: absolute (or relative to a browser page), parses,
 * http(s), no user:password. Refused before sending, with the URL shown redacted.
 */
function checkUrl(op: OperationInfo, p: Prepared): void {
  // What follows an accepted base URL from a `/` on (an encoded path, a query) cannot make it
  // unsendable, so each base is parsed once.
  const base = p.root;
  const slash = p.url.charCodeAt(base.length) === 47; /* / */
  if (slash && sendableBases.has(base)) return;
  const page = (globalThis as { location?: { href?: unknown } }).location?.href;
  const shown = p.query.toString(true);
  if (!ABSOLUTE.test(p.url) && typeof page !== 'string') {
    throw new RequestValidationError(`${op.id}: no absolute base URL (the request would go to "${shown}"); pass baseUrl, e.g. { baseUrl: 'https://api.example.com' }`);
  }
  let parsed: URL;
  try {
    parsed = typeof page === 'string' ? new URL(p.url, page) : new URL(p.url);
  } catch {
    throw new RequestValidationError(`${op.id}: the request URL "${shown}" is not a valid URL (check baseUrl, serverVariables and the path parameters)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new RequestValidationError(`${op.id}: the request URL must be http or https (check baseUrl)`);
  if (parsed.username !== '' || parsed.password !== '') throw new RequestValidationError(`${op.id}: the base URL must not hold user:password; pass credentials as auth`);
  if (slash && ABSOLUTE.test(base) && sendable(base, parsed.origin)) {
    if (sendableBases.size >= 64) sendableBases.clear();
    sendableBases.add(base);
  }
}

const ABSOLUTE = /^[a-z][a-z\d+.-]*:/i;
/** Absolute base URLs found sendable on their own (see `checkUrl`); at most 64. */
const sendableBases = new Set<string>();

/** Whether `base` alone parses as an http(s) URL without user:password, of `origin`. */
function sendable(base: string, origin: string): boolean {
  try {
    const url = new URL(base);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '' && url.origin === origin;
  } catch {
    return false;
  }
}

/** Awaits `promise` (the token functions) within the call's `timeoutMs` and `signal`. */
function bounded<T>(promise: Promise<T>, op: OperationInfo, options: RequestOptions): Promise<T> {
  const timeoutMs = timerLength(options.timeoutMs ?? op.timeoutMs);
  const signal = options.signal;
  if (timeoutMs === undefined && signal === undefined) return promise;
  return new Promise<T>((resolve, reject) => {
    const done = (): void => {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = (): void => {
      done();
      reject(signal!.reason);
    };
    const timer = timeoutMs === undefined ? undefined : setTimeout(() => {
      done();
      reject(new TimeoutError(op.id, timeoutMs, `${op.id}: the credentials (token functions) were not ready within ${timeoutMs} ms`));
    }, timeoutMs);
    if (signal?.aborted) {
      onAbort();
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        done();
        resolve(value);
      },
      (error: unknown) => {
        done();
        reject(error);
      },
    );
  });
}

function now(): number {
  return typeof performance === 'undefined' ? Date.now() : performance.now();
}

/** The code of a fetch failure's cause (`ECONNREFUSED`, `UND_ERR_SOCKET`…), when it has one. */
function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e !== null && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code)) return code;
  }
  return undefined;
}

// ------------------------------------------------------------------------------ headers

/** Operation of a checked `Headers` (kept out of the object, so logging it shows nothing more). */
const headerOwners = new WeakMap<Headers, OperationInfo>();

/**
 * `Headers` that refuse a value fetch cannot send (line breaks, NUL, characters outside
 * Latin-1) with a `RequestValidationError` naming the operation and the header, never the
 * value (the platform's `TypeError` quotes it).
 */
function checkedHeaders(op: OperationInfo): Headers {
  const headers = new CheckedHeaders();
  headerOwners.set(headers, op);
  return headers;
}

class CheckedHeaders extends Headers {
  override set(name: string, value: string): void {
    checkHeader(headerOwners.get(this), name, value);
    super.set(name, value);
  }
  override append(name: string, value: string): void {
    checkHeader(headerOwners.get(this), name, value);
    super.append(name, value);
  }
}

/** Sets a header of the request being prepared, checked first (once, whatever class `headers` is). */
function put(op: OperationInfo, headers: Headers, name: string, value: string): void {
  checkHeader(op, name, value);
  Headers.prototype.set.call(headers, name, value);
}

const HEADER_NAME = /^[!#$%&'*+\-.^_`|~\dA-Za-z]+$/;
// eslint-disable-next-line no-control-regex
const UNSENDABLE = /[\0\r\n]|[^\0-\xff]/;

function checkHeader(op: OperationInfo | undefined, name: string, value: string): void {
  const badName = !HEADER_NAME.test(String(name));
  if (!badName && !UNSENDABLE.test(String(value))) return;
  if (op === undefined) return;
  const param = op.parameters.some((p) => p.in === 'header' && p.name.toLowerCase() === String(name).toLowerCase());
  if (badName) throw new RequestValidationError(`${op.id}: ${param ? 'header parameter' : 'header'} name ${JSON.stringify(String(name))} is not a valid HTTP header name`);
  throw new RequestValidationError(`${op.id}: ${param ? `header parameter "${name}"` : `header "${name}"`} cannot be sent: its value holds a line break, NUL or a character outside Latin-1`);
}

// ------------------------------------------------------------------------------ retries

function retryPolicy(method: string, setting: RequestOptions['retry']): Required<RetryOptions> | undefined {
  if (setting === false) return undefined;
  if (setting === undefined) return IDEMPOTENT.includes(method) ? DEFAULT_RETRY : undefined;
  if (setting === true) return DEFAULT_RETRY;
  const number = (value: number | undefined, fallback: number): number => (value === undefined || Number.isNaN(value) ? fallback : Math.max(0, value));
  return {
    attempts: Math.max(1, Math.floor(number(setting.attempts, DEFAULT_RETRY.attempts))),
    initialDelayMs: number(setting.initialDelayMs, DEFAULT_RETRY.initialDelayMs),
    maxDelayMs: Math.min(MAX_TIMER, number(setting.maxDelayMs, DEFAULT_RETRY.maxDelayMs)),
  };
}

/** Milliseconds to wait before retrying after `error`, or undefined when it is not retried. */
function retryDelay(error: unknown, attempt: number, policy: Required<RetryOptions>): number | undefined {
  if (error instanceof ApiError) {
    const status = error.status as number;
    if (status !== 408 && status !== 429 && (status < 500 || status > 599)) return undefined;
    const asked = parseRetryAfter(error.headers.get('retry-after'));
    if (asked !== undefined) return asked <= policy.maxDelayMs ? asked : undefined;
  } else if (!(error instanceof NetworkError) || REDIRECT_FAILURES.includes(errorCode(error.cause) ?? '')) {
    return undefined;
  }
  // Full jitter: uniformly random up to the exponentially growing bound.
  return Math.round(Math.random() * Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (attempt - 1)));
}

/** `Retry-After` in milliseconds: delay-seconds or an HTTP date (past dates give 0). */
export function parseRetryAfter(value: string | null, nowMs: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // HTTP dates (IMF-fixdate, RFC 850, asctime) all start with the day's name.
  const date = /^[A-Za-z]{3}/.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    // Longer than a timer holds: wait in steps (a single setTimeout would fire at once).
    let left = Math.max(0, ms);
    let timer: ReturnType<typeof setTimeout>;
    const step = (): void => {
      const wait = Math.min(left, MAX_TIMER);
      left -= wait;
      timer = setTimeout(() => {
        if (left > 0) return step();
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, wait);
    };
    step();
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * A signal that aborts when any of `signals` does, with that signal's reason: `AbortSignal.any`
 * where the platform has it (Node 20.3+, current browsers), else listeners (removed by `dispose`).
 */
export function anySignal(signals: readonly AbortSignal[], useNative: boolean = true): { signal: AbortSignal; dispose: () => void } {
  const native = (AbortSignal as { any?: (signals: AbortSignal[]) => AbortSignal }).any;
  if (useNative && typeof native === 'function') return { signal: native.call(AbortSignal, [...signals]), dispose: () => undefined };
  const controller = new AbortController();
  const dispose = (): void => {
    for (const s of signals) s.removeEventListener('abort', abort);
  };
  const abort = (): void => {
    dispose();
    controller.abort(signals.find((s) => s.aborted)?.reason);
  };
  if (signals.some((s) => s.aborted)) abort();
  else for (const s of signals) s.addEventListener('abort', abort);
  return { signal: controller.signal, dispose };
}

// ------------------------------------------------------------------------------ hooks

const SECRET_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie'];

function redact(headers: Headers, secret: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = SECRET_HEADERS.includes(name) || secret.includes(name) ? '[redacted]' : value;
  });
  return out;
}

function withHiddenHeaders<T extends object>(info: T, headers: Headers): T & { readonly headers: Headers } {
  return Object.defineProperty(info, 'headers', { value: headers, enumerable: false }) as T & { readonly headers: Headers };
}

function requestEvent(op: OperationInfo, p: Prepared, attempt: number): RequestEvent {
  const info = { operation: op.id, method: p.method, url: p.query.toString(true), attempt, redactedHeaders: redact(p.headers, p.secretHeaders) };
  return withHiddenHeaders(info, p.headers);
}

function responseEvent(op: OperationInfo, p: Prepared, attempt: number, status: number, headers: Headers, durationMs: number): ResponseEvent {
  const info = { operation: op.id, method: p.method, url: p.query.toString(true), attempt, status, durationMs, redactedHeaders: redact(headers, []) };
  return withHiddenHeaders(info, headers);
}

// ------------------------------------------------------------------------------- URLs

function baseUrl(api: ApiInfo, op: OperationInfo, options: RequestOptions): string {
  const key = op.servers[0];
  if (key === undefined) {
    if (typeof options.baseUrl === 'string') return withoutTrailingSlashes(options.baseUrl);
    throw new RequestValidationError(`${op.id}: the spec names no server; pass baseUrl`);
  }
  const override = typeof options.baseUrl === 'string' ? options.baseUrl : options.baseUrl === undefined ? undefined : ownValue(options.baseUrl, key);
  if (typeof override === 'string') return withoutTrailingSlashes(override);
  const server = ownValue(api.servers, key);
  if (server === undefined) throw new RequestValidationError(`${op.id}: unknown server "${key}"`);
  return withoutTrailingSlashes(expandServerUrl(server, options.serverVariables ?? {}, op.id));
}

function withoutTrailingSlashes(url: string): string {
  let end = url.length;
  while (end > 0 && url.charCodeAt(end - 1) === 47 /* / */) end--;
  return end === url.length ? url : url.slice(0, end);
}

type PathPart = string | { readonly name: string; readonly info: SerialisationInfo };
/** Path templates split once per operation into literal text and parameters. */
const pathTemplates = new WeakMap<OperationInfo, readonly PathPart[]>();

function pathParts(op: OperationInfo): readonly PathPart[] {
  let parts = pathTemplates.get(op);
  if (parts === undefined) {
    const list: PathPart[] = [];
    let last = 0;
    for (const match of op.path.matchAll(/\{([^{}]+)\}/g)) {
      const name = match[1]!;
      const param = op.parameters.find((p) => p.in === 'path' && p.name === name);
      list.push(op.path.slice(last, match.index), { name, info: param ?? {} });
      last = match.index! + match[0].length;
    }
    list.push(op.path.slice(last));
    pathTemplates.set(op, (parts = list));
  }
  return parts;
}

function expandPath(op: OperationInfo, path: object): string {
  let out = '';
  for (const part of pathParts(op)) {
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    const value = ownValue(path, part.name);
    if (value === undefined || value === null) throw new RequestValidationError(`${op.id}: missing path parameter "${part.name}"`);
    const text = serialisePath(part.name, value, part.info, op.id);
    if (text === '') throw new RequestValidationError(`${op.id}: path parameter "${part.name}" is empty`);
    out += text;
  }
  return out;
}

// ------------------------------------------------------------------------ serialisation
// One function per location (query, path, header, cookie) and per form body, each following
// OpenAPI 3.x `style` / `explode` / `allowReserved`, `content`-typed parameters and Swagger 2.0
// `collectionFormat`; all exported and unit-tested against the standards' example tables.

/** Swagger 2.0 delimiters as written in a URL (the delimiter itself is never percent-encoded). */
const URL_DELIMITERS: Readonly<Record<CollectionFormat, string>> = { csv: ',', ssv: '%20', tsv: '%09', pipes: '%7C', multi: ',' };
/** …and as written in a header value or a multipart part. */
const TEXT_DELIMITERS: Readonly<Record<CollectionFormat, string>> = { csv: ',', ssv: ' ', tsv: '\t', pipes: '|', multi: ',' };

/** Percent-encodes text for a query string or form body; `allowReserved` leaves RFC 3986 reserved characters but `#`, `&`, `=` as they are. */
export function encodeQueryText(text: string, allowReserved = false): string {
  const encoded = encodeURIComponent(text);
  return allowReserved ? encoded.replace(/%(?:3A|2F|3F|5B|5D|40|24|2B|2C|3B)/g, (m) => String.fromCharCode(parseInt(m.slice(1), 16))) : encoded;
}

/** A `content`-typed parameter's value: JSON media types as JSON text, anything else as text. */
function mediaText(value: unknown, mediaType: string): string {
  return isJson(mediaType.toLowerCase()) ? JSON.stringify(value) : scalarText(value);
}

/** Binary values: sent as their bytes, never as JSON. */
function isBinary(value: unknown): value is Blob | ArrayBuffer | ArrayBufferView {
  return (typeof Blob !== 'undefined' && value instanceof Blob) || value instanceof ArrayBuffer || ArrayBuffer.isView(value);
}

/**
 * A query parameter (or a form-urlencoded property) as encoded `name=value` pieces, to be joined
 * with `&`. Defaults: style `form`, explode for `form` only. Objects: `form` explode gives
 * `k=v&k=v`, `deepObject` gives `name[k]=v` (nested objects and arrays nest: `name[a][0]=v`).
 */
export function serialiseQuery(name: string, value: unknown, info: SerialisationInfo = {}): string[] {
  const reserved = info.allowReserved === true;
  const enc = (v: unknown): string => encodeQueryText(scalarText(v), reserved);
  const key = encodeQueryText(name);
  if (info.contentType !== undefined) return [`${key}=${encodeQueryText(mediaText(value, info.contentType), reserved)}`];
  if (info.collectionFormat !== undefined && Array.isArray(value)) {
    const items = value.filter((v) => v !== undefined).map(enc);
    return info.collectionFormat === 'multi' ? items.map((item) => `${key}=${item}`) : [`${key}=${items.join(URL_DELIMITERS[info.collectionFormat])}`];
  }
  const style = info.style ?? 'form';
  const explode = info.explode ?? style === 'form';
  if (style === 'deepObject' && value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const out: string[] = [];
    deepObject(key, value, enc, out);
    return out;
  }
  const delimiter = style === 'spaceDelimited' ? '%20' : style === 'pipeDelimited' ? '%7C' : ',';
  if (Array.isArray(value)) {
    const items = value.filter((v) => v !== undefined).map(enc);
    return explode ? items.map((item) => `${key}=${item}`) : [`${key}=${items.join(delimiter)}`];
  }
  const pairs = entriesOf(value);
  if (pairs) {
    if (explode) return pairs.map(([k, v]) => `${encodeQueryText(k)}=${enc(v)}`);
    return [`${key}=${pairs.map(([k, v]) => `${encodeQueryText(k, reserved)}${delimiter}${enc(v)}`).join(delimiter)}`];
  }
  return [`${key}=${enc(value)}`];
}

function deepObject(prefix: string, value: unknown, enc: (v: unknown) => string, out: string[]): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      if (v !== undefined) deepObject(`${prefix}%5B${i}%5D`, v, enc, out);
    });
    return;
  }
  const pairs = entriesOf(value);
  if (pairs) for (const [k, v] of pairs) deepObject(`${prefix}%5B${encodeQueryText(k)}%5D`, v, enc, out);
  else out.push(`${prefix}=${value === null ? '' : enc(value)}`);
}

/**
 * A path parameter, percent-encoded so that it stays one segment: style `simple` (default),
 * `label` or `matrix`; a Swagger `collectionFormat` joins arrays with its delimiter.
 */
export function serialisePath(name: string, value: unknown, info: SerialisationInfo = {}, context = 'path'): string {
  const encode = (v: unknown): string => {
    const text = scalarText(v);
    // URL parsers (fetch's included) resolve "%2E%2E" like "..": a dot segment cannot be sent.
    if (text === '.' || text === '..') throw new RequestValidationError(`${context}: path parameter "${name}" cannot be "${text}"`);
    return encodeSegment(text);
  };
  if (info.contentType !== undefined) return encode(mediaText(value, info.contentType));
  if (info.collectionFormat !== undefined && Array.isArray(value)) return value.map(encode).join(URL_DELIMITERS[info.collectionFormat]);
  const style = info.style ?? 'simple';
  const explode = info.explode === true;
  if (style === 'simple' && (typeof value === 'string' || typeof value === 'number') && value !== '.' && value !== '..') return encodeURIComponent(value);
  const pairs = entriesOf(value);
  if (style === 'label') {
    if (pairs) return `.${pairs.map(([k, v]) => `${encodeSegment(k)}${explode ? '=' : ','}${encode(v)}`).join(explode ? '.' : ',')}`;
    return `.${Array.isArray(value) ? value.map(encode).join(explode ? '.' : ',') : encode(value)}`;
  }
  if (style === 'matrix') {
    const key = encodeSegment(name);
    if (pairs) return explode ? pairs.map(([k, v]) => `;${encodeSegment(k)}=${encode(v)}`).join('') : `;${key}=${pairs.map(([k, v]) => `${encodeSegment(k)},${encode(v)}`).join(',')}`;
    if (Array.isArray(value)) return explode ? value.map((v) => `;${key}=${encode(v)}`).join('') : `;${key}=${value.map(encode).join(',')}`;
    return `;${key}=${encode(value)}`;
  }
  if (pairs) return pairs.map(([k, v]) => `${encodeSegment(k)}${explode ? '=' : ','}${encode(v)}`).join(',');
  return Array.isArray(value) ? value.map(encode).join(',') : encode(value);
}

/** A header parameter: style `simple` (arrays `a,b`; objects `k,v,k,v`, explode `k=v,k=v`), a `collectionFormat` delimiter, or `content` media. */
export function serialiseHeader(value: unknown, info: SerialisationInfo = {}): string {
  if (info.contentType !== undefined) return mediaText(value, info.contentType);
  if (info.collectionFormat !== undefined && Array.isArray(value)) return value.map(scalarText).join(TEXT_DELIMITERS[info.collectionFormat]);
  return serialiseSimple(value, info.explode === true);
}

/** A cookie parameter as `name=value` (arrays and objects comma-separated, as `form` without explode). */
export function serialiseCookie(name: string, value: unknown, info: SerialisationInfo = {}): string {
  const text = info.contentType !== undefined ? mediaText(value, info.contentType) : serialiseSimple(value, false);
  return `${encodeURIComponent(name)}=${encodeURIComponent(text)}`;
}

/** Bytes percent-encoded (form-urlencoded binary: the bytes themselves, not JSON). */
function percentBytes(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function bytesOf(value: ArrayBuffer | ArrayBufferView): Uint8Array {
  return value instanceof ArrayBuffer ? new Uint8Array(value) : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
}

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
export function serialiseForm(body: unknown, encoding?: Readonly<Record<string, EncodingInfo>>, context = 'form body'): string {
  // A spec whose form body is a string: the caller's text is the encoded form.
  if (typeof body === 'string') return body;
  const pairs = entriesOf(body);
  if (pairs === undefined) throw new RequestValidationError(`${context}: an application/x-www-form-urlencoded body must be an object of fields`);
  const out: string[] = [];
  for (const [name, value] of pairs) {
    const info = (encoding && ownValue(encoding, name)) || {};
    const key = encodeQueryText(name);
    if (isBinary(value)) {
      if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) out.push(`${key}=${percentBytes(bytesOf(value))}`);
      else throw new RequestValidationError(`${context}: body field "${name}" is a Blob, which an application/x-www-form-urlencoded body cannot carry; pass its bytes (Uint8Array or ArrayBuffer)`);
      continue;
    }
    if (info.style !== undefined || info.explode !== undefined || info.allowReserved !== undefined || info.collectionFormat !== undefined) {
      const { style, explode, allowReserved, collectionFormat } = info;
      out.push(...serialiseQuery(name, value, JSON.parse(JSON.stringify({ style, explode, allowReserved, collectionFormat })) as SerialisationInfo));
      continue;
    }
    const declared = info.contentType?.split(',')[0]?.trim().toLowerCase();
    if (declared !== undefined && isJson(declared)) {
      out.push(`${key}=${encodeQueryText(JSON.stringify(value))}`);
      continue;
    }
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === undefined) continue;
      const structured = item !== null && typeof item === 'object' && !(item instanceof Date);
      out.push(`${key}=${encodeQueryText(structured && declared === undefined ? JSON.stringify(item) : scalarText(item))}`);
    }
  }
  // The form encoding (WHATWG, HTML) writes a space as `+`; every decoder reads both.
  return out.join('&').replace(/%20/g, '+');
}

/** Whether `type` is one of the media types `pattern` names (exact, `image/` + star, or star/star). */
function mediaMatches(pattern: string, type: string): boolean {
  const p = pattern.toLowerCase().split(';')[0]!.trim();
  const t = type.toLowerCase().split(';')[0]!.trim();
  if (p === '*/*' || p === t) return true;
  return p.endsWith('/*') && t.startsWith(p.slice(0, -1));
}

/** RFC 7578 quoting of a field or file name: `"`, CR and LF percent-encoded, as browsers do. */
function quoteName(name: string): string {
  return name.replace(/[\r\n"]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function randomBoundary(): string {
  let out = '';
  for (let i = 0; i < 24; i++) out += Math.floor(Math.random() * 16).toString(16);
  return `----specweave${out}`;
}

/**
 * A `multipart/form-data` body with one part per property (an array: one part per item, unless a
 * Swagger `collectionFormat` other than `multi` joins it). Each part's Content-Type: the
 * encoding's `contentType`, else `application/json` for objects and arrays, the Blob's type or
 * `application/octet-stream` for binary, and none (RFC 7578's text/plain) for primitives.
 */
export function serialiseMultipart(body: unknown, encoding?: Readonly<Record<string, EncodingInfo>>, context = 'multipart body', boundary: string = randomBoundary()): { body: Blob; contentType: string } {
  const pairs = entriesOf(body);
  if (pairs === undefined) throw new RequestValidationError(`${context}: a multipart/form-data body must be an object of fields`);
  const parts: BlobPart[] = [];
  for (const [name, value] of pairs) {
    const info = (encoding && ownValue(encoding, name)) || {};
    const listed = (info.contentType ?? '').split(',').map((t) => t.trim()).filter((t) => t !== '');
    const exact = listed.find((t) => !t.includes('*'));
    let items: unknown[];
    if (Array.isArray(value) && info.collectionFormat !== undefined && info.collectionFormat !== 'multi') items = [value.map(scalarText).join(TEXT_DELIMITERS[info.collectionFormat])];
    else items = Array.isArray(value) ? value : [value];
    for (const item of items) {
      if (item === undefined) continue;
      let head = `--${boundary}\r\nContent-Disposition: form-data; name="${quoteName(name)}"`;
      if (isBinary(item)) {
        const file = typeof File !== 'undefined' && item instanceof File ? item.name : 'blob';
        const own = item instanceof Blob && item.type !== '' ? item.type : undefined;
        const fits = own !== undefined && (listed.length === 0 || listed.some((t) => mediaMatches(t, own)));
        const type = fits ? own : (exact ?? own ?? 'application/octet-stream');
        head += `; filename="${quoteName(file)}"\r\nContent-Type: ${type}\r\n\r\n`;
        parts.push(head, item instanceof Blob ? item : (bytesOf(item) as Uint8Array<ArrayBuffer>), '\r\n');
        continue;
      }
      const structured = item !== null && typeof item === 'object' && !(item instanceof Date);
      const type = exact ?? (structured ? 'application/json' : undefined);
      if (structured && type !== undefined && !isJson(type.toLowerCase())) {
        throw new RequestValidationError(`${context}: body field "${name}" is sent as ${type}; pass it as text in that format (specweave writes JSON only)`);
      }
      const text = type !== undefined && isJson(type.toLowerCase()) ? JSON.stringify(item) : scalarText(item);
      head += type === undefined ? '\r\n\r\n' : `\r\nContent-Type: ${type}\r\n\r\n`;
      parts.push(head, text, '\r\n');
    }
  }
  parts.push(`--${boundary}--\r\n`);
  return { body: new Blob(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Own entries of a plain object parameter value (undefined values skipped); undefined for anything else. */
function entriesOf(value: unknown): Array<[string, unknown]> | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Date || isBinary(value)) return undefined;
  return Object.entries(value).filter(([, v]) => v !== undefined);
}

/** Percent-encodes a path segment so that `/`, `?`, `#` and dot segments stay inside it. */
export function encodeSegment(value: string): string {
  if (value === '.' || value === '..') return value.replace(/\./g, '%2E');
  return encodeURIComponent(value);
}

class UrlBuilder {
  private readonly query: string[] = [];
  /** Indexes of query entries that carry credentials. */
  private readonly secret: number[] = [];
  constructor(private readonly base: string) {}

  /** Adds encoded `name=value` pieces (from `serialiseQuery`). */
  add(pieces: readonly string[], secret = false): void {
    for (const piece of pieces) {
      if (secret) this.secret.push(this.query.length);
      this.query.push(piece);
    }
  }

  toString(redacted = false): string {
    if (this.query.length === 0) return this.base;
    const query = redacted && this.secret.length > 0 ? this.query.map((q, i) => (this.secret.includes(i) ? `${q.slice(0, q.indexOf('='))}=[redacted]` : q)) : this.query;
    return `${this.base}${this.base.includes('?') ? '&' : '?'}${query.join('&')}`;
  }
}

/** OpenAPI `simple` style (headers, cookies): arrays `a,b`; flat objects `k,v,k,v` (explode: `k=v,k=v`). */
function serialiseSimple(value: unknown, explode: boolean): string {
  if (Array.isArray(value)) return value.map(scalarText).join(',');
  const pairs = entriesOf(value);
  if (pairs && !pairs.some(([, v]) => v !== null && typeof v === 'object' && !(v instanceof Date))) {
    return pairs.map(([k, v]) => `${k}${explode ? '=' : ','}${scalarText(v)}`).join(',');
  }
  return scalarText(value);
}

/** One value as text: dates as ISO 8601, objects and arrays as JSON. */
function scalarText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

// ------------------------------------------------------------------------------- auth

type AuthResult = AppliedCredentials;

/** Applies the operation's security through the shared credential module (credentials.ts). */
function applyAuth(api: ApiInfo, op: OperationInfo, auth: NonNullable<RequestOptions['auth']>, headers: Headers, url: UrlBuilder): AuthResult | Promise<AuthResult> {
  const target: CredentialTarget = {
    header: (name, value) => put(op, headers, name, value),
    query: (name, value) => url.add(serialiseQuery(name, value, {}), true),
  };
  return applyCredentials(api.securitySchemes, op.security, auth, target, (schemeName, problem) => refuseCredential(op, schemeName, problem));
}

function refuseCredential(op: OperationInfo, schemeName: string, problem: string): never {
  throw new RequestValidationError(`${op.id}: the credential of security scheme "${schemeName}" (auth.${schemeName}) ${problem}`);
}

// ------------------------------------------------------------------------------ bodies

function encodeBody(info: BodyInfo, body: unknown, context: string): { body: BodyInit; contentType?: string } {
  const mediaType = info.mediaType;
  const type = mediaType.toLowerCase();
  if (type === 'multipart/form-data') return serialiseMultipart(body, info.encoding, context);
  if (type === 'application/x-www-form-urlencoded') return { body: serialiseForm(body, info.encoding, context), contentType: mediaType };
  if (isJson(type)) return { body: JSON.stringify(body), contentType: mediaType };
  if (typeof body === 'string') return { body, contentType: mediaType };
  if (body instanceof Blob || body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return { body: body as BodyInit, contentType: mediaType };
  return { body: JSON.stringify(body), contentType: mediaType };
}

/** Media types the API document declares for `status`: exact, then `2XX`-style, then `default`. */
function declaredMedia(op: OperationInfo, status: number): readonly string[] | undefined {
  const responses = op.responses;
  if (responses === undefined) return undefined;
  const exact = String(status);
  return ownValue(responses, exact) ?? ownValue(responses, `${exact[0]}XX`) ?? ownValue(responses, `${exact[0]}xx`) ?? ownValue(responses, 'default');
}

/** The body's bytes, reading at most `max` of them (`ResponseTooLargeError` past it; the rest is not read). */
async function readBytes(op: OperationInfo, response: Response, max: number): Promise<Uint8Array> {
  const bytes = await readCapped(response, max);
  if (bytes === undefined) throw new ResponseTooLargeError(op.id, max, response.status, response.headers);
  return bytes;
}

/**
 * Whether the body is known to fit: a Content-Length within the cap and no Content-Encoding (the
 * connection's framing then bounds what `fetch` reads, so its own reader can be used).
 */
function fits(response: Response, max: number): boolean {
  const length = response.headers.get('content-length');
  return length !== null && Number(length) <= max && response.headers.get('content-encoding') === null;
}

function readText(op: OperationInfo, response: Response, max: number): Promise<string> {
  return fits(response, max) ? response.text() : readBytes(op, response, max).then((bytes) => new TextDecoder().decode(bytes));
}

async function decodeBody(op: OperationInfo, response: Response, max: number): Promise<unknown> {
  const status = response.status;
  if (status === 204 || status === 205 || status === 304) return undefined;
  const success = status >= 200 && status <= 299;
  const type = (response.headers.get('content-type') ?? '').toLowerCase();
  if (isJson(type)) {
    const text = await readText(op, response, max);
    if (text === '') return undefined;
    try {
      return JSON.parse(text);
    } catch {
      if (success) throw new ResponseValidationError(op.id, `has content-type "${type}" but its body is not valid JSON`, status, response.headers, text);
      return text;
    }
  }
  if (success) {
    const declared = declaredMedia(op, status);
    if (declared !== undefined && declared.length > 0 && declared.every((m) => m !== '*/*' && isJson(m.toLowerCase()))) {
      const text = await readText(op, response, max);
      if (text === '') return undefined;
      throw new ResponseValidationError(op.id, `has content-type "${type || 'none'}"; the API document declares ${declared.join(', ')}`, status, response.headers, text);
    }
  }
  if (type.startsWith('text/') || type === '') {
    const text = await readText(op, response, max);
    return text === '' ? undefined : text;
  }
  return fits(response, max) ? await response.blob() : new Blob([(await readBytes(op, response, max)) as BlobPart], { type });
}

function isJson(mediaType: string): boolean {
  if (mediaType.startsWith('application/json')) return mediaType.length === 16 || !/^[\w.+-]/.test(mediaType.charAt(16));
  return /^application\/(?:[\w.+-]+\+)?json\b/.test(mediaType) || mediaType === '*/*';
}

// ------------------------------------------------------------------------------ polling

/**
 * Calls the operation until `until.field` of the response body is one of `until.values`, waiting
 * `intervalMs` (×1.5 per poll, up to `maxIntervalMs`) between calls; returns that body. Each call
 * is an ordinary `request()` (timeouts, retries, hooks apply). `deadlineMs` bounds the whole:
 * `TimeoutError` (with the last response) when it passes; the caller's `signal` rejects with
 * its reason, also between polls.
 */
export async function poll(api: ApiInfo, op: OperationInfo, args: RequestArgs, options: RequestOptions & PollOptions, until: PollUntil): Promise<unknown> {
  let wait = Math.max(0, options.intervalMs ?? 1000);
  const maxWait = Math.max(wait, options.maxIntervalMs ?? 10_000);
  const deadline = options.deadlineMs;
  let last: ApiResponse | undefined;
  let signal = options.signal;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let dispose: (() => void) | undefined;
  if (deadline !== undefined && deadline < Infinity) {
    const controller = new AbortController();
    timer = setTimeout(() => {
      const value = last !== undefined && last.data !== null && typeof last.data === 'object' ? ownValue(last.data, until.field) : undefined;
      const lastText = value === undefined ? '' : ` (last ${until.field}: ${JSON.stringify(value)})`;
      const message = `${op.id}: no ${until.field} in ${until.values.map((v) => JSON.stringify(v)).join(', ')} within ${deadline} ms${lastText}`;
      controller.abort(new TimeoutError(op.id, deadline, message, last && { status: last.status, headers: last.headers, body: last.data }));
    }, Math.min(MAX_TIMER, Math.max(0, deadline)));
    if (signal) {
      const combined = anySignal([signal, controller.signal]);
      signal = combined.signal;
      dispose = combined.dispose;
    } else {
      signal = controller.signal;
    }
  }
  const callOptions: RequestOptions = signal === undefined ? options : { ...options, signal };
  try {
    for (let n = 1; ; n++) {
      last = await request(api, op, args, callOptions);
      options.onPoll?.(last.data, n);
      const data = last.data;
      const value = data !== null && typeof data === 'object' ? ownValue(data, until.field) : undefined;
      if (until.values.includes(value as string)) return data;
      await sleep(wait, signal);
      wait = Math.min(maxWait, wait * 1.5);
    }
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    dispose?.();
  }
}

// ------------------------------------------------------------------------------ links

const ARG_GROUPS = { path: 'path', query: 'query', header: 'headers', cookie: 'cookies' } as const;

/**
 * The arguments of a link's target operation, from the source call's response (and request).
 * Parameter values and strings anywhere in `requestBody` may be runtime expressions
 * (`$response.body#/task_id`), templates (`task-{$response.body#/id}`) or constants. `extra`
 * supplies or overrides target arguments, group by group.
 */
export function linkArgs<A = RequestArgs>(link: LinkInfo, source: LinkSource, extra?: RequestArgs): A {
  const args: { -readonly [K in keyof RequestArgs]: RequestArgs[K] } = {};
  for (const p of link.parameters) {
    const key = ARG_GROUPS[p.in];
    const group = (args[key] ??= {}) as Record<string, unknown>;
    Object.defineProperty(group, p.name, { value: evaluateLinkValue(p.value, source, link.name), enumerable: true, writable: true, configurable: true });
  }
  if (Object.prototype.hasOwnProperty.call(link, 'requestBody')) args.body = evaluateLinkValue(link.requestBody, source, link.name);
  if (extra) {
    for (const key of ['path', 'query', 'headers', 'cookies'] as const) {
      if (extra[key] !== undefined) args[key] = { ...args[key], ...extra[key] };
    }
    if (extra.body !== undefined) args.body = extra.body;
  }
  return args as A;
}

function evaluateLinkValue(value: unknown, source: LinkSource, link: string): unknown {
  if (typeof value === 'string') {
    if (value.startsWith('$')) return runtimeExpression(value, source, link);
    if (!value.includes('{$')) return value;
    return value.replace(/\{(\$[^{}]+)\}/g, (_, expression: string) => scalarText(runtimeExpression(expression, source, link)));
  }
  if (Array.isArray(value)) return value.map((v) => evaluateLinkValue(v, source, link));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) Object.defineProperty(out, k, { value: evaluateLinkValue(v, source, link), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return value;
}

/** Evaluates one OpenAPI runtime expression (`$statusCode`, `$method`, `$request.…`, `$response.…`). */
export function runtimeExpression(expression: string, source: LinkSource, link = 'link'): unknown {
  const fail = (problem: string): never => {
    throw new RequestValidationError(`${source.operation.id} → ${link}: ${expression} ${problem}`);
  };
  let value: unknown;
  if (expression === '$statusCode') value = source.response.status;
  else if (expression === '$method') value = source.operation.method.toUpperCase();
  else {
    const match = /^\$(request|response)\.(header|query|path|body)(?:\.(.+)|#(.*))?$/.exec(expression);
    if (match === null) return fail('is not a runtime expression specweave can evaluate');
    const [, side, where, name, pointer] = match as unknown as [string, 'request' | 'response', 'header' | 'query' | 'path' | 'body', string | undefined, string | undefined];
    if (where === 'body') {
      const body = side === 'response' ? source.response.data : source.request?.body;
      value = pointer === undefined ? body : jsonPointer(body, pointer);
    } else if (name === undefined) {
      return fail('names no parameter');
    } else if (side === 'response') {
      if (where !== 'header') return fail('is not available from a response');
      value = source.response.headers.get(name) ?? undefined;
    } else {
      const group = source.request?.[ARG_GROUPS[where]];
      if (group === undefined) value = undefined;
      else if (where !== 'header') value = ownValue(group, name);
      else value = Object.entries(group).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
    }
  }
  if (value === undefined) fail(source.request === undefined && expression.startsWith('$request.') ? 'needs the source call’s arguments (pass them as `request`)' : 'has no value in this response');
  return value;
}

/** RFC 6901 JSON pointer (in its URI-fragment form) into parsed JSON; undefined when absent. */
function jsonPointer(document: unknown, pointer: string): unknown {
  if (pointer === '') return document;
  let value = document;
  for (const raw of pointer.replace(/^\//, '').split('/')) {
    let token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    try {
      token = decodeURIComponent(token);
    } catch {
      // not percent-encoded: use as is
    }
    if (value === null || typeof value !== 'object') return undefined;
    value = ownValue(value, token);
  }
  return value;
}

/** Per-call options over client defaults: records (headers, auth, servers, variables, retry) merge. */
export function mergeOptions(defaults: RequestOptions, call: RequestOptions): RequestOptions {
  const merged: RequestOptions = { ...defaults, ...call };
  if (defaults.headers || call.headers) merged.headers = { ...defaults.headers, ...call.headers };
  if (defaults.auth || call.auth) merged.auth = { ...defaults.auth, ...call.auth };
  if (defaults.serverVariables || call.serverVariables) merged.serverVariables = { ...defaults.serverVariables, ...call.serverVariables };
  if (typeof defaults.baseUrl === 'object' && typeof call.baseUrl === 'object') merged.baseUrl = { ...defaults.baseUrl, ...call.baseUrl };
  if (typeof defaults.retry === 'object' && typeof call.retry === 'object') merged.retry = { ...defaults.retry, ...call.retry };
  return merged;
}
