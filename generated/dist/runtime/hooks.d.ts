/** The events hooks receive (`onRequest`, `onResponse`, `RetryEvent.response`), their headers redacted where logged. */
import type { OperationInfo, Prepared, RequestEvent, ResponseEvent } from './rest-info.js';
export declare function redact(headers: Headers, secret: readonly string[]): Record<string, string>;
/** Only made when `onRequest` is given, and then the request's headers are a (checking) `Headers`. */
export declare function requestEvent(op: OperationInfo, p: Prepared, attempt: number): RequestEvent;
export declare function responseEvent(op: OperationInfo, p: Prepared, attempt: number, status: number, headers: Headers, durationMs: number): ResponseEvent;
//# sourceMappingURL=hooks.d.ts.map
