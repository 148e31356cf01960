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

import { expandServerUrl } from './common.js';
import { poll as corePoll } from './poll.js';
import { request as core } from './request.js';
import type { ApiInfo, ApiResponse, OperationInfo, PollOptions, PollUntil, RequestArgs, RequestOptions } from './rest-info.js';
import { withSerialisers } from './serialise.js';

export type { BasicCredentials, Credential, FetchLike, SchemeInfo, ServerInfo, Token, VariableInfo } from './common.js';
// The public entry points of the REST runtime (the package root); each lives in its own module,
// so a bundler keeps only what a call uses.
export { expandServerUrl, ownValue, RequestValidationError, resolveToken, SpecweaveError } from './common.js';
export { ApiError, type ErrorResponse, HttpError, NetworkError, ResponseTooLargeError, ResponseValidationError, TimeoutError } from './errors.js';
export { linkArgs, runtimeExpression } from './links.js';
export { mergeOptions } from './request.js';
export type {
  ApiInfo,
  ApiResponse,
  BodyEncoder,
  BodyInfo,
  CollectionFormat,
  EncodingInfo,
  LinkInfo,
  LinkSource,
  OperationInfo,
  ParameterInfo,
  PollOptions,
  PollUntil,
  RequestArgs,
  RequestEvent,
  RequestOptions,
  ResponseEvent,
  RetryEvent,
  RetryOptions,
  SerialisationInfo,
  Serialiser,
} from './rest-info.js';
export { parseRetryAfter } from './retry.js';
export {
  encodeQueryText,
  encodeSegment,
  formBody,
  formQuery,
  multipartBody,
  serialiseCookie,
  serialiseForm,
  serialiseHeader,
  serialiseMultipart,
  serialisePath,
  serialiseQuery,
  simplePath,
  withSerialisers,
} from './serialise.js';
export { anySignal } from './timeouts.js';

/**
 * One call of an operation described by hand: like generated operations' `request`, with every
 * style's serialiser, the form and multipart encoders and the server-variable expansion that the
 * API and operation info do not name (generated info names what it needs, see rest-info.ts).
 */
export function request(api: ApiInfo, op: OperationInfo, args: RequestArgs, options: RequestOptions): Promise<ApiResponse> {
  return core(withExpansion(api), withSerialisers(op), args, options);
}

/** `poll` of an operation described by hand (see `request`). */
export function poll(api: ApiInfo, op: OperationInfo, args: RequestArgs, options: RequestOptions & PollOptions, until: PollUntil): Promise<unknown> {
  return corePoll(withExpansion(api), withSerialisers(op), args, options, until);
}

const expanding = new WeakMap<ApiInfo, ApiInfo>();

/** `api` naming `expandServerUrl` (what generated API info names when its servers have variables). */
function withExpansion(api: ApiInfo): ApiInfo {
  if (api.expandServer) return api;
  let out = expanding.get(api);
  if (out === undefined) expanding.set(api, (out = { ...api, expandServer: expandServerUrl }));
  return out;
}
