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
export class HttpError<
  S extends number | undefined = number | undefined,
  B = unknown,
  H extends Headers | undefined = Headers | undefined,
> extends SpecweaveError {
  override readonly name: string = 'HttpError';
  readonly operation: string;
  readonly status: S;
  readonly headers: H;
  readonly body: B;

  constructor(operation: string, message: string, status: S, headers: H, body: B, options?: { cause: unknown }) {
    super(message, options);
    this.operation = operation;
    this.status = status;
    this.headers = headers;
    this.body = body;
  }
}

/** A response with a non-2xx status. `R` is the operation's declared error responses. */
export class ApiError<R extends ErrorResponse = ErrorResponse> extends HttpError<R['status'], R['body'], Headers> {
  override readonly name: string = 'ApiError';

  constructor(operation: string, status: R['status'], body: R['body'], headers: Headers) {
    super(operation, `${operation} failed with HTTP ${status}`, status, headers, body);
  }
}

/** No complete response arrived: the connection failed, was reset, or the request was refused (CORS, mixed content…). `status` is set when the failure came while reading a response's body. */
export class NetworkError extends HttpError<number | undefined, undefined> {
  override readonly name: string = 'NetworkError';

  constructor(operation: string, cause: unknown, status?: number, headers?: Headers) {
    const code = errorCode(cause);
    super(
      operation,
      `${operation}: network error${code ? ` (${code})` : ''}${status === undefined ? '' : ` while reading the HTTP ${status} response`}`,
      status,
      headers,
      undefined,
      { cause },
    );
  }
}

/** `timeoutMs` (per attempt) or a poller's `deadlineMs` passed. `status`/`headers`: of the response whose body was still arriving, or of a poller's last response; `body`: a poller's last response body. */
export class TimeoutError extends HttpError {
  override readonly name: string = 'TimeoutError';
  readonly timeoutMs: number;

  constructor(operation: string, timeoutMs: number, message?: string, response?: { status: number; headers: Headers; body?: unknown }) {
    super(operation, message ?? `${operation}: no response within ${timeoutMs} ms`, response?.status, response?.headers, response?.body);
    this.timeoutMs = timeoutMs;
  }
}

/** A 2xx response that is not what the API document says; `body` is the raw text. */
export class ResponseValidationError extends HttpError<number, string, Headers> {
  override readonly name: string = 'ResponseValidationError';

  constructor(operation: string, problem: string, status: number, headers: Headers, body: string) {
    super(operation, `${operation}: HTTP ${status} response ${problem}`, status, headers, body);
  }
}

/** A response body longer than `maxResponseBytes`: reading stopped there, the connection was closed. */
export class ResponseTooLargeError extends HttpError<number, undefined, Headers> {
  override readonly name: string = 'ResponseTooLargeError';
  readonly maxResponseBytes: number;

  constructor(operation: string, maxResponseBytes: number, status: number, headers: Headers) {
    super(operation, `${operation}: the HTTP ${status} response body is larger than maxResponseBytes (${maxResponseBytes} bytes)`, status, headers, undefined);
    this.maxResponseBytes = maxResponseBytes;
  }
}

/** Codes of the redirect failures the runtime reports itself: the same request would fail the same way, so they are not retried. */
export const REDIRECT_FAILURES: readonly string[] = ['OPAQUE_REDIRECT', 'TOO_MANY_REDIRECTS', 'BAD_REDIRECT'];

/** The code of a fetch failure's cause (`ECONNREFUSED`, `UND_ERR_SOCKET`…), when it has one. */
export function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e !== null && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code)) return code;
  }
  return undefined;
}
