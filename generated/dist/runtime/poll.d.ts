/** Pollers: an operation called until a field of its response body holds a terminal value. */
import type { ApiInfo, OperationInfo, PollOptions, PollUntil, RequestArgs, RequestOptions } from './rest-info.js';
/**
 * Calls the operation until `until.field` of the response body is one of `until.values`, waiting
 * `intervalMs` (×1.5 per poll, up to `maxIntervalMs`) between calls; returns that body. Each call
 * is an ordinary `request()` (timeouts, retries, hooks apply). `deadlineMs` bounds the whole:
 * `TimeoutError` (with the last response) when it passes; the caller's `signal` rejects with
 * its reason, also between polls.
 */
export declare function poll(api: ApiInfo, op: OperationInfo, args: RequestArgs, options: RequestOptions & PollOptions, until: PollUntil): Promise<unknown>;
//# sourceMappingURL=poll.d.ts.map
