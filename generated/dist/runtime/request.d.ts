/**
 * The request core: one call prepared (URL, parameters, credentials, body), sent with its
 * timeout, retried by its policy, reported to its hooks and decoded. What each step uses lives
 * in its own module; http.ts describes the whole and re-exports the public entry points.
 */
import type { ApiInfo, ApiResponse, OperationInfo, RequestArgs, RequestOptions } from './rest-info.js';
export type { BasicCredentials, Token } from './common.js';
export { expandServerUrl } from './common.js';
export { ApiError, NetworkError, ResponseTooLargeError, ResponseValidationError, TimeoutError } from './errors.js';
export type { ApiInfo, ApiResponse, OperationInfo, PollOptions, RequestEvent, RequestOptions, ResponseEvent, RetryEvent, RetryOptions } from './rest-info.js';
/**
 * One call: prepared once, then sent attempt by attempt within the retry policy. Each attempt is
 * written out here rather than in a function of its own, so that a call waits on fetch and on
 * the body and on nothing else, as a raw fetch does (an extra async layer per call cost ~1% of
 * a loopback call in bench:rest).
 */
export declare function request(api: ApiInfo, op: OperationInfo, args: RequestArgs, options: RequestOptions): Promise<ApiResponse>;
/** Per-call options over client defaults: records (headers, auth, servers, variables, retry) merge. */
export declare function mergeOptions(defaults: RequestOptions, call: RequestOptions): RequestOptions;
//# sourceMappingURL=request.d.ts.map
