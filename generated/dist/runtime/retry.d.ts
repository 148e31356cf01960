/** REST retries: which methods and failures are retried, and after how long (`Retry-After` honoured). */
import type { RequestOptions, RetryOptions } from './rest-info.js';
export declare function retryPolicy(method: string, setting: RequestOptions['retry']): Required<RetryOptions> | undefined;
/** Milliseconds to wait before retrying after `error`, or undefined when it is not retried. */
export declare function retryDelay(error: unknown, attempt: number, policy: Required<RetryOptions>): number | undefined;
/** `Retry-After` in milliseconds: delay-seconds or an HTTP date (past dates give 0). */
export declare function parseRetryAfter(value: string | null, nowMs?: number): number | undefined;
//# sourceMappingURL=retry.d.ts.map
